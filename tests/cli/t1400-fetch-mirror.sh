#!/bin/sh
# t1400: argolab fetch with the default lock through the local mirror of
# GitHub's raw files (../shared/upstream): lay out, verify, nothing
# touched on a second run, --offline without any source, tampering,
# --update, lock errors; and every shipped profile renders the same bytes
# as kubectl kustomize.
. "$(dirname "$0")/lib.sh"

MIRROR=$SHARED/upstream
PROJ=$TRASH_BASE/proj
export XDG_CACHE_HOME=$TRASH_BASE/cache

# a project: the repository's lock and profiles, nothing laid out yet
mkdir -p "$PROJ/manifests"
cp "$ROOT/manifests/lock.yaml" "$PROJ/manifests/"
cp -R "$ROOT/profiles" "$PROJ/"

# a listing that changes when any file is written, replaced or touched
snapshot() {
	find "$1" -exec stat -c '%i %s %Y %n' {} + | sort
}

test_expect_success "fetch --mirror lays out every pin of the default lock" "
	cd '$PROJ' &&
	argolab fetch --mirror '$MIRROR' >out &&
	test_grep 'argo-workflows@v4.1.2: laid out 128 files in manifests/argo-workflows/v4.1.2' out &&
	test_grep 'argo-workflows@v3.7.18: laid out 1 file' out &&
	test_grep 'argo-workflows@v2.12.13: laid out 1 file' out &&
	for v in v4.1.2 v3.7.18 v2.12.13; do
		cmp manifests/argo-workflows/\$v/manifests/quick-start-postgres.yaml \
			'$MIRROR'/argo-workflows/\$v/manifests/quick-start-postgres.yaml || exit 1
	done &&
	cmp manifests/argo-workflows/v4.1.2/manifests/components/sso/dex/dex-deploy.yaml \
		'$MIRROR'/argo-workflows/v4.1.2/manifests/components/sso/dex/dex-deploy.yaml &&
	test_grep 'resources:' manifests/argo-workflows/v4.1.2/kustomization.yaml &&
	test_grep '- manifests/quick-start-postgres.yaml' manifests/argo-workflows/v4.1.2/kustomization.yaml
"

test_expect_success "fetch --verify checks the layout against the lock" "
	cd '$PROJ' &&
	argolab fetch --verify >out &&
	test_grep 'argo-workflows@v4.1.2: ok (128 files' out
"

test_expect_success "the pinned sha256 are upstream's (SOURCES.md checksums)" "
	cd '$PROJ' &&
	for v in v4.1.2 v3.7.18 v2.12.13; do
		sum=\$(grep \" \$v/manifests/quick-start-postgres.yaml\$\" '$MIRROR'/argo-workflows/SHA256SUMS | cut -d' ' -f1) &&
		test -n \"\$sum\" &&
		grep -q \"sha256: \$sum\" manifests/lock.yaml || exit 1
	done
"

test_expect_success "a second run touches nothing" "
	cd '$PROJ' &&
	snapshot manifests >before &&
	argolab fetch --mirror '$MIRROR' >out &&
	snapshot manifests >after &&
	test_cmp before after &&
	test_grep 'argo-workflows@v4.1.2: up to date' out
"

test_expect_success "a second run needs no source: --offline with no mirror and an empty cache" "
	cd '$PROJ' &&
	snapshot manifests >before &&
	( XDG_CACHE_HOME=\$PWD/../empty-cache && export XDG_CACHE_HOME &&
	  argolab fetch --offline >out ) &&
	snapshot manifests >after &&
	test_cmp before after &&
	test ! -e ../empty-cache/argolab/sha256
"

test_expect_success "--offline restores a removed layout from the cache" "
	cd '$PROJ' &&
	rm -rf manifests/argo-workflows/v3.7.18 &&
	argolab fetch --offline >out &&
	test_grep 'argo-workflows@v3.7.18: laid out 1 file in manifests/argo-workflows/v3.7.18 (all from the cache)' out &&
	argolab fetch --verify
"

test_expect_success "--offline without the files in the cache fails and writes nothing" "
	cd '$PROJ' &&
	cp -R manifests ../saved &&
	echo edit >>manifests/argo-workflows/v2.12.13/manifests/quick-start-postgres.yaml &&
	snapshot manifests >before &&
	( XDG_CACHE_HOME=\$PWD/../empty2 && export XDG_CACHE_HOME &&
	  test_must_fail 1 argolab fetch --offline 2>err ) &&
	test_grep 'argo-workflows@v2.12.13: 1 pinned file is not in the cache' err &&
	test_grep 'forbids fetching' err &&
	snapshot manifests >after &&
	test_cmp before after &&
	argolab fetch -q &&
	argolab fetch --verify -q
"

test_expect_success "--verify names modified, missing and unexpected files" "
	cd '$PROJ' &&
	echo x >>manifests/argo-workflows/v3.7.18/manifests/quick-start-postgres.yaml &&
	rm manifests/argo-workflows/v4.1.2/manifests/base/argo-server/argo-server-sa.yaml &&
	echo y >manifests/argo-workflows/v4.1.2/stray.yaml &&
	test_must_fail 1 argolab fetch --verify >out 2>err &&
	test_grep \"argo-workflows@v3.7.18: 'manifests/quick-start-postgres.yaml' modified\" out &&
	test_grep \"'manifests/base/argo-server/argo-server-sa.yaml' is missing\" out &&
	test_grep \"'stray.yaml' is not pinned (unexpected file)\" out &&
	test_grep '3 problems' err &&
	argolab fetch >out &&
	argolab fetch --verify -q &&
	test ! -e manifests/argo-workflows/v4.1.2/stray.yaml
"

test_expect_success "a tampered mirror: pin mismatch, non-zero exit, layout byte-identical" "
	cd '$PROJ' &&
	mkdir -p ../tampered &&
	cp -R '$MIRROR'/argo-workflows ../tampered/ &&
	chmod -R u+w ../tampered &&
	sed -i 's/image: postgres:12-alpine/image: evil:1/' ../tampered/argo-workflows/v2.12.13/manifests/quick-start-postgres.yaml &&
	echo local-edit >>manifests/argo-workflows/v2.12.13/manifests/quick-start-postgres.yaml &&
	snapshot manifests >before &&
	( cd manifests && find . -type f -exec sha256sum {} + | sort ) >sums-before &&
	( XDG_CACHE_HOME=\$PWD/../cache3 && export XDG_CACHE_HOME &&
	  test_must_fail 1 argolab fetch --mirror ../tampered >out 2>err ) &&
	test_grep \"pin mismatch: 'manifests/quick-start-postgres.yaml' of argo-workflows@v2.12.13\" err &&
	test_grep 'https://raw.githubusercontent.com/argoproj/argo-workflows/v2.12.13/manifests/quick-start-postgres.yaml' err &&
	test_grep 'expected sha256 ebf1f5326998b64ef7883b107cc4e1cde909ea24668c3d0fc6983734cb9c2768' err &&
	test_grep 'got ' err &&
	snapshot manifests >after &&
	test_cmp before after &&
	( cd manifests && find . -type f -exec sha256sum {} + | sort ) >sums-after &&
	test_cmp sums-before sums-after &&
	test ! -e ../cache3/argolab/sha256/eb &&
	argolab fetch -q
"

test_expect_success "ARGOLAB_MIRROR works like --mirror" "
	cd '$PROJ' &&
	rm -rf manifests/argo-workflows/v2.12.13 &&
	( ARGOLAB_MIRROR='$MIRROR' && XDG_CACHE_HOME=\$PWD/../cache4 &&
	  export ARGOLAB_MIRROR XDG_CACHE_HOME && argolab fetch >out ) &&
	test_grep 'argo-workflows@v2.12.13: laid out 1 file in manifests/argo-workflows/v2.12.13 (0 from the cache, 1 from' out
"

test_expect_success "fetch finds manifests/lock.yaml from a subdirectory" "
	cd '$PROJ/profiles/default' &&
	argolab fetch --verify >out &&
	test_grep 'match the lock' out
"

test_expect_success "--update with nothing changed leaves the lock byte-identical" "
	cd '$PROJ' &&
	cp manifests/lock.yaml lock.before &&
	argolab fetch --update --mirror '$MIRROR' >out &&
	test_grep 'argo-workflows@v4.1.2: unchanged (128 files)' out &&
	cmp lock.before manifests/lock.yaml
"

test_expect_success "--update UPSTREAM@REF moves a pin and prints what changed" "
	mkdir -p manifests &&
	cat >manifests/lock.yaml <<-EOF &&
	apiVersion: argolab.dev/v1alpha1
	kind: Lock
	pins:
	- upstream: argo-workflows
	  ref: v3.7.18
	  source:
	    url: https://raw.githubusercontent.com/argoproj/argo-workflows/{ref}/
	  resources:
	  - manifests/quick-start-postgres.yaml
	  files:
	  - path: manifests/quick-start-postgres.yaml
	    size: 139756
	    sha256: $(sha256sum "$MIRROR/argo-workflows/v3.7.18/manifests/quick-start-postgres.yaml" | cut -d' ' -f1)
	EOF
	argolab fetch --mirror '$MIRROR' -q &&
	argolab fetch --update --mirror '$MIRROR' >out &&
	test_grep '+ image quay.io/fedora/postgresql-12@sha256:' out &&
	argolab fetch --update argo-workflows@v4.1.2 --mirror '$MIRROR' >out &&
	test_grep 'argo-workflows@v3.7.18: ref v3.7.18 -> v4.1.2' out &&
	test_grep 'argo-workflows@v3.7.18: ~ manifests/quick-start-postgres.yaml (139756 -> 12006733 bytes)' out &&
	test_grep '+ image quay.io/fedora/postgresql-16@sha256:' out &&
	test_grep '- image quay.io/fedora/postgresql-12@sha256:' out &&
	test_grep 'wrote manifests/lock.yaml' out &&
	test_grep 'ref: v4.1.2' manifests/lock.yaml &&
	test_grep 'size: 12006733' manifests/lock.yaml &&
	argolab fetch --verify >out &&
	test_grep 'argo-workflows@v4.1.2: ok (1 file' out
"

test_expect_success "a failed --update leaves the lock as it was" "
	mkdir -p manifests &&
	cp '$PROJ/manifests/lock.yaml' manifests/ &&
	cp manifests/lock.yaml lock.before &&
	test_must_fail 1 argolab fetch --update argo-workflows@v9.9.9 --mirror '$MIRROR' 2>err &&
	test_grep 'v9.9.9' err &&
	cmp lock.before manifests/lock.yaml &&
	test ! -e manifests/argo-workflows/v9.9.9
"

test_expect_success "--update of an upstream that is not pinned is an error" "
	mkdir -p manifests &&
	cp '$PROJ/manifests/lock.yaml' manifests/ &&
	test_must_fail 1 argolab fetch --update nosuch --mirror '$MIRROR' 2>err &&
	test_grep \"no pin of upstream 'nosuch'\" err
"

test_expect_success "a malformed lock is refused with file:line:column" "
	mkdir -p manifests &&
	printf 'apiVersion: argolab.dev/v1alpha1\nkind: Lock\npins:\n- upstream: a\n  ref: r\n  source: {url: u}\n  files:\n  - path: x\n    size: ten\n' >manifests/lock.yaml &&
	test_must_fail 1 argolab fetch 2>err &&
	test_grep \"manifests/lock.yaml:9:11: 'size' must be a non-negative integer, not a string\" err
"

test_expect_success "no lock anywhere is a clear error" "
	test_must_fail 1 argolab fetch 2>err &&
	test_grep 'no manifests/lock.yaml in this directory or any parent' err
"

test_expect_success "usage errors exit 2" "
	test_must_fail 2 argolab fetch --verify --update 2>err &&
	test_grep 'not both' err &&
	test_must_fail 2 argolab fetch somearg 2>err &&
	test_grep 'goes with --update' err &&
	test_must_fail 2 argolab fetch --retries 0 2>err &&
	test_must_fail 2 argolab fetch --mirror /no/such/dir --lock '$PROJ/manifests/lock.yaml' 2>err &&
	test_grep \"mirror '/no/such/dir' is not a directory\" err
"

for p in default kind docker-desktop v3.7 v2.12 sso; do
	test_expect_success "profile $p: argolab render equals kubectl kustomize" "
		cd '$PROJ' &&
		argolab render --profile $p >ours &&
		kubectl kustomize profiles/$p >theirs &&
		test -s ours &&
		test_cmp theirs ours
	"
done

test_expect_success "profile default pins every image: none is :latest or untagged" "
	cd '$PROJ' &&
	argolab render --profile default >out &&
	grep -E '^ *(- )?image: ' out >images &&
	test \$(wc -l <images) -eq 5 &&
	! grep -E ':latest\$' images &&
	test_grep 'image: quay.io/argoproj/argocli:v4.1.2' images &&
	test_grep 'image: quay.io/argoproj/workflow-controller:v4.1.2' images
"

test_expect_success "profile default repairs the artifact repository and sets a short grace period" "
	cd '$PROJ' &&
	argolab render --profile default >out &&
	test_grep '    s3:' out &&
	! grep -q 'name: test' out &&
	test_grep 'terminationGracePeriodSeconds: 10' out &&
	test_grep 'kind: Namespace' out
"

test_expect_success "profile sso runs argo-server with --auth-mode sso and Dex" "
	cd '$PROJ' &&
	argolab render --profile sso >out &&
	grep -A8 -e '- args:' out >args &&
	tr '\n' '|' <args | grep -qF -- '- client|        - --auth-mode|        - sso|' &&
	test_grep 'image: ghcr.io/dexidp/dex:' out &&
	test_grep 'issuer: http://dex:5556/dex' out
"

test_expect_success "profile v2.12 selects the pns executor" "
	cd '$PROJ' &&
	argolab render --profile v2.12 >out &&
	test_grep 'containerRuntimeExecutor: pns' out
"

test_expect_success "a profile before fetch says what is missing" "
	mkdir -p manifests && cp -R '$ROOT/profiles' . &&
	test_must_fail 1 argolab render --profile default 2>err &&
	test_grep 'manifests/argo-workflows/v4.1.2' err
"

test_done
