#!/bin/sh
# sim.sh: the simulated API server under load (part of `make bench`).
#
# A fresh `argolab sim --no-simulation` (so that controllers add no
# work of their own) on a free loopback port; simload (simload.c) drives
# it with 1, 8 and 64 concurrent keep-alive HTTPS clients:
#   - GET of one ConfigMap,
#   - LIST of 1,000 ConfigMaps,
#   - server-side apply (create-on-apply of a new ConfigMap each time),
# and the resident memory of the server is read before and after
# storing 10,000 ConfigMaps.  As a side-by-side reference, the same
# 1,000 objects are also server-side applied by `kubectl apply
# --server-side` in one process, against the same server.
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
ARGOLAB=${ARGOLAB:-$ROOT/bin/argolab}
SIMLOAD=${SIMLOAD:-$ROOT/build/bench/simload}
SECS=${SIM_BENCH_SECONDS:-3}
TMP=$(mktemp -d)
RUN=$TMP/run
trap '"$ARGOLAB" sim stop --dir "$RUN" >/dev/null 2>&1; rm -rf "$TMP"' EXIT

"$ARGOLAB" sim start --detach --no-simulation --dir "$RUN" -q
KC=$RUN/kubeconfig
PID=$(sed -n 's/.*"pid": \([0-9]*\).*/\1/p' "$RUN/info.json")
NS=/api/v1/namespaces/default/configmaps

rss_kb() {
	sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\).*/\1/p' "/proc/$PID/status"
}

load() {
	"$SIMLOAD" --kubeconfig "$KC" "$@"
}

field() { # field NAME LINE
	echo "$2" | sed -n "s/.* $1 \([^ ]*\).*/\1/p"
}

echo "== argolab sim: requests per second ($SECS s per figure, keep-alive HTTPS, 2 cores shared with the load generator)"
printf '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm-@N@"},"data":{"key":"value-@N@"}}' >"$TMP/cm.json"
load --method POST --path "$NS" --body "$TMP/cm.json" --content-type application/json \
	--vary --requests 1000 --clients 8 --seconds 60 >/dev/null
for c in 1 8 64; do
	printf '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"ssa-%s-@N@"},"data":{"key":"applied"}}' $c >"$TMP/ssa-$c.json"
done
printf '  %-34s %8s %8s %8s %8s\n' "request" "clients" "req/s" "p50 ms" "p99 ms"
for what in get list apply; do
	for c in 1 8 64; do
		case $what in
		get) line=$(load --path "$NS/cm-7" --clients $c --seconds "$SECS") ;;
		list) line=$(load --path "$NS" --clients $c --seconds "$SECS") ;;
		apply) line=$(load --method PATCH --path "$NS/ssa-$c-@N@?fieldManager=bench" \
			--body "$TMP/ssa-$c.json" --content-type application/apply-patch+yaml \
			--vary --clients $c --seconds "$SECS") ;;
		esac
		label="GET one object"
		[ $what = list ] && label="LIST of 1,000 objects"
		[ $what = apply ] && label="server-side apply"
		printf '  %-34s %8s %8s %8s %8s\n' "$label" "$c" "$(field rps "$line")" \
			"$(field p50_ms "$line")" "$(field p99_ms "$line")"
		if [ "$(field errors "$line")" != 0 ]; then
			echo "  ($(field errors "$line") errors)"
		fi
	done
done

echo
echo "== memory"
before=$(rss_kb)
load --method POST --path "$NS" --body "$TMP/cm.json" --content-type application/json \
	--vary --requests 11000 --clients 8 --seconds 300 >/dev/null
after=$(rss_kb)
echo "  server RSS ${before} KB -> ${after} KB after 10,000 more ConfigMaps: $(( (after - before) / 1024 )) MB per 10,000 objects"

if command -v kubectl >/dev/null 2>&1; then
	echo
	echo "== side by side: 1,000 ConfigMaps server-side applied in one process"
	i=0
	: >"$TMP/many.yaml"
	while [ $i -lt 1000 ]; do
		printf -- '---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: side-%d\n  namespace: default\ndata:\n  key: v\n' $i >>"$TMP/many.yaml"
		i=$((i + 1))
	done
	start=$(date +%s.%N)
	kubectl --kubeconfig "$KC" --cache-dir "$TMP/kc" apply --server-side -f "$TMP/many.yaml" >/dev/null
	end=$(date +%s.%N)
	awk -v a="$start" -v b="$end" 'BEGIN { printf "  kubectl apply --server-side: %.2f s (%.0f objects/s; one request at a time)\n", b - a, 1000 / (b - a) }'
fi
