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
if [ "${VALGRIND:-0}" = 1 ]; then
	argolab() {
		valgrind -q --error-exitcode=99 --leak-check=full \
			--errors-for-leak-kinds=definite,indirect "$ARGOLAB" "$@"
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

# test_empty FILE: FILE must exist and be empty.
test_empty() {
	if [ -s "$1" ]; then
		echo "expected $1 to be empty, it has:" >&2
		head -20 "$1" >&2
		return 1
	fi
}

test_done() {
	echo "# passed $((test_count - test_failed)) failed $test_failed skipped $test_skipped"
	[ "$test_failed" -eq 0 ]
}
