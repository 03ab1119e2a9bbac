#!/bin/sh
# run.sh TARGET SECONDS [libFuzzer options...]
#
# Runs build/fuzz/fuzz_TARGET (build it with `make fuzz`) for SECONDS of
# wall time on one core, from the hand-written seeds in seeds/TARGET plus
# the working corpus in build/fuzz/corpus/TARGET (not in git).  New
# crashes go to tests/fuzz/crashes/TARGET/.  UBSan reports stop the run
# (halt_on_error) so each one leaves a reproducer; findings already
# reported are suppressed through asan.supp and ubsan.supp unless
# FUZZ_NO_SUPP=1.  FUZZ_BIN_DIR picks another build of the targets
# (default build/fuzz).  Run from the top of the repository.
set -eu
target=$1
secs=$2
shift 2
here=tests/fuzz
bin=${FUZZ_BIN_DIR:-build/fuzz}/fuzz_$target
[ -x "$bin" ] || { echo "run.sh: $bin missing; run 'make fuzz'" >&2; exit 2; }
case $target in
kustomization) dict=$here/kustomization.dict ;;
lock) dict=$here/lock.dict ;;
kubeconfig) dict=$here/yaml.dict ;;
unpack | simreq | json) dict= ;;
yamlfast) dict=$here/yaml.dict ;;
*) dict=$here/yaml.dict ;;
esac
corpus=build/fuzz/corpus/$target
mkdir -p "$corpus" "$here/crashes/$target"
asan=detect_leaks=1
ubsan=halt_on_error=1:print_stacktrace=1
if [ "${FUZZ_NO_SUPP:-0}" != 1 ]; then
	asan=$asan:suppressions=$here/asan.supp
	ubsan=$ubsan:suppressions=$here/ubsan.supp
fi
ASAN_OPTIONS=$asan UBSAN_OPTIONS=$ubsan exec "$bin" \
	-max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 \
	-print_final_stats=1 ${dict:+-dict="$dict"} \
	-artifact_prefix="$here/crashes/$target/" \
	"$@" "$corpus" "$here/seeds/$target"
