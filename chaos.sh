#!/usr/bin/env bash
# The chaos suite (docs/testing.md): a real backend server, 3 silo processes and 4-6 client workers, faults injected at
# random from a printed seed, then a checker over the logs; exits non-zero on a safety violation.
# Usage: ./chaos.sh [--minutes N | --seconds N] [--backend redis|postgresql|zookeeper|etcd] [--seed N] [--workers N] [--out DIR]
set -euo pipefail
cd "$(dirname "$0")"
dll=tests/Orleans.Coord.Chaos/bin/Release/net10.0/Orleans.Coord.Chaos.dll
[ -f "$dll" ] || dotnet build tests/Orleans.Coord.Chaos -c Release >/dev/null
exec dotnet "$dll" run "$@"
