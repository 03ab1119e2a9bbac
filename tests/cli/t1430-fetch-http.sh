#!/bin/sh
# t1430: url sources over real HTTP and HTTPS, against a misbehaving
# server on loopback (tests/fetch/httpd.py): a 500 then 200 is retried, a
# 429 waits for its Retry-After, a dropped connection is retried, a
# stalled server times out, an oversized or endless body is refused, a
# redirect loop stops, a redirect is followed; TLS is verified (an
# unknown CA and an expired certificate are refused, --cacert trusts a
# CA); plain http is refused off loopback; credentials in URLs are never
# shown.  Every failure leaves the layout as it was.
. "$(dirname "$0")/lib.sh"

REL=v3.7.18/manifests/quick-start-postgres.yaml
FILE=$UPSTREAM/$REL
SUM=$(sha256sum "$FILE" | cut -d' ' -f1)
SIZE=$(wc -c <"$FILE" | tr -d ' ')
ROOT_DIR=$TRASH_BASE/www
CERTS=$TRASH_BASE/certs
mkdir -p "$ROOT_DIR/v3.7.18/manifests"
ln -s "$FILE" "$ROOT_DIR/$REL"
sh "$ROOT/tests/fetch/mkcerts.sh" "$CERTS"

# start_server NAME [--cert PEM --key KEY]: a server whose port is in
# $TRASH_BASE/NAME.port and whose request log is $TRASH_BASE/NAME.log
PIDS=
start_server() {
	name=$1
	shift
	python3 "$ROOT/tests/fetch/httpd.py" --root "$ROOT_DIR" \
		--port-file "$TRASH_BASE/$name.port" --log "$TRASH_BASE/$name.log" "$@" &
	PIDS="$PIDS $!"
	i=0
	while [ ! -s "$TRASH_BASE/$name.port" ] && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
}
start_server plain
start_server tls --cert "$CERTS/good.pem" --key "$CERTS/good.key"
start_server old --cert "$CERTS/expired.pem" --key "$CERTS/expired.key"
trap 'kill $PIDS 2>/dev/null; rm -rf "$TRASH_BASE"' EXIT
HTTP=http://127.0.0.1:$(cat "$TRASH_BASE/plain.port")
HTTPS=https://127.0.0.1:$(cat "$TRASH_BASE/tls.port")
OLD=https://localhost:$(cat "$TRASH_BASE/old.port")
LOG=$TRASH_BASE/plain.log

# write_lock URL: one url pin of quick-start-postgres.yaml at v3.7.18
write_lock() {
	mkdir -p manifests
	cat >manifests/lock.yaml <<-EOF
	apiVersion: argolab.dev/v1alpha1
	kind: Lock
	pins:
	- upstream: argo-workflows
	  ref: v3.7.18
	  source:
	    url: $1
	  resources:
	  - manifests/quick-start-postgres.yaml
	  files:
	  - path: manifests/quick-start-postgres.yaml
	    size: $SIZE
	    sha256: $SUM
	EOF
}

# tries PATH: how many requests the plain server saw for PATH
tries() {
	grep -c "^GET $1\$" "$LOG"
}

laid_out() {
	cmp manifests/argo-workflows/v3.7.18/manifests/quick-start-postgres.yaml "$FILE"
}

test_expect_success "a plain fetch over http on loopback" "
	write_lock '$HTTP/files/{ref}/' &&
	argolab fetch --cache-dir cache >out &&
	test_grep 'laid out 1 file' out &&
	laid_out
"

test_expect_success "500 then 200: retried, and the second answer is used" "
	write_lock '$HTTP/fail/1/500/{ref}/' &&
	argolab fetch --cache-dir cache -v >out 2>err &&
	laid_out &&
	test \$(tries /fail/1/500/$REL) = 2 &&
	test_grep 'status 500; trying again' err
"

test_expect_success "503 on every try: gives up after --retries, nothing laid out" "
	write_lock '$HTTP/fail/99/503/{ref}/' &&
	test_must_fail 1 argolab fetch --cache-dir cache --retries 3 2>err &&
	test_grep \"GET '$HTTP/fail/99/503/$REL': status 503 (after 3 tries)\" err &&
	test \$(tries /fail/99/503/$REL) = 3 &&
	test ! -e manifests/argo-workflows
"

test_expect_success "429 with Retry-After: waits that long, then succeeds" "
	write_lock '$HTTP/retry-after/1/{ref}/' &&
	start=\$(date +%s%N) &&
	argolab fetch --cache-dir cache -v 2>err &&
	end=\$(date +%s%N) &&
	laid_out &&
	test_grep 'status 429; trying again in 1000 ms' err &&
	test \$(( (end - start) / 1000000 )) -ge 1000
"

test_expect_success "a dropped connection is retried" "
	write_lock '$HTTP/drop/2/{ref}/' &&
	argolab fetch --cache-dir cache >out &&
	laid_out &&
	test \$(tries /drop/2/$REL) = 3
"

test_expect_success "a 404 is final: no retry, the URL named" "
	write_lock '$HTTP/files/nope/' &&
	test_must_fail 1 argolab fetch --cache-dir cache 2>err &&
	test_grep \"GET '$HTTP/files/nope/manifests/quick-start-postgres.yaml': status 404\" err &&
	test \$(tries /files/nope/manifests/quick-start-postgres.yaml) = 1
"

test_expect_success "a stalled server times out (--http-timeout), and the layout is unchanged" "
	write_lock '$HTTP/files/{ref}/' &&
	argolab fetch --cache-dir cache -q &&
	echo local >>manifests/argo-workflows/v3.7.18/manifests/quick-start-postgres.yaml &&
	find manifests/argo-workflows -type f -exec sha256sum {} + | sort >before &&
	write_lock '$HTTP/stall/{ref}/' &&
	start=\$(date +%s) &&
	test_must_fail 1 argolab fetch --cache-dir empty-cache --http-timeout 1 --retries 1 2>err &&
	end=\$(date +%s) &&
	test_grep \"GET '$HTTP/stall/$REL': timed out: the server sent nothing for 1 s\" err &&
	test \$((end - start)) -lt 20 &&
	find manifests/argo-workflows -type f -exec sha256sum {} + | sort >after &&
	test_cmp before after
"

test_expect_success "a body larger than the pin (Content-Length) is refused" "
	write_lock '$HTTP/huge/{ref}/' &&
	test_must_fail 1 argolab fetch --cache-dir cache 2>err &&
	test_grep \"GET '$HTTP/huge/$REL': the body is larger than the $SIZE-byte limit\" err &&
	test \$(tries /huge/$REL) = 1 &&
	test ! -e manifests/argo-workflows
"

test_expect_success "an endless chunked body is cut at the pin's size" "
	write_lock '$HTTP/endless/{ref}/' &&
	test_must_fail 1 argolab fetch --cache-dir cache 2>err &&
	test_grep 'the body is larger than the $SIZE-byte limit' err &&
	test ! -e manifests/argo-workflows
"

test_expect_success "a redirect loop stops after 5 hops" "
	write_lock '$HTTP/loop/{ref}/' &&
	test_must_fail 1 argolab fetch --cache-dir cache 2>err &&
	test_grep \"GET '$HTTP/loop/$REL': stopped after 5 redirects (the last one to '$HTTP/loop2/$REL')\" err &&
	test \$(( \$(tries /loop/$REL) + \$(tries /loop2/$REL) )) = 6
"

test_expect_success "a redirect is followed" "
	write_lock '$HTTP/redirect/{ref}/' &&
	argolab fetch --cache-dir cache -q &&
	laid_out &&
	test \$(tries /files/$REL) -ge 1
"

test_expect_success "a redirect to plain http off loopback is refused" "
	write_lock '$HTTP/away/{ref}/' &&
	test_must_fail 1 argolab fetch --cache-dir cache 2>err &&
	test_grep \"'http://example.com/$REL': plain http is refused for a host that is not loopback; use https\" err
"

test_expect_success "plain http to a host that is not loopback is refused before connecting" "
	write_lock 'http://example.com/{ref}/' &&
	test_must_fail 1 argolab fetch --cache-dir cache 2>err &&
	test_grep 'plain http is refused' err
"

test_expect_success "https: a server whose CA is not trusted is refused" "
	write_lock '$HTTPS/files/{ref}/' &&
	test_must_fail 1 argolab fetch --cache-dir cache 2>err &&
	test_grep 'SSL certificate problem' err &&
	test ! -e manifests/argo-workflows
"

test_expect_success "https: --cacert trusts the server's CA" "
	write_lock '$HTTPS/files/{ref}/' &&
	argolab fetch --cache-dir cache --cacert '$CERTS/ca.pem' -q &&
	laid_out
"

test_expect_success "https: an expired certificate is refused, even from a trusted CA" "
	write_lock '$OLD/files/{ref}/' &&
	test_must_fail 1 argolab fetch --cache-dir cache --cacert '$CERTS/ca.pem' 2>err &&
	test_grep 'certificate has expired' err &&
	test ! -e manifests/argo-workflows
"

test_expect_success "https: a certificate for another name is refused" "
	write_lock 'https://127.0.0.2:$(cat "$TRASH_BASE/tls.port")/files/{ref}/' &&
	test_must_fail 1 argolab fetch --cache-dir cache --cacert '$CERTS/ca.pem' --retries 1 2>err &&
	test_grep 'GET' err &&
	test ! -e manifests/argo-workflows
"

test_expect_success "credentials in a URL are never shown" "
	write_lock 'https://alice:s3cret@127.0.0.1:$(cat "$TRASH_BASE/tls.port")/files/nope/?token=t0ken&x=1' &&
	test_must_fail 1 argolab fetch --cache-dir cache --cacert '$CERTS/ca.pem' -vv >out 2>err &&
	test_grep 'REDACTED@127.0.0.1' err &&
	test_grep 'token=REDACTED&x=1' err &&
	! grep -q 's3cret' out err &&
	! grep -q 't0ken' out err
"

test_expect_success "--cacert must name a file" "
	write_lock '$HTTPS/files/{ref}/' &&
	test_must_fail 2 argolab fetch --cacert nope.pem 2>err &&
	test_grep \"--cacert 'nope.pem' is not a readable file\" err
"

test_expect_success "--update of a url pin over http fills in the files" "
	mkdir -p manifests &&
	cat >manifests/lock.yaml <<-EOF &&
	apiVersion: argolab.dev/v1alpha1
	kind: Lock
	pins:
	- upstream: argo-workflows
	  ref: v3.7.18
	  source:
	    url: $HTTP/fail/1/502/{ref}/
	  resources:
	  - manifests/quick-start-postgres.yaml
	  files: []
	EOF
	argolab fetch --update --cache-dir cache >out &&
	test_grep 'sha256: $SUM' manifests/lock.yaml &&
	test_grep 'size: $SIZE' manifests/lock.yaml &&
	laid_out
"

test_done
