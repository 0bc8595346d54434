#!/usr/bin/env bash
# Checks the files around the daemon with the real tools, loudly:
#   - systemd/hearth-agent.service (and the strict drop-in) with `systemd-analyze verify`,
#     in a scratch root that has the launcher at /usr/local/bin/hearth, so ExecStart is checked;
#   - systemd/hearth.conf with `systemd-tmpfiles --create` into a scratch root;
#   - config/prometheus: `promtool check config` (scrape config and the rule files it names),
#     `promtool check rules`, and `promtool test rules` (the alerts fire when they should).
# Installs systemd and prometheus (for promtool) from Debian when missing. Any warning fails.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
fail() { echo "check-surface: FAIL: $*" >&2; exit 1; }

need() { # need COMMAND PACKAGE
    command -v "$1" >/dev/null 2>&1 && return
    echo "check-surface: installing $2 for $1" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -o DPkg::Lock::Timeout=600 --no-install-recommends "$2" >/dev/null \
        || { apt-get update -o DPkg::Lock::Timeout=600 >/dev/null \
             && apt-get install -y -o DPkg::Lock::Timeout=600 --no-install-recommends "$2" >/dev/null; } \
        || fail "cannot install $2"
    command -v "$1" >/dev/null 2>&1 || fail "$2 installed but $1 is still missing"
}
need systemd-analyze systemd
need systemd-tmpfiles systemd
need promtool prometheus

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# Runs a command; fails on a non-zero exit or on any output (systemd-analyze only warns about
# unknown keys, exiting 0).
quiet() {
    local out
    if ! out=$("$@" 2>&1); then fail "$* exited non-zero:"$'\n'"$out"; fi
    if [[ -n "$out" ]]; then fail "$* printed:"$'\n'"$out"; fi
}

# --- systemd unit ---------------------------------------------------------------------------
root="$scratch/root"
mkdir -p "$root/etc/systemd/system" "$root/usr/lib/systemd" "$root/usr/local/bin" "$root/bin"
cp -r /usr/lib/systemd/system "$root/usr/lib/systemd/"   # targets the unit refers to
cp /bin/kill "$root/bin/kill"                             # ExecReload
if [[ -x "$repo/bin/hearth" ]]; then
    cp "$repo/bin/hearth" "$root/usr/local/bin/hearth"    # the real launcher
else
    echo "check-surface: note: bin/hearth not in this tree; checking ExecStart against a stub" >&2
    printf '#!/bin/sh\nexit 0\n' > "$root/usr/local/bin/hearth"
    chmod 0755 "$root/usr/local/bin/hearth"
fi
cp "$repo/systemd/hearth-agent.service" "$root/etc/systemd/system/"
quiet systemd-analyze verify --man=no --root="$root" hearth-agent.service
mkdir -p "$root/etc/systemd/system/hearth-agent.service.d"
cp "$repo/systemd/hearth-agent.service.d/strict.conf.example" \
   "$root/etc/systemd/system/hearth-agent.service.d/strict.conf"
quiet systemd-analyze verify --man=no --root="$root" hearth-agent.service
grep -q '^ExecStart=/usr/local/bin/hearth agent --config /etc/hearth/agent.yaml$' "$repo/systemd/hearth-agent.service" \
    || fail "ExecStart is not the documented command line"
echo "check-surface: systemd-analyze verify: ok"

# --- tmpfiles.d -----------------------------------------------------------------------------
troot="$scratch/tmpfiles"
mkdir -p "$troot"
quiet systemd-tmpfiles --create --root="$troot" "$repo/systemd/hearth.conf"
for d in /var/lib/hearth /etc/hearth; do
    [[ "$(stat -c '%a %U' "$troot$d")" == "700 root" ]] || fail "tmpfiles: $d is $(stat -c '%a %U' "$troot$d"), want 700 root"
done
echo "check-surface: systemd-tmpfiles: ok"

# --- Prometheus -----------------------------------------------------------------------------
prom="$repo/config/prometheus"
promtool check rules "$prom/alerts.yml" >/dev/null || fail "promtool check rules $prom/alerts.yml"
out=$(promtool check rules --lint=all --lint-fatal "$prom/alerts.yml" 2>&1) || fail "promtool lint: $out"
# The scrape config names a token file; check it in a copy of the directory with one present.
cp -r "$prom" "$scratch/prom"
touch "$scratch/prom/hearth-token"
out=$(cd "$scratch/prom" && promtool check config scrape.yml 2>&1) || fail "promtool check config scrape.yml:"$'\n'"$out"
out=$(cd "$prom" && promtool test rules alerts.test.yml 2>&1) || fail "promtool test rules:"$'\n'"$out"
echo "check-surface: promtool check config, check rules, test rules: ok"

# --- Grafana dashboard ----------------------------------------------------------------------
python3 -m json.tool "$repo/config/grafana/hearth-dashboard.json" >/dev/null || fail "dashboard is not valid JSON"
echo "check-surface: grafana dashboard JSON: ok"
echo "check-surface: all ok"
