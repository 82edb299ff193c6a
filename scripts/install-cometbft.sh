#!/usr/bin/env bash
# Installs the pinned CometBFT (v0.38.x speaks ABCI 2.0; `@latest` is v1.x) from the Go module proxy into .bin/.
# A no-op when COMETBFT_BIN, a cometbft on PATH, or .bin/cometbft already provides v0.38.
set -euo pipefail
VERSION=v0.38.25
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
for candidate in "${COMETBFT_BIN:-}" "$(command -v cometbft || true)" "$ROOT/.bin/cometbft"; do
  if [ -n "$candidate" ] && [ -x "$candidate" ] && "$candidate" version 2>/dev/null | grep -q '^0\.38\.'; then
    echo "cometbft $("$candidate" version) at $candidate"
    exit 0
  fi
done
echo "installing cometbft $VERSION into $ROOT/.bin (go install, a few minutes the first time)"
GOBIN="$ROOT/.bin" GOFLAGS=-mod=mod go install "github.com/cometbft/cometbft/cmd/cometbft@$VERSION"
"$ROOT/.bin/cometbft" version
