#!/bin/sh
# t1010: the render command's options: DIR, --profile, -o json, the load
# restrictor, warnings, empty output, and make install.
. "$(dirname "$0")/lib.sh"

write_base() {
	mkdir -p "$1"
	cat >"$1/cm.yaml" <<'YAML'
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  mode: fast
YAML
	printf 'resources:\n- cm.yaml\n' >"$1/kustomization.yaml"
}

test_expect_success "render with no DIR builds the current directory" "
	write_base . &&
	argolab render >out &&
	test_grep 'name: settings' out
"

test_expect_success "--profile NAME builds profiles/NAME" "
	write_base profiles/demo &&
	argolab render --profile demo >out &&
	test_grep 'mode: fast' out
"

test_expect_success "an unknown profile is an error that names it" "
	mkdir -p profiles &&
	test_must_fail 1 argolab render --profile nosuch >out 2>err &&
	test_empty out &&
	test_grep \"unknown profile 'nosuch'\" err
"

test_expect_success "DIR and --profile together is a usage error" "
	test_must_fail 2 argolab render --profile a b 2>err &&
	test_grep 'not both' err
"

test_expect_success "-o json prints a v1 List with the same objects" "
	write_base . &&
	argolab render -o json >out &&
	head -1 out | grep -q '^{' &&
	test_grep '\"kind\": \"List\"' out &&
	test_grep '\"name\": \"settings\"' out &&
	tail -1 out | grep -q '^}'
"

test_expect_success "a kustomization that yields nothing prints nothing and succeeds" "
	printf 'namePrefix: x-\n' >kustomization.yaml &&
	argolab render >out &&
	test_empty out
"

test_expect_success "deprecated fields warn on stderr, output stays clean" "
	write_base . &&
	printf 'resources:\n- cm.yaml\ncommonLabels:\n  team: a\n' >kustomization.yaml &&
	argolab render >out 2>err &&
	test_grep \"'commonLabels' is deprecated; use 'labels'\" err &&
	test_grep 'team: a' out &&
	! grep -q warning out
"

test_expect_success "make install puts the binary under DESTDIR/PREFIX" "
	make -s -C '$ROOT' install PREFIX=/opt/al DESTDIR='$TRASH/dest' >/dev/null &&
	test -x '$TRASH/dest/opt/al/bin/argolab' &&
	'$TRASH/dest/opt/al/bin/argolab' --version | grep -q '^argolab'
"

test_done
