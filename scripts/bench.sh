#!/usr/bin/env bash
# bench.sh: how fast is faultline, against the types-only floor, go vet and
# staticcheck, on the standard library and on any module directories given.
#
#   ./scripts/bench.sh [-n runs] [-x 'faultline flags']... [module-dir ...]
#
# -n sets the number of timed runs (default 3); each -x adds a row that
# times faultline with those flags too, e.g. -x -ctxtimeout=false to see
# what a check costs (a check that declares facts makes the standalone
# driver analyse every dependency from source).
#
# For every target it prints wall time, CPU time (user+sys) and peak memory
# (the median of the runs), then the ratios faultline/floor,
# faultline/go vet and faultline/staticcheck, and the per-analyzer time of
# faultline on the target (from multichecker's -debug=tp). It installs
# staticcheck at the pinned version itself. A benchmark, not a test: it
# asserts nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

runs=3
variants=()
while [ $# -gt 0 ]; do
	case $1 in
	-n) runs=$2; shift 2 ;;
	-x) variants+=("$2"); shift 2 ;;
	*) break ;;
	esac
done
targets=("std" "$@")

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
	echo "faultline/floor:       wall $(ratio "$flw" "$fow"), cpu $(ratio "$flc" "$foc"), memory $(ratio "$flm" "$fom")   (targets: 2x wall, 1.5x memory)"
	for row in "${vrows[@]}"; do
		read -r vw vc vm <<<"${row#*:}"
		echo "${row%%:*} / floor: wall $(ratio "$vw" "$fow"), cpu $(ratio "$vc" "$foc"), memory $(ratio "$vm" "$fom")"
	done
	echo "faultline/go vet:      wall $(ratio "$flw" "$gvw")"
	echo "faultline/staticcheck: wall $(ratio "$flw" "$scw"), memory $(ratio "$flm" "$scm")"
	echo "per-analyzer time (sum of the actions that make up 90% of the total, -debug=tp, sequential):"
	(cd "$dir" && "$bin/faultline" -debug=tp "$pattern" 2>&1 >/dev/null || true) |
		awk -F'\t' '$2 ~ /@/ { split($2, a, "@"); d=$1; s=0;
			if (d ~ /ms$/) s=substr(d,1,length(d)-2)/1000; else if (d ~ /µs$/) s=substr(d,1,length(d)-2)/1e6; else if (d ~ /s$/) s=substr(d,1,length(d)-1);
			t[a[1]] += s } END { for (k in t) printf "  %-22s %8.2fs\n", k, t[k] }' | sort -k2 -rn
	echo
done
