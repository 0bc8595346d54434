#!/usr/bin/env bash
# Footprint of the packaged Hearth side by side with os-collect-config (Debian's python3-os-collect-config),
# in one run on this machine:
#  - idle RSS: each daemon started with nothing to collect and left alone for IDLE seconds;
#  - start-to-exit (median of RUNS) of `hearth status` (against the idle agent), `hearth hook script`
#    (one trivial deployment) and `hearth version`, against `os-collect-config --help` and a one-shot
#    `os-collect-config --one-time --print` of an empty local collector, wall time and CPU time;
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
tck=$(getconf CLK_TCK)
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# "WALL CPU": the medians in ms of RUNS runs of the command (output discarded; each must exit 0 or 1).
# CPU is user + system time of the command and everything it waited for (from the stat of a shell that
# ran it): on a loaded machine wall time mostly says how long the process waited for a core.
median_ms() {
  local walls=() cpus=() t0 t1 out rc cpu
  for _ in $(seq "$runs"); do
    t0=$(ms_now)
    out=$(bash -c '"$@" < "${STDIN:-/dev/null}" > /dev/null 2>&1; rc=$?; read -ra s < /proc/$$/stat; echo "$rc $(( s[15] + s[16] ))"' _ "$@")
    t1=$(ms_now)
    read -r rc cpu <<< "$out"
    (( rc <= 1 )) || { echo "footprint: '$*' exited $rc" >&2; exit 1; }
    walls+=($(( t1 - t0 ))); cpus+=($(( cpu * 1000 / tck )))
  done
  echo "$(median "${walls[@]}") $(median "${cpus[@]}")"
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
read -r status_ms status_cpu <<< "$(median_ms "$hearth" status --config "$work/agent.yaml")"
read -r hook_ms hook_cpu <<< "$(STDIN="$work/deployment.json" median_ms "$hearth" hook script --config "$work/agent.yaml")"
read -r version_ms version_cpu <<< "$(median_ms "$hearth" version)"
# For scale: the bundled JVM starting and stopping with no program, the floor of every command above.
read -r jvm_ms jvm_cpu <<< "$(median_ms "$(dirname "$hearth")/../runtime/bin/java" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -version)"
read -r occ_help_ms occ_help_cpu <<< "$(median_ms os-collect-config --help)"
read -r occ_once_ms occ_once_cpu <<< "$(median_ms os-collect-config --config-file /dev/null --cachedir "$work/occ-cache" \
  --backup-cachedir "$work/occ-backup" --one-time --print --local-path "$work/occ-local" local)"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
echo "footprint: $(basename "$tarball"), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), idle ${idle} s, median of $runs"
printf '%-44s %10s %10s %8s\n' "measure" "hearth" "os-c-c" "ratio"
printf '%-44s %7d MiB %7d MiB %8s\n' "idle RSS (daemon)" $((hearth_rss / 1024)) $((occ_rss / 1024)) "$(ratio "$hearth_rss" "$occ_rss")"
row() { printf '%-44s %8d ms %8d ms %8s\n' "$1" "$2" "$3" "$(ratio "$2" "$3")"; }
row "hearth status / os-collect-config --help" "$status_ms" "$occ_help_ms"
row "  CPU (user+sys)" "$status_cpu" "$occ_help_cpu"
row "hearth hook script / os-c-c --one-time" "$hook_ms" "$occ_once_ms"
row "  CPU (user+sys)" "$hook_cpu" "$occ_once_cpu"
row "hearth version / os-collect-config --help" "$version_ms" "$occ_help_ms"
row "  CPU (user+sys)" "$version_cpu" "$occ_help_cpu"
printf '%-44s %8d ms (CPU %d ms)\n' "for scale: the bundled JVM alone (-version)" "$jvm_ms" "$jvm_cpu"
echo "targets: idle RSS <= 64 MiB; hearth status and hearth hook <= 150 ms"
