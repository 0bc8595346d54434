#!/usr/bin/env bash
# Stops the daemons setup.sh started, by the process group in each pid file; nothing else.
# Packages, databases and rings stay, so the next setup.sh only starts daemons again.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
# shellcheck source=lib.sh
. "$here/lib.sh"
# Reverse start order: the APIs before the engine, storage last.
for ((i = ${#E2E_SERVICES[@]} - 1; i >= 0; i--)); do
  e2e_stop "${E2E_SERVICES[i]%% *}"
done
