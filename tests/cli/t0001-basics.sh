#!/bin/sh
# t0001: the command line itself: help, version, exit codes, and that
# every command listed in `argolab --help` answers --help.
. "$(dirname "$0")/lib.sh"

test_expect_success "argolab --help lists the commands and exits 0" "
	argolab --help >out &&
	test_grep 'Commands:' out &&
	test_grep 'render' out
"

test_expect_success "argolab with no arguments prints help and exits 2" "
	test_must_fail 2 argolab >out &&
	test_grep 'usage: argolab' out
"

test_expect_success "argolab --version prints the version" "
	argolab --version >out &&
	grep -q '^argolab [0-9][0-9.]*' out
"

test_expect_success "every command answers --help with its usage and exits 0" "
	argolab --help | sed -n '/^Commands:/,/^\$/p' | awk 'NF && !/Commands:/ {print \$1}' >cmds &&
	test -s cmds &&
	while read -r c; do
		argolab \$c --help >out || exit 1
		grep -q \"usage: argolab \$c\" out || exit 1
		if grep -q '^Commands:' out; then
			# a group: each of its commands answers --help too
			sed -n '/^Commands:/,/^\$/p' out | awk 'NF && !/Commands:/ {print \$1}' >subs &&
			test -s subs || exit 1
			while read -r s; do
				argolab \$c \$s --help >sout || exit 1
				grep -q \"usage: argolab \$c \$s\" sout || exit 1
				grep -q 'Options:' sout || exit 1
			done <subs
		else
			grep -q 'Options:' out || exit 1
		fi
	done <cmds
"

test_expect_success "argolab help CMD is argolab CMD --help" "
	argolab help render >a &&
	argolab render --help >b &&
	test_cmp a b
"

test_expect_success "an unknown command exits 2 and suggests the closest" "
	test_must_fail 2 argolab rendr 2>err &&
	test_grep \"'rendr' is not a command\" err &&
	test_grep 'render' err
"

test_expect_success "an unknown option exits 2 with the usage" "
	test_must_fail 2 argolab render --bogus 2>err &&
	test_grep \"unknown option '--bogus'\" err &&
	test_grep 'usage: argolab render' err
"

test_expect_success "an option missing its value exits 2" "
	test_must_fail 2 argolab render --profile 2>err &&
	test_grep \"option '--profile' needs a value\" err
"

test_expect_success "a bad choice names the valid ones" "
	test_must_fail 2 argolab render -o xml 2>err &&
	test_grep 'expected one of: yaml, json' err
"

test_expect_success "too many arguments exit 2" "
	test_must_fail 2 argolab render a b 2>err &&
	test_grep \"unexpected argument 'b'\" err
"

test_done
