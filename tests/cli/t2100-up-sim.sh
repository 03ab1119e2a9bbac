#!/bin/sh
# t2100: argolab up | status | diff | down on the embedded simulator, for
# the default, v3.7 and v2.12 profiles: healthy, described in JSON, a
# second up changes nothing (not one resourceVersion), diff is empty then
# shows a change, down leaves nothing of the inventory (kubectl agrees).
. "$(dirname "$0")/lib.sh"

test_project
RUNS=
trap 'for r in $RUNS; do "$ARGOLAB" sim stop --dir "$r" >/dev/null 2>&1; done; rm -rf "$TRASH_BASE"' EXIT
k() {
	test_kubectl "$RUN/kubeconfig" "$@"
}

inventory_rvs() {
	test_inventory "$RUN/kubeconfig" rv
}

for profile in default v3.7 v2.12; do
	RUN=$TRASH_BASE/run.$profile
	RUNS="$RUNS $RUN"
	SIM="--sim --sim-dir $RUN"

	test_expect_success "$profile: up --sim on a fresh simulator: healthy, exit 0" "
		cd '$PROJ' &&
		argolab up $SIM --profile $profile --sim-speed 50 --timeout 60s >out 2>err &&
		test_grep 'started the simulated cluster' err &&
		test_grep_e '^healthy in' out &&
		test_grep 'argo-server (version v' out &&
		test_grep ' created, 0 configured, 0 unchanged, 0 pruned' out &&
		test_grep 'argo UI' out
	"

	test_expect_success "$profile: status -o json: every component ready" "
		cd '$PROJ' &&
		argolab status $SIM -o json >st.json &&
		python3 -c '
import json, sys
d = json.load(open(\"st.json\"))
assert d[\"apiVersion\"] == \"argolab.dev/v1alpha1\" and d[\"kind\"] == \"QuickStartStatus\", d
assert d[\"healthy\"] is True, d
names = [c[\"name\"] for c in d[\"components\"] if c[\"present\"]]
assert names == [\"argo-server\", \"workflow-controller\", \"postgres\", \"minio\"], names
assert all(c[\"state\"] == \"ready\" for c in d[\"components\"]), d[\"components\"]
assert d[\"objects\"][\"ready\"] == d[\"objects\"][\"total\"] > 20, d[\"objects\"]
' &&
		argolab status $SIM >st.txt &&
		test_grep_e '^argo-server  *ready' st.txt
	"

	test_expect_success "$profile: a second up reports everything unchanged and changes no resourceVersion" "
		cd '$PROJ' &&
		inventory_rvs >before &&
		test -s before &&
		argolab up $SIM --profile $profile --timeout 60s >out 2>err &&
		test_grep_e ' 0 created, 0 configured, [0-9]* unchanged, 0 pruned' out &&
		inventory_rvs >after &&
		test_cmp before after
	"

	test_expect_success "$profile: diff is empty (exit 0), then shows a changed field (exit 1)" "
		cd '$PROJ' &&
		argolab diff $SIM --profile $profile >d.out 2>d.err &&
		test_empty d.out &&
		test_grep_e '0 of [0-9]* objects would change' d.err &&
		mkdir -p '$TRASH_BASE/changed.$profile' &&
		printf 'resources:\n- %s\npatches:\n- patch: |-\n    apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: workflow-controller-configmap\n      namespace: argo\n    data:\n      extra: \"yes\"\n' '$PROJ/profiles/$profile' >'$TRASH_BASE/changed.$profile/kustomization.yaml' &&
		test_must_fail 1 argolab diff $SIM '$TRASH_BASE/changed.$profile' >d.out 2>d.err &&
		test_grep_e '^+  extra: \"yes\"' d.out &&
		test_grep_e '^--- live/v1.ConfigMap.argo.workflow-controller-configmap' d.out
	"

	test_expect_success "$profile: down removes every object of the inventory; kubectl agrees" "
		cd '$PROJ' &&
		kinds=\$(sed 's|/.*||' before | sort -u | tr '\n' ' ') &&
		argolab down $SIM --timeout 60s >out 2>err &&
		test_grep_e '^deleted [0-9]* objects' out &&
		inventory_rvs >left &&
		test_empty left &&
		test_must_fail 1 k get namespace argo 2>/dev/null &&
		for kind in \$kinds; do
			test -z \"\$(k get \$kind -A -l argolab.dev/inventory=quickstart -o name)\" || exit 1
		done &&
		test_must_fail 1 k get configmap -n default argolab-inventory-quickstart 2>/dev/null &&
		argolab down $SIM >out &&
		test_grep 'nothing to delete' out &&
		test_must_fail 1 argolab status $SIM 2>err &&
		test_grep 'nothing applied' err
	"
	"$ARGOLAB" sim stop --dir "$RUN" >/dev/null 2>&1
done

test_done
