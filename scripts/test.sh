#!/usr/bin/env bash
# The one command that runs every faultline test on a fresh machine with Go:
#   ./scripts/test.sh
# It installs what it needs itself (staticcheck at a pinned version, and the
# tools the end-to-end tests use), then runs gofmt, go vet, staticcheck and
# go test over the whole module.
set -euo pipefail
cd "$(dirname "$0")/.."

STATICCHECK_VERSION=v0.8.2 # staticcheck 2026.2.2, the honnef.co/go/tools we pin
tools="$(pwd)/.tools"
mkdir -p "$tools"
export PATH="$tools:$PATH"

step() { printf '\n== %s\n' "$*"; }

step "gofmt"
unformatted=$(git ls-files '*.go' 2>/dev/null | grep -v '/testdata/' | xargs -r gofmt -l || true)
if [ -n "$unformatted" ]; then
	echo "gofmt -l lists unformatted files:"; echo "$unformatted"; exit 1
fi

step "go vet"
go vet ./...

step "staticcheck $STATICCHECK_VERSION"
if ! "$tools/staticcheck" -version 2>/dev/null | grep -q "($STATICCHECK_VERSION)"; then
	(cd / && GOBIN="$tools" go install "honnef.co/go/tools/cmd/staticcheck@$STATICCHECK_VERSION")
fi
staticcheck ./...

step "go test"
go test -count=1 -timeout 60m ./...
