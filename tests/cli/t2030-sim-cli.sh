#!/bin/sh
# t2030: the sim commands themselves (start, status, stop, kubeconfig),
# fault injection, and the older quick-starts: v2.12.13 (minio as a bare
# Pod, argo-server on plain HTTP, no leader Lease) and the modelled
# version following the images.
. "$(dirname "$0")/lib.sh"

RUN=$TRASH_BASE/run
QS2=$UPSTREAM/v2.12.13/manifests/quick-start-postgres.yaml
test_project
trap '"$ARGOLAB" sim stop --dir "$RUN" >/dev/null 2>&1; "$ARGOLAB" sim stop --dir "$RUN.f" >/dev/null 2>&1; rm -rf "$TRASH_BASE"' EXIT
n_cache=0
k() {
	n_cache=$((n_cache + 1))
	kubectl --cache-dir "$TRASH_BASE/kc.$n_cache" "$@"
}

test_expect_success "status says not running (exit 1); kubeconfig is an error before a start" "
	test_must_fail 1 argolab sim status --dir '$RUN' >out &&
	test_grep 'not running' out &&
	test_must_fail 1 argolab sim kubeconfig --dir '$RUN' 2>err &&
	test_grep 'start the simulator first' err
"

test_expect_success "start --detach, status, kubeconfig; a second start is refused" "
	argolab sim start --detach --dir '$RUN' --speed 50 >out &&
	test_grep 'serving on https://127.0.0.1:' out &&
	argolab sim status --dir '$RUN' >st &&
	test_grep 'running (pid' st &&
	test_grep 'speed 50x' st &&
	argolab sim status --dir '$RUN' -o json >sj &&
	test_grep '\"running\": true' sj &&
	test \"\$(argolab sim kubeconfig --dir '$RUN')\" = '$RUN/kubeconfig' &&
	test_must_fail 1 argolab sim start --detach --dir '$RUN' 2>err &&
	test_grep 'already running' err
"

test_expect_success "a port in use is a clear error" "
	port=\$(sed -n 's/.*127.0.0.1:\([0-9]*\).*/\1/p' '$RUN/kubeconfig') &&
	test_must_fail 1 argolab sim start --detach --dir '$RUN.x' --port \$port 2>err &&
	test_grep \"cannot listen on 127.0.0.1:\$port\" err
"

test_expect_success "bad options are usage errors" "
	test_must_fail 2 argolab sim start --speed 0 --dir '$RUN.y' 2>err &&
	test_grep 'speed must be a number' err &&
	test_must_fail 2 argolab sim start --port 70000 --dir '$RUN.y' 2>err &&
	test_must_fail 2 argolab sim bogus 2>err &&
	test_grep 'not a sim command' err &&
	test_must_fail 1 argolab sim start --dir '$RUN.y' --faults 'rate=2' 2>err &&
	test_grep 'bad value' err
"

test_expect_success "the raw v2.12.13 quick-start fails on a 1.32 API: its CRDs are v1beta1" "
	export KUBECONFIG='$RUN/kubeconfig' &&
	! k apply --validate=false -n default -f '$QS2' >out 2>err &&
	test_grep 'no matches for kind \"CustomResourceDefinition\" in version \"apiextensions.k8s.io/v1beta1\"' err
"

test_expect_success "the v2.12 profile: minio is a bare Pod; argo-server speaks plain HTTP; no Lease" "
	export KUBECONFIG='$RUN/kubeconfig' &&
	(cd '$PROJ' && argolab render --profile v2.12) >v212.yaml &&
	k apply --server-side -f v212.yaml >out &&
	k wait --for=condition=Ready pod/minio -n argo --timeout=60s &&
	k wait --for=condition=Available deploy --all -n argo --timeout=60s &&
	k get --raw /api/v1/namespaces/argo/services/argo-server:2746/proxy/api/v1/version >v &&
	test_grep '\"version\":\"v2.12.13\"' v &&
	! k get --raw /api/v1/namespaces/argo/services/https:argo-server:2746/proxy/api/v1/version 2>err &&
	test_grep 'first record does not look like a TLS handshake' err &&
	! k get lease workflow-controller -n argo 2>/dev/null &&
	k get workflows -n argo 2>&1 | grep -q 'No resources found'
"

for profile in default kind docker-desktop v3.7 sso; do
	test_expect_success "profile $profile: applied to a fresh sim, every Deployment becomes Available" "
		run='$TRASH_BASE/run-$profile' &&
		argolab sim start --detach --dir \$run --speed 200 -q &&
		export KUBECONFIG=\$run/kubeconfig &&
		(cd '$PROJ' && argolab render --profile $profile) >p.yaml &&
		k apply --server-side -f p.yaml >out &&
		k wait --for=condition=Available deploy --all -n argo --timeout=60s >w &&
		test \$(grep -c 'condition met' w) -ge 5 &&
		k get --raw /api/v1/namespaces/argo/services/https:argo-server:2746/proxy/api/v1/version >v &&
		test_grep '\"version\":\"v' v;
		rc=\$?;
		argolab sim stop --dir \$run >/dev/null;
		exit \$rc
	"
done

test_expect_success "stop ends it; stop again is fine" "
	argolab sim stop --dir '$RUN' >out &&
	test_grep 'stopped' out &&
	test_must_fail 1 argolab sim status --dir '$RUN' &&
	argolab sim stop --dir '$RUN' >out &&
	test_grep 'not running' out
"

test_expect_success "--faults: seeded 503s with Retry-After, the same for the same seed" "
	argolab sim start --detach --dir '$RUN.f' -q --faults 'seed=42,rate=0.5,kinds=503' &&
	server=\$(sed -n 's/.*server: //p' '$RUN.f/kubeconfig') &&
	token=\$(cat '$RUN.f/token') &&
	for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
		curl -s -o /dev/null -D h.\$i -w '%{http_code}\n' --cacert '$RUN.f/ca.crt' \
			-H \"Authorization: Bearer \$token\" \"\$server/api/v1/namespaces\"
	done >codes1 &&
	grep -q 503 codes1 && grep -q 200 codes1 &&
	grep -il 'Retry-After: 1' h.* >/dev/null &&
	curl -s -o /dev/null -w '%{http_code}\n' --cacert '$RUN.f/ca.crt' \"\$server/version\" >v &&
	test \"\$(cat v)\" = 200 &&
	argolab sim stop --dir '$RUN.f' >/dev/null &&
	argolab sim start --detach --dir '$RUN.f' -q --faults 'seed=42,rate=0.5,kinds=503' &&
	server=\$(sed -n 's/.*server: //p' '$RUN.f/kubeconfig') &&
	for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
		curl -s -o /dev/null -w '%{http_code}\n' --cacert '$RUN.f/ca.crt' \
			-H \"Authorization: Bearer \$token\" \"\$server/api/v1/namespaces\"
	done >codes2 &&
	test_cmp codes1 codes2
"

test_expect_success "--faults drop: the connection closes unanswered" "
	argolab sim stop --dir '$RUN.f' >/dev/null &&
	argolab sim start --detach --dir '$RUN.f' -q --faults 'seed=1,rate=1,kinds=drop' &&
	server=\$(sed -n 's/.*server: //p' '$RUN.f/kubeconfig') &&
	token=\$(cat '$RUN.f/token') &&
	code=\$(curl -s -o /dev/null -w '%{http_code}' --cacert '$RUN.f/ca.crt' -H \"Authorization: Bearer \$token\" \"\$server/api/v1/namespaces\");
	test \"\$code\" = 000
"

test_done
