#!/usr/bin/env bash
# Proves on a real PostgreSQL that the demo's races act more than once, and
# that faultline's fixes make them act exactly once:
#   ./scripts/race-proof.sh [-v]
#
# It installs PostgreSQL from Debian's packages when no initdb is found,
# starts a throwaway cluster as an unprivileged user in a temporary
# directory, on a free loopback port (no system service), and removes it all
# at exit, also on failure or Ctrl-C. It makes two copies of testdata/demo:
# one as written, one after `faultline -fix` plus the reviewed patch for the
# finding that has no edit (testdata/raceproof/*.patch), builds the test
# binary of testdata/raceproof/raceproof_test.go into each, runs both, and
# prints one line per case:
#   <check> <case>: before N effects, after 1
# It exits 0 only when every case double-acted before and acted once after.
#
# -v prints the effects of every round, the fixed code's diff and the log
# of PostgreSQL on failure. RACEPROOF_REQUESTS (8), RACEPROOF_ROUNDS (20) and
# RACEPROOF_LATENCY (20ms) change the run; see testdata/raceproof.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

verbose=""
case "${1:-}" in
-v) verbose=1 ;;
"") ;;
*) echo "usage: $0 [-v]" >&2; exit 2 ;;
esac

say() { printf 'race-proof: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

sudo=""
if [ "$(id -u)" != 0 ]; then sudo=sudo; fi

# --- PostgreSQL's binaries, installed when missing --------------------------
pgbin() {
	local d
	if command -v pg_config >/dev/null && d=$(pg_config --bindir 2>/dev/null) && [ -x "$d/initdb" ]; then
		echo "$d"; return
	fi
	for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5,5n -r); do
		if [ -x "$d/initdb" ]; then echo "$d"; return; fi
	done
	if command -v initdb >/dev/null; then dirname "$(command -v initdb)"; fi
}
bin=$(pgbin || true)
if [ -z "$bin" ]; then
	say "installing PostgreSQL (Debian's postgresql package)"
	command -v apt-get >/dev/null || die "no initdb, and no apt-get to install PostgreSQL with: install PostgreSQL's server binaries"
	# Keep the package from starting its system service: a policy-rc.d that
	# says no, only for the install, only if there is none already.
	policy=""
	if [ ! -e /usr/sbin/policy-rc.d ]; then
		policy=/usr/sbin/policy-rc.d
		printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
		$sudo chmod 755 "$policy"
	fi
	rc=0
	{ $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null; } || rc=$?
	if [ -n "$policy" ]; then $sudo rm -f "$policy"; fi
	[ "$rc" = 0 ] || die "apt-get install postgresql failed (exit $rc)"
	bin=$(pgbin || true)
	[ -n "$bin" ] || die "installed postgresql, yet found no initdb under /usr/lib/postgresql"
fi

# initdb and postgres refuse to run as root: run them as postgres (the
# package's user), or as a system user made for this when there is none.
as_pg=()
if [ "$(id -u)" = 0 ]; then
	pguser=postgres
	if ! id -u "$pguser" >/dev/null 2>&1; then
		pguser=faultline-pg
		id -u "$pguser" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$pguser"
	fi
	as_pg=(runuser -u "$pguser" --)
fi
# PostgreSQL's commands run from the cluster's directory (the user they run
# as may not be able to enter the current one).
pg() { (cd "$tmp/pg" && "${as_pg[@]}" "$@"); }

# --- the throwaway cluster, removed at exit -----------------------------------
tmp=$(mktemp -d "${TMPDIR:-/tmp}/faultline-race-proof.XXXXXX")
pgdata="$tmp/pg/data"
started=""
cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	if [ -n "$started" ]; then
		pg "$bin/pg_ctl" -D "$pgdata" -m immediate -w stop >/dev/null 2>&1 || true
		if [ -f "$pgdata/postmaster.pid" ]; then
			kill -9 "$(head -n1 "$pgdata/postmaster.pid")" 2>/dev/null || true
		fi
	fi
	if [ "$rc" != 0 ] && [ -n "$verbose" ] && [ -f "$tmp/pg/log" ]; then
		say "PostgreSQL's log:"; sed 's/^/  /' "$tmp/pg/log" >&2
	fi
	rm -rf "$tmp"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

chmod 755 "$tmp"
mkdir -p "$tmp/pg"
if [ "${#as_pg[@]}" -gt 0 ]; then chown "$pguser" "$tmp/pg"; fi
pg test -w "$tmp/pg" || die "$pguser cannot write to $tmp/pg: set TMPDIR to a directory every user can enter"
pg "$bin/initdb" -D "$pgdata" -U postgres -A trust -E UTF8 --locale=C --no-sync >"$tmp/pg/initdb.log" 2>&1 ||
	{ cat "$tmp/pg/initdb.log" >&2; die "initdb failed"; }

# A free loopback port: one nothing answers on; if another process takes it
# before postgres binds it, start fails and the next port is tried.
port=""
for _ in 1 2 3 4 5; do
	p=$((20000 + RANDOM % 40000))
	if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then continue; fi
	if pg "$bin/pg_ctl" -D "$pgdata" -l "$tmp/pg/log" -w -t 60 start \
		-o "-c listen_addresses=127.0.0.1 -p $p -c unix_socket_directories=$tmp/pg -c fsync=off -c max_connections=50" >/dev/null; then
		port=$p
		started=1
		break
	fi
done
[ -n "$port" ] || { sed 's/^/  /' "$tmp/pg/log" >&2 || true; die "PostgreSQL did not start"; }
dsn="postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
say "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"

# --- the demo before and after faultline's fixes ------------------------------
faultline="$tmp/faultline"
go build -o "$faultline" ./cmd/faultline
before="$tmp/before"
after="$tmp/after"
cp -R testdata/demo "$before"
cp -R testdata/demo "$after"

# faultline exits 3 when it reports: the unfixed demo must have the findings
# the cases are about, and the fixed one none of them.
set +e
"$faultline" -C "$before" -selectinsert -onconflict ./... 2>"$tmp/before.findings"
rc=$?
set -e
[ "$rc" = 3 ] || { cat "$tmp/before.findings" >&2; die "faultline -selectinsert -onconflict on the demo exited $rc, want 3 (findings)"; }
set +e
"$faultline" -C "$after" -fix ./... 2>"$tmp/fix.log"
rc=$?
set -e
[ "$rc" = 0 ] || [ "$rc" = 3 ] || { cat "$tmp/fix.log" >&2; die "faultline -fix exited $rc"; }
for p in testdata/raceproof/*.patch; do
	# (git apply inside a repository would apply relative to its root: the
	# ceiling keeps it from finding one above the copy)
	(cd "$after" && GIT_CEILING_DIRECTORIES="$tmp" git apply --whitespace=error-all "$root/$p") ||
		die "$p does not apply to the fixed demo"
done
if ! "$faultline" -C "$after" -selectinsert -onconflict ./... 2>"$tmp/after.findings"; then
	cat "$tmp/after.findings" >&2
	die "the fixed demo still has selectinsert or onconflict findings"
fi
if [ -n "$verbose" ]; then
	say "the fixed demo (faultline -fix, then testdata/raceproof/*.patch):"
	git diff --no-index --no-prefix "$before" "$after" >&2 || true
fi

# Build the harness into both. pgxpool needs two modules pgx already
# requires (their sums are in the demo's go.sum); the demo itself does not.
for d in "$before" "$after"; do
	cp testdata/raceproof/raceproof_test.go "$d/"
	(cd "$d" && go mod edit -require=github.com/jackc/puddle/v2@v2.2.3 -require=golang.org/x/sync@v0.22.0 &&
		go test -c -o "$d.test" .)
done

# --- the runs -----------------------------------------------------------------
export RACEPROOF_DSN="$dsn"
if [ -n "$verbose" ]; then export RACEPROOF_VERBOSE=1; fi
RACEPROOF_LABEL=before RACEPROOF_OUT="$tmp/before.json" "$before.test"
RACEPROOF_LABEL=after RACEPROOF_BEFORE="$tmp/before.json" "$after.test"
