#!/usr/bin/env bash
# Stops the daemons setup.sh started, by the process group in each pid file; nothing else.
# With names (e.g. `stop.sh heat-api`), only those. Packages, databases and rings stay, so the
# next setup.sh only starts daemons again.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
# shellcheck source=lib.sh
. "$here/lib.sh"
if (($#)); then
  for name in "$@"; do e2e_stop "$name"; done
  exit 0
fi
# Reverse start order: the APIs before the engine, storage last.
for ((i = ${#E2E_SERVICES[@]} - 1; i >= 0; i--)); do
  e2e_stop "${E2E_SERVICES[i]%% *}"
done
