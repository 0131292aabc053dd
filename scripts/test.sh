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

# What the end-to-end tests (internal/e2e) drive: golangci-lint v2.15.0 (to
# build faultline's plugin into with `golangci-lint custom`), pre-commit
# (Debian's package) and the SARIF multitool (from npm). Each is installed
# only when missing.
GOLANGCI_LINT_VERSION=v2.15.0
SARIF_MULTITOOL_VERSION=5.7.0
step "end-to-end tools"
if ! "$tools/golangci-lint" version 2>&1 | grep "version ${GOLANGCI_LINT_VERSION#v} " >/dev/null; then
	echo "installing golangci-lint $GOLANGCI_LINT_VERSION"
	(cd / && GOBIN="$tools" GOWORK=off go install "github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$GOLANGCI_LINT_VERSION")
fi
if ! command -v pre-commit >/dev/null; then
	echo "installing pre-commit"
	sudo=""
	if [ "$(id -u)" != 0 ]; then sudo=sudo; fi
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq pre-commit >/dev/null
fi
multitool="$tools/sarif/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
if ! "$multitool" --version 2>&1 | grep "^SARIF Multitool $SARIF_MULTITOOL_VERSION" >/dev/null; then
	echo "installing @microsoft/sarif-multitool-linux@$SARIF_MULTITOOL_VERSION"
	mkdir -p "$tools/sarif"
	npm install --prefix "$tools/sarif" --no-save --no-audit --no-fund --loglevel=error \
		"@microsoft/sarif-multitool-linux@$SARIF_MULTITOOL_VERSION"
	chmod u+x "$multitool"
fi
golangci-lint version
pre-commit --version
"$multitool" --version 2>&1 | sed -n 1p
export FAULTLINE_SARIF_MULTITOOL="$multitool"

step "go test"
# (The end-to-end tests build golangci-lint twice on a cold machine.)
go test -count=1 -timeout 60m ./...

# The race proof: on a throwaway PostgreSQL (Debian's package, installed when
# there is no initdb), the demo's races act more than once and the fixed demo once.
step "race proof on PostgreSQL"
./scripts/race-proof.sh
