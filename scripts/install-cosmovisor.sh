#!/usr/bin/env bash
# Installs the pinned cosmovisor (the SDK's upgrade supervisor; test/upgrade.cosmovisor.e2e.test.ts runs optd under
# it) into .bin/. `go install …@v1.5.0` stops at the proxy's version list, which it reads for deprecations and which
# the proxy here refuses; the module itself is served, so it is downloaded and built from the module cache.
# A no-op when COSMOVISOR_BIN, a cosmovisor on PATH, or .bin/cosmovisor already provides it.
set -euo pipefail
VERSION=v1.5.0
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
for candidate in "${COSMOVISOR_BIN:-}" "$(command -v cosmovisor || true)" "$ROOT/.bin/cosmovisor"; do
  if [ -n "$candidate" ] && [ -x "$candidate" ] && grep -q 'upgrade-info.json' <<<"$("$candidate" help 2>/dev/null)"; then
    echo "cosmovisor at $candidate"
    exit 0
  fi
done
echo "installing cosmovisor $VERSION into $ROOT/.bin (go build, a few minutes the first time)"
MODULE_DIR="$(cd "$ROOT" && GOFLAGS=-mod=mod go mod download -json "cosmossdk.io/tools/cosmovisor@$VERSION" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')"
[ -d "$MODULE_DIR" ] || { echo "go mod download gave no module directory for cosmovisor@$VERSION" >&2; exit 1; }
mkdir -p "$ROOT/.bin"
(cd "$MODULE_DIR" && go build -o "$ROOT/.bin/cosmovisor" ./cmd/cosmovisor)
echo "cosmovisor $VERSION at $ROOT/.bin/cosmovisor"
