#!/usr/bin/env bash
# Installs the pinned grpcurl (the gRPC e2e test's client: it lists and calls services through server reflection)
# from the Go module proxy into .bin/, like install-cometbft.sh. A no-op when GRPCURL_BIN, a grpcurl on PATH, or
# .bin/grpcurl already provides it.
set -euo pipefail
VERSION=v1.9.4
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
for candidate in "${GRPCURL_BIN:-}" "$(command -v grpcurl || true)" "$ROOT/.bin/grpcurl"; do
  if [ -n "$candidate" ] && [ -x "$candidate" ] && "$candidate" -version >/dev/null 2>&1; then
    echo "$("$candidate" -version 2>&1) at $candidate"
    exit 0
  fi
done
echo "installing grpcurl $VERSION into $ROOT/.bin (go install, a minute or two the first time)"
GOBIN="$ROOT/.bin" GOFLAGS=-mod=mod go install "github.com/fullstorydev/grpcurl/cmd/grpcurl@$VERSION"
"$ROOT/.bin/grpcurl" -version
