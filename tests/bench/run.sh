#!/bin/sh
# run.sh: `make bench`.  Times argolab render side by side with the peer
# tool, kubectl kustomize, in one run, and prints medians, peak memory and
# ratios:
#   1. the v4.1.2 quick-start/postgres tree (12 MB of output);
#   2. synthetic kustomizations of 1k, 10k and 50k objects, for growth
#      (50k should take at most 6x the time of 10k).
# Each measurement is a whole process (/usr/bin/time: wall seconds and
# maximum resident set size), RUNS times (default 5); the median is shown.
# BENCH_KUBECTL_SYNTHETIC=1 also times kubectl on the 10k set (slow).
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
ARGOLAB=${ARGOLAB:-$ROOT/bin/argolab}
UP=${UPSTREAM:-$ROOT/../shared/upstream/argo-workflows}
RUNS=${RUNS:-5}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "bench: /usr/bin/time is needed (apt-get install time)" >&2; exit 2; }
have_kubectl=1
command -v kubectl >/dev/null 2>&1 || have_kubectl=0

# measure LABEL N CMD...: N runs; prints "median_seconds median_kb"
measure() {
	label=$1
	n_runs=$2
	shift 2
	: >"$TMP/m"
	i=0
	while [ $i -lt "$n_runs" ]; do
		"$TIME" -f "%e %M" -o "$TMP/t" "$@" >"$TMP/out" 2>"$TMP/err" || {
			echo "bench: $label failed:" >&2
			cat "$TMP/err" >&2
			exit 1
		}
		tail -1 "$TMP/t" >>"$TMP/m"
		i=$((i + 1))
	done
	sort -n "$TMP/m" | awk '{t[NR] = $1} END {printf "%s ", t[int((NR + 1) / 2)]}'
	sort -n -k2 "$TMP/m" | awk '{m[NR] = $2} END {printf "%s\n", m[int((NR + 1) / 2)]}'
}

ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "inf" }'
}

echo "argolab render vs kubectl kustomize ($(kubectl version --client 2>/dev/null | sed -n 's/^Kustomize Version: //p'))"
echo "machine: $(nproc) cores, $(uname -m); $RUNS runs each, median shown"
echo

QS=$UP/v4.1.2/manifests/quick-start/postgres
if [ -d "$QS" ]; then
	echo "== quick-start/postgres v4.1.2"
	set -- $(measure argolab "$RUNS" "$ARGOLAB" render --load-restrictor LoadRestrictionsNone "$QS")
	a_t=$1 a_m=$2
	printf "  %-22s %8s s %10s KB\n" "argolab render" "$a_t" "$a_m"
	if [ $have_kubectl = 1 ]; then
		set -- $(measure kubectl "$RUNS" kubectl kustomize --load-restrictor=LoadRestrictionsNone "$QS")
		k_t=$1 k_m=$2
		printf "  %-22s %8s s %10s KB\n" "kubectl kustomize" "$k_t" "$k_m"
		echo "  speed: argolab is $(ratio "$k_t" "$a_t")x faster (goal: 20x); memory: $(ratio "$k_m" "$a_m")x less"
	fi
	echo
fi

echo "== synthetic kustomizations (namespace, prefix, labels+selectors, images, patch, references)"
for n in 1000 10000 50000; do
	sh "$ROOT/tests/bench/gen-synthetic.sh" $n "$TMP/s$n"
done
for n in 1000 10000 50000; do
	set -- $(measure "argolab $n" "$RUNS" "$ARGOLAB" render "$TMP/s$n")
	eval "t$n=$1"
	printf "  %-22s %8s s %10s KB  (%s us/object)\n" "argolab $n objects" "$1" "$2" \
		"$(awk -v t="$1" -v n=$n 'BEGIN { printf "%.1f", t * 1e6 / n }')"
done
growth=$(ratio "$t50000" "$t10000")
echo "  growth: 50k takes ${growth}x the time of 10k (goal: at most 6x)"
if [ $have_kubectl = 1 ]; then
	set -- $(measure "kubectl 1000" 1 kubectl kustomize "$TMP/s1000")
	printf "  %-22s %8s s %10s KB  (argolab %sx faster)\n" "kubectl 1000 objects" "$1" "$2" \
		"$(ratio "$1" "$t1000")"
	if [ "${BENCH_KUBECTL_SYNTHETIC:-0}" = 1 ]; then
		set -- $(measure "kubectl 10000" 1 kubectl kustomize "$TMP/s10000")
		printf "  %-22s %8s s %10s KB  (argolab %sx faster)\n" "kubectl 10000 objects" "$1" "$2" \
			"$(ratio "$1" "$t10000")"
	fi
fi
