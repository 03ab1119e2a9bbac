#!/bin/sh
# t1410: git sources.  A local repository made from the v4.1.2 manifests/
# tree with a tag stands in for GitHub (through a --mirror rule, as on a
# machine without internet): pin it with --update, fetch it through
# libgit2, render a profile from it; a moved tag is detected.
. "$(dirname "$0")/lib.sh"

command -v git >/dev/null 2>&1 || {
	test_skip "git is not installed" "git sources"
	test_done
	exit 0
}

export XDG_CACHE_HOME=$TRASH_BASE/cache
REPOS=$TRASH_BASE/repos
PROJ=$TRASH_BASE/proj
GIT="git -c user.name=argolab -c user.email=test@argolab.invalid -c init.defaultBranch=main -c advice.detachedHead=false"
MIRROR="https://github.com/argoproj/=file://$REPOS/"

mkdir -p "$REPOS/argo-workflows.git" "$PROJ/manifests" "$PROJ/profiles/fromgit"
(
	cd "$REPOS/argo-workflows.git" &&
	$GIT init -q &&
	cp -R "$UPSTREAM/v4.1.2/manifests" . &&
	echo "not pinned: outside the paths" >README.md &&
	$GIT add -A &&
	$GIT commit -qm "v4.1.2 manifests" &&
	$GIT tag -a -m "release" v4.1.2
) >/dev/null || echo "could not make the test repository" >&2

cat >"$PROJ/manifests/lock.yaml" <<EOF
apiVersion: argolab.dev/v1alpha1
kind: Lock
pins:
- upstream: argo-workflows
  ref: v4.1.2
  source:
    git: https://github.com/argoproj/argo-workflows.git
    paths:
    - manifests/quick-start
    - manifests/base
    - manifests/cluster-install-no-crds
    - manifests/components/postgres
  resources:
  - manifests/quick-start/postgres
  files: []
EOF

cat >"$PROJ/profiles/fromgit/kustomization.yaml" <<'EOF'
namespace: argo
resources:
- ../../manifests/argo-workflows/v4.1.2
EOF

test_expect_success "--update pins the tag: commit, every file under the paths, images" "
	cd '$PROJ' &&
	argolab fetch --update --mirror '$MIRROR' >out &&
	commit=\$(cd '$REPOS/argo-workflows.git' && git rev-parse v4.1.2^{commit}) &&
	test_grep \"commit (none) -> \$commit\" out &&
	test_grep \"commit: \$commit\" manifests/lock.yaml &&
	test_grep 'path: manifests/base/crds/full/argoproj.io_workflows.yaml' manifests/lock.yaml &&
	test_grep 'path: manifests/components/postgres/postgres-deployment.yaml' manifests/lock.yaml &&
	! grep -q 'path: manifests/components/sso' manifests/lock.yaml &&
	! grep -q 'path: README.md' manifests/lock.yaml &&
	test_grep '- quay.io/argoproj/argocli:latest' manifests/lock.yaml &&
	argolab fetch --verify
"

test_expect_success "a kustomize directory resource in the generated kustomization renders like upstream" "
	cd '$PROJ' &&
	test_grep '- manifests/quick-start/postgres' manifests/argo-workflows/v4.1.2/kustomization.yaml &&
	argolab render --load-restrictor LoadRestrictionsNone manifests/argo-workflows/v4.1.2 >qs &&
	grep -v '^#' '$UPSTREAM/v4.1.2/manifests/quick-start-postgres.yaml' >published &&
	test_cmp published qs
"

test_expect_success "a profile on the git pin: argolab render equals kubectl kustomize" "
	cd '$PROJ' &&
	argolab render --profile fromgit --load-restrictor LoadRestrictionsNone >ours &&
	kubectl kustomize --load-restrictor=LoadRestrictionsNone profiles/fromgit >theirs &&
	test_cmp theirs ours &&
	test_grep 'namespace: argo' ours
"

test_expect_success "fetch from the cache alone after the layout is removed (repository gone)" "
	cd '$PROJ' &&
	mv '$REPOS' '$REPOS.away' &&
	rm -rf manifests/argo-workflows &&
	argolab fetch --offline >out;
	rc=\$?;
	mv '$REPOS.away' '$REPOS';
	test \$rc -eq 0 &&
	test_grep 'laid out' out &&
	argolab fetch --verify -q
"

test_expect_success "a moved tag (same name, other commit) is detected and nothing is written" "
	cd '$PROJ' &&
	old=\$(cd '$REPOS/argo-workflows.git' && git rev-parse v4.1.2^{commit}) &&
	( cd '$REPOS/argo-workflows.git' &&
	  echo '# moved' >>manifests/base/argo-server/argo-server-sa.yaml &&
	  $GIT commit -qam moved && $GIT tag -f -a -m moved v4.1.2 ) >/dev/null &&
	new=\$(cd '$REPOS/argo-workflows.git' && git rev-parse v4.1.2^{commit}) &&
	test \$old != \$new &&
	rm manifests/argo-workflows/v4.1.2/manifests/base/argo-server/argo-server-sa.yaml &&
	find manifests -type f | sort >before &&
	( XDG_CACHE_HOME=\$PWD/../fresh-cache && export XDG_CACHE_HOME &&
	  test_must_fail 1 argolab fetch --mirror '$MIRROR' 2>err ) &&
	test_grep \"is now commit \$new\" err &&
	test_grep \"the lock pins \$old\" err &&
	test_grep 'moved' err &&
	find manifests -type f | sort >after &&
	test_cmp before after
"

test_expect_success "--update accepts the moved tag and shows the change" "
	cd '$PROJ' &&
	argolab fetch --update --mirror '$MIRROR' >out &&
	test_grep 'argo-workflows@v4.1.2: commit ' out &&
	test_grep '~ manifests/base/argo-server/argo-server-sa.yaml' out &&
	argolab fetch --verify -q
"

test_expect_success "a ref the repository does not have" "
	cd '$PROJ' &&
	cp manifests/lock.yaml lock.before &&
	test_must_fail 1 argolab fetch --update argo-workflows@v0.0.1 --mirror '$MIRROR' 2>err &&
	test_grep 'v0.0.1' err &&
	cmp lock.before manifests/lock.yaml
"

test_done
