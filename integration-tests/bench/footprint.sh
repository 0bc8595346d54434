#!/usr/bin/env bash
# Footprint of the packaged Hearth side by side with os-collect-config (Debian's python3-os-collect-config),
# in one run on this machine:
#  - idle RSS: each daemon started with nothing to collect and left alone for IDLE seconds;
#  - start-to-exit (median of RUNS) of `hearth status` (against the idle agent), `hearth hook script`
#    (one trivial deployment) and `hearth version`, against `os-collect-config --help` and a one-shot
#    `os-collect-config --one-time --print` of an empty local collector;
#  - the ratios.
# Hearth runs from the tarball bin/package made (HEARTH_TARBALL, default the newest in target/packages):
# the bundled runtime and its AOT cache, unpacked here.
#   bin/bench footprint [IDLE_SECONDS] [RUNS]      (defaults 30 and 7)
set -euo pipefail
home=$(dirname "$(dirname "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")")")
idle=${1:-30}
runs=${2:-7}

if ! command -v os-collect-config >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=600 --no-install-recommends \
    python3-os-collect-config >&2
fi
tarball=${HEARTH_TARBALL:-$(ls -t "$home"/target/packages/hearth-*-linux-x86_64.tar.gz 2>/dev/null | head -1 || true)}
if [[ -z "$tarball" ]]; then
  "$home/bin/package" >&2
  tarball=$(ls -t "$home"/target/packages/hearth-*-linux-x86_64.tar.gz | head -1)
fi

work=$(mktemp -d /tmp/hearth-footprint.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
tar -C "$work" -xzf "$tarball"
hearth=$(echo "$work"/hearth-*/bin/hearth)
unset JAVA_HOME HEARTH_JAVA HEARTH_JAR HEARTH_JAVA_OPTS

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > "$work/agent.yaml" <<YAML
state_dir: $work/state
http:
  listen: 127.0.0.1:$port
YAML
mkdir -p "$work/occ-cache" "$work/occ-local"

rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
ms_now() { echo $(( $(date +%s%N) / 1000000 )); }
# Median wall time in ms of RUNS runs of the command (output discarded; each must exit 0 or 1).
median_ms() {
  local times=() t0 t1 rc
  for _ in $(seq "$runs"); do
    t0=$(ms_now)
    rc=0; "$@" < "${STDIN:-/dev/null}" > /dev/null 2>&1 || rc=$?
    t1=$(ms_now)
    (( rc <= 1 )) || { echo "footprint: '$*' exited $rc" >&2; exit 1; }
    times+=($(( t1 - t0 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

"$hearth" agent --config "$work/agent.yaml" > "$work/agent.log" 2>&1 &
pids+=($!); agent=$!
os-collect-config --config-file /dev/null --cachedir "$work/occ-cache" --backup-cachedir "$work/occ-backup" \
  --polling-interval 30 --command true --local-path "$work/occ-local" local > "$work/occ.log" 2>&1 &
pids+=($!); occ=$!
for _ in $(seq 120); do
  curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -sf "http://127.0.0.1:$port/healthz" >/dev/null || { echo "footprint: the agent did not start:" >&2; tail -n 20 "$work/agent.log" >&2; exit 1; }
sleep "$idle"
kill -0 "$occ" 2>/dev/null || { echo "footprint: os-collect-config exited:" >&2; tail -n 20 "$work/occ.log" >&2; exit 1; }
hearth_rss=$(rss_kib "$agent")
occ_rss=$(rss_kib "$occ")

printf '{"id": "bench-1", "name": "bench", "group": "script", "options": null, "config": "#!/bin/sh\\necho ok"}' > "$work/deployment.json"
status_ms=$(median_ms "$hearth" status --config "$work/agent.yaml")
hook_ms=$(STDIN="$work/deployment.json" median_ms "$hearth" hook script --config "$work/agent.yaml")
version_ms=$(median_ms "$hearth" version)
occ_help_ms=$(median_ms os-collect-config --help)
occ_once_ms=$(median_ms os-collect-config --config-file /dev/null --cachedir "$work/occ-cache" \
  --backup-cachedir "$work/occ-backup" --one-time --print --local-path "$work/occ-local" local)

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
echo "footprint: $(basename "$tarball"), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), idle ${idle} s, median of $runs"
printf '%-44s %10s %10s %8s\n' "measure" "hearth" "os-c-c" "ratio"
printf '%-44s %7d MiB %7d MiB %8s\n' "idle RSS (daemon)" $((hearth_rss / 1024)) $((occ_rss / 1024)) "$(ratio "$hearth_rss" "$occ_rss")"
printf '%-44s %8d ms %8d ms %8s\n' "hearth status / os-collect-config --help" "$status_ms" "$occ_help_ms" "$(ratio "$status_ms" "$occ_help_ms")"
printf '%-44s %8d ms %8d ms %8s\n' "hearth hook script / os-c-c --one-time" "$hook_ms" "$occ_once_ms" "$(ratio "$hook_ms" "$occ_once_ms")"
printf '%-44s %8d ms %8d ms %8s\n' "hearth version / os-collect-config --help" "$version_ms" "$occ_help_ms" "$(ratio "$version_ms" "$occ_help_ms")"
echo "targets: idle RSS <= 64 MiB; hearth status and hearth hook <= 150 ms"
