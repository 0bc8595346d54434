# Shared by setup.sh, stop.sh and run-e2e.sh: where the control plane lives, its ports, and
# how a daemon is started (own session, pid file = process group) and stopped (by that group).
# Everything listens on 127.0.0.1 only.

E2E_DIR=${HEARTH_E2E_DIR:-/var/lib/hearth-e2e}
E2E_RUN=$E2E_DIR/run     # one <name>.pid per daemon: the pid is also its process group (setsid)
E2E_LOG=$E2E_DIR/log     # one <name>.log per daemon
E2E_ENV=$E2E_DIR/e2e.env # what the suite reads: URLs, users, passwords (mode 0600)

# name port (port 0: no TCP check)
E2E_SERVICES=(
  "mariadb 3306"
  "rabbitmq 5672"
  "redis 6379"
  "keystone 5000"
  "swift-account 6202"
  "swift-container 6201"
  "swift-object 6200"
  "swift-proxy 8080"
  "heat-engine 0"
  "heat-api 8004"
  "heat-api-cfn 8000"
  "zaqar 8888"
)

log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }

# The pid from NAME's pid file when that process is alive and still leads its own group.
e2e_pid() {
  local f=$E2E_RUN/$1.pid pid pgid
  [[ -f $f ]] || return 1
  pid=$(<"$f")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  pgid=$(ps -o pgid= -p "$pid" 2>/dev/null | tr -d ' ') || return 1
  [[ $pgid == "$pid" ]] || return 1
  echo "$pid"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# e2e_start NAME CMD...: runs CMD in a new session (setsid execs, so $! is the session and group
# leader), output to NAME.log, pid to NAME.pid.
e2e_start() {
  local name=$1; shift
  mkdir -p "$E2E_RUN" "$E2E_LOG"
  printf '\n==== %s start %s\n' "$name" "$(date -Is)" >>"$E2E_LOG/$name.log"
  setsid "$@" >>"$E2E_LOG/$name.log" 2>&1 </dev/null &
  echo $! >"$E2E_RUN/$name.pid"
}

# e2e_stop NAME: TERM to the process group from the pid file, KILL after 20 s.
e2e_stop() {
  local name=$1 pid i
  if pid=$(e2e_pid "$name"); then
    kill -TERM -- "-$pid" 2>/dev/null || true
    for ((i = 0; i < 40; i++)); do
      kill -0 -- "-$pid" 2>/dev/null || break
      sleep 0.5
    done
    kill -KILL -- "-$pid" 2>/dev/null || true
    log "stopped $name (group $pid)"
  fi
  rm -f "$E2E_RUN/$name.pid" "$E2E_RUN/$name.confsum"
}

# e2e_running NAME PORT [CONFIG_FILE...]: up, answering on PORT, and started with the current
# contents of its configuration files (a changed file means a restart).
e2e_running() {
  local name=$1 port=$2
  shift 2
  e2e_pid "$name" >/dev/null || return 1
  if (($#)) && [[ "$(cat "$@" 2>/dev/null | md5sum)" != "$(cat "$E2E_RUN/$name.confsum" 2>/dev/null)" ]]; then
    log "$name: configuration changed, restarting"
    return 1
  fi
  [[ $port == 0 ]] || port_open "$port"
}

# e2e_confsum NAME CONFIG_FILE...: remembers what NAME was started with.
e2e_confsum() {
  local name=$1
  shift
  cat "$@" 2>/dev/null | md5sum >"$E2E_RUN/$name.confsum"
}
