#!/bin/sh
# regen-upstream.sh: recompute tests/render/upstream.sha256 with the real
# `kubectl kustomize` and fail if it differs from the committed file.
# Needs kubectl; takes about a minute (kustomize is slow on the CRDs).
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
UP=${UPSTREAM:-$ROOT/../shared/upstream/argo-workflows}
OUT=$ROOT/tests/render/upstream.sha256
command -v kubectl >/dev/null || { echo "kubectl not found" >&2; exit 2; }
tmp=$(mktemp)
trap 'rm -f "$tmp" "$tmp.y"' EXIT
{
	echo "# sha256 of \`kubectl kustomize --load-restrictor=LoadRestrictionsNone DIR\` (kubectl 1.32.4,"
	echo "# kustomize v5.5.0) for every kustomization under ../shared/upstream/argo-workflows;"
	echo "# FAIL where kubectl kustomize exits non-zero.  Regenerate: tests/render/regen-upstream.sh"
	cd "$UP"
	for v in v4.1.2 v3.7.18; do
		for k in $(find "$v/manifests" -name kustomization.yaml | sort); do
			d=$(dirname "$k")
			if kubectl kustomize --load-restrictor=LoadRestrictionsNone "$d" >"$tmp.y" 2>/dev/null; then
				echo "$(sha256sum <"$tmp.y" | cut -c1-64)  $d"
			else
				echo "FAIL  $d"
			fi
		done
	done
} >"$tmp"
if ! cmp -s "$tmp" "$OUT"; then
	diff -u "$OUT" "$tmp" || true
	cp "$tmp" "$OUT"
	echo "upstream.sha256 changed (rewritten); review and commit" >&2
	exit 1
fi
echo "upstream.sha256 is up to date"
