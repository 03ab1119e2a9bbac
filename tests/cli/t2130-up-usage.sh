#!/bin/sh
# t2130: up, status, diff and down: usage errors, a simulator that is not
# running, and up -f with a rendered file (from stdin), applied twice.
. "$(dirname "$0")/lib.sh"

test_project
RUN=$TRASH_BASE/run
trap '"$ARGOLAB" sim stop --dir "$RUN" >/dev/null 2>&1; rm -rf "$TRASH_BASE"' EXIT

test_expect_success "usage errors exit 2 and say what is wrong" "
	cd '$PROJ' &&
	test_must_fail 2 argolab up --timeout soon 2>err &&
	test_grep '--timeout must be a duration' err &&
	test_must_fail 2 argolab up --profile default profiles/default 2>err &&
	test_grep 'give either DIR or --profile, not both' err &&
	test_must_fail 2 argolab up -f x.yaml --profile default 2>err &&
	test_grep 'give -f FILE, DIR or --profile' err &&
	test_must_fail 2 argolab up --sim-speed 5 2>err &&
	test_grep 'go with --sim' err &&
	test_must_fail 2 argolab up --sim --kubeconfig k.yaml 2>err &&
	test_grep 'drop --kubeconfig' err &&
	test_must_fail 2 argolab status -o yaml 2>err &&
	test_must_fail 2 argolab down --timeout -1 2>err
"

test_expect_success "an unknown profile is an error that names it" "
	cd '$PROJ' &&
	test_must_fail 1 argolab up --sim --sim-dir '$RUN' --profile nosuch 2>err &&
	test_grep \"unknown profile 'nosuch'\" err &&
	test_must_fail 1 argolab sim status --dir '$RUN' >/dev/null
"

test_expect_success "status, diff and down on --sim when none runs: a clear error, nothing started" "
	cd '$PROJ' &&
	for c in status diff down; do
		test_must_fail 1 argolab \$c --sim --sim-dir '$RUN' 2>err || test_must_fail 2 argolab \$c --sim --sim-dir '$RUN' 2>err || exit 1
		test_grep 'no simulator is running' err || exit 1
	done &&
	test_must_fail 1 argolab sim status --dir '$RUN' >/dev/null
"

test_expect_success "up -f - applies a rendered file; a second time nothing changes; diff -f shows a change" "
	cd '$PROJ' &&
	argolab sim start --detach --dir '$RUN' --speed 50 >/dev/null &&
	argolab render --profile default >all.yaml &&
	argolab up --sim --sim-dir '$RUN' -f - --timeout 60s <all.yaml >out 2>err &&
	test_grep '-: 56 objects read' err &&
	test_grep_e '^healthy in' out &&
	test_grep '56 created' out &&
	argolab up --sim --sim-dir '$RUN' -f all.yaml --no-wait >out 2>err &&
	test_grep '0 created, 0 configured, 56 unchanged, 0 pruned' out &&
	argolab diff --sim --sim-dir '$RUN' -f - <all.yaml >d.out 2>d.err &&
	test_empty d.out &&
	{ cat all.yaml; printf -- '---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: more\n  namespace: argo\ndata:\n  k: v\n'; } >more.yaml &&
	test_must_fail 1 argolab diff --sim --sim-dir '$RUN' -f more.yaml >d.out 2>d.err &&
	test_grep '+++ merged/v1.ConfigMap.argo.more' d.out &&
	test_grep '+  k: v' d.out &&
	test_grep '1 of 57 objects would change' d.err &&
	printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  namespace: argo\n' >one.yaml &&
	argolab up --sim --sim-dir '$RUN' -f one.yaml --no-wait >out 2>err &&
	test_grep '1 created, 0 configured, 0 unchanged, 56 pruned' out
"

test_done
