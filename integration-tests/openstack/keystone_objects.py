#!/usr/bin/python3
"""Creates, idempotently and in one process, the keystone objects the e2e control plane needs.

One `openstack` CLI call costs ~4 s on this machine (imports + a token); the ~60 calls this takes
cost 4 minutes, this script ~3 s. Reads passwords and URLs from the environment (setup.sh).
"""
import os
import sys

from keystoneauth1 import session
from keystoneauth1.identity import v3
from keystoneclient.v3 import client

env = os.environ
auth = v3.Password(auth_url=env["OS_AUTH_URL"], username="admin", password=env["E2E_ADMIN_PASSWORD"],
                   project_name="admin", user_domain_name="Default", project_domain_name="Default")
ks = client.Client(session=session.Session(auth=auth))


def one(items, name):
    found = [i for i in items if i.name == name]
    return found[0] if found else None


default = ks.domains.get("default")
heat_domain = one(ks.domains.list(), "heat") or ks.domains.create("heat", description="Heat stack users")
projects = {}
for p in ("admin", "service", "demo"):
    projects[p] = one(ks.projects.list(domain=default), p) or ks.projects.create(p, default)
roles = {}
for r in ("admin", "member", "heat_stack_owner", "heat_stack_user", "service", "swiftoperator", "ResellerAdmin"):
    roles[r] = one(ks.roles.list(), r) or ks.roles.create(r)


def password_works(user_id, password):
    try:
        v3.Password(auth_url=env["OS_AUTH_URL"], user_id=user_id, password=password).get_token(session.Session())
        return True
    except Exception:
        return False


def user(name, password, domain):
    u = one(ks.users.list(domain=domain), name)
    if u is None:
        return ks.users.create(name, domain=domain, password=password)
    # A re-run with a new env file must keep users usable; an unchanged password is not set again
    # (that would revoke every token the user has, e.g. the running suite's).
    if not password_works(u.id, password):
        ks.users.update(u, password=password)
    return u


def grant(role, user_, project=None, domain=None):
    ks.roles.grant(roles[role], user=user_, project=project, domain=domain)


for name in ("heat", "swift", "zaqar"):
    u = user(name, env["E2E_SERVICE_PASSWORD"], default)
    grant("admin", u, project=projects["service"])
    grant("service", u, project=projects["service"])
demo = user("demo", env["E2E_DEMO_PASSWORD"], default)
grant("member", demo, project=projects["demo"])
grant("heat_stack_owner", demo, project=projects["demo"])
admin = one(ks.users.list(domain=default), "admin")
grant("heat_stack_owner", admin, project=projects["admin"])
dadmin = user("heat_domain_admin", env["E2E_DOMAIN_ADMIN_PASSWORD"], heat_domain)
grant("admin", dadmin, domain=heat_domain)

services = {s.type: s for s in ks.services.list()}
for type_, name, url in (("orchestration", "heat", "http://127.0.0.1:8004/v1/%(tenant_id)s"),
                         ("cloudformation", "heat-cfn", "http://127.0.0.1:8000/v1"),
                         ("object-store", "swift", "http://127.0.0.1:8080/v1/AUTH_%(tenant_id)s"),
                         ("messaging", "zaqar", "http://127.0.0.1:8888")):
    svc = services.get(type_) or ks.services.create(name, type=type_)
    have = {e.interface for e in ks.endpoints.list(service=svc)}
    for iface in ("public", "internal", "admin"):
        if iface not in have:
            ks.endpoints.create(svc, url, interface=iface, region="RegionOne")

print("E2E_DEMO_PROJECT_ID=%s" % projects["demo"].id)
sys.exit(0)
