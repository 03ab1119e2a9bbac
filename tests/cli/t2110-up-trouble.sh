#!/bin/sh
# t2110: argolab up when things go wrong:
#   - 10% injected errors and dropped connections: up converges to exactly
#     the objects the profile renders, no duplicates;
#   - the simulator killed in the middle of an apply, restarted on the same
#     state: a second up completes;
#   - postgres never ready: up --timeout fails (exit 1) and explains it:
#     postgres, its failing readiness probe, the crash-looping dependants;
#   - a field owned by another field manager: up fails naming the field;
#     --force-conflicts takes it over.
. "$(dirname "$0")/lib.sh"

test_project
RUN=$TRASH_BASE/run
trap '"$ARGOLAB" sim stop --dir "$RUN" >/dev/null 2>&1; "$ARGOLAB" sim stop --dir "$RUN.f" >/dev/null 2>&1; "$ARGOLAB" sim stop --dir "$RUN.k" >/dev/null 2>&1; rm -rf "$TRASH_BASE"' EXIT
k() {
	test_kubectl "$KC" "$@"
}

inventory_objects() {
	test_inventory "$KC"
}

# the same of the rendered profile, with the namespace argo takes
rendered_objects() {
	(cd "$PROJ" && "$ARGOLAB" render --profile "$1" -o json) | python3 -c '
import json, sys
for o in json.load(sys.stdin)["items"]:
    md = o["metadata"]
    print("%s/%s/%s" % (o["kind"], md.get("namespace", ""), md["name"]))
' | sort
}

test_expect_success "faults: 10% errors and dropped connections; up converges to exactly the rendered objects" "
	cd '$PROJ' &&
	argolab sim start --detach --dir '$RUN.f' --speed 50 --state '$TRASH_BASE/fstate' \
		--faults seed=7,rate=0.1,kinds=500:503:429:drop >/dev/null &&
	argolab up --sim --sim-dir '$RUN.f' --timeout 90s >out 2>err &&
	test_grep_e '^healthy in' out &&
	argolab up --sim --sim-dir '$RUN.f' --timeout 90s >out2 2>err2 &&
	test_grep_e ' 0 created, 0 configured, [0-9]* unchanged, 0 pruned' out2 &&
	argolab sim stop --dir '$RUN.f' >/dev/null &&
	argolab sim start --detach --dir '$RUN.f' --speed 50 --state '$TRASH_BASE/fstate' >/dev/null &&
	KC='$RUN.f/kubeconfig' &&
	inventory_objects >have &&
	rendered_objects default >want &&
	test_cmp want have &&
	test -z \"\$(uniq -d have)\"
"
"$ARGOLAB" sim stop --dir "$RUN.f" >/dev/null 2>&1

test_expect_success "killed in the middle of an apply: restarted on the same state, a second up completes" "
	cd '$PROJ' &&
	argolab sim start --detach --dir '$RUN.k' --state '$TRASH_BASE/state' --speed 50 \
		--faults seed=3,rate=0.3,kinds=latency,latency=50ms >/dev/null &&
	port=\$(sed -n 's/.*127.0.0.1:\([0-9]*\).*/\1/p' '$RUN.k/kubeconfig') || exit 1
	( argolab up --sim --sim-dir '$RUN.k' --no-wait --parallel 1 >up1.out 2>up1.err; echo \$? >up1.rc ) &
	up=\$!
	i=0 && while [ \$i -lt 100 ] && ! grep -q 'service accounts:' up1.err 2>/dev/null; do sleep 0.1; i=\$((i + 1)); done &&
	test_grep 'service accounts:' up1.err &&
	kill -9 \$(cat '$RUN.k/pid') &&
	wait \$up &&
	test \"\$(cat up1.rc)\" = 1 &&
	test_grep 'cannot reach the Kubernetes API' up1.err &&
	argolab sim start --detach --dir '$RUN.k' --state '$TRASH_BASE/state' --speed 50 --port \$port >/dev/null &&
	argolab up --sim --sim-dir '$RUN.k' --timeout 90s >out 2>err &&
	test_grep_e '^healthy in' out &&
	KC='$RUN.k/kubeconfig' &&
	inventory_objects >have &&
	rendered_objects default >want &&
	test_cmp want have
"
"$ARGOLAB" sim stop --dir "$RUN.k" >/dev/null 2>&1

# a variant of the default profile whose postgres never becomes ready
mkdir -p "$PROJ/profiles/postgres-never"
cat >"$PROJ/profiles/postgres-never/kustomization.yaml" <<'EOF'
resources:
- ../default
patches:
- patch: |-
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: postgres
      namespace: argo
    spec:
      template:
        metadata:
          annotations:
            sim.argolab.dev/ready-after: never
EOF

test_expect_success "postgres never ready: up --timeout fails with exit 1 and explains why" "
	cd '$PROJ' &&
	argolab sim start --detach --dir '$RUN' --speed 50 >/dev/null &&
	test_must_fail 1 argolab up --sim --sim-dir '$RUN' --profile postgres-never --timeout 15s >out 2>err &&
	test_grep 'not ready after 15 s' err &&
	test_grep_e '^postgres: progressing' err &&
	test_grep 'deployment/postgres in argo' err &&
	test_grep 'Readiness probe failed' err &&
	test_grep 'argo-server: progressing: crash-looping until postgres is ready' err &&
	test_grep 'workflow-controller: progressing: crash-looping until postgres is ready' err &&
	test_grep 'CrashLoopBackOff' err &&
	test_must_fail 1 argolab status --sim --sim-dir '$RUN' >st 2>st.err &&
	test_grep_e '^postgres  *progressing' st
"

test_expect_success "another field manager's field: up fails naming it; --force-conflicts takes it over" "
	cd '$PROJ' &&
	KC='$RUN/kubeconfig' &&
	{ argolab up --sim --sim-dir '$RUN' --timeout 90s >out 2>err || { cat err >&2; false; }; } &&
	k get deploy -n argo postgres -o json | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(json.dumps({\"apiVersion\": \"apps/v1\", \"kind\": \"Deployment\",
  \"metadata\": {\"name\": \"postgres\", \"namespace\": \"argo\"},
  \"spec\": {\"template\": {\"spec\": {\"containers\": [{\"name\": \"main\",
     \"image\": \"postgres:15-other\"}]}}}}))' >other.json &&
	name=\$(k get deploy -n argo postgres -o jsonpath='{.spec.template.spec.containers[0].name}') &&
	sed \"s/\\\"main\\\"/\\\"\$name\\\"/\" other.json >other2.json &&
	k apply --server-side --force-conflicts --field-manager other -f other2.json >/dev/null &&
	test_must_fail 1 argolab up --sim --sim-dir '$RUN' --timeout 60s >out 2>err &&
	test_grep 'deployment/postgres in argo: fields owned by another field manager' err &&
	test_grep '.image' err &&
	test_grep 'conflict with \"other\"' err &&
	test_grep 'force-conflicts' err &&
	argolab up --sim --sim-dir '$RUN' --force-conflicts --timeout 60s >out 2>err &&
	test_grep_e '^healthy in' out &&
	test \"\$(k get deploy -n argo postgres -o jsonpath='{.spec.template.spec.containers[0].image}')\" != postgres:15-other
"

test_done
