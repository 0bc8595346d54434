# Sourced by the image builders (.ci/setup-puppet.sh, .ci/setup-debian-base.sh): sets `mirror` and
# `suite` for debootstrap from what apt on this machine uses (deb822 sources first, then the one-line
# sources.list), unless DEBIAN_MIRROR / DEBIAN_SUITE say otherwise.
mirror="${DEBIAN_MIRROR:-}"
if [ -z "$mirror" ]; then
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    mirror="$(awk '/^URIs:/ {print $2; exit}' "$f" | grep -v security || true)"
    [ -n "$mirror" ] && break
  done
fi
if [ -z "$mirror" ] && [ -f /etc/apt/sources.list ]; then
  mirror="$(awk '$1 == "deb" && $0 !~ /security/ {for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) {print $i; exit}}' /etc/apt/sources.list)"
fi
mirror="${mirror:-http://deb.debian.org/debian}"
suite="${DEBIAN_SUITE:-$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")}"
