#!/usr/bin/env bash
# Simulated overcloud nodes on this machine, for the multi-node e2e tests and benchmarks: each node
# has its own container engine (a private dockerd) in its own mount and network namespaces, so that container
# names never collide, one node's cleanup never sees another's containers, and TripleO's fixed host
# paths (/var/lib/config-data, /var/lib/kolla/config_files, /etc/puppet) are the node's own.
#
#   nodes.sh start N     # nodes node0..node(N-1) up (idempotent: running ones are kept), images loaded
#   nodes.sh stop        # stop every node's dockerd (and what runs in it), by pid file
#   nodes.sh exec I CMD  # run CMD in node I's mount namespace (how the suite starts node I's agent)
#   nodes.sh status      # one line per node: name, dockerd pid, socket
#
# A node's agent is started by the caller (`hearth configure` from the node's DeployedServer
# metadata, then `nodes.sh exec I hearth agent ...` with docker.host = the node's socket).
#
# Per node, under $NODES_DIR/nodeI (default /var/lib/hearth-nodes):
#   docker/            dockerd --data-root
#   run/               dockerd --exec-root, docker.sock, docker.pid (also the process group: setsid)
#   root/config-data   bound on /var/lib/config-data in the node's namespace
#   root/kolla         bound on /var/lib/kolla/config_files
#   root/puppet        bound on /etc/puppet (hiera.yaml, hieradata/)
#   root/modules       puppet modules for config volumes (empty)
#   dockerd.log
# The engines have no bridge and touch no iptables (--bridge=none --iptables=false), so they never
# clash with the machine's dockerd; containers use network_mode none or host (the node's network
# namespace). Each engine has its own network namespace because a dockerd started with
# --bridge=none deletes any interface named docker0 it can see: in the machine's namespace that was
# the machine's own bridge, and every test on Docker's default network then failed. The agents stay
# in the machine's network namespace (`exec` enters the mount namespace only), so they reach Heat on
# 127.0.0.1. Needs root.
set -euo pipefail
NODES_DIR=${HEARTH_NODES_DIR:-/var/lib/hearth-nodes}
IMAGES=(${HEARTH_NODE_IMAGES:-hearth-test/busybox:latest hearth-test/puppet:latest})
BINDS=("config-data:/var/lib/config-data" "kolla:/var/lib/kolla/config_files" "puppet:/etc/puppet")

die() { echo "nodes.sh: $*" >&2; exit 1; }
[[ $(id -u) == 0 ]] || die "needs root"

sock() { echo "$NODES_DIR/node$1/run/docker.sock"; }

# The dockerd pid of node I when it is alive and still leads its own group.
node_pid() {
  local f=$NODES_DIR/node$1/run/docker.pid pid pgid
  [[ -f $f ]] || return 1
  pid=$(<"$f")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  pgid=$(ps -o pgid= -p "$pid" 2>/dev/null | tr -d ' ') || return 1
  [[ $pgid == "$pid" ]] || return 1
  echo "$pid"
}

ndocker() { local i=$1; shift; DOCKER_HOST=unix://$(sock "$i") docker "$@"; }

start_node() {
  local i=$1 d=$NODES_DIR/node$1 b src dst binds=""
  if node_pid "$i" >/dev/null && ndocker "$i" info >/dev/null 2>&1; then return 0; fi
  stop_node "$i"
  mkdir -p "$d/docker" "$d/run" "$d/root/modules"
  for b in "${BINDS[@]}"; do
    src=$d/root/${b%%:*} dst=${b#*:}
    mkdir -p "$src" "$dst"
    binds+="mount --bind '$src' '$dst' && "
  done
  mkdir -p "$d/root/puppet/hieradata"
  # what provisioning puts on a TripleO node: hiera reading the role's data and the step
  cat >"$d/root/puppet/hiera.yaml" <<'EOF'
---
version: 5
defaults:
  datadir: hieradata
  data_hash: json_data
hierarchy:
  - name: step
    path: docker_puppet.json
  - name: overrides
    path: overrides.json
  - name: services
    path: service_configs.json
EOF
  echo '{}' >"$d/daemon.json"
  printf '\n==== node%s start %s\n' "$i" "$(date -Is)" >>"$d/dockerd.log"
  # unshare execs (no --fork): the pid of this background job is the shell, then dockerd itself.
  setsid unshare --mount --net --propagation private -- /bin/sh -c "$binds exec dockerd \
      --config-file '$d/daemon.json' --data-root '$d/docker' --exec-root '$d/run/exec' \
      -H 'unix://$d/run/docker.sock' --pidfile '$d/run/dockerd.pid' \
      --bridge=none --iptables=false --ip-masq=false --userland-proxy=false \
      --cgroup-parent=/hearth-node$i --log-level=warn" \
    >>"$d/dockerd.log" 2>&1 </dev/null &
  echo $! >"$d/run/docker.pid"
}

await_node() {
  local i=$1 n
  for ((n = 0; n < 120; n++)); do
    ndocker "$i" info >/dev/null 2>&1 && return 0
    node_pid "$i" >/dev/null || break
    sleep 0.5
  done
  tail -30 "$NODES_DIR/node$i/dockerd.log" >&2
  die "node$i's dockerd did not come up (log: $NODES_DIR/node$i/dockerd.log)"
}

# The node's engine gets the machine's test images (same image id), loaded once.
load_images() {
  local i=$1 img want have
  for img in "${IMAGES[@]}"; do
    want=$(docker image inspect -f '{{.Id}}' "$img" 2>/dev/null) || die "$img is missing in the machine's dockerd (.ci/setup-docker.sh / .ci/setup-puppet.sh)"
    have=$(ndocker "$i" image inspect -f '{{.Id}}' "$img" 2>/dev/null || true)
    if [[ $have != "$want" ]]; then
      docker save "$img" | ndocker "$i" load -q >/dev/null || die "loading $img into node$i failed"
    fi
  done
}

stop_node() {
  local i=$1 pid n
  if pid=$(node_pid "$i"); then
    kill -TERM -- "-$pid" 2>/dev/null || true
    for ((n = 0; n < 40; n++)); do
      kill -0 -- "-$pid" 2>/dev/null || break
      sleep 0.5
    done
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
  rm -f "$NODES_DIR/node$i/run/docker.pid"
}

nodes() { local d; for d in "$NODES_DIR"/node*; do [[ -d $d ]] && echo "${d##*/node}"; done | sort -n; }

case ${1:-} in
  start)
    n=${2:?nodes.sh start N}
    [[ $n =~ ^[0-9]+$ ]] || die "N must be a number"
    bridge_before=$(cat /sys/class/net/docker0/ifindex 2>/dev/null || true)
    for ((i = 0; i < n; i++)); do start_node "$i"; done
    for ((i = 0; i < n; i++)); do await_node "$i"; done
    # The machine's docker0 must be the same interface as before (see the network note above).
    if [[ -n $bridge_before && $(cat /sys/class/net/docker0/ifindex 2>/dev/null || true) != "$bridge_before" ]]; then
      die "starting the nodes removed or replaced the machine's docker0 bridge"
    fi
    loads=()
    for ((i = 0; i < n; i++)); do load_images "$i" & loads+=($!); done
    for pid in "${loads[@]}"; do wait "$pid" || die "loading the images failed"; done
    for ((i = 0; i < n; i++)); do echo "node$i $(node_pid "$i") unix://$(sock "$i")"; done
    ;;
  stop)
    for i in $(nodes); do stop_node "$i"; done
    ;;
  exec)
    i=${2:?nodes.sh exec I CMD...}
    shift 2
    pid=$(node_pid "$i") || die "node$i is not running (nodes.sh start)"
    exec nsenter --mount="/proc/$pid/ns/mnt" -- "$@"
    ;;
  status)
    for i in $(nodes); do echo "node$i $(node_pid "$i" || echo down) unix://$(sock "$i")"; done
    ;;
  *)
    sed -n '2,24p' "$0" >&2
    exit 2
    ;;
esac
