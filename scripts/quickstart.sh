#!/bin/sh
# quickstart.sh: the first command of README.md.  Installs what is
# missing (apt-get or Homebrew), builds argolab, and runs the main job
# available today:
#   1. argolab fetch: lay out the pinned upstream manifests, verified by
#      sha256 (through the local mirror ../shared/upstream when it is
#      there, as on machines without internet; set MIRROR= to fetch from
#      GitHub itself);
#   2. render the default profile (the v4.1.2 quick-start, pinned and
#      repaired) and say what it holds;
#   3. render the upstream quick-start from Argo's own kustomize tree and
#      check it byte for byte against the published quick-start-postgres.yaml;
#   4. start the embedded simulated cluster (argolab sim, at 100x speed)
#      and, when kubectl is installed, apply the default profile to it
#      server-side, wait until every Deployment is Available, and ask
#      argo-server and minio for their health through the API server's
#      service proxy.  The simulator is stopped at the end unless
#      KEEP_SIM=1.
set -eu
cd "$(dirname "$0")/.."
scripts/install-deps.sh
make
MIRROR=${MIRROR-../shared/upstream}
if [ -n "$MIRROR" ] && [ -d "$MIRROR" ]; then
	bin/argolab fetch --mirror "$MIRROR"
else
	bin/argolab fetch
fi

out=$(mktemp)
trap 'rm -f "$out"' EXIT
start=$(date +%s.%N)
bin/argolab render --profile default >"$out"
end=$(date +%s.%N)
printf 'profile default: %s objects (%s bytes) rendered in %.2f s; images:\n' \
	"$(grep -c '^kind: ' "$out")" "$(wc -c <"$out" | tr -d ' ')" \
	"$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')"
grep -E '^ *(- )?image: ' "$out" | sed 's/^ *-* *image: /  /' | sort -u

UP=manifests/argo-workflows/v4.1.2/manifests
start=$(date +%s.%N)
bin/argolab render --load-restrictor LoadRestrictionsNone "$UP/quick-start/postgres" >"$out"
end=$(date +%s.%N)
if tail -n +2 "$UP/quick-start-postgres.yaml" | cmp -s - "$out"; then
	verdict="identical to the published quick-start-postgres.yaml"
else
	verdict="DIFFERENT from the published quick-start-postgres.yaml"
fi
printf 'upstream quick-start/postgres: %s objects rendered in %.2f s: %s\n' \
	"$(grep -c '^kind: ' "$out")" \
	"$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')" "$verdict"
case $verdict in DIFF*) exit 1 ;; esac

RUN=${TMPDIR:-/tmp}/argolab-quickstart.$$
bin/argolab sim start --detach --speed 100 --dir "$RUN"
if [ "${KEEP_SIM:-0}" != 1 ]; then
	trap 'rm -f "$out"; bin/argolab sim stop --dir "$RUN" >/dev/null; rm -rf "$RUN"' EXIT
fi
if ! command -v kubectl >/dev/null 2>&1; then
	echo "quickstart: kubectl is not installed; the simulator runs (KUBECONFIG=$RUN/kubeconfig)"
	exit 0
fi
K="kubectl --kubeconfig $RUN/kubeconfig --cache-dir $RUN/kubectl-cache"
bin/argolab render --profile default >"$out"
start=$(date +%s.%N)
$K apply --server-side -f "$out" >/dev/null
$K wait --for=condition=Available deploy --all -n argo --timeout=120s
end=$(date +%s.%N)
printf 'quick-start applied to the simulated cluster and Available in %.2f s (wall)\n' \
	"$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')"
$K get pods -n argo
printf 'argo-server /api/v1/version: '
$K get --raw /api/v1/namespaces/argo/services/https:argo-server:2746/proxy/api/v1/version
echo
$K get --raw /api/v1/namespaces/argo/services/minio:9000/proxy/minio/health/ready >/dev/null &&
	echo "minio /minio/health/ready: ok"
if [ "${KEEP_SIM:-0}" = 1 ]; then
	echo "the simulator keeps running: export KUBECONFIG=$RUN/kubeconfig; stop it with 'argolab sim stop --dir $RUN'"
fi
