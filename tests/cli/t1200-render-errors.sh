#!/bin/sh
# t1200: argolab render on bad input.  Every case must exit with the
# expected code (1 for bad input, 2 for command-line usage errors), print
# nothing at all on stdout, print "argolab render: error: ..." on stderr,
# and name what is wrong: the file, and line:column where the position is
# knowable.
#
# Committed cases live in tests/render/bad/NN-name/: a small kustomization
# plus a file `expect` whose first line is the exit code and whose other
# lines are fixed strings that must each appear in stderr.  Each is copied
# to $TRASH/kdir and rendered as `argolab render kdir`, so the strings
# cannot match the case's own directory name by accident.  Cases that need
# generated content (alias bombs, a file over the 64 MiB cap, symlinks,
# bytes that are not UTF-8, ...) are built in $TRASH below, and checked the
# same way.
#
# T1200_VALGRIND=1 runs every command under valgrind (memory errors and
# leaks make the exit code 99, so the case fails).
. "$(dirname "$0")/lib.sh"

BAD=$ROOT/tests/render/bad
TIMEOUT=10
VG=
if [ -n "${T1200_VALGRIND:-}" ]; then
	VG="valgrind --error-exitcode=99 -q --leak-check=full --errors-for-leak-kinds=definite,indirect"
	TIMEOUT=300
fi

# run ARGS...: argolab under a time limit (and valgrind when asked).
run() {
	# shellcheck disable=SC2086 # VG is a command with its options
	timeout "$TIMEOUT" $VG "$ARGOLAB" "$@"
}

# write_expect CODE [STRING...]: an expect file in the current directory.
write_expect() {
	printf '%s\n' "$@" >expect
}

# check EXPECT GOT OUT ERR: the exit code GOT, stdout OUT and stderr ERR
# against the expect file EXPECT.  Reports every problem, not just the
# first.
check() {
	ok=0
	want=$(sed -n 1p "$1")
	if [ "$2" -eq 124 ]; then
		echo "timed out after ${TIMEOUT}s" >&2
		ok=1
	elif [ "$2" -ne "$want" ]; then
		echo "expected exit code $want, got $2" >&2
		ok=1
	fi
	if [ -s "$3" ]; then
		echo "expected nothing on stdout, got $(wc -c <"$3") bytes:" >&2
		head -5 "$3" >&2
		ok=1
	fi
	if [ ! -s "$4" ]; then
		echo "expected an error message on stderr, got nothing" >&2
		ok=1
	elif [ "$want" -eq 1 ] && ! grep -q '^argolab render: error: ' "$4"; then
		echo "expected stderr to start with 'argolab render: error: '" >&2
		ok=1
	fi
	tail -n +2 "$1" >want-strings
	while IFS= read -r s; do
		[ -z "$s" ] && continue
		if ! grep -qF -- "$s" "$4"; then
			echo "expected '$s' in stderr" >&2
			ok=1
		fi
	done <want-strings
	if [ "$ok" -ne 0 ]; then
		echo "stderr was:" >&2
		head -20 "$4" >&2
	fi
	return $ok
}

# run_case DIR [ARGS...]: render DIR (with ARGS) and check it against
# DIR/expect, or ./expect when DIR has none.
run_case() {
	dir=$1
	shift
	exp=$dir/expect
	[ -f "$exp" ] || exp=$PWD/expect
	run render "$@" "$dir" >out 2>err
	check "$exp" $? out err
}

# ---------------------------------------------------------------------
# committed cases

for dir in "$BAD"/*/; do
	dir=${dir%/}
	name=$(basename "$dir")
	[ -f "$dir/expect" ] || continue
	what=$(sed -n '2,$p' "$dir/expect" | sed "s/^/'/; s/\$/'/" | tr '\n' ' ' | sed 's/ $//')
	test_expect_success "bad/$name: exit $(sed -n 1p "$dir/expect"), stderr has $what" "
		cp -R '$dir' kdir &&
		run_case kdir
	"
done

# ---------------------------------------------------------------------
# generated cases

# cm NAME: a minimal ConfigMap
cm() {
	printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: %s\n' "$1"
}

# bomb: data with 9 levels of 10 aliases each (10^9 nodes if expanded)
bomb() {
	printf 'a0: &a0 "lol"\n'
	i=1
	while [ $i -le 9 ]; do
		printf 'a%d: &a%d [' $i $i
		j=1
		while [ $j -le 10 ]; do
			[ $j -gt 1 ] && printf ', '
			printf '*a%d' $((i - 1))
			j=$((j + 1))
		done
		printf ']\n'
		i=$((i + 1))
	done
}

test_expect_success "gen/alias-bomb-resource: billion laughs in a resource is refused quickly, naming the alias" '
	mkdir k &&
	printf "resources:\n- bomb.yaml\n" >k/kustomization.yaml &&
	{ cm lol; printf "data:\n"; bomb | sed "s/^/  /"; } >k/bomb.yaml &&
	write_expect 1 "bomb.yaml:" "alias" &&
	run_case k &&
	grep -Eq "bomb\.yaml:[0-9]+:[0-9]+: " err
'

test_expect_success "gen/alias-bomb-kustomization: billion laughs in kustomization.yaml is refused quickly" '
	mkdir k &&
	{ printf "commonAnnotations:\n  a: b\n"; bomb; } >k/kustomization.yaml &&
	write_expect 1 "kustomization.yaml:" "alias" &&
	run_case k &&
	grep -Eq "kustomization\.yaml:[0-9]+:[0-9]+: " err
'

test_expect_success "gen/resource-over-64MiB: a resource over the input size cap is refused, naming it and where it is listed" '
	mkdir k &&
	printf "resources:\n- big.yaml\n" >k/kustomization.yaml &&
	cm big >k/big.yaml &&
	truncate -s 67108865 k/big.yaml &&
	write_expect 1 "big.yaml" "kustomization.yaml:2:3" "limit" &&
	run_case k
'

test_expect_success "gen/kustomization-over-64MiB: a kustomization file over the cap is refused" '
	mkdir k &&
	printf "resources: []\n" >k/kustomization.yaml &&
	truncate -s 67108865 k/kustomization.yaml &&
	write_expect 1 "kustomization.yaml" "limit" &&
	run_case k
'

test_expect_success "gen/deep-nesting: 100000 nested flow sequences are refused, not a crash" '
	mkdir k &&
	printf "resources:\n- cm.yaml\n" >k/kustomization.yaml &&
	{ cm deep; printf "x: "; head -c 100000 /dev/zero | tr "\0" "["; echo; } >k/cm.yaml &&
	write_expect 1 "cm.yaml:5:" "nest" &&
	run_case k
'

test_expect_success "gen/non-utf8: a byte that is not UTF-8 is refused at its line:column" '
	mkdir k &&
	printf "resources:\n- cm.yaml\n" >k/kustomization.yaml &&
	{ cm settings; printf "data:\n  greeting: caf\351\n"; } >k/cm.yaml &&
	write_expect 1 "cm.yaml:6:16" "UTF-8" &&
	run_case k
'

test_expect_success "gen/non-utf8-kustomization: a kustomization.yaml in Latin-1 is refused at its line:column" '
	mkdir k &&
	printf "namePrefix: caf\351-\n" >k/kustomization.yaml &&
	write_expect 1 "kustomization.yaml:1:16" "UTF-8" &&
	run_case k
'

test_expect_success "gen/control-character: a control character is refused at its line:column" '
	mkdir k &&
	printf "resources:\n- cm.yaml\n" >k/kustomization.yaml &&
	{ cm settings; printf "data:\n  a: x\001y\n"; } >k/cm.yaml &&
	write_expect 1 "cm.yaml:6:7" "control character" &&
	run_case k
'

test_expect_success "gen/directory-cycle-symlink: resources: [again] with again -> . is a cycle, named where it is listed" '
	mkdir k &&
	ln -s . k/again &&
	printf "resources:\n- again\n" >k/kustomization.yaml &&
	write_expect 1 "cycle" "kustomization.yaml:2:3" &&
	run_case k
'

test_expect_success "gen/directory-cycle-parent-symlink: a base that is a symlink to its parent is a cycle" '
	mkdir -p k/base &&
	ln -s .. k/base/up &&
	printf "resources:\n- base/up\n" >k/kustomization.yaml &&
	write_expect 1 "cycle" "kustomization.yaml:2:3" &&
	run_case k
'

test_expect_success "gen/symlink-escape: a symlink inside the root pointing outside is refused without LoadRestrictionsNone" '
	mkdir -p k elsewhere &&
	cm stolen >elsewhere/cm.yaml &&
	ln -s ../elsewhere/cm.yaml k/cm.yaml &&
	printf "resources:\n- cm.yaml\n" >k/kustomization.yaml &&
	write_expect 1 "kustomization.yaml:2:3" "elsewhere/cm.yaml" "LoadRestrictionsNone" &&
	run_case k &&
	run render --load-restrictor LoadRestrictionsNone k >out &&
	grep -q "name: stolen" out
'

test_expect_success "gen/missing-dir: render of a directory that does not exist names it" '
	write_expect 1 "nosuch-dir" &&
	run_case nosuch-dir
'

test_expect_success "gen/file-not-dir: render of a regular file says it is not a directory" '
	cm settings >cm.yaml &&
	write_expect 1 "cm.yaml" "directory" &&
	run_case cm.yaml
'

test_expect_success "cli/unknown-profile: --profile nosuch names the profile" '
	mkdir -p profiles/default &&
	printf "resources: []\n" >profiles/default/kustomization.yaml &&
	run render --profile nosuch >out 2>err
	check_code=$? &&
	write_expect 1 "nosuch" &&
	check expect $check_code out err
'

test_expect_success "cli/two-dirs: render a b is a usage error (exit 2)" '
	mkdir a b &&
	run render a b >out 2>err
	check_code=$? &&
	write_expect 2 "unexpected argument '\''b'\''" "usage: argolab render" &&
	check expect $check_code out err
'

test_expect_success "cli/dir-and-profile: DIR and --profile together is a usage error (exit 2)" '
	mkdir -p a profiles/default &&
	run render --profile default a >out 2>err
	check_code=$? &&
	write_expect 2 "--profile" "usage: argolab render" &&
	check expect $check_code out err
'

test_expect_success "cli/bad-restrictor: an unknown --load-restrictor value is a usage error (exit 2)" '
	mkdir a &&
	run render --load-restrictor None a >out 2>err
	check_code=$? &&
	write_expect 2 "LoadRestrictionsNone" &&
	check expect $check_code out err
'

test_done
