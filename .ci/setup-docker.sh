#!/usr/bin/env bash
# Prepares a dockerd and the test image hearth-test/busybox:latest for the docker-cmd tests.
# Idempotent: installs only what is missing, starts dockerd only when the socket does not answer,
# builds the image only when the tag is absent.
set -euo pipefail

IMAGE=hearth-test/busybox:latest
LOG=/var/log/hearth-ci-dockerd.log

need_install=()
command -v dockerd >/dev/null 2>&1 || need_install+=(docker.io)
dpkg -s busybox-static >/dev/null 2>&1 || need_install+=(busybox-static)
if [ ${#need_install[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -o DPkg::Lock::Timeout=600 -qq || true
  apt-get install -y -o DPkg::Lock::Timeout=600 --no-install-recommends "${need_install[@]}"
fi

if ! docker info >/dev/null 2>&1; then
  echo "starting dockerd (log: $LOG)"
  setsid dockerd >>"$LOG" 2>&1 < /dev/null &
  for _ in $(seq 1 60); do
    docker info >/dev/null 2>&1 && break
    sleep 1
  done
  if ! docker info >/dev/null 2>&1; then
    echo "dockerd did not answer within 60 s; last lines of $LOG:" >&2
    tail -n 40 "$LOG" >&2 || true
    exit 1
  fi
fi

if docker image inspect "$IMAGE" >/dev/null 2>&1; then
  echo "$IMAGE present"
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/root/bin" "$work/root/etc" "$work/root/tmp" "$work/root/root"
cp /bin/busybox "$work/root/bin/busybox"
for tool in sh sleep echo cat true false env ls test id printf touch mkdir rm grep wc head tail date \
            kill ps hostname whoami seq sync uname; do
  ln -s busybox "$work/root/bin/$tool"
done
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' > "$work/root/etc/passwd"
printf 'root:x:0:\nnobody:x:65534:\nwheel:x:10:root\n' > "$work/root/etc/group"
chmod 1777 "$work/root/tmp"
tar -C "$work/root" -cf "$work/rootfs.tar" .
docker import -c 'ENV PATH=/bin' -c 'CMD ["/bin/sh"]' "$work/rootfs.tar" "$IMAGE" >/dev/null
echo "built $IMAGE"
