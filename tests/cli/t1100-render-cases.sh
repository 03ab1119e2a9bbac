#!/bin/sh
# t1100: argolab render prints exactly the golden output (the stdout of
# `kubectl kustomize`, kept in expected.yaml) for every small case under
# tests/render/cases/.  A case may carry extra flags in a one-line file
# `args`.  Regenerate the goldens with tests/render/regen-goldens.sh.
. "$(dirname "$0")/lib.sh"

CASES=$ROOT/tests/render/cases

for dir in "$CASES"/*/; do
	dir=${dir%/}
	name=$(basename "$dir")
	if [ ! -f "$dir/expected.yaml" ]; then
		test_skip "no expected.yaml" "$name"
		continue
	fi
	test_expect_success "$name matches kubectl kustomize" "
		args= &&
		if [ -f '$dir/args' ]; then args=\$(cat '$dir/args'); fi &&
		argolab render \$args '$dir' >out &&
		test_cmp '$dir/expected.yaml' out
	"
done

test_done
