#!/bin/sh
# regen-goldens.sh: check (or rewrite) the golden outputs of the small
# render cases against the real `kubectl kustomize`.
#
#   tests/render/regen-goldens.sh           compare; exit 1 on any difference
#   tests/render/regen-goldens.sh --write   rewrite every expected.yaml
#
# Each case is a directory tests/render/cases/NN-name/ holding a
# kustomization, its inputs, expected.yaml (the exact stdout of
# `kubectl kustomize`) and, optionally, a one-line file `args` with extra
# flags (e.g. --load-restrictor=LoadRestrictionsNone).  kubectl 1.32.4
# (kustomize v5.5.0) produced the committed goldens.  Without kubectl the
# script says so and exits 0.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CASES=$ROOT/tests/render/cases
write=0
case ${1:-} in
--write) write=1 ;;
"") ;;
*)
	echo "usage: $0 [--write]" >&2
	exit 2
	;;
esac

if ! command -v kubectl >/dev/null 2>&1; then
	echo "regen-goldens: kubectl not installed; skipping the golden check"
	exit 0
fi

tmp=$(mktemp)
trap 'rm -f "$tmp" "$tmp.err"' EXIT
n=0
bad=0
failed=""
for dir in "$CASES"/*/; do
	dir=${dir%/}
	name=$(basename "$dir")
	args=""
	if [ -f "$dir/args" ]; then
		args=$(cat "$dir/args")
	fi
	n=$((n + 1))
	# $args is split on purpose: it holds zero or more flags.
	# shellcheck disable=SC2086
	if ! kubectl kustomize $args "$dir" >"$tmp" 2>"$tmp.err"; then
		echo "FAIL $name: kubectl kustomize failed:" >&2
		sed 's/^/    /' "$tmp.err" >&2
		bad=$((bad + 1))
		failed="$failed $name"
		continue
	fi
	if [ "$write" -eq 1 ]; then
		if ! cmp -s "$tmp" "$dir/expected.yaml" 2>/dev/null; then
			cp "$tmp" "$dir/expected.yaml"
			echo "wrote $name/expected.yaml"
		fi
	elif ! cmp -s "$tmp" "$dir/expected.yaml"; then
		echo "DIFF $name:" >&2
		diff -u "$dir/expected.yaml" "$tmp" | head -40 >&2
		bad=$((bad + 1))
		failed="$failed $name"
	fi
done

if [ "$bad" -ne 0 ]; then
	echo "regen-goldens: $bad of $n cases differ or fail:$failed" >&2
	exit 1
fi
if [ "$write" -eq 1 ]; then
	echo "regen-goldens: $n cases written"
else
	echo "regen-goldens: all $n cases match kubectl kustomize"
fi
exit 0
