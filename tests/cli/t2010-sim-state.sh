#!/bin/sh
# t2010: `argolab sim start --state DIR`: nothing acknowledged is lost
# when the simulator is killed with SIGKILL, a second simulator cannot
# take the same directory, a write cut short by a kill is dropped, and
# a damaged state file is refused with file:line.
. "$(dirname "$0")/lib.sh"

RUN=$TRASH_BASE/run
STATE=$TRASH_BASE/state
trap '"$ARGOLAB" sim stop --dir "$RUN" >/dev/null 2>&1; "$ARGOLAB" sim stop --dir "$RUN.2" >/dev/null 2>&1; rm -rf "$TRASH_BASE"' EXIT

start() {
	argolab sim start --detach --dir "$RUN" --state "$STATE" --speed 100 -q "$@"
}

pid_of() {
	sed -n 's/.*"pid": \([0-9]*\).*/\1/p' "$RUN/info.json"
}

# api METHOD PATH [BODY]: one request with the simulator's token; prints
# the HTTP status, the body goes to ./body
api() {
	server=$(sed -n 's/.*server: //p' "$RUN/kubeconfig")
	token=$(cat "$RUN/token")
	if [ $# -gt 2 ]; then
		curl -s -o body -w '%{http_code}' --cacert "$RUN/ca.crt" \
			-H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
			-X "$1" --data-binary "$3" "$server$2"
	else
		curl -s -o body -w '%{http_code}' --cacert "$RUN/ca.crt" \
			-H "Authorization: Bearer $token" -X "$1" "$server$2"
	fi
}

test_expect_success "objects survive SIGKILL and a restart, with their uid and resourceVersion" "
	start &&
	test \$(api POST /api/v1/namespaces/default/configmaps '{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"kept\"},\"data\":{\"a\":\"1\"}}') = 201 &&
	test \$(api GET /api/v1/namespaces/default/configmaps/kept) = 200 &&
	cp body before.json &&
	kill -9 \$(pid_of) &&
	sleep 0.2 &&
	rm -f '$RUN/pid' &&
	start &&
	test \$(api GET /api/v1/namespaces/default/configmaps/kept) = 200 &&
	uid1=\$(sed 's/.*\"uid\":\"\([^\"]*\)\".*/\1/' before.json) &&
	uid2=\$(sed 's/.*\"uid\":\"\([^\"]*\)\".*/\1/' body) &&
	test \"\$uid1\" = \"\$uid2\" &&
	rv1=\$(sed 's/.*\"resourceVersion\":\"\([0-9]*\)\".*/\1/' before.json) &&
	rv2=\$(sed 's/.*\"resourceVersion\":\"\([0-9]*\)\".*/\1/' body) &&
	test \"\$rv1\" = \"\$rv2\" &&
	test \$(api POST /api/v1/namespaces/default/configmaps '{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"later\"}}') = 201 &&
	rv3=\$(sed 's/.*\"resourceVersion\":\"\([0-9]*\)\".*/\1/' body) &&
	test \$rv3 -gt \$rv1 &&
	argolab sim stop --dir '$RUN' >/dev/null
"

test_expect_success "every write acknowledged before a SIGKILL in mid-stream is there after restart" "
	start || exit 1
	server=\$(sed -n 's/.*server: //p' '$RUN/kubeconfig')
	token=\$(cat '$RUN/token')
	# (on a line of its own: '&' would put the whole && list in the background)
	(
		i=0
		while [ \$i -lt 400 ]; do
			code=\$(curl -s -o /dev/null -w '%{http_code}' --cacert '$RUN/ca.crt' \
				-H \"Authorization: Bearer \$token\" -H 'Content-Type: application/json' \
				-X POST --data-binary \"{\\\"apiVersion\\\":\\\"v1\\\",\\\"kind\\\":\\\"ConfigMap\\\",\\\"metadata\\\":{\\\"name\\\":\\\"w-\$i\\\"}}\" \
				\"\$server/api/v1/namespaces/default/configmaps\")
			[ \"\$code\" = 201 ] && echo w-\$i >>acked
			i=\$((i + 1))
		done
	) &
	writer=\$!
	sleep 1.5 &&
	kill -9 \$(pid_of) &&
	wait \$writer;
	test -s acked &&
	rm -f '$RUN/pid' &&
	start &&
	missing=0 &&
	while read -r name; do
		[ \$(api GET /api/v1/namespaces/default/configmaps/\$name) = 200 ] || { echo \"lost \$name\"; missing=1; }
	done <acked &&
	test \$missing = 0 &&
	echo \"\$(wc -l <acked) acknowledged writes, none lost\" &&
	argolab sim stop --dir '$RUN' >/dev/null
"

test_expect_success "a second simulator cannot use the same state directory" "
	start &&
	test_must_fail 1 argolab sim start --detach --dir '$RUN.2' --state '$STATE' -q 2>err &&
	test_grep 'is in use by another argolab sim' err &&
	argolab sim stop --dir '$RUN' >/dev/null
"

test_expect_success "a log line cut short by a kill is dropped; the rest loads" "
	printf '{\"rv\":999999,\"b\":\"core/configmaps\",\"k\":\"default/torn\",\"o\":{\"apiVer' >>'$STATE/wal.jsonl' &&
	start &&
	test \$(api GET /api/v1/namespaces/default/configmaps/kept) = 200 &&
	test \$(api GET /api/v1/namespaces/default/configmaps/torn) = 404 &&
	argolab sim stop --dir '$RUN' >/dev/null
"

test_expect_success "a damaged state file is refused with file and line, and left as it was" "
	printf 'not json\n{\"rv\":1,\"b\":\"core/configmaps\",\"k\":\"default/x\"}\n' >'$STATE/wal.jsonl' &&
	cp '$STATE/wal.jsonl' wal.before &&
	test_must_fail 1 argolab sim start --detach --dir '$RUN' --state '$STATE' -q 2>err &&
	test_grep 'wal.jsonl:1:' err &&
	cmp wal.before '$STATE/wal.jsonl'
"

test_done
