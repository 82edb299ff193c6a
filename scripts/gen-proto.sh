#!/usr/bin/env bash
# Compiles proto/optchain/**/*.proto into one protobufjs static module (pbjs/pbts, no protoc).
# The output is committed, like the SDK's .pb.go files; test/proto-fresh.test.ts fails when it is stale.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(find proto/optchain -name '*.proto' | LC_ALL=C sort)
npx pbjs -t static-module -w commonjs -p proto --force-number --no-verify --no-convert --no-delimited --no-service \
  -o proto/gen/optchain.js "${files[@]}"
npx pbts --no-comments -o proto/gen/optchain.d.ts proto/gen/optchain.js
# --force-number only changes the declared types: protobufjs still decodes 64-bit fields to Long objects when the
# `long` package is installed (it is, as protobufjs's own dependency). Switch Long off in the generated module's
# runtime, before any default is built, so values really are numbers as the .d.ts says (exact below 2^53).
sed -i '0,/^var \$protobuf = require("protobufjs\/minimal");$/s//var $protobuf = require("protobufjs\/minimal");\n\/\/ int64 fields are JS numbers, as the .d.ts declares (see scripts\/gen-proto.sh)\n$protobuf.util.Long = undefined;\n$protobuf.configure();/' proto/gen/optchain.js
grep -q '^\$protobuf.configure();$' proto/gen/optchain.js
