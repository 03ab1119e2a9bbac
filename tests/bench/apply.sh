#!/bin/sh
# apply.sh: server-side apply of a rendered profile, argolab side by side
# with kubectl (part of `make bench`).
#
# The same YAML (the rendered default profile: the v4.1.2 quick-start,
# 12 MB with its CRDs; and a synthetic profile of 2,000 objects) is
# applied to a fresh `argolab sim --no-simulation` (so that controllers
# add no work to either side) by
#   argolab up --no-wait   (discovery, the inventory, dependency order, CRDs
#                           waited for until Established, parallel applies)
#   kubectl apply --server-side (fresh discovery cache each run, as a
#                           first apply on a new machine has)
# whole process, RUNS times each (default 5), a new simulator per run;
# the median wall time and the ratio are printed.
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
ARGOLAB=${ARGOLAB:-$ROOT/bin/argolab}
RUNS=${RUNS:-5}
TMP=$(mktemp -d)
RUN=$TMP/run
trap '"$ARGOLAB" sim stop --dir "$RUN" >/dev/null 2>&1; rm -rf "$TMP"' EXIT
command -v kubectl >/dev/null 2>&1 || { echo "apply bench: kubectl is not installed; skipped"; exit 0; }

median() {
	sort -n | awk '{t[NR] = $1} END {print t[int((NR + 1) / 2)]}'
}

now() {
	date +%s.%N
}

# time_apply TOOL DIR: seconds for one apply of DIR/all.yaml to a fresh simulator
time_apply() {
	"$ARGOLAB" sim start --detach --no-simulation --dir "$RUN" -q
	kc=$RUN/kubeconfig
	t0=$(now)
	if [ "$1" = argolab ]; then
		"$ARGOLAB" up --no-wait -q --kubeconfig "$kc" --inventory bench -f "$2/all.yaml" >"$TMP/out" 2>"$TMP/err" ||
			{ cat "$TMP/err" >&2; exit 1; }
	else
		kubectl --kubeconfig "$kc" --cache-dir "$TMP/kc.$$.$(now)" apply --server-side \
			--field-manager bench -f "$2/all.yaml" >"$TMP/out" 2>"$TMP/err" ||
			{ cat "$TMP/err" >&2; exit 1; }
	fi
	t1=$(now)
	"$ARGOLAB" sim stop --dir "$RUN" >/dev/null
	awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", b - a }'
}

bench() {
	label=$1
	dir=$2
	n=$(grep -c '^kind: ' "$dir/all.yaml")
	i=0
	: >"$TMP/a"
	: >"$TMP/k"
	while [ $i -lt "$RUNS" ]; do
		time_apply argolab "$dir" >>"$TMP/a"
		time_apply kubectl "$dir" >>"$TMP/k"
		i=$((i + 1))
	done
	a=$(median <"$TMP/a")
	k=$(median <"$TMP/k")
	printf '  %-34s %6s objects   argolab %6.2f s   kubectl %6.2f s   argolab is %sx faster\n' \
		"$label" "$n" "$a" "$k" "$(awk -v a="$a" -v k="$k" 'BEGIN { printf "%.1f", k / a }')"
}

echo "== apply: argolab up --no-wait vs kubectl apply --server-side ($RUNS runs each, median, a fresh simulator per run)"
mkdir -p "$TMP/qs" "$TMP/syn"
(cd "$ROOT" && "$ARGOLAB" render --profile default) >"$TMP/qs/all.yaml"
printf 'resources:\n- all.yaml\n' >"$TMP/qs/kustomization.yaml"
bench "default profile (v4.1.2 quick-start)" "$TMP/qs"

sh "$ROOT/tests/bench/gen-synthetic.sh" 2000 "$TMP/gen" >/dev/null
{
	printf 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: bench\n---\n'
	"$ARGOLAB" render "$TMP/gen"
} >"$TMP/syn/all.yaml"
printf 'resources:\n- all.yaml\n' >"$TMP/syn/kustomization.yaml"
bench "synthetic profile" "$TMP/syn"
