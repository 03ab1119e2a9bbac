# lib.sh: the shared library of the numbered CLI tests (after git's t/).
#
# A test script sources this file, declares cases with
#   test_expect_success 'what it checks' 'commands'
# and ends with test_done.  Each case runs in a subshell inside a fresh
# scratch directory $TRASH; a case passes when its commands exit 0.
# Results go to stdout as "ok N - what" / "not ok N - what" lines, and
# test_done prints "# passed N failed M" for tests/run-all.sh to count.

set -u

TEST_NAME=$(basename "$0" .sh)
TEST_DIR=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$TEST_DIR/../.." && pwd)
ARGOLAB=${ARGOLAB:-$ROOT/bin/argolab}
SHARED=${SHARED:-$(cd "$ROOT/.." && pwd)/shared}
UPSTREAM=$SHARED/upstream/argo-workflows
TRASH_BASE=${TMPDIR:-/tmp}/argolab-test.$$.$TEST_NAME
test_count=0
test_failed=0
test_skipped=0

mkdir -p "$TRASH_BASE"
trap 'rm -rf "$TRASH_BASE"' EXIT

# VALGRIND=1 (make valgrind) runs every argolab command under valgrind:
# any memory error or leak makes the command exit 99 and the test fail.
# A detached `argolab sim` outlives the command that started it, so every
# process also logs to $TRASH_BASE/valgrind.PID.log and test_done, after
# stopping the simulators still running, fails on any error in those logs.
if [ "${VALGRIND:-0}" = 1 ]; then
	argolab() {
		valgrind -q --error-exitcode=99 --leak-check=full \
			--errors-for-leak-kinds=definite,indirect \
			--log-file="$TRASH_BASE/valgrind.%p.log" "$ARGOLAB" "$@"
	}
else
	argolab() {
		"$ARGOLAB" "$@"
	}
fi

test_expect_success() {
	test_count=$((test_count + 1))
	TRASH=$TRASH_BASE/t$test_count
	mkdir -p "$TRASH"
	if (cd "$TRASH" && eval "$2") >"$TRASH_BASE/out.$test_count" 2>&1; then
		echo "ok $test_count - $1"
	else
		test_failed=$((test_failed + 1))
		echo "not ok $test_count - $1"
		sed 's/^/#   /' "$TRASH_BASE/out.$test_count"
	fi
}

# test_skip REASON DESCRIPTION: count a case as skipped (not passed).
test_skip() {
	test_skipped=$((test_skipped + 1))
	echo "ok - # skip $2 ($1)"
}

# test_must_fail CODE CMD...: CMD must exit with exactly CODE.
test_must_fail() {
	want=$1
	shift
	"$@"
	got=$?
	if [ "$got" -ne "$want" ]; then
		echo "expected exit code $want, got $got from: $*" >&2
		return 1
	fi
	return 0
}

# test_cmp EXPECTED ACTUAL: files must be equal; show a diff otherwise.
test_cmp() {
	if ! cmp -s "$1" "$2"; then
		diff -u "$1" "$2" | head -40 >&2
		return 1
	fi
}

# test_grep PATTERN FILE: FILE must contain the fixed string PATTERN.
test_grep() {
	if ! grep -qF -- "$1" "$2"; then
		echo "expected '$1' in $2, which has:" >&2
		head -20 "$2" >&2
		return 1
	fi
}

# test_project: $PROJ, a project of our own (the repository's lock and
# profiles, the pins laid out through the local mirror), with its own
# XDG_CACHE_HOME; exits the script when that fails
test_project() {
	PROJ=$TRASH_BASE/proj
	XDG_CACHE_HOME=$TRASH_BASE/cache
	export XDG_CACHE_HOME
	mkdir -p "$PROJ/manifests" &&
	cp "$ROOT/manifests/lock.yaml" "$PROJ/manifests/" &&
	cp -R "$ROOT/profiles" "$PROJ/" &&
	(cd "$PROJ" && "$ARGOLAB" fetch --mirror "$SHARED/upstream" -q) || exit 1
}

# test_kubectl KUBECONFIG ARGS...: the real kubectl, with a fresh
# discovery cache every time (kubectl caches discovery on disk)
test_kubectl() {
	test_kc=$1
	shift
	kubectl --kubeconfig "$test_kc" --cache-dir "$(mktemp -d "$TRASH_BASE/kc.XXXXXX")" "$@"
}

# test_inventory KUBECONFIG [rv]: "Kind/namespace/name" of every object
# labelled with the inventory quickstart, sorted, duplicates kept; with
# rv, each followed by its resourceVersion.  Endpoints (which inherit
# their Service's labels) and the inventory record itself are left out.
test_inventory() {
	test_kinds=$(test_kubectl "$1" api-resources --verbs=list -o name | tr '\n' ',' | sed 's/,$//')
	test_rv=
	[ "${2:-}" = rv ] && test_rv=' {.metadata.resourceVersion}'
	test_kubectl "$1" get "$test_kinds" -A -l argolab.dev/inventory=quickstart \
		-o jsonpath="{range .items[*]}{.kind}/{.metadata.namespace}/{.metadata.name}$test_rv{\"\\n\"}{end}" |
		grep -v -e '^Endpoints/' -e '^ConfigMap/default/argolab-inventory-' | sort
}

# test_grep_e REGEX FILE: as test_grep, with a basic regular expression
test_grep_e() {
	if ! grep -q -- "$1" "$2"; then
		echo "expected /$1/ in $2, which has:" >&2
		head -20 "$2" >&2
		return 1
	fi
}

# test_empty FILE: FILE must exist and be empty.
test_empty() {
	if [ -s "$1" ]; then
		echo "expected $1 to be empty, it has:" >&2
		head -20 "$1" >&2
		return 1
	fi
}

valgrind_logs_clean() {
	for info in $(find "$TRASH_BASE" -name info.json 2>/dev/null); do
		"$ARGOLAB" sim stop --dir "$(dirname "$info")" --timeout 120 >/dev/null 2>&1
	done
	bad=0
	for log in "$TRASH_BASE"/valgrind.*.log; do
		[ -s "$log" ] || continue
		echo "# valgrind: $log"
		sed 's/^/#   /' "$log" | head -40
		bad=1
	done
	return $bad
}

test_done() {
	if [ "${VALGRIND:-0}" = 1 ]; then
		test_count=$((test_count + 1))
		if valgrind_logs_clean; then
			echo "ok $test_count - valgrind found nothing in any argolab process"
		else
			test_failed=$((test_failed + 1))
			echo "not ok $test_count - valgrind found errors (above)"
		fi
	fi
	echo "# passed $((test_count - test_failed)) failed $test_failed skipped $test_skipped"
	[ "$test_failed" -eq 0 ]
}
