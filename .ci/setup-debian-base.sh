#!/usr/bin/env bash
# Builds the test image hearth-test/debian-base:latest: a minimal Debian (this host's suite) with
# systemd (for systemd-analyze), procps (the unit's /bin/kill) and no Java at all, where the
# package tests install the .deb.
# Built with debootstrap from the mirror apt uses and imported into the local dockerd (no registry
# is reachable). Idempotent: skipped when the tag exists. Assumes dockerd runs. Override with:
#   HEARTH_DEBIAN_BASE_IMAGE, DEBIAN_SUITE (default: this host's codename), DEBIAN_MIRROR.
set -euo pipefail

IMAGE="${HEARTH_DEBIAN_BASE_IMAGE:-hearth-test/debian-base:latest}"

if ! command -v debootstrap >/dev/null 2>&1 && [ ! -x /usr/sbin/debootstrap ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -o DPkg::Lock::Timeout=600
  apt-get install -y -o DPkg::Lock::Timeout=600 --no-install-recommends debootstrap
fi

if docker image inspect "$IMAGE" >/dev/null 2>&1; then
  echo "setup-debian-base: image $IMAGE exists, nothing to build"
  exit 0
fi

. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/debian-source.sh"

dir="$(mktemp -d /var/tmp/hearth-debian-base.XXXXXX)"
trap 'rm -rf "$dir"' EXIT
start=$(date +%s)
echo "setup-debian-base: debootstrap $suite from $mirror into $dir"
debootstrap --variant=minbase --include=systemd,procps "$suite" "$dir" "$mirror"
if chroot "$dir" sh -c 'command -v java' >/dev/null 2>&1; then
  echo "setup-debian-base: the base image must not contain Java" >&2
  exit 1
fi
rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/lib/apt/lists/* "$dir"/usr/share/doc/* "$dir"/usr/share/man/*
tar -C "$dir" -c . | docker import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'CMD ["/bin/bash"]' - "$IMAGE"
echo "setup-debian-base: built $IMAGE in $(( $(date +%s) - start )) s"
