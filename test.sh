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
command -v java >/dev/null || missing+=(default-jre-headless)
command -v docker-compose >/dev/null || missing+=(docker-compose)

if [ ${#missing[@]} -gt 0 ]; then
  echo "test.sh: installing ${missing[*]}" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The compose file must stay valid (no Docker engine is needed for this check).
docker-compose -f docker-compose.yml config -q

dotnet test Orleans.Coord.sln -c Release --blame-hang-timeout 5m --logger "console;verbosity=normal" "$@"
