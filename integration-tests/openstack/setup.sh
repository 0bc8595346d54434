#!/usr/bin/env bash
# Installs (Debian bookworm packages) and starts a real OpenStack control plane on 127.0.0.1 for
# Hearth's end-to-end suite: mariadb, rabbitmq, keystone (uwsgi), a one-device Swift with
# TempURLs, heat-api, heat-api-cfn, heat-engine, and Zaqar (Swift message store, redis management
# store). No systemd: each daemon runs in its own session with a pid file and a log under
# $E2E_DIR (default /var/lib/hearth-e2e); stop.sh ends them by process group.
#
# Idempotent: a second run reuses packages, databases, keystone objects and rings, and starts only
# the daemons that are down. Prints the log tail of a daemon that does not come up and exits 1.
# Writes $E2E_DIR/e2e.env (mode 0600) with the URLs and credentials the suite uses.
# Facts and traps behind each step: docs/real-heat.md. Needs root.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
# shellcheck source=lib.sh
. "$here/lib.sh"
t0=$(date +%s)
step() { log "== $* ($(( $(date +%s) - t0 ))s)"; }

[[ $(id -u) == 0 ]] || { echo "setup.sh: needs root" >&2; exit 2; }
export DEBIAN_FRONTEND=noninteractive
mkdir -p "$E2E_DIR" "$E2E_RUN" "$E2E_LOG"
chmod 0755 "$E2E_DIR" "$E2E_LOG"

# keystone [credential] auth_ttl, minutes: how long a pre-signed CFN signal URL stays valid. Low so
# that the suite can see an expired one; a CFN deployment must signal within it.
AUTH_TTL_MIN=${HEARTH_E2E_AUTH_TTL_MIN:-2}

# --- packages -----------------------------------------------------------------------------------
PACKAGES=(mariadb-server python3-pymysql rabbitmq-server keystone uwsgi-core uwsgi-plugin-python3
  heat-api heat-api-cfn heat-engine python3-openstackclient python3-heatclient
  swift swift-proxy swift-account swift-container swift-object
  zaqar-server redis-server python3-redis python3-zaqarclient python3-swiftclient)
step "packages"
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  # Debian's maintainer scripts would start each service through invoke-rc.d: forbid that, the
  # daemons are started below, bound to loopback. An existing policy-rc.d is left as it is.
  own_policy=false
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod 0755 /usr/sbin/policy-rc.d && own_policy=true
  fi
  apt-get update -qq -o DPkg::Lock::Timeout=600
  apt-get install -y -qq -o DPkg::Lock::Timeout=600 --no-install-recommends "${missing[@]}" >"$E2E_LOG/apt.log" 2>&1 \
    || { tail -30 "$E2E_LOG/apt.log" >&2; exit 1; }
  if $own_policy; then rm -f /usr/sbin/policy-rc.d; fi
fi

# --- secrets (generated once, kept in e2e.env) ---------------------------------------------------
if [[ -f $E2E_ENV ]]; then
  # shellcheck disable=SC1090
  . "$E2E_ENV"
fi
gen() { head -c 18 /dev/urandom | base64 | tr -d '/+=' ; }
: "${E2E_DB_PASSWORD:=$(gen)}" "${E2E_ADMIN_PASSWORD:=$(gen)}" "${E2E_SERVICE_PASSWORD:=$(gen)}"
: "${E2E_DEMO_PASSWORD:=$(gen)}" "${E2E_DOMAIN_ADMIN_PASSWORD:=$(gen)}" "${E2E_SWIFT_HASH:=$(gen)}"
: "${E2E_ZAQAR_SIGNED_URL_KEY:=$(gen)}"
KS=http://127.0.0.1:5000
write_env() {
  umask 077
  cat >"$E2E_ENV.tmp" <<EOF
# Written by integration-tests/openstack/setup.sh; read by the e2e suite.
E2E_DB_PASSWORD='$E2E_DB_PASSWORD'
E2E_ADMIN_PASSWORD='$E2E_ADMIN_PASSWORD'
E2E_SERVICE_PASSWORD='$E2E_SERVICE_PASSWORD'
E2E_DEMO_PASSWORD='$E2E_DEMO_PASSWORD'
E2E_DOMAIN_ADMIN_PASSWORD='$E2E_DOMAIN_ADMIN_PASSWORD'
E2E_SWIFT_HASH='$E2E_SWIFT_HASH'
E2E_ZAQAR_SIGNED_URL_KEY='$E2E_ZAQAR_SIGNED_URL_KEY'
E2E_AUTH_URL='$KS/v3'
E2E_HEAT_URL='http://127.0.0.1:8004'
E2E_CFN_URL='http://127.0.0.1:8000'
E2E_SWIFT_URL='http://127.0.0.1:8080'
E2E_ZAQAR_URL='http://127.0.0.1:8888'
E2E_AUTH_TTL_MIN='$AUTH_TTL_MIN'
E2E_ZAQAR='${ZAQAR_STATE//\'/}'
E2E_DIR='$E2E_DIR'
E2E_DEMO_PROJECT_ID='${E2E_DEMO_PROJECT_ID:-}'
EOF
  mv -f "$E2E_ENV.tmp" "$E2E_ENV"
  umask 022
}
: "${ZAQAR_STATE:=unknown}"
write_env

# wait_port NAME PORT SECONDS: the daemon's port answers, or its log tail is printed and we exit 1.
wait_up() {
  local name=$1 port=$2 secs=$3 i
  for ((i = 0; i < secs * 2; i++)); do
    if ! e2e_pid "$name" >/dev/null; then break; fi
    if [[ $port == 0 ]] || port_open "$port"; then return 0; fi
    sleep 0.5
  done
  echo "setup.sh: $name did not come up (port $port); last lines of $E2E_LOG/$name.log:" >&2
  tail -40 "$E2E_LOG/$name.log" >&2 || true
  for f in "${@:4}"; do echo "--- $f" >&2; tail -40 "$f" >&2 || true; done
  exit 1
}

# ini FILE SECTION KEY VALUE: sets one key (crudini-like, no extra package).
ini() {
  /usr/bin/python3 - "$@" <<'PY'
import configparser, sys
path, section, key, value = sys.argv[1:5]
cp = configparser.RawConfigParser(strict=False, interpolation=None)
cp.optionxform = str
cp.read(path)
if section != "DEFAULT" and not cp.has_section(section):
    cp.add_section(section)
if value == "<delete>":
    cp.remove_option(section, key)
else:
    cp.set(section, key, value)
with open(path, "w") as f:
    cp.write(f)
PY
}

# --- mariadb ------------------------------------------------------------------------------------
step "mariadb"
mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld
if [[ ! -d /var/lib/mysql/mysql ]]; then
  mariadb-install-db --user=mysql --datadir=/var/lib/mysql >"$E2E_LOG/mariadb-install.log" 2>&1
fi
if ! e2e_running mariadb 3306; then
  e2e_stop mariadb
  e2e_start mariadb /usr/sbin/mariadbd --user=mysql --datadir=/var/lib/mysql --bind-address=127.0.0.1 \
    --port=3306 --socket=/run/mysqld/mysqld.sock --pid-file=/run/mysqld/mysqld.pid \
    --skip-log-error --innodb-buffer-pool-size=64M --max-connections=200
  wait_up mariadb 3306 60
fi
for db in keystone heat; do
  mariadb -uroot -e "CREATE DATABASE IF NOT EXISTS $db;
    CREATE USER IF NOT EXISTS '$db'@'127.0.0.1' IDENTIFIED BY '$E2E_DB_PASSWORD';
    CREATE USER IF NOT EXISTS '$db'@'localhost' IDENTIFIED BY '$E2E_DB_PASSWORD';
    ALTER USER '$db'@'127.0.0.1' IDENTIFIED BY '$E2E_DB_PASSWORD';
    ALTER USER '$db'@'localhost' IDENTIFIED BY '$E2E_DB_PASSWORD';
    GRANT ALL ON $db.* TO '$db'@'127.0.0.1'; GRANT ALL ON $db.* TO '$db'@'localhost';"
done

# --- rabbitmq (as its user through setpriv: su would start another session) -----------------------
step "rabbitmq"
if ! e2e_running rabbitmq 5672; then
  e2e_stop rabbitmq
  e2e_start rabbitmq setpriv --reuid=rabbitmq --regid=rabbitmq --init-groups \
    env HOME=/var/lib/rabbitmq RABBITMQ_NODENAME=rabbit@localhost RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
    ERL_EPMD_ADDRESS=127.0.0.1 RABBITMQ_LOGS=- \
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="+S 1:1 +A 4" \
    /usr/lib/rabbitmq/bin/rabbitmq-server
  wait_up rabbitmq 5672 90
fi

# --- redis (zaqar's management store) ------------------------------------------------------------
step "redis"
if ! e2e_running redis 6379; then
  e2e_stop redis
  mkdir -p "$E2E_DIR/redis" && chown redis:redis "$E2E_DIR/redis"
  e2e_start redis setpriv --reuid=redis --regid=redis --init-groups /usr/bin/redis-server \
    --bind 127.0.0.1 --port 6379 --dir "$E2E_DIR/redis" --save "" --appendonly no --daemonize no
  wait_up redis 6379 30
fi

# --- keystone under uwsgi ------------------------------------------------------------------------
step "keystone"
kc=/etc/keystone/keystone.conf
[[ -f $kc ]] || { mkdir -p /etc/keystone; touch "$kc"; }
ini $kc database connection "mysql+pymysql://keystone:$E2E_DB_PASSWORD@127.0.0.1/keystone"
ini $kc token provider fernet
ini $kc credential auth_ttl "$AUTH_TTL_MIN"
ini $kc DEFAULT log_dir /var/log/keystone
mkdir -p /var/log/keystone && chown keystone:keystone /var/log/keystone
if [[ ! -f $E2E_DIR/.keystone-db ]]; then
  setpriv --reuid=keystone --regid=keystone --init-groups keystone-manage db_sync
  keystone-manage fernet_setup --keystone-user keystone --keystone-group keystone
  keystone-manage credential_setup --keystone-user keystone --keystone-group keystone
  touch "$E2E_DIR/.keystone-db"
fi
if ! e2e_running keystone 5000 $kc; then
  e2e_stop keystone
  e2e_confsum keystone $kc
  # Connection: close: keystone under uwsgi resets reused connections (docs/real-heat.md).
  e2e_start keystone /usr/bin/uwsgi_python3 --plugin python3 --http-socket 127.0.0.1:5000 \
    --wsgi-file /usr/bin/keystone-wsgi-public --processes 2 --threads 1 --master --die-on-term \
    --uid keystone --gid keystone --add-header "Connection: close" --buffer-size 65535 \
    --lazy-apps --log-x-forwarded-for
  wait_up keystone 5000 60 /var/log/keystone/keystone-manage.log
fi
for i in $(seq 60); do curl -fsS -o /dev/null $KS/v3 && break; sleep 1; done
keystone-manage bootstrap --bootstrap-password "$E2E_ADMIN_PASSWORD" \
  --bootstrap-admin-url $KS/v3/ --bootstrap-internal-url $KS/v3/ --bootstrap-public-url $KS/v3/ \
  --bootstrap-region-id RegionOne >"$E2E_LOG/keystone-bootstrap.log" 2>&1 \
  || { echo "setup.sh: keystone-manage bootstrap failed:" >&2; tail -20 "$E2E_LOG/keystone-bootstrap.log" /var/log/keystone/keystone.log >&2; exit 1; }

export OS_AUTH_URL=$KS/v3 OS_IDENTITY_API_VERSION=3 OS_USERNAME=admin OS_PASSWORD=$E2E_ADMIN_PASSWORD \
  OS_PROJECT_NAME=admin OS_USER_DOMAIN_NAME=Default OS_PROJECT_DOMAIN_NAME=Default OS_REGION_NAME=RegionOne
os() { openstack "$@"; }
step "keystone objects"
export E2E_ADMIN_PASSWORD E2E_SERVICE_PASSWORD E2E_DEMO_PASSWORD E2E_DOMAIN_ADMIN_PASSWORD
ids=$(/usr/bin/python3 "$here/keystone_objects.py") || { echo "setup.sh: creating keystone objects failed" >&2; exit 1; }
eval "$ids"   # E2E_DEMO_PROJECT_ID

# --- swift: one device on a directory, rings of one replica, tempurl before keystone auth ---------
step "swift"
sw=/etc/swift
mkdir -p $sw "$E2E_DIR/swift/node/d1" /var/cache/swift /var/run/swift
chown -R swift:swift "$E2E_DIR/swift" /var/cache/swift /var/run/swift
cat >$sw/swift.conf <<EOF
[swift-hash]
swift_hash_path_suffix = $E2E_SWIFT_HASH
swift_hash_path_prefix = hearth-e2e
[storage-policy:0]
name = Policy-0
default = yes
EOF
ring() { # ring NAME PORT
  if [[ ! -f $sw/$1.ring.gz ]]; then
    (cd $sw && swift-ring-builder $1.builder create 8 1 1 >/dev/null \
      && swift-ring-builder $1.builder add r1z1-127.0.0.1:$2/d1 100 >/dev/null \
      && swift-ring-builder $1.builder rebalance >/dev/null) || true
    [[ -f $sw/$1.ring.gz ]] || { echo "setup.sh: cannot build the $1 ring" >&2; exit 1; }
  fi
}
ring account 6202; ring container 6201; ring object 6200
for kind in account:6202 container:6201 object:6200; do
  k=${kind%%:*} p=${kind##*:}
  cat >$sw/$k-server.conf <<EOF
[DEFAULT]
bind_ip = 127.0.0.1
bind_port = $p
devices = $E2E_DIR/swift/node
mount_check = false
user = swift
workers = 0
log_name = $k-server
[pipeline:main]
pipeline = $k-server
[app:$k-server]
use = egg:swift#$k
[$k-replicator]
[$k-auditor]
[$k-updater]
EOF
done
cat >$sw/proxy-server.conf <<EOF
[DEFAULT]
bind_ip = 127.0.0.1
bind_port = 8080
user = swift
workers = 0
log_name = proxy-server
[pipeline:main]
pipeline = catch_errors gatekeeper healthcheck proxy-logging tempurl authtoken keystoneauth proxy-logging proxy-server
[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true
[filter:catch_errors]
use = egg:swift#catch_errors
[filter:gatekeeper]
use = egg:swift#gatekeeper
[filter:healthcheck]
use = egg:swift#healthcheck
[filter:proxy-logging]
use = egg:swift#proxy_logging
access_log_facility = LOG_LOCAL0
[filter:tempurl]
use = egg:swift#tempurl
[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory
www_authenticate_uri = $KS
auth_url = $KS
auth_type = password
project_domain_name = Default
user_domain_name = Default
project_name = service
username = swift
password = $E2E_SERVICE_PASSWORD
region_name = RegionOne
delay_auth_decision = True
[filter:keystoneauth]
use = egg:swift#keystoneauth
operator_roles = admin, member, swiftoperator, heat_stack_owner
reseller_admin_role = ResellerAdmin
EOF
for k in account container object; do
  if ! e2e_running swift-$k "$(awk -F' = ' '/bind_port/{print $2}' $sw/$k-server.conf)" $sw/$k-server.conf $sw/swift.conf; then
    e2e_stop swift-$k
    e2e_confsum swift-$k $sw/$k-server.conf $sw/swift.conf
    e2e_start swift-$k /usr/bin/swift-$k-server $sw/$k-server.conf --verbose
  fi
done
if ! e2e_running swift-proxy 8080 $sw/proxy-server.conf $sw/swift.conf; then
  e2e_stop swift-proxy
  e2e_confsum swift-proxy $sw/proxy-server.conf $sw/swift.conf
  e2e_start swift-proxy /usr/bin/swift-proxy-server $sw/proxy-server.conf --verbose
fi
wait_up swift-account 6202 30; wait_up swift-container 6201 30; wait_up swift-object 6200 30
wait_up swift-proxy 8080 60

# --- heat ------------------------------------------------------------------------------------------
step "heat"
hc=/etc/heat/heat.conf
[[ -f $hc ]] || { mkdir -p /etc/heat; touch $hc; }
ini $hc DEFAULT transport_url "rabbit://guest:guest@127.0.0.1:5672/"
ini $hc DEFAULT heat_metadata_server_url http://127.0.0.1:8000
ini $hc DEFAULT heat_waitcondition_server_url http://127.0.0.1:8000/v1/waitcondition
ini $hc DEFAULT stack_user_domain_name heat
ini $hc DEFAULT stack_domain_admin heat_domain_admin
ini $hc DEFAULT stack_domain_admin_password "$E2E_DOMAIN_ADMIN_PASSWORD"
ini $hc DEFAULT num_engine_workers 1
ini $hc DEFAULT region_name_for_services RegionOne
ini $hc DEFAULT periodic_interval 10
ini $hc DEFAULT log_dir "<delete>"   # heat logs to stderr, i.e. $E2E_LOG/<daemon>.log (with the access log)
ini $hc database connection "mysql+pymysql://heat:$E2E_DB_PASSWORD@127.0.0.1/heat"
for g in keystone_authtoken trustee; do
  ini $hc $g auth_type password
  ini $hc $g auth_url $KS
  ini $hc $g username heat
  ini $hc $g password "$E2E_SERVICE_PASSWORD"
  ini $hc $g user_domain_name Default
done
ini $hc keystone_authtoken www_authenticate_uri $KS
ini $hc keystone_authtoken project_name service
ini $hc keystone_authtoken project_domain_name Default
ini $hc keystone_authtoken region_name RegionOne   # Debian's default is "regionOne": EndpointNotFound
ini $hc clients_keystone auth_uri $KS
ini $hc ec2authtoken auth_uri $KS/v3
ini $hc heat_api bind_host 127.0.0.1
ini $hc heat_api bind_port 8004
ini $hc heat_api workers 1
ini $hc heat_api_cfn bind_host 127.0.0.1
ini $hc heat_api_cfn bind_port 8000
ini $hc heat_api_cfn workers 1
ini $hc oslo_messaging_notifications driver noop
mkdir -p /var/log/heat && chown heat:heat /var/log/heat
chown root:heat $hc && chmod 0640 $hc

# Patch: Debian's keystone fix for OSSA-2025-002 (Launchpad bug #2119646) lets only service users or
# admins call /v3/ec2tokens, but heat 19's EC2 token middleware calls it without a token, so every
# CFN request (cfn poll, CFN_SIGNAL) gets 403 AccessDenied. Send the heat service user's token
# (the [trustee] credentials, scoped to the service project) with the ec2tokens request.
ec2=/usr/lib/python3/dist-packages/heat/api/aws/ec2token.py
if ! grep -q 'hearth-e2e patch v2' $ec2; then
  if [[ -f $ec2.hearth-e2e.orig ]]; then cp $ec2.hearth-e2e.orig $ec2; else cp $ec2 $ec2.hearth-e2e.orig; fi
  /usr/bin/python3 - "$ec2" <<'PY'
import sys
p = sys.argv[1]
s = open(p).read()
anchor = """        headers = {'Content-Type': 'application/json'}

        keystone_ec2_uri = self._conf_get_keystone_ec2_uri(auth_uri)
        LOG.info('Authenticating with %s', keystone_ec2_uri)
        response = requests.post(keystone_ec2_uri, data=creds_json,
                                 headers=headers,
                                 verify=self.ssl_options['verify'],
                                 cert=self.ssl_options['cert'])
"""
assert s.count(anchor) == 1, "ec2token.py: anchor not found (package changed?)"
patch = """        headers = {'Content-Type': 'application/json'}

        keystone_ec2_uri = self._conf_get_keystone_ec2_uri(auth_uri)
        LOG.info('Authenticating with %s', keystone_ec2_uri)
        # hearth-e2e patch v2 (LP#2119646, OSSA-2025-002): keystone requires a service token here;
        # a 401 means that token was revoked: once more with a new one.
        for _attempt in range(2):
            headers['X-Auth-Token'] = _hearth_service_token(renew=_attempt > 0)
            response = requests.post(keystone_ec2_uri, data=creds_json,
                                     headers=headers,
                                     verify=self.ssl_options['verify'],
                                     cert=self.ssl_options['cert'])
            if response.status_code != 401:
                break
"""
s = s.replace(anchor, patch)
s += '''

# hearth-e2e patch v2 (LP#2119646, OSSA-2025-002): the heat service user's token for /v3/ec2tokens.
_HEARTH_AUTH = []


def _hearth_service_token(renew=False):
    from keystoneauth1 import loading as ks_loading
    from keystoneauth1 import session as ks_session
    if not _HEARTH_AUTH:
        auth = ks_loading.load_auth_from_conf_options(
            cfg.CONF, 'trustee', project_name='service', project_domain_name='Default')
        _HEARTH_AUTH.append((auth, ks_session.Session()))
    auth, sess = _HEARTH_AUTH[0]
    if renew:
        auth.invalidate()
    return auth.get_token(sess)
'''
open(p, "w").write(s)
PY
  /usr/bin/python3 -m py_compile $ec2
fi

if [[ ! -f $E2E_DIR/.heat-db ]]; then
  setpriv --reuid=heat --regid=heat --init-groups heat-manage --config-file $hc db_sync >"$E2E_LOG/heat-db-sync.log" 2>&1 \
    || { tail -30 "$E2E_LOG/heat-db-sync.log" >&2; exit 1; }
  touch "$E2E_DIR/.heat-db"
fi
heat_daemon() { # NAME PORT
  local name=$1 port=$2
  if ! e2e_running "$name" "$port" $hc $ec2; then
    e2e_stop "$name"
    e2e_confsum "$name" $hc $ec2
    e2e_start "$name" setpriv --reuid=heat --regid=heat --init-groups /usr/bin/$name --config-file $hc
  fi
}
heat_daemon heat-engine 0
heat_daemon heat-api 8004
heat_daemon heat-api-cfn 8000
wait_up heat-api 8004 90
wait_up heat-api-cfn 8000 90
wait_up heat-engine 0 5
# The engine is up when heat-api can list stacks through it (an RPC round trip).
ok=false
deadline=$(( $(date +%s) + 90 ))
while (( $(date +%s) < deadline )); do
  if os stack list >/dev/null 2>&1; then ok=true; break; fi
  e2e_pid heat-engine >/dev/null || break
  sleep 1
done
if ! $ok; then
  echo "setup.sh: heat does not answer 'openstack stack list'" >&2
  os stack list >&2 || true
  for f in heat-engine.log heat-api.log; do echo "--- $f" >&2; tail -40 "$E2E_LOG/$f" | cut -c1-400 >&2; done
  exit 1
fi

# --- zaqar: swift message store, redis management store ---------------------------------------------
step "zaqar"
. "$here/zaqar.sh"

: "${ZAQAR_STATE:=unknown}"
write_env
step "control plane up: keystone $KS, heat 8004, cfn 8000, swift 8080, zaqar ${ZAQAR_STATE} (env: $E2E_ENV)"
