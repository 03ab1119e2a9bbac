#!/bin/sh
# t1300: every fuzz seed and every past crash reproducer (tests/fuzz/)
# replayed through the fuzz targets' own property checks, built by the
# same compiler and sanitizers as the rest of `make check`.  A reproducer
# that crashes again, or trips a sanitizer under SANITIZE=..., fails here.
. "$(dirname "$0")/lib.sh"

: "${REPLAY_DIR:=$ROOT/build/rel/replay}"
FUZZ=$ROOT/tests/fuzz

replay() {
	if [ "${VALGRIND:-0}" = 1 ]; then
		valgrind -q --error-exitcode=99 --leak-check=full \
			--errors-for-leak-kinds=definite,indirect "$@"
	else
		"$@"
	fi
}

for target in yaml smp kustomization lock kubeconfig unpack simreq json yamlfast; do
	bin=$REPLAY_DIR/$target
	for kind in seeds crashes; do
		set -- "$FUZZ/$kind/$target"/*
		[ -e "$1" ] || continue
		n=$#
		test_expect_success "fuzz_$target replays its $n $kind" "
			test -x '$bin' &&
			replay '$bin' $* >out &&
			test_grep 'replayed $n inputs' out
		"
	done
done

test_done
