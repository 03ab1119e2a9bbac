#!/bin/sh
# t2020: bad requests to `argolab sim`: each gets the Status code and
# reason a real kube-apiserver gives, and the server keeps serving.
# Also: loopback only, TLS only, credentials required.
. "$(dirname "$0")/lib.sh"

RUN=$TRASH_BASE/run
trap '"$ARGOLAB" sim stop --dir "$RUN" >/dev/null 2>&1; rm -rf "$TRASH_BASE"' EXIT
argolab sim start --detach --dir "$RUN" --speed 100 -q || exit 1
SERVER=$(sed -n 's/.*server: //p' "$RUN/kubeconfig")
TOKEN=$(cat "$RUN/token")
CM=/api/v1/namespaces/default/configmaps

# req METHOD PATH CONTENT-TYPE [BODY-FILE] [curl args]: prints the status; body in ./body
req() {
	m=$1 p=$2 ct=$3
	shift 3
	if [ $# -gt 0 ] && [ -f "$1" ]; then
		f=$1
		shift
		curl -s -o body -w '%{http_code}' --cacert "$RUN/ca.crt" -H "Authorization: Bearer $TOKEN" \
			-H "Content-Type: $ct" -X "$m" --data-binary "@$f" "$@" "$SERVER$p"
	else
		curl -s -o body -w '%{http_code}' --cacert "$RUN/ca.crt" -H "Authorization: Bearer $TOKEN" \
			-H "Content-Type: $ct" -X "$m" "$@" "$SERVER$p"
	fi
}

# status CODE REASON: body is a Status with this code and reason
status() {
	grep -q "\"kind\":\"Status\"" body && grep -q "\"code\":$1" body &&
		grep -q "\"reason\":\"$2\"" body || { cat body >&2; return 1; }
}

test_expect_success "malformed JSON: 400 BadRequest" "
	printf '{\"apiVersion\": \"v1\", \"kind\": ' >b &&
	test \$(req POST $CM application/json b) = 400 && status 400 BadRequest &&
	test_grep 'json parse error' body
"

test_expect_success "malformed YAML: 400 BadRequest with line and column" "
	printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: [name: x\n' >b &&
	test \$(req POST $CM application/yaml b) = 400 && status 400 BadRequest &&
	test_grep 'body:' body
"

test_expect_success "a body that is not an object: 400" "
	printf '[1, 2]' >b &&
	test \$(req POST $CM application/json b) = 400 && status 400 BadRequest
"

test_expect_success "a body over the 3 MiB limit: 413, and nothing kept" "
	head -c 3200000 /dev/zero | tr '\\\\0' a >big &&
	test \$(req POST $CM application/json big) = 413 && status 413 RequestEntityTooLarge
"

test_expect_success "an unknown resource: 404 NotFound" "
	test \$(req GET /api/v1/namespaces/default/widgets application/json) = 404 && status 404 NotFound &&
	test \$(req GET /apis/nowhere.example.com/v1/things application/json) = 404
"

test_expect_success "a missing object: 404 naming it" "
	test \$(req GET $CM/nope application/json) = 404 && status 404 NotFound &&
	test_grep ' not found' body && test_grep 'configmaps' body && test_grep 'nope' body
"

test_expect_success "a missing namespace: 404 naming the namespace" "
	printf '{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"x\"}}' >b &&
	test \$(req POST /api/v1/namespaces/ghost/configmaps application/json b) = 404 &&
	test_grep 'namespaces' body && test_grep 'ghost' body
"

test_expect_success "a wrong content type for PATCH: 415 UnsupportedMediaType" "
	printf '{}' >b &&
	test \$(req PATCH $CM/x text/plain b) = 415 && status 415 UnsupportedMediaType
"

test_expect_success "a strategic merge patch on a custom resource: 415 (as upstream)" "
	printf '{\"apiVersion\":\"apiextensions.k8s.io/v1\",\"kind\":\"CustomResourceDefinition\",\"metadata\":{\"name\":\"gizmos.example.com\"},\"spec\":{\"group\":\"example.com\",\"scope\":\"Namespaced\",\"names\":{\"plural\":\"gizmos\",\"kind\":\"Gizmo\"},\"versions\":[{\"name\":\"v1\",\"served\":true,\"storage\":true,\"schema\":{\"openAPIV3Schema\":{\"type\":\"object\",\"x-kubernetes-preserve-unknown-fields\":true}}}]}}' >crd &&
	test \$(req POST /apis/apiextensions.k8s.io/v1/customresourcedefinitions application/json crd) = 201 &&
	printf '{\"apiVersion\":\"example.com/v1\",\"kind\":\"Gizmo\",\"metadata\":{\"name\":\"g\"}}' >g &&
	test \$(req POST /apis/example.com/v1/namespaces/default/gizmos application/json g) = 201 &&
	printf '{\"spec\":{\"a\":1}}' >p &&
	test \$(req PATCH /apis/example.com/v1/namespaces/default/gizmos/g application/strategic-merge-patch+json p) = 415
"

test_expect_success "server-side apply without fieldManager: 422 naming the field" "
	printf '{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"x\"}}' >b &&
	test \$(req PATCH $CM/x application/apply-patch+yaml b) = 422 && status 422 Invalid &&
	test_grep 'fieldManager: Required value: is required for apply patch' body
"

test_expect_success "an invalid object: 422 Invalid with causes" "
	printf '{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\"},\"spec\":{\"containers\":[{\"name\":\"c\"}]}}' >b &&
	test \$(req POST /api/v1/namespaces/default/pods application/json b) = 422 && status 422 Invalid &&
	test_grep 'spec.containers[0].image: Required value' body &&
	test_grep '\"causes\"' body
"

test_expect_success "a name that is not a DNS subdomain: 422" "
	printf '{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"Bad_Name\"}}' >b &&
	test \$(req POST $CM application/json b) = 422 && status 422 Invalid
"

test_expect_success "a duplicate create: 409 AlreadyExists; a stale update: 409 Conflict" "
	printf '{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"dup\"}}' >b &&
	test \$(req POST $CM application/json b) = 201 &&
	test \$(req POST $CM application/json b) = 409 && status 409 AlreadyExists &&
	printf '{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"dup\",\"resourceVersion\":\"1\"},\"data\":{\"a\":\"b\"}}' >u &&
	test \$(req PUT $CM/dup application/json u) = 409 && status 409 Conflict &&
	test_grep 'the object has been modified' body
"

test_expect_success "a body whose name differs from the URL's: 400" "
	printf '{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"other\"}}' >b &&
	test \$(req PUT $CM/dup application/json b) = 400 && status 400 BadRequest
"

test_expect_success "a method the resource does not have: 405" "
	test \$(req POST $CM/dup application/json) = 405 && status 405 MethodNotAllowed
"

test_expect_success "an unsupported field selector: 400" "
	test \$(req GET '$CM?fieldSelector=spec.x%3Dy' application/json) = 400 &&
	test_grep 'field label not supported: spec.x' body
"

test_expect_success "a watch from a version older than the history: an ERROR event with 410 Expired" "
	argolab sim stop --dir '$RUN' >/dev/null &&
	argolab sim start --detach --dir '$RUN' --speed 100 -q --state '$TRASH_BASE/state' &&
	TOKEN=\$(cat '$RUN/token') SERVER=\$(sed -n 's/.*server: //p' '$RUN/kubeconfig') &&
	i=0; while [ \$i -lt 30 ]; do
		printf '{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"h-%d\"}}' \$i >b
		req POST $CM application/json b >/dev/null
		i=\$((i + 1))
	done &&
	argolab sim stop --dir '$RUN' >/dev/null &&
	argolab sim start --detach --dir '$RUN' --speed 100 -q --state '$TRASH_BASE/state' &&
	TOKEN=\$(cat '$RUN/token') SERVER=\$(sed -n 's/.*server: //p' '$RUN/kubeconfig') &&
	printf '{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"h\"}}' >b &&
	curl -s -o /dev/null --cacert '$RUN/ca.crt' -H \"Authorization: Bearer \$TOKEN\" -H 'Content-Type: application/json' -X POST --data-binary @b \"\$SERVER$CM\" &&
	curl -s --max-time 5 --cacert '$RUN/ca.crt' -H \"Authorization: Bearer \$TOKEN\" \"\$SERVER$CM?watch=true&resourceVersion=1\" >w;
	test_grep '\"type\":\"ERROR\"' w &&
	test_grep '\"code\":410' w &&
	test_grep 'too old resource version: 1' w
"

test_expect_success "no credentials, a forged token, a malformed header: 401, and info paths stay open" "
	SERVER=\$(sed -n 's/.*server: //p' '$RUN/kubeconfig') &&
	test \$(curl -s -o body -w '%{http_code}' --cacert '$RUN/ca.crt' \"\$SERVER/api/v1/namespaces\") = 401 &&
	status 401 Unauthorized &&
	test \$(curl -s -o body -w '%{http_code}' --cacert '$RUN/ca.crt' -H 'Authorization: Bearer 0000000000000000000000000000000000000000000000000000000000000000' \"\$SERVER/api/v1/namespaces\") = 401 &&
	test \$(curl -s -o body -w '%{http_code}' --cacert '$RUN/ca.crt' -H 'Authorization: Basic YWRtaW46YWRtaW4=' \"\$SERVER/api/v1/namespaces\") = 401 &&
	test \$(curl -s -o body -w '%{http_code}' --cacert '$RUN/ca.crt' \"\$SERVER/readyz\") = 200 &&
	test \$(curl -s -o body -w '%{http_code}' --cacert '$RUN/ca.crt' \"\$SERVER/version\") = 200
"

test_expect_success "TLS only: plain http to the port is not served" "
	port=\$(sed -n 's/.*127.0.0.1:\([0-9]*\).*/\1/p' '$RUN/kubeconfig') &&
	code=\$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 \"http://127.0.0.1:\$port/version\") ;
	test \"\$code\" != 200
"

test_expect_success "the server listens on loopback only" "
	port=\$(sed -n 's/.*127.0.0.1:\([0-9]*\).*/\1/p' '$RUN/kubeconfig') &&
	hex=\$(printf '%04X' \$port) &&
	grep -i \":\$hex 00000000:0000 0A\" /proc/net/tcp >listen &&
	test_grep '0100007F:' listen &&
	! grep -v '0100007F:' listen
"

test_expect_success "after all that, the server still serves" "
	SERVER=\$(sed -n 's/.*server: //p' '$RUN/kubeconfig') TOKEN=\$(cat '$RUN/token') &&
	test \$(curl -s -o body -w '%{http_code}' --cacert '$RUN/ca.crt' -H \"Authorization: Bearer \$TOKEN\" \"\$SERVER/api/v1/namespaces/default\") = 200 &&
	KUBECONFIG='$RUN/kubeconfig' kubectl --cache-dir kc get ns default >out &&
	test_grep Active out
"

test_done
