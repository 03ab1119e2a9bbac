#!/bin/sh
# t1420: archive sources.  Release-style tar.gz and zip archives built
# from the v3.7.18 manifests are pinned with --update, fetched through
# libarchive (directly and through a mirror rule), and a profile renders
# from them; a tampered archive and hostile archives (../, absolute
# paths, escaping links, device files, a decompression bomb) are refused
# with a clear message and nothing written.
. "$(dirname "$0")/lib.sh"

export XDG_CACHE_HOME=$TRASH_BASE/cache
MK="python3 $ROOT/tests/fetch/mkarchive.py"
ARCH=$TRASH_BASE/archives
SRC=$TRASH_BASE/src/v3.7.18

mkdir -p "$ARCH" "$SRC/manifests"
cp -R "$UPSTREAM/v3.7.18/manifests/components" "$UPSTREAM/v3.7.18/manifests/quick-start-postgres.yaml" \
	"$SRC/manifests/"
echo "outside the pinned paths" >"$SRC/README.md"
$MK "$ARCH/argo-workflows-3.7.18.tar.gz" "$SRC" --prefix argo-workflows-3.7.18
$MK "$ARCH/argo-workflows-3.7.18.zip" "$SRC" --prefix argo-workflows-3.7.18

# write_lock EXT URL: a lock with one archive pin, not yet resolved
write_lock() {
	mkdir -p manifests
	cat >manifests/lock.yaml <<-EOF
	apiVersion: argolab.dev/v1alpha1
	kind: Lock
	pins:
	- upstream: argo-workflows
	  ref: v3.7.18
	  source:
	    archive: $2
	    prefix: argo-workflows-{version}/
	    paths:
	    - manifests
	  resources:
	  - manifests/quick-start-postgres.yaml
	  files: []
	EOF
}

for ext in tar.gz zip; do
	test_expect_success "$ext: --update pins the archive and its files; fetch lays them out" "
		write_lock $ext 'file://$ARCH/argo-workflows-{version}.$ext' &&
		argolab fetch --update >out &&
		sum=\$(sha256sum '$ARCH/argo-workflows-3.7.18.$ext' | cut -d' ' -f1) &&
		test_grep \"archiveSha256: \$sum\" manifests/lock.yaml &&
		test_grep 'path: manifests/components/postgres/postgres-deployment.yaml' manifests/lock.yaml &&
		! grep -q 'path: README.md' manifests/lock.yaml &&
		cmp manifests/argo-workflows/v3.7.18/manifests/quick-start-postgres.yaml \
			'$UPSTREAM/v3.7.18/manifests/quick-start-postgres.yaml' &&
		rm -rf manifests/argo-workflows &&
		argolab fetch >out &&
		test_grep 'laid out' out &&
		argolab fetch --verify -q &&
		mkdir -p profiles/p &&
		printf 'namespace: argo\nresources:\n- ../../manifests/argo-workflows/v3.7.18\n' >profiles/p/kustomization.yaml &&
		argolab render --profile p >ours &&
		kubectl kustomize profiles/p >theirs &&
		test_cmp theirs ours
	"
done

test_expect_success "through a mirror rule, from an https release URL" "
	write_lock tar.gz 'https://github.com/argoproj/argo-workflows/archive/refs/tags/{ref}.tar.gz' &&
	mkdir tags && cp '$ARCH/argo-workflows-3.7.18.tar.gz' tags/v3.7.18.tar.gz &&
	argolab fetch --update --mirror \"https://github.com/argoproj/argo-workflows/archive/refs/tags/=file://\$PWD/tags/\" >out &&
	test_grep \"(mirror 'file://\" out &&
	argolab fetch --verify -q
"

test_expect_success "a tampered archive: pin mismatch on the archive, nothing written" "
	write_lock tar.gz \"file://\$PWD/a-{version}.tar.gz\" &&
	cp '$ARCH/argo-workflows-3.7.18.tar.gz' a-3.7.18.tar.gz &&
	argolab fetch --update -q &&
	find manifests -type f -exec sha256sum {} + | sort >before &&
	echo extra >'$SRC/manifests/extra.yaml' &&
	$MK a-3.7.18.tar.gz '$SRC' --prefix argo-workflows-3.7.18 &&
	rm '$SRC/manifests/extra.yaml' &&
	echo local >>manifests/argo-workflows/v3.7.18/manifests/quick-start-postgres.yaml &&
	find manifests -type f -exec sha256sum {} + | sort >before &&
	( XDG_CACHE_HOME=\$PWD/fresh && export XDG_CACHE_HOME &&
	  test_must_fail 1 argolab fetch 2>err ) &&
	test_grep 'pin mismatch: the archive of argo-workflows@v3.7.18' err &&
	test_grep 'expected sha256' err &&
	find manifests -type f -exec sha256sum {} + | sort >after &&
	test_cmp before after
"

# hostile KIND EXT: --update of a lock on that archive must fail and write
# nothing (no layout, lock unchanged, nothing in the cache but the archive)
hostile() {
	$MK "h.$2" --hostile "$1" &&
	mkdir -p manifests &&
	cat >manifests/lock.yaml <<-EOF &&
	apiVersion: argolab.dev/v1alpha1
	kind: Lock
	pins:
	- upstream: evil
	  ref: v1
	  source:
	    archive: file://$PWD/h.$2
	    paths:
	    - pkg
	  files: []
	EOF
	cp manifests/lock.yaml lock.before &&
	test_must_fail 1 argolab fetch --update 2>err &&
	cmp lock.before manifests/lock.yaml &&
	test ! -e manifests/evil
}

test_expect_success "hostile tar.gz: an entry with ../ is refused" "
	hostile dotdot tar.gz &&
	test_grep \"entry '../evil.yaml' leaves the archive root\" err
"

test_expect_success "hostile zip: an entry with ../ is refused" "
	hostile dotdot zip &&
	test_grep \"'../evil.yaml'\" err
"

test_expect_success "hostile: an absolute path is refused" "
	hostile absolute tar.gz &&
	test_grep \"'/etc/evil.yaml'\" err &&
	test_grep 'absolute' err
"

test_expect_success "hostile: a symbolic link that escapes is refused" "
	hostile symlink-escape tar.gz &&
	test_grep \"'pkg/link.yaml'\" err &&
	test_grep 'refused' err
"

test_expect_success "hostile zip: a symbolic link that escapes is refused" "
	hostile symlink-escape zip &&
	test_grep \"'pkg/link.yaml'\" err
"

test_expect_success "hostile: a hard link that escapes is refused" "
	hostile hardlink-escape tar.gz &&
	test_grep \"'pkg/hard.yaml'\" err
"

test_expect_success "hostile: a device file is refused" "
	hostile device tar.gz &&
	test_grep \"'pkg/null'\" err &&
	test_grep 'device' err
"

test_expect_success "hostile: a decompression bomb is refused quickly, in bounded memory" "
	hostile bomb tar.gz &&
	test_grep \"'zeros.bin'\" err &&
	test_grep 'limit' err
"

test_done
