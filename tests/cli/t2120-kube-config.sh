#!/bin/sh
# t2120: the kubeconfig as argolab's client reads it, end to end: merged
# KUBECONFIG files (the first stanza of a name wins), certificate and
# token files relative to their kubeconfig, an exec credential plugin,
# a wrong CA and an expired certificate refused with a clear message,
# insecure-skip-tls-verify honoured with a warning, a kind-shaped
# kubeconfig (inline CA, client certificate and key), a Docker-Desktop-
# shaped one whose cluster is not running, and no kubeconfig at all.
# `argolab down --dry-run` is the probe: it needs discovery and one GET.
. "$(dirname "$0")/lib.sh"

RUN=$TRASH_BASE/run
CERTS=$TRASH_BASE/certs
trap '"$ARGOLAB" sim stop --dir "$RUN" >/dev/null 2>&1; kill $(cat "$TRASH_BASE"/stub.pids 2>/dev/null) 2>/dev/null; rm -rf "$TRASH_BASE"' EXIT
export HOME=$TRASH_BASE/home
mkdir -p "$HOME"
unset KUBECONFIG

"$ARGOLAB" sim start --detach --no-simulation --dir "$RUN" -q || exit 1
SERVER=$(sed -n 's/^ *server: *//p' "$RUN/kubeconfig")
CADATA=$(sed -n 's/^ *certificate-authority-data: *//p' "$RUN/kubeconfig")
TOKEN=$(sed -n 's/^ *token: *//p' "$RUN/kubeconfig")
sh "$ROOT/tests/fetch/mkcerts.sh" "$CERTS" || exit 1

# a client certificate from the test CA, as kubeadm makes kind's admin
(
	cd "$CERTS" &&
	printf 'extendedKeyUsage = clientAuth\n' >client.ext &&
	openssl req -newkey rsa:2048 -nodes -keyout client.key -out client.csr \
		-subj '/O=system:masters/CN=kubernetes-admin' 2>/dev/null &&
	openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial \
		-days 2 -extfile client.ext -out client.pem 2>/dev/null
) || exit 1
b64() { base64 -w0 <"$1"; }

# start_stub NAME ARGS...: a stub API server; its port in $TRASH_BASE/NAME.port
start_stub() {
	name=$1
	shift
	python3 "$ROOT/tests/kube/stubapi.py" --port-file "$TRASH_BASE/$name.port" \
		--log "$TRASH_BASE/$name.log" "$@" >"$TRASH_BASE/$name.out" 2>&1 &
	echo $! >>"$TRASH_BASE/stub.pids"
	i=0
	while [ ! -s "$TRASH_BASE/$name.port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	test -s "$TRASH_BASE/$name.port"
}

# kubeconfig FILE CLUSTER-BODY USER-BODY [NAME]: one cluster, user and context
kubeconfig() {
	name=${4:-c}
	cat >"$1" <<EOF
apiVersion: v1
kind: Config
current-context: $name
clusters:
- name: $name
  cluster:
$2
users:
- name: $name
  user:
$3
contexts:
- name: $name
  context:
    cluster: $name
    user: $name
EOF
}

probe_ok() {
	argolab down --dry-run "$@" >out 2>err &&
	test_grep 'nothing to delete' out
}

test_expect_success "merged KUBECONFIG: the first file that names a user wins it whole; missing files are skipped" "
	cat >a.yaml <<EOF &&
apiVersion: v1
kind: Config
current-context: sim
contexts:
- name: sim
  context: {cluster: sim, user: u1}
users:
- name: u1
  user:
    token: $TOKEN
EOF
	cat >b.yaml <<EOF &&
apiVersion: v1
kind: Config
current-context: elsewhere
clusters:
- name: sim
  cluster:
    server: $SERVER
    certificate-authority-data: $CADATA
users:
- name: u1
  user:
    token: wrong-token
    username: nobody
EOF
	KUBECONFIG=\$PWD/missing.yaml:\$PWD/a.yaml:\$PWD/b.yaml probe_ok &&
	KUBECONFIG=\$PWD/b.yaml:\$PWD/a.yaml test_must_fail 1 argolab down --dry-run --context sim 2>err &&
	grep -qi 'unauthorized' err
"

test_expect_success "certificate-authority and tokenFile resolve against the kubeconfig's own directory" "
	mkdir -p sub &&
	printf '%s' '$CADATA' | base64 -d >sub/ca.crt &&
	printf '%s\n' '$TOKEN' >sub/tok &&
	kubeconfig sub/kc.yaml '    server: $SERVER
    certificate-authority: ca.crt' '    tokenFile: tok' &&
	KUBECONFIG=sub/kc.yaml probe_ok &&
	probe_ok --kubeconfig sub/kc.yaml
"

test_expect_success "an exec credential plugin supplies the token" "
	cat >plugin.sh <<EOF &&
#!/bin/sh
echo ran >>'$TRASH_BASE/plugin.ran'
printf '{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\",\"status\":{\"token\":\"%s\"}}' '$TOKEN'
EOF
	chmod +x plugin.sh &&
	kubeconfig exec.yaml '    server: $SERVER
    certificate-authority-data: $CADATA' '    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: ./plugin.sh
      interactiveMode: Never' &&
	probe_ok --kubeconfig exec.yaml &&
	test -s '$TRASH_BASE/plugin.ran'
"

test_expect_success "a CA that did not sign the server's certificate is refused, clearly" "
	kubeconfig wrongca.yaml '    server: $SERVER
    certificate-authority-data: '\$(b64 '$CERTS/ca.pem') '    token: $TOKEN' &&
	test_must_fail 1 argolab down --dry-run --kubeconfig wrongca.yaml 2>err &&
	test_grep 'is not trusted' err &&
	test_grep 'certificate-authority-data' err &&
	test_must_fail 1 grep -q '$TOKEN' err
"

test_expect_success "an expired server certificate is refused, even from the trusted CA" "
	start_stub expired --cert '$CERTS/expired.pem' --key '$CERTS/expired.key' &&
	port=\$(cat '$TRASH_BASE/expired.port') &&
	kubeconfig expired.yaml \"    server: https://127.0.0.1:\$port
    certificate-authority-data: \$(b64 '$CERTS/ca.pem')\" '    token: t' &&
	test_must_fail 1 argolab down --dry-run --kubeconfig expired.yaml 2>err &&
	test_grep 'certificate has expired' err
"

test_expect_success "insecure-skip-tls-verify is honoured, with a warning" "
	kubeconfig insecure.yaml '    server: $SERVER
    insecure-skip-tls-verify: true' '    token: $TOKEN' &&
	probe_ok --kubeconfig insecure.yaml &&
	test_grep 'warning: TLS verification is off' err
"

test_expect_success "a kind-shaped kubeconfig: inline CA, client certificate and key" "
	start_stub kind --cert '$CERTS/good.pem' --key '$CERTS/good.key' --client-ca '$CERTS/ca.pem' &&
	port=\$(cat '$TRASH_BASE/kind.port') &&
	kubeconfig kind.yaml \"    certificate-authority-data: \$(b64 '$CERTS/ca.pem')
    server: https://127.0.0.1:\$port\" \"    client-certificate-data: \$(b64 '$CERTS/client.pem')
    client-key-data: \$(b64 '$CERTS/client.key')\" kind-argolab &&
	probe_ok --kubeconfig kind.yaml --context kind-argolab &&
	test_grep '\"cn\": \"kubernetes-admin\"' '$TRASH_BASE/kind.log'
"

test_expect_success "a Docker-Desktop-shaped kubeconfig whose cluster is not running: a clear error" "
	kubeconfig dd.yaml \"    certificate-authority-data: \$(b64 '$CERTS/ca.pem')
    server: https://kubernetes.docker.internal:6443\" \"    client-certificate-data: \$(b64 '$CERTS/client.pem')
    client-key-data: \$(b64 '$CERTS/client.key')\" docker-desktop &&
	test_must_fail 1 argolab down --dry-run --kubeconfig dd.yaml 2>err &&
	test_grep \"cannot reach the Kubernetes API at https://kubernetes.docker.internal:6443 (context 'docker-desktop')\" err
"

test_expect_success "no kubeconfig at all: the error says where it looked and suggests --sim" "
	test_must_fail 1 argolab status 2>err &&
	test_grep '.kube/config' err &&
	test_grep 'add --sim' err
"

test_done
