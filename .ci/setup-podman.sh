#!/usr/bin/env bash
# Prepares podman's Docker-compatible API service next to dockerd, for the suites that run on both
# engines: Debian's podman (its own storage under /var/lib/containers, no conflict with dockerd),
# default rlimits this sandbox accepts, the service on unix:///run/podman/podman.sock, and the test
# images copied from dockerd's storage. Idempotent: installs only what is missing, writes the
# rlimits only when absent, starts the service only when the socket does not answer, loads an
# image only when podman lacks it or holds another build of it. Runs after .ci/setup-docker.sh and
# .ci/setup-puppet.sh (the images come from dockerd).
set -euo pipefail

SOCKET=/run/podman/podman.sock
CONF=/etc/containers/containers.conf
LOG=/var/log/hearth-ci-podman.log
IMAGES=(hearth-test/busybox:latest hearth-test/puppet:latest)

if ! command -v podman >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -o DPkg::Lock::Timeout=600 -qq || true
  apt-get install -y -o DPkg::Lock::Timeout=600 --no-install-recommends podman
fi

# podman's default rlimits are refused here ("error setting rlimit type 7/6: operation not
# permitted"). nofile soft = hard on purpose: podman 4.3's compat API swaps a differing pair and runc
# then refuses soft > hard (docs/podman.md#rlimits).
if ! grep -q '^[[:space:]]*default_ulimits' "$CONF" 2>/dev/null; then
  mkdir -p "$(dirname "$CONF")"
  ulimits='default_ulimits = [\n  "nofile=20000:20000",\n  "nproc=32768:32768",\n]'
  if grep -q '^\[containers\]' "$CONF" 2>/dev/null; then
    sed -i "/^\[containers\]/a $ulimits" "$CONF"
  else
    printf '[containers]\n%b\n' "$ulimits" >> "$CONF"
  fi
  echo "wrote default_ulimits to $CONF"
  if podman --remote --url "unix://$SOCKET" version >/dev/null 2>&1; then
    echo "note: a podman service already answers on $SOCKET; it reads $CONF only when it starts" >&2
  fi
fi

answers() { podman --remote --url "unix://$SOCKET" version >/dev/null 2>&1; }

if ! answers; then
  echo "starting podman system service (log: $LOG)"
  mkdir -p "$(dirname "$SOCKET")"
  setsid podman system service --time=0 "unix://$SOCKET" >>"$LOG" 2>&1 < /dev/null &
  for _ in $(seq 1 60); do
    answers && break
    sleep 1
  done
  if ! answers; then
    echo "podman's API service did not answer within 60 s; last lines of $LOG:" >&2
    tail -n 40 "$LOG" >&2 || true
    exit 1
  fi
fi

# The same image ids as in dockerd (the archive keeps each image's config, hence its id), so a
# rebuilt test image is loaded again and an unchanged one is not.
load=()
for image in "${IMAGES[@]}"; do
  want=$(docker image inspect --format '{{.Id}}' "$image")
  have=$(podman image inspect --format '{{.Id}}' "$image" 2>/dev/null || true)
  if [[ "${want#sha256:}" != "${have#sha256:}" ]]; then load+=("$image"); else echo "$image present in podman"; fi
done
if ((${#load[@]})); then
  docker save "${load[@]}" | podman load >/dev/null
  echo "loaded into podman: ${load[*]}"
fi
