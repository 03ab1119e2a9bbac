#!/bin/sh
# run-all.sh: every test suite of `make check`, and one summary line.
#
# Suites: source lint, C unit tests (Criterion), numbered CLI tests
# (tests/cli/t*.sh, which include the render conformance tests).  Each
# suite reports its own counts; the last line is "N passed, N failed".

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 1
: "${ARGOLAB:=$ROOT/bin/argolab}"
export ARGOLAB
passed=0
failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

add() {
	passed=$((passed + $1))
	failed=$((failed + $2))
}

# 1. lint: banned functions, layering
if scripts/lint.sh >"$log" 2>&1; then :; fi
cat "$log"
p=$(sed -n 's/^# lint passed \([0-9]*\) failed \([0-9]*\)$/\1/p' "$log")
f=$(sed -n 's/^# lint passed \([0-9]*\) failed \([0-9]*\)$/\2/p' "$log")
add "${p:-0}" "${f:-1}"

# 2. unit tests
if [ -n "${UNIT_BIN:-}" ] && [ -x "$UNIT_BIN" ]; then
	"$UNIT_BIN" --jobs=2 >"$log" 2>&1
	rc=$?
	grep -E '^\[----\]|^\[FAIL\]|Synthesis' "$log" | head -60
	line=$(grep 'Synthesis' "$log" | tail -1)
	tested=$(echo "$line" | sed -n 's/.*Tested: \([0-9]*\).*/\1/p')
	ok=$(echo "$line" | sed -n 's/.*Passing: \([0-9]*\).*/\1/p')
	if [ -z "$tested" ]; then
		echo "unit tests did not report (exit $rc):"
		tail -20 "$log"
		add 0 1
	else
		add "$ok" $((tested - ok))
	fi
else
	echo "unit test binary missing"
	add 0 1
fi

# 3. CLI tests
for t in tests/cli/t[0-9]*.sh; do
	sh "$t" >"$log" 2>&1
	summary=$(tail -1 "$log")
	p=$(echo "$summary" | sed -n 's/^# passed \([0-9]*\) failed \([0-9]*\).*/\1/p')
	f=$(echo "$summary" | sed -n 's/^# passed \([0-9]*\) failed \([0-9]*\).*/\2/p')
	if [ -z "$p" ]; then
		echo "$t: did not finish"
		tail -20 "$log"
		add 0 1
		continue
	fi
	if [ "$f" -ne 0 ]; then
		grep -v '^ok ' "$log"
	fi
	printf '%-50s %s\n' "$t" "$summary"
	add "$p" "$f"
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
