#!/bin/sh
# t1000: argolab render prints exactly what `kubectl kustomize` prints for
# every kustomization of the upstream Argo Workflows manifests (v4.1.2 and
# v3.7.18), and the published quick-start-postgres.yaml minus its header.
. "$(dirname "$0")/lib.sh"

if [ ! -d "$UPSTREAM/v4.1.2/manifests" ]; then
	test_skip "no ../shared/upstream" "upstream conformance"
	test_done
	exit 0
fi

grep -v '^#' "$ROOT/tests/render/upstream.sha256" | while read -r sum dir; do
	echo "$sum $dir"
done >"$TRASH_BASE/list"

while read -r sum dir; do
	# under valgrind the 12 MB trees take minutes: keep the small ones
	if [ "${VALGRIND:-0}" = 1 ]; then
		case $dir in
		*crds/full* | *quick-start* | *install*) continue ;;
		esac
	fi
	if [ "$sum" = FAIL ]; then
		test_expect_success "$dir fails as kubectl kustomize does, printing nothing" "
			test_must_fail 1 argolab render --load-restrictor LoadRestrictionsNone \
				'$UPSTREAM/$dir' >out 2>err &&
			test_empty out &&
			test_grep 'kustomization.yaml' err
		"
	else
		test_expect_success "$dir matches kubectl kustomize byte for byte" "
			argolab render --load-restrictor LoadRestrictionsNone '$UPSTREAM/$dir' >out &&
			echo '$sum' >want &&
			sha256sum <out | cut -c1-64 >got &&
			test_cmp want got
		"
	fi
done <"$TRASH_BASE/list"

for v in v4.1.2 v3.7.18; do
	[ "${VALGRIND:-0}" = 1 ] && continue
	test_expect_success "$v quick-start/postgres equals the published quick-start-postgres.yaml" "
		argolab render --load-restrictor LoadRestrictionsNone \
			'$UPSTREAM/$v/manifests/quick-start/postgres' >out &&
		tail -n +2 '$UPSTREAM/$v/manifests/quick-start-postgres.yaml' >want &&
		test_cmp want out
	"
done

test_expect_success "the default load restrictor refuses files outside the root" "
	mkdir -p k && cp '$UPSTREAM/v4.1.2/manifests/base/argo-server/argo-server-sa.yaml' sa.yaml &&
	printf 'resources:\n- ../sa.yaml\n' >k/kustomization.yaml &&
	test_must_fail 1 argolab render k >out 2>err &&
	test_empty out &&
	test_grep 'outside the kustomization directory' err &&
	test_grep 'k/kustomization.yaml:2:3' err &&
	argolab render --load-restrictor LoadRestrictionsNone k >out &&
	test_grep 'name: argo-server' out
"

test_done
