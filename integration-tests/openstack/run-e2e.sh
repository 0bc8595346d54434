#!/usr/bin/env bash
# Hearth against a real OpenStack control plane on this machine: setup.sh (installs and starts it,
# or reuses what is there), then the e2e suite (-Pe2e: integration-tests/src/test/java/dev/hearth/e2e).
#
#   integration-tests/openstack/run-e2e.sh            # setup + suite
#   integration-tests/openstack/run-e2e.sh bench      # setup + the benchmark main (requests per idle poll)
#   integration-tests/openstack/run-e2e.sh bench-nodes [N...]   # setup + the control plane's bill of N idle
#                                                     # nodes (default 10 30): Hearth vs os-collect-config
#   integration-tests/openstack/run-e2e.sh stop       # stop the control plane's daemons
#
# Extra arguments after the mode go to Maven (e.g. -Dtest='HeatDeploymentE2ETest#pollTempUrl*').
# The daemons stay up afterwards (a second run takes ~30 s of setup); stop.sh ends them. Needs root.
# HEARTH_E2E_SETUP_DONE=1: skip setup.sh (bin/test-all runs it itself, earlier, in the background).
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
repo=$(cd "$here/../.." && pwd)
export JAVA_HOME=${JAVA_HOME_25:-/usr/lib/jvm/temurin-25-jdk-amd64}
mode=suite
if [[ ${1:-} == bench || ${1:-} == bench-nodes || ${1:-} == stop || ${1:-} == suite ]]; then mode=$1; shift; fi
if [[ $mode == stop ]]; then exec "$here/stop.sh"; fi

t0=$(date +%s)
if [[ -z ${HEARTH_E2E_SETUP_DONE:-} ]]; then "$here/setup.sh"; fi
t1=$(date +%s)
echo "run-e2e: control plane ready in $((t1 - t0)) s" >&2

cd "$repo"
offline=()
if [[ -n ${HEARTH_MVN_OFFLINE:-} ]]; then offline=(-o); fi
if [[ $mode == bench-nodes ]]; then
  # Arguments are node counts here, not Maven's.
  mvn -B -ntp -q "${offline[@]}" verify -pl integration-tests -am -Pe2e -DskipTests -Djacoco.skip=true
  "$JAVA_HOME/bin/java" -Dhearth.home="$repo" -cp "integration-tests/target/test-classes:integration-tests/target/classes:$(cat integration-tests/target/e2e.classpath)" \
    dev.hearth.e2e.ControlPlaneBillBench "$@"
elif [[ $mode == bench ]]; then
  mvn -B -ntp -q "${offline[@]}" verify -pl integration-tests -am -Pe2e -DskipTests "$@"
  "$JAVA_HOME/bin/java" -Dhearth.home="$repo" -cp "integration-tests/target/test-classes:integration-tests/target/classes:$(cat integration-tests/target/e2e.classpath)" \
    dev.hearth.e2e.ControlPlaneBench "${HEARTH_BENCH_WINDOW:-60}" "${HEARTH_BENCH_INTERVAL:-5}"
else
  # Only the integration-tests module's e2e tests run (the other modules' tests are not selected).
  mvn -B -ntp "${offline[@]}" verify -pl integration-tests -am -Pe2e \
    -Dtest='dev/hearth/e2e/**/*Test.java' -Dsurefire.failIfNoSpecifiedTests=false "$@"
fi
echo "run-e2e: setup $((t1 - t0)) s, $mode $(( $(date +%s) - t1 )) s" >&2
