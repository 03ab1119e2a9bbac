#!/bin/sh
# t2000: the real kubectl against a fresh `argolab sim` (the conformance
# script of the sim issue).  Every kubectl runs with a fresh discovery
# cache.  Covers: version, api-resources, server-side apply of the
# v4.1.2 quick-start (12 MB, full CRDs), client-side apply of the
# v3.7.18 one (on a second simulator), get -o yaml/json, -l,
# --field-selector, -A, get -w seeing a later change, wait
# --for=condition=Available, rollout status, delete held by a finalizer
# and released, the service proxy to argo-server and minio, pod logs,
# a 409 from a conflicting server-side apply and --force-conflicts, the
# annotation size limit that makes client-side apply of big CRDs fail.
. "$(dirname "$0")/lib.sh"

QS4=$UPSTREAM/v4.1.2/manifests/quick-start-postgres.yaml
QS3=$UPSTREAM/v3.7.18/manifests/quick-start-postgres.yaml
RUN=$TRASH_BASE/run
RUN3=$TRASH_BASE/run3
CACHE=$TRASH_BASE/kcache
n_cache=0

# k ARGS: kubectl with a fresh discovery cache each time
k() {
	n_cache=$((n_cache + 1))
	kubectl --cache-dir "$CACHE.$n_cache" "$@"
}

cleanup() {
	"$ARGOLAB" sim stop --dir "$RUN" >/dev/null 2>&1
	"$ARGOLAB" sim stop --dir "$RUN3" >/dev/null 2>&1
	rm -rf "$TRASH_BASE"
}
trap cleanup EXIT

if ! command -v kubectl >/dev/null 2>&1; then
	test_skip "no kubectl" "kubectl against argolab sim"
	test_done
fi

argolab sim start --detach --dir "$RUN" --speed 100 -q || {
	echo "cannot start the simulator"
	cat "$RUN/sim.log"
	exit 1
}
export KUBECONFIG="$RUN/kubeconfig"

test_expect_success "the kubeconfig is private and names context argolab-sim" "
	test \"\$(stat -c %a '$RUN/kubeconfig')\" = 600 &&
	test \"\$(stat -c %a '$RUN/token')\" = 600 &&
	test \"\$(stat -c %a '$RUN/server.key')\" = 600 &&
	k config current-context >out &&
	test_grep argolab-sim out &&
	grep -q 'server: https://127.0.0.1:' '$RUN/kubeconfig'
"

test_expect_success "kubectl version: server minor 32" "
	k version -o json >out &&
	test_grep '\"minor\": \"32\"' out
"

test_expect_success "kubectl api-resources lists the built-ins and exits 0" "
	k api-resources >out &&
	test_grep 'deployments' out &&
	test_grep 'customresourcedefinitions' out &&
	test_grep 'leases' out
"

test_expect_success "apply --server-side of the v4.1.2 quick-start (12 MB, full CRDs)" "
	printf 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: argo\n' | k apply -f - &&
	k apply --server-side -n argo -f '$QS4' >out &&
	test \$(grep -c 'serverside-applied' out) = 55 &&
	k get crd workflows.argoproj.io -o jsonpath='{.status.conditions[?(@.type==\"Established\")].status}' >est &&
	test \"\$(cat est)\" = True
"

test_expect_success "the workflow CRD is served once Established" "
	k get workflows -n argo >out 2>&1 &&
	test_grep 'No resources found' out &&
	k api-resources --api-group=argoproj.io >out &&
	test_grep 'workflowtemplates' out
"

test_expect_success "wait --for=condition=Available on every quick-start Deployment" "
	k wait --for=condition=Available deploy --all -n argo --timeout=60s >out &&
	test \$(grep -c 'condition met' out) = 5
"

test_expect_success "rollout status of argo-server" "
	k rollout status deploy/argo-server -n argo --timeout=30s >out &&
	test_grep 'successfully rolled out' out
"

test_expect_success "argo-server and the controller crash-looped until postgres was ready" "
	k get pods -n argo -l app=argo-server -o jsonpath='{.items[0].status.containerStatuses[0].restartCount}' >rc &&
	test \$(cat rc) -ge 1 &&
	k get pods -n argo -l app=workflow-controller -o jsonpath='{.items[0].status.containerStatuses[0].restartCount}' >rc2 &&
	test \$(cat rc2) -ge 1 &&
	k get events -n argo --field-selector reason=BackOff >ev &&
	test_grep 'Back-off restarting failed container argo-server' ev &&
	k logs -n argo deploy/workflow-controller --previous >log &&
	test_grep 'Failed to init db' log &&
	k get pods -n argo -l app=postgres -o jsonpath='{.items[0].status.containerStatuses[0].restartCount}' >rc3 &&
	test \$(cat rc3) = 0
"

test_expect_success "get -o yaml and -o json of one object" "
	k get deploy argo-server -n argo -o yaml >y &&
	test_grep 'kind: Deployment' y &&
	test_grep 'observedGeneration: 1' y &&
	k get svc argo-server -n argo -o json >j &&
	test_grep '\"clusterIP\": \"10.96.' j &&
	test_grep '\"protocol\": \"TCP\"' j
"

test_expect_success "get with -l, --field-selector and -A" "
	k get pods -n argo -l app=minio -o name >l &&
	test \$(wc -l <l) = 1 &&
	k get pods -n argo --field-selector status.phase=Running -o name >f &&
	test \$(wc -l <f) = 5 &&
	k get deploy -A >a &&
	test_grep 'argo ' a &&
	k get pods -n argo --field-selector spec.bogus=x 2>err;
	test_grep 'field label not supported: spec.bogus' err
"

test_expect_success "the table has kubectl's usual columns" "
	k get pods -n argo >t &&
	head -1 t | grep -q 'NAME *READY *STATUS *RESTARTS *AGE' &&
	grep -q '1/1 *Running' t &&
	k get deploy -n argo >d &&
	head -1 d | grep -q 'NAME *READY *UP-TO-DATE *AVAILABLE *AGE'
"

test_expect_success "get -w sees a change made after it started" "
	(k get cm -n default -w >watch.out 2>&1 &) &&
	sleep 1 &&
	printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: seen-by-watch\ndata:\n  a: b\n' | k apply -n default -f - &&
	i=0; while ! grep -q seen-by-watch watch.out && [ \$i -lt 50 ]; do sleep 0.1; i=\$((i + 1)); done;
	pkill -f 'get cm -n default -w' ;
	test_grep seen-by-watch watch.out
"

test_expect_success "delete waits for a finalizer, and completes when it is released" "
	printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: held\n  finalizers: [example.com/hold]\n' | k apply -n default -f - &&
	(k delete cm held -n default --timeout=30s >del.out 2>&1 &) &&
	sleep 1 &&
	k get cm held -n default -o jsonpath='{.metadata.deletionTimestamp}' >ts &&
	test -s ts &&
	k patch cm held -n default --type=merge -p '{\"metadata\":{\"finalizers\":null}}' &&
	i=0; while ! grep -q deleted del.out && [ \$i -lt 50 ]; do sleep 0.1; i=\$((i + 1)); done;
	test_grep 'configmap \"held\" deleted' del.out &&
	! k get cm held -n default 2>/dev/null
"

test_expect_success "the service proxy reaches argo-server's API (HTTPS) and minio's health" "
	k get --raw /api/v1/namespaces/argo/services/https:argo-server:2746/proxy/api/v1/version >v &&
	test_grep '\"version\":\"v4.1.2\"' v &&
	k get --raw /api/v1/namespaces/argo/services/https:argo-server:2746/proxy/api/v1/info >i &&
	test_grep 'managedNamespace' i &&
	k get --raw /api/v1/namespaces/argo/services/minio:9000/proxy/minio/health/ready &&
	! k get --raw /api/v1/namespaces/argo/services/argo-server:2746/proxy/api/v1/version 2>err
"

test_expect_success "the controller's healthz and metrics through the pod proxy, and its Lease" "
	pod=\$(k get pods -n argo -l app=workflow-controller -o jsonpath='{.items[0].metadata.name}') &&
	k get --raw /api/v1/namespaces/argo/pods/\$pod:6060/proxy/healthz >h &&
	test \"\$(cat h)\" = ok &&
	k get --raw /api/v1/namespaces/argo/pods/https:\$pod:9090/proxy/metrics >m &&
	test_grep 'argo_workflows_gauge' m &&
	k get lease workflow-controller -n argo -o jsonpath='{.spec.holderIdentity}' >holder &&
	test \"\$(cat holder)\" = \"\$pod\"
"

test_expect_success "a conflicting server-side apply gets 409; --force-conflicts takes the field" "
	printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: owned\ndata:\n  k: one\n' >one.yaml &&
	sed 's/one/two/' one.yaml >two.yaml &&
	k apply --server-side -n default -f one.yaml &&
	! k apply --server-side --field-manager=intruder -n default -f two.yaml 2>err &&
	test_grep 'Apply failed with 1 conflict: conflict with \"kubectl\": .data.k' err &&
	k apply --server-side --field-manager=intruder --force-conflicts -n default -f two.yaml &&
	k get cm owned -n default -o jsonpath='{.data.k}' >v &&
	test \"\$(cat v)\" = two
"

test_expect_success "client-side apply of a full v4 CRD fails on the annotation size limit" "
	awk '/^---/{n++} n==4' '$QS4' >crd.yaml &&
	test_grep 'kind: CustomResourceDefinition' crd.yaml &&
	! k apply -f crd.yaml 2>err &&
	test_grep 'metadata.annotations: Too long: ' err &&
	test_grep ' 262144 bytes' err
"

test_expect_success "client-side apply of the v3.7.18 quick-start, on a second simulator" "
	argolab sim start --detach --dir '$RUN3' --speed 100 -q &&
	KUBECONFIG='$RUN3/kubeconfig' &&
	printf 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: argo\n' | k apply -f - &&
	k apply -n argo -f '$QS3' >out &&
	test \$(grep -c ' created' out) = 55 &&
	k apply -n argo -f '$QS3' >again &&
	test \$(grep -c ' unchanged' again) = 55 &&
	k wait --for=condition=Available deploy --all -n argo --timeout=60s >w &&
	test \$(grep -c 'condition met' w) = 5
"

test_expect_success "delete of a Deployment removes its ReplicaSets and pods" "
	k delete deploy httpbin -n argo &&
	i=0; while k get pods -n argo -l app=httpbin -o name | grep -q pod && [ \$i -lt 50 ]; do sleep 0.1; i=\$((i + 1)); done;
	test -z \"\$(k get rs,pods -n argo -l app=httpbin -o name)\"
"

test_expect_success "server-side apply prunes the fields its manager stopped applying" "
	printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: pruned\ndata:\n  a: \"1\"\n  b: \"2\"\n' >ab.yaml &&
	printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: pruned\ndata:\n  a: \"1\"\n' >a.yaml &&
	k apply --server-side -n default -f ab.yaml &&
	k apply --server-side -n default -f a.yaml &&
	k get cm pruned -n default -o json >cm.json &&
	test_grep '\"a\": \"1\"' cm.json &&
	! grep -q '\"b\":' cm.json
"

test_expect_success "a StatefulSet rolls out in order, with its status as the controller writes it" "
	printf 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  serviceName: db\n  replicas: 3\n  selector:\n    matchLabels: {app: db}\n  template:\n    metadata:\n      labels: {app: db}\n    spec:\n      containers:\n      - name: db\n        image: postgres:16\n' >sts.yaml &&
	k apply --server-side -n default -f sts.yaml &&
	k rollout status sts/db -n default --timeout=60s >out &&
	test_grep 'partitioned roll out complete' out &&
	k get pods -n default -l app=db -o name >pods &&
	test_grep 'pod/db-0' pods && test_grep 'pod/db-2' pods &&
	k get sts db -n default -o jsonpath='{.status.readyReplicas} {.spec.updateStrategy.type}' >st &&
	test \"\$(cat st)\" = '3 RollingUpdate'
"

test_expect_success "the proxy to a Service with no ready endpoint fails as upstream's does" "
	printf 'apiVersion: v1\nkind: Service\nmetadata:\n  name: lonely\nspec:\n  selector: {app: nobody}\n  ports:\n  - port: 80\n' | k apply -n default -f - &&
	! k get --raw /api/v1/namespaces/default/services/lonely:80/proxy/ 2>err &&
	test_grep 'no endpoints available for service' err
"

test_expect_success "delete --cascade=orphan keeps the pods; --cascade=foreground waits for them" "
	printf 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: kept\nspec:\n  replicas: 1\n  selector:\n    matchLabels: {app: kept}\n  template:\n    metadata:\n      labels: {app: kept}\n    spec:\n      containers:\n      - name: c\n        image: nginx:1.27\n' >kept.yaml &&
	k apply --server-side -n default -f kept.yaml &&
	k wait --for=condition=Available deploy/kept -n default --timeout=30s &&
	k delete deploy kept -n default --cascade=orphan &&
	sleep 1 &&
	k get rs -n default -l app=kept -o name >rs &&
	test -s rs &&
	k get rs -n default -l app=kept -o jsonpath='{.items[0].metadata.ownerReferences}' >refs &&
	! test -s refs &&
	k delete rs -n default -l app=kept --cascade=foreground --timeout=30s &&
	test -z \"\$(k get pods -n default -l app=kept -o name)\"
"

test_expect_success "typed kubectl create (protobuf bodies): ns, cm, secret, sa, deployment, job" "
	KUBECONFIG='$RUN/kubeconfig' &&
	k create namespace typed &&
	k create configmap c --from-literal=a=b -n typed &&
	k create secret generic s --from-literal=p=q -n typed &&
	k create serviceaccount robot -n typed &&
	k create deployment web --image=nginx --replicas=2 --port=80 -n typed &&
	k create job once --image=busybox -n typed -- sleep 5 &&
	k get cm c -n typed -o jsonpath='{.data.a}' >a && test \"\$(cat a)\" = b &&
	k get secret s -n typed -o jsonpath='{.data.p}' >p && test \"\$(cat p)\" = cQ== &&
	k wait --for=condition=Available deploy/web -n typed --timeout=30s &&
	k wait --for=condition=Complete job/once -n typed --timeout=30s &&
	! k create service clusterip svc --tcp=80:8080 -n typed 2>err &&
	test_grep 'send it as application/json' err
"

test_expect_success "deleting a namespace empties it, then it goes" "
	printf 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: doomed\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: doomed\n' | k apply -f - &&
	k delete ns doomed --timeout=30s &&
	! k get ns doomed 2>/dev/null
"

test_done
