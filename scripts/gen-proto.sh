#!/usr/bin/env bash
# Compiles proto/optchain/**/*.proto into one protobufjs static module (pbjs/pbts, no protoc).
# The output is committed, like the SDK's .pb.go files; test/proto-fresh.test.ts fails when it is stale.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(find proto/optchain -name '*.proto' | LC_ALL=C sort)
npx pbjs -t static-module -w commonjs --force-number --no-verify --no-convert --no-delimited --no-service \
  -o proto/gen/optchain.js "${files[@]}"
npx pbts --no-comments -o proto/gen/optchain.d.ts proto/gen/optchain.js
