#!/usr/bin/env bash
# Runs Tooz's own functional tests (test_coordination.py and test_partitioner.py's TestPartitioner, unchanged, from
# Debian's python3-tooz) through the orleans driver against a real silo process, then the driver's own tests (tests/),
# and prints one line: "tooz: N passed, M failed, K skipped; driver: P passed, F failed". Exits 1 when fewer than
# $TOOZ_MIN_PASSED (default 76) of Tooz's tests pass, or when a test of the driver fails.
# Needs a built silo (dotnet build -c Release) and Debian's python3-tooz, python3-grpcio, python3-pytest and friends
# (test.sh installs them). Nothing comes from PyPI: the driver is installed into a virtual environment that sees
# Debian's packages.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
min_passed="${TOOZ_MIN_PASSED:-76}"
work="$(mktemp -d)"
silo_pid=""
cleanup() {
  [ -n "$silo_pid" ] && kill "$silo_pid" 2>/dev/null && wait "$silo_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# The one install command of the README.
/usr/bin/python3 -m venv --system-site-packages "$work/venv"
"$work/venv/bin/pip" install --quiet --no-deps --no-build-isolation --no-index -e "$here" >/dev/null

grpc_port="$(free_port)"
dotnet "$root/silo/bin/Release/net10.0/Orleans.Coord.Silo.dll" --silo-port "$(free_port)" --gateway-port "$(free_port)" \
  --http-port 0 --grpc-port "$grpc_port" >"$work/silo.log" 2>&1 &
silo_pid=$!
for _ in $(seq 1 120); do grep -qs "silo started" "$work/silo.log" && break; sleep 0.5; done
grep -q "silo started" "$work/silo.log" || { cat "$work/silo.log" >&2; echo "tooz: the silo did not start" >&2; exit 1; }

tests=/usr/lib/python3/dist-packages/tooz/tests
cd "$work"
# Runs pytest on the given tests against the silo, with its JUnit report in $work/$1.xml and its output in $work/$1.log,
# and prints "passed failed skipped". A test still running after 120 s has every thread's stack written to the log.
run_pytest() {
  local name="$1"
  shift
  TOOZ_TEST_URL="orleans://127.0.0.1:$grpc_port" timeout 600 "$work/venv/bin/python" -m pytest -p no:cacheprovider -q -rfEs \
    -o faulthandler_timeout=120 --junitxml="$work/$name.xml" "$@" >"$work/$name.log" 2>&1 || true
  /usr/bin/python3 - "$work/$name.xml" <<'PY' || { cat "$work/$name.log" >&2; echo "tooz: the $name run did not finish" >&2; exit 1; }
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
suites = [root] if root.tag == "testsuite" else list(root)
total = sum(int(s.get("tests", 0)) for s in suites)
failed = sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)
skipped = sum(int(s.get("skipped", 0)) for s in suites)
print(total - failed - skipped, failed, skipped)
PY
  grep -E "^(FAILED|ERROR|SKIPPED)" "$work/$name.log" >&2 || true
}

# Tooz's functional tests, unchanged; then the driver's own tests (tests/), which must all pass.
read -r passed failed skipped <<<"$(run_pytest tooz "$tests/test_coordination.py" "$tests/test_partitioner.py::TestPartitioner")"
read -r driver_passed driver_failed _ <<<"$(run_pytest driver "$here/tests")"
[ -n "$passed" ] && [ -n "$driver_passed" ] || exit 1
echo "tooz: $passed passed, $failed failed, $skipped skipped; driver: $driver_passed passed, $driver_failed failed"
[ "$passed" -ge "$min_passed" ] || { tail -50 "$work/tooz.log" >&2; exit 1; }
[ "$driver_failed" -eq 0 ] && [ "$driver_passed" -gt 0 ] || { tail -50 "$work/driver.log" >&2; exit 1; }
