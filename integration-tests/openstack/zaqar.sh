# Sourced by setup.sh after Swift and keystone are up: Zaqar 15 with the Swift message store and
# redis as management store (Debian's zaqar lacks the redis message store's Lua scripts: 503 on
# enqueue; MongoDB is not in bookworm). Sets ZAQAR_STATE to "up" or "down: <why>"; a Zaqar that
# does not come up does not fail the setup (the suite's Zaqar tests then fail, saying why).

zc=/etc/zaqar/zaqar.conf
[[ -f $zc ]] || { mkdir -p /etc/zaqar; touch $zc; }
ini $zc DEFAULT auth_strategy keystone
ini $zc DEFAULT unreliable True
ini $zc DEFAULT log_dir ""
ini $zc drivers transport wsgi
ini $zc drivers message_store swift
ini $zc drivers management_store redis
ini $zc drivers:transport:wsgi bind 127.0.0.1
ini $zc drivers:transport:wsgi port 8888
ini $zc drivers:management_store:redis uri redis://127.0.0.1:6379
ini $zc drivers:message_store:swift auth_url "$KS/v3"
ini $zc drivers:message_store:swift uri "swift://zaqar:$E2E_SERVICE_PASSWORD@/service"
ini $zc drivers:message_store:swift region_name RegionOne
ini $zc drivers:message_store:swift interface public
ini $zc keystone_authtoken auth_url "$KS"
ini $zc keystone_authtoken www_authenticate_uri "$KS"
ini $zc keystone_authtoken region_name RegionOne
ini $zc keystone_authtoken password "$E2E_SERVICE_PASSWORD"
# Heat's Zaqar transports (signed URLs for the queues it creates) need a key.
ini $zc signed_url secret_key "$E2E_ZAQAR_SIGNED_URL_KEY"
chown root:zaqar $zc 2>/dev/null && chmod 0640 $zc || true

# Patch: python-zaqarclient 2.4 (bookworm) builds a v2 Message from every field of the answer, and
# zaqar 15 returns a client_uuid field its Message.__init__ does not take: heat-engine's
# ZAQAR_SIGNAL handling (which pops the node's signal message) fails with
# "__init__() got an unexpected keyword argument 'client_uuid'". Accept (and keep) the field.
zm=/usr/lib/python3/dist-packages/zaqarclient/queues/v2/message.py
if ! grep -q 'hearth-e2e patch' $zm; then
  cp -n $zm $zm.hearth-e2e.orig
  /usr/bin/python3 - "$zm" <<'PY'
import sys
p = sys.argv[1]
s = open(p).read()
old = """                 claim_id=None, claim_count=0, checksum=None):
        self.queue = queue
"""
assert s.count(old) == 1, "zaqarclient v2/message.py: anchor not found (package changed?)"
s = s.replace(old, """                 claim_id=None, claim_count=0, checksum=None,
                 client_uuid=None):
        # hearth-e2e patch: zaqar >= 15 returns client_uuid; zaqarclient 2.4 refused it.
        self.client_uuid = client_uuid
        self.queue = queue
""")
open(p, "w").write(s)
PY
  /usr/bin/python3 -m py_compile $zm
  # heat-engine imported the old class: restart it so that it takes the patch.
  e2e_stop heat-engine
  heat_daemon heat-engine 0
fi

ZAQAR_STATE="down"
if ! e2e_running zaqar 8888 $zc; then
  e2e_stop zaqar
  e2e_confsum zaqar $zc
  e2e_start zaqar setpriv --reuid=zaqar --regid=zaqar --init-groups /usr/bin/zaqar-server --config-file $zc
fi
for i in $(seq 60); do
  if ! e2e_pid zaqar >/dev/null; then break; fi
  if port_open 8888; then ZAQAR_STATE=up; break; fi
  sleep 0.5
done
if [[ $ZAQAR_STATE == up ]]; then
  # A real round trip: post and list a message as the demo user (through keystone and Swift).
  ztoken=$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' -d '{"auth": {"identity": {"methods": ["password"],
    "password": {"user": {"name": "demo", "domain": {"id": "default"}, "password": "'"$E2E_DEMO_PASSWORD"'"}}},
    "scope": {"project": {"id": "'"$E2E_DEMO_PROJECT_ID"'"}}}}' "$KS/v3/auth/tokens" \
    | awk -F': ' 'tolower($1) == "x-subject-token" {print $2}' | tr -d '\r')
  zproj=$E2E_DEMO_PROJECT_ID
  code=$(curl -s -o "$E2E_LOG/zaqar-check.out" -w '%{http_code}' -X POST \
    -H "X-Auth-Token: $ztoken" -H "Client-ID: 3381af92-2b9e-11e3-b191-71861300734c" \
    -H "X-Project-Id: $zproj" -H 'Content-Type: application/json' \
    -d '{"messages": [{"ttl": 60, "body": {"hearth": "setup-check"}}]}' \
    http://127.0.0.1:8888/v2/queues/hearth-setup-check/messages || true)
  if [[ $code != 201 ]]; then
    ZAQAR_STATE="down: message post answered $code: $(head -c 300 "$E2E_LOG/zaqar-check.out")"
  fi
else
  ZAQAR_STATE="down: zaqar-server did not listen on 8888 (see $E2E_LOG/zaqar.log)"
fi
if [[ $ZAQAR_STATE != up ]]; then
  log "zaqar: $ZAQAR_STATE"
  tail -20 "$E2E_LOG/zaqar.log" >&2 || true
fi
