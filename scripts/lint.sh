#!/bin/sh
# lint.sh: source rules that a compiler does not check (STYLE.md).
#   - banned libc string functions
#   - layers only point down (ARCHITECTURE.md): base <- doc <- render, ...
#   - nothing below src/cmd prints to stdout/stderr
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 1
passed=0
failed=0

check() {
	name=$1
	shift
	out=$("$@" 2>&1)
	if [ -z "$out" ]; then
		passed=$((passed + 1))
		echo "ok - lint: $name"
	else
		failed=$((failed + 1))
		echo "not ok - lint: $name"
		echo "$out" | sed 's/^/#   /'
	fi
}

banned() {
	grep -rnE --include='*.[ch]' '\b(strcpy|strcat|sprintf|vsprintf|strtok|atoi|atol|sscanf|gets)[[:space:]]*\(' src tests/unit tests/fuzz tests/bench 2>/dev/null |
		grep -v '^[^:]*:[0-9]*:[[:space:]]*\*' | grep -vE '(snprintf|vsnprintf)\(' || true
}

# includes of a layer must only name the layers it may use
layer() {
	dir=$1
	shift
	allowed="$*"
	for f in src/$dir/*.[ch]; do
		[ -e "$f" ] || continue
		grep -n '#include "' "$f" | while IFS= read -r line; do
			inc=$(echo "$line" | sed 's/.*#include "\([^"]*\)".*/\1/')
			case $inc in
			../*) target=$(echo "$inc" | cut -d/ -f2) ;;
			*) target=$dir ;;
			esac
			ok=0
			for a in $dir $allowed; do
				[ "$a" = "$target" ] && ok=1
			done
			[ $ok = 1 ] || echo "$f: $line (layer $dir may not use $target)"
		done
	done
}

no_print_below_cmd() {
	grep -rnE '\b(printf|puts|fputs|fprintf)[[:space:]]*\(' \
		src/base src/doc src/render src/fetch src/sim src/kube src/argo 2>/dev/null |
		grep -vE 'snprintf|vsnprintf|/\*' |
		grep -v 'src/base/log.c' || true
}

check "banned functions" banned
check "base uses nothing above it" layer base
check "doc uses only base" layer doc base
check "render uses only base and doc" layer render base doc
check "fetch uses only base and doc" layer fetch base doc
check "sim uses only base and doc" layer sim base doc
check "kube uses only base and doc" layer kube base doc
check "argo uses only base, doc and kube" layer argo base doc kube
check "nothing below src/cmd prints" no_print_below_cmd
echo "# lint passed $passed failed $failed"
[ "$failed" -eq 0 ]
