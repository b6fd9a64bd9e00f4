#!/usr/bin/env bash
# Regenerates tooz_orleans/_proto from the service's protos with Debian's python3-grpc-tools, and makes the generated
# imports relative to the package. The generated files are committed; run this after changing a .proto file.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
protos="$here/../../src/Orleans.Coord.Grpc/Protos"
out="$here/tooz_orleans/_proto"
rm -f "$out"/*_pb2.py "$out"/*_pb2_grpc.py
/usr/bin/python3 -m grpc_tools.protoc -I "$protos" --python_out="$out" --grpc_python_out="$out" "$protos"/*.proto
sed -i -E 's/^import (\w+_pb2) as/from . import \1 as/' "$out"/*.py
touch "$out/__init__.py"
