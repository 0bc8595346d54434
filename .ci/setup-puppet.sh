#!/usr/bin/env bash
# Sets up what the puppet hook and config-volume tests need:
#  - host packages: puppet (7.x on Debian bookworm), rsync, debootstrap;
#  - the test image hearth-test/puppet:latest, a minimal Debian with puppet and rsync inside,
#    built with debootstrap from the same mirror apt uses and imported into the local dockerd
#    (no registry is reachable). Skipped when the tag already exists.
# Idempotent; assumes dockerd is running. Override with:
#   HEARTH_PUPPET_IMAGE (default hearth-test/puppet:latest), DEBIAN_SUITE (default: this host's
#   codename), DEBIAN_MIRROR (default: the first URI of the host's apt sources).
set -euo pipefail

IMAGE="${HEARTH_PUPPET_IMAGE:-hearth-test/puppet:latest}"

need=()
for pair in puppet:puppet rsync:rsync debootstrap:debootstrap; do
  cmd="${pair%%:*}"; pkg="${pair##*:}"
  command -v "$cmd" >/dev/null 2>&1 || [ -x "/usr/sbin/$cmd" ] || need+=("$pkg")
done
if [ "${#need[@]}" -gt 0 ]; then
  echo "setup-puppet: installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -o DPkg::Lock::Timeout=600
  apt-get install -y -o DPkg::Lock::Timeout=600 --no-install-recommends "${need[@]}"
fi

if docker image inspect "$IMAGE" >/dev/null 2>&1; then
  echo "setup-puppet: image $IMAGE exists, nothing to build"
  exit 0
fi

. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/debian-source.sh"

dir="$(mktemp -d /var/tmp/hearth-puppet-rootfs.XXXXXX)"
trap 'rm -rf "$dir"' EXIT
start=$(date +%s)
echo "setup-puppet: debootstrap $suite from $mirror into $dir"
debootstrap --variant=minbase --include=puppet,rsync "$suite" "$dir" "$mirror"
# Keep the image small: package caches and lists are of no use inside.
rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/lib/apt/lists/* "$dir"/usr/share/doc/* "$dir"/usr/share/man/*
tar -C "$dir" -c . | docker import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'CMD ["/bin/bash"]' - "$IMAGE"
echo "setup-puppet: built $IMAGE in $(( $(date +%s) - start )) s"
