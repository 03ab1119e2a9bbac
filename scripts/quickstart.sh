#!/bin/sh
# quickstart.sh: the first command of README.md.  Installs what is
# missing (apt-get or Homebrew), builds argolab, and runs the main job
# available today: rendering the Argo Workflows v4.1.2 quick-start from
# its kustomize tree and checking it byte for byte against the published
# quick-start-postgres.yaml.
set -eu
cd "$(dirname "$0")/.."
scripts/install-deps.sh
make
UP=${UPSTREAM:-../shared/upstream/argo-workflows}
if [ ! -d "$UP/v4.1.2/manifests/quick-start/postgres" ]; then
	echo "quickstart: built bin/argolab; no upstream manifests at $UP to render" >&2
	echo "(set UPSTREAM=DIR to a checkout laid out as <tag>/manifests/...)" >&2
	exit 0
fi
out=$(mktemp)
trap 'rm -f "$out"' EXIT
start=$(date +%s.%N)
bin/argolab render --load-restrictor LoadRestrictionsNone \
	"$UP/v4.1.2/manifests/quick-start/postgres" >"$out"
end=$(date +%s.%N)
objects=$(grep -c '^kind: ' "$out")
if tail -n +2 "$UP/v4.1.2/manifests/quick-start-postgres.yaml" | cmp -s - "$out"; then
	verdict="identical to the published quick-start-postgres.yaml"
else
	verdict="DIFFERENT from the published quick-start-postgres.yaml"
fi
printf 'rendered %s objects (%s bytes) in %.2f s: %s\n' "$objects" \
	"$(wc -c <"$out" | tr -d ' ')" "$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')" "$verdict"
case $verdict in DIFF*) exit 1 ;; esac
