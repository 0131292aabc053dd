#!/usr/bin/env bash
# bench.sh: how fast is faultline, against the types-only floor, go vet and
# staticcheck, on the standard library and on any module directories given.
#
#   ./scripts/bench.sh [-n runs] [-x 'faultline flags']... [-no-std] [module-dir ...]
#
# -no-std leaves out the standard library (minutes and GBs per run).
# -n sets the number of timed runs (default 3); each -x adds a row that
# times faultline with those flags too, e.g. -x -ctxtimeout=false to see
# what a check costs.
#
# For every target it prints wall time, CPU time (user+sys) and peak memory
# (the median of the runs), then the ratios faultline/floor,
# faultline/go vet and faultline/staticcheck, and the per-check time of
# faultline on the target (-debug=tp: one package at a time). With
# FAULTLINE_GCL set to a golangci-lint binary built with the plugin
# (golangci-lint custom), it also times that binary running only faultline,
# and the same binary running only go vet's unusedresult (a types-only
# analyzer without facts: golangci-lint's own floor), on each module. It installs
# staticcheck at the pinned version itself. A benchmark, not a test: it
# asserts nothing. Run one at a time: a run over std takes minutes and GBs.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

runs=3
variants=()
std=std
while [ $# -gt 0 ]; do
	case $1 in
	-n) runs=$2; shift 2 ;;
	-x) variants+=("$2"); shift 2 ;;
	-no-std) std=; shift ;;
	*) break ;;
	esac
done
targets=($std "$@")

STATICCHECK_VERSION=v0.8.2
tools="$root/.tools"
mkdir -p "$tools"
if ! "$tools/staticcheck" -version 2>/dev/null | grep -q "($STATICCHECK_VERSION)"; then
	(cd / && GOBIN="$tools" go install "honnef.co/go/tools/cmd/staticcheck@$STATICCHECK_VERSION")
fi
if ! [ -x /usr/bin/time ]; then
	echo "bench.sh needs GNU time (/usr/bin/time): installing Debian's 'time' package" >&2
	(apt-get update -qq && apt-get install -y -qq time) >/dev/null
fi

bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
go build -o "$bin/faultline" ./cmd/faultline
go build -o "$bin/floor" ./scripts/floor

cache_entries=$(find "$(go env GOCACHE)" -type f 2>/dev/null | wc -l)
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $(go version)"
echo "build cache before the run: $cache_entries files ($( [ "$cache_entries" -gt 1000 ] && echo warm || echo cold)); one untimed warm-up run precedes the timed runs of each tool"
echo "figures: median of $runs runs"
echo

# measure DIR CMD...: prints "wall cpu peakMB", each the median of its
# column over $runs runs.
measure() {
	local dir=$1; shift
	local out=()
	(cd "$dir" && "$@" >/dev/null 2>&1) || true # warm-up
	for _ in $(seq "$runs"); do
		local f
		f=$(mktemp)
		(cd "$dir" && /usr/bin/time -f "%e %U %S %M" -o "$f" "$@" >/dev/null 2>&1) || true
		out+=("$(tail -n 1 "$f")")
		rm -f "$f"
	done
	local rows
	rows=$(printf '%s\n' "${out[@]}" | awk '{print $1, $2+$3, $4/1024}')
	printf '%s %s %s\n' "$(median 1 <<<"$rows" | xargs printf '%.2f')" \
		"$(median 2 <<<"$rows" | xargs printf '%.2f')" "$(median 3 <<<"$rows" | xargs printf '%.0f')"
}

# median COL: the median of column COL of stdin (the lower one for an even count).
median() { awk -v c="$1" '{print $c}' | sort -g | awk '{v[NR]=$1} END{print v[int((NR+1)/2)]}'; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b > 0) printf "%.2fx", a/b; else print "n/a" }'; }

for target in "${targets[@]}"; do
	if [ "$target" = std ]; then
		dir=$root pattern=std name="std"
	else
		dir=$(cd "$target" && pwd) pattern=./... name=$target
	fi
	echo "== $name"
	printf '%-34s %9s %9s %9s\n' tool wall_s cpu_s peak_MB
	fl=$(measure "$dir" "$bin/faultline" "$pattern")
	vrows=()
	for v in "${variants[@]}"; do
		# shellcheck disable=SC2086 # the flags are meant to split
		vrows+=("faultline $v:$(measure "$dir" "$bin/faultline" $v "$pattern")")
	done
	fo=$(measure "$dir" "$bin/floor" "$pattern")
	# A vet flag that changes on every run makes go vet re-run its analysis
	# (results uncached) without recompiling anything.
	gv=$(measure "$dir" bash -c 'go vet -printf.funcs=benchNonce$RANDOM$RANDOM '"$pattern")
	gvc=$(measure "$dir" go vet "$pattern")
	vt=$(measure "$dir" go vet -vettool="$bin/faultline" "$pattern")
	sc=$(measure "$dir" "$tools/staticcheck" "$pattern")
	for row in "faultline:$fl" "${vrows[@]}" "floor (types only):$fo" "go vet (results uncached):$gv" "go vet (cached):$gvc" "go vet -vettool=faultline (cached):$vt" "staticcheck $STATICCHECK_VERSION:$sc"; do
		read -r w c m <<<"${row#*:}"
		printf '%-34s %9s %9s %9s\n' "${row%%:*}" "$w" "$c" "$m"
	done
	read -r flw flc flm <<<"$fl"
	read -r fow foc fom <<<"$fo"
	read -r gvw _ _ <<<"$gv"
	read -r scw _ scm <<<"$sc"
	target_ratio=1.3
	[ "$target" = std ] && target_ratio=1.5
	echo "faultline/floor:       wall $(ratio "$flw" "$fow"), cpu $(ratio "$flc" "$foc"), memory $(ratio "$flm" "$fom")   (targets: ${target_ratio}x wall and memory)"
	for row in "${vrows[@]}"; do
		read -r vw vc vm <<<"${row#*:}"
		echo "${row%%:*} / floor: wall $(ratio "$vw" "$fow"), cpu $(ratio "$vc" "$foc"), memory $(ratio "$vm" "$fom")"
	done
	echo "faultline/go vet:      wall $(ratio "$flw" "$gvw")"
	echo "faultline/staticcheck: wall $(ratio "$flw" "$scw"), memory $(ratio "$flm" "$scm")"
	if [ -n "${FAULTLINE_GCL:-}" ] && [ "$target" != std ]; then
		cfg=$(mktemp --suffix=.yml)
		cp "$root/.golangci-plugin.yml" "$cfg" # faultline only (default: none)
		none=$(mktemp --suffix=.yml)
		# The floor of golangci-lint itself: one types-only linter without
		# facts (go vet's unusedresult).
		printf 'version: "2"\nlinters:\n  default: none\n  enable: [govet]\n  settings:\n    govet:\n      disable-all: true\n      enable: [unusedresult]\n' >"$none"
		gl=$(measure "$dir" env GOLANGCI_LINT_CACHE="$(mktemp -d)" "$FAULTLINE_GCL" run -c "$cfg" --issues-exit-code=0 ./...)
		gn=$(measure "$dir" env GOLANGCI_LINT_CACHE="$(mktemp -d)" "$FAULTLINE_GCL" run -c "$none" --issues-exit-code=0 ./...)
		read -r glw glc glm <<<"$gl"
		read -r gnw gnc gnm <<<"$gn"
		printf '%-34s %9s %9s %9s\n' "golangci-lint, faultline only" "$glw" "$glc" "$glm" "golangci-lint, unusedresult only" "$gnw" "$gnc" "$gnm"
		echo "golangci faultline/unusedresult: wall $(ratio "$glw" "$gnw"), cpu $(ratio "$glc" "$gnc"), memory $(ratio "$glm" "$gnm")   (uncached: a fresh GOLANGCI_LINT_CACHE each run)"
		rm -f "$cfg" "$none"
	fi
	echo "per-check time (-debug=tp: one package at a time, summed over packages):"
	(cd "$dir" && "$bin/faultline" -debug=tp "$pattern" 2>&1 >/dev/null || true) |
		awk '$1 == "faultline:" && $2 == "time" { printf "  %-22s %8s\n", $3, $4 }'
	echo
done
