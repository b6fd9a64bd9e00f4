#!/usr/bin/env bash
# Runs every Orleans.Coord test on a fresh Debian machine: installs the servers the tests start (when missing),
# then runs dotnet test on the solution. Tests start their own servers on free loopback ports; nothing is mocked.
set -euo pipefail
cd "$(dirname "$0")"

missing=()
have_postgres() { compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; }
command -v redis-server >/dev/null || missing+=(redis-server)
have_postgres || missing+=(postgresql)
command -v mariadbd >/dev/null || [ -x /usr/sbin/mariadbd ] || missing+=(mariadb-server)
[ -f /usr/share/java/zookeeper.jar ] || missing+=(zookeeper)
command -v etcd >/dev/null || missing+=(etcd-server)
command -v java >/dev/null || missing+=(default-jre-headless)
command -v docker-compose >/dev/null || missing+=(docker-compose)
# The Tooz driver's run: Debian's Tooz (with its tests) and gRPC for Python, and what Tooz's tests import.
for package in python3-tooz python3-grpcio python3-grpc-tools python3-pytest python3-testtools python3-fixtures python3-venv; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing+=("$package")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "test.sh: installing ${missing[*]}" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The compose file must stay valid (no Docker engine is needed for this check).
docker-compose -f docker-compose.yml config -q

# Build once, then run the test projects one after another (-m:1): the in-process clusters and the real servers are
# timing-sensitive, and the machine may have only 2 cores.
dotnet build Orleans.Coord.sln -c Release
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
dotnet test Orleans.Coord.sln -c Release --no-build -m:1 --blame-hang-timeout 5m "$@" 2>&1 | tee "$log" || status=$?

# The benchmark in smoke mode, so that it keeps working (it reports figures; nothing here asserts timings).
if [ "$status" -eq 0 ]; then
  dotnet run -c Release --no-build --project tests/Orleans.Coord.Benchmarks -- --quick --backend localhost --scenario all >/dev/null || status=$?
fi
if [ "$status" -eq 0 ]; then
  dotnet run -c Release --no-build --project tests/Orleans.Coord.Benchmarks -- --quick --backend redis \
    --scenario lock_uncontended,lock_contended,silo_failover >/dev/null || status=$?
fi

# The chaos suite (docs/testing.md): 2 minutes of silo kills, silo pauses, worker kills and a Redis restart under load;
# fails the script on a safety violation (its logs are then kept). Its last line ("chaos: 0 violations, 12 silo kills, ...") goes to the closing line.
chaos="chaos: not run"
if [ "$status" -eq 0 ]; then
  chaos_dir="$(mktemp -d)"
  chaos_status=0
  dotnet tests/Orleans.Coord.Chaos/bin/Release/net10.0/Orleans.Coord.Chaos.dll run --minutes 2 --backend redis --out "$chaos_dir/logs" \
    >"$chaos_dir/out" 2>&1 || chaos_status=$?
  chaos="$(grep '^chaos: [0-9]' "$chaos_dir/out" | tail -1)" || true
  chaos="${chaos:-chaos: failed to run}"
  if [ "$chaos_status" -eq 0 ]; then
    rm -rf "$chaos_dir"
  else
    status=$chaos_status
    cat "$chaos_dir/out" >&2
    echo "test.sh: the chaos run's logs are in $chaos_dir/logs" >&2
  fi
fi

# The README's tour: a development silo process and the client sample (explicit and hosted) against it.
if [ "$status" -eq 0 ]; then
  tour_log="$(mktemp)"
  dotnet silo/bin/Release/net10.0/Orleans.Coord.Silo.dll --silo-port 11911 --gateway-port 30911 --http-port 0 --grpc-port 0 >"$tour_log" 2>&1 &
  silo_pid=$!
  for _ in $(seq 1 120); do grep -q "silo started" "$tour_log" && break; sleep 0.5; done
  dotnet client-sample/bin/Release/net10.0/Orleans.Coord.ClientSample.dll --gateway 127.0.0.1:30911 >"$tour_log.client" 2>&1 \
    || { status=$?; cat "$tour_log" "$tour_log.client" >&2; }
  kill "$silo_pid" 2>/dev/null; wait "$silo_pid" 2>/dev/null || true
  rm -f "$tour_log" "$tour_log.client"
fi

# Tooz's own functional tests through the Tooz driver (clients/python) against a silo process over gRPC, then the
# driver's own tests; fails the script when fewer than 76 of Tooz's 81 tests pass or a test of the driver fails. It runs
# even when a test above failed, so that its counts are reported.
tooz="$(clients/python/run_tooz_tests.sh)" || status=$?
tooz="${tooz:-tooz: failed to run}"

# The failed tests by name, each with its error message (not its stack), so that the last lines of the output say what failed.
awk '/^ +Failed [^ ]+ \[/{print; show=1; next} /^ +Stack Trace:/{show=0} show{print}' "$log" | head -60 >&2

# One closing line over all test projects, the chaos run and the Tooz run, e.g.
# "tests: 180 passed, 0 failed; chaos: 0 violations, 12 silo kills, 1 backend restart, ...; tooz: 79 passed, 1 failed,
# 1 skipped; driver: 3 passed, 0 failed".
awk -v tooz="$tooz" -v chaos="$chaos" '/(Passed|Failed)! +- +Failed: /{gsub(",","");for(i=1;i<=NF;i++){if($i=="Failed:")f+=$(i+1);if($i=="Passed:")p+=$(i+1)}}
     END{printf "tests: %d passed, %d failed; %s; %s\n", p, f, chaos, tooz}' "$log"
exit "$status"
