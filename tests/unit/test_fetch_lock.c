/*
 * Unit tests for fetch/: the lock file model, mirrors, the cache, image
 * discovery.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../src/base/buf.h"
#include "../../src/base/err.h"
#include "../../src/base/fs.h"
#include "../../src/base/sha256.h"
#include "../../src/fetch/cache.h"
#include "../../src/fetch/images.h"
#include "../../src/fetch/lock.h"
#include "../../src/fetch/mirror.h"

#define SHA_A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define SHA_B "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"

#define HEAD "apiVersion: argolab.dev/v1alpha1\nkind: Lock\npins:\n"

static const char good[] =
	HEAD
	"- upstream: argo-workflows\n"
	"  ref: v4.1.2\n"
	"  source:\n"
	"    url: https://raw.githubusercontent.com/argoproj/argo-workflows/{ref}/\n"
	"  resources:\n"
	"  - manifests/quick-start-postgres.yaml\n"
	"  files:\n"
	"  - path: manifests/a.yaml\n"
	"    size: 10\n"
	"    sha256: " SHA_A "\n"
	"  - path: manifests/quick-start-postgres.yaml\n"
	"    size: 12006733\n"
	"    sha256: " SHA_B "\n"
	"    images:\n"
	"    - quay.io/argoproj/argocli:latest\n"
	"    - 'postgres: weird'\n"
	"- upstream: argo-workflows\n"
	"  ref: v3.7.18\n"
	"  source:\n"
	"    git: https://github.com/argoproj/argo-workflows.git\n"
	"    paths:\n"
	"    - manifests\n"
	"  commit: 66e32e5cc367f223e2ecf4fbe852b95eaed83034\n"
	"  files: []\n"
	"- upstream: other\n"
	"  ref: \"1.0\"\n"
	"  source:\n"
	"    archive: https://example.com/o-{version}.tar.gz\n"
	"    prefix: o-{version}/\n"
	"    paths: [deploy]\n"
	"  archiveSha256: " SHA_A "\n"
	"  files: []\n";

Test(lock, parses_every_source_kind)
{
	struct lock l;

	cr_assert_eq(lock_parse(&l, good, strlen(good), "lock.yaml"), 0, "%s",
		     err_last());
	cr_assert_eq(l.npins, 3);
	cr_assert_eq(l.pins[0].kind, LOCK_SRC_URL);
	cr_assert_str_eq(l.pins[0].ref, "v4.1.2");
	cr_assert_eq(l.pins[0].nfiles, 2);
	cr_assert_eq(l.pins[0].files[1].size, 12006733ULL);
	cr_assert_str_eq(l.pins[0].files[1].images.v[1], "postgres: weird");
	cr_assert_not_null(lock_pin_find_file(&l.pins[0], "manifests/a.yaml"));
	cr_assert_null(lock_pin_find_file(&l.pins[0], "manifests/b.yaml"));
	cr_assert(lock_pin_has_path(&l.pins[0], "manifests"));
	cr_assert(lock_pin_has_path(&l.pins[0], "manifests/a.yaml"));
	cr_assert(!lock_pin_has_path(&l.pins[0], "manifest"));
	cr_assert(!lock_pin_has_path(&l.pins[0], "manifests/a"));
	cr_assert(!lock_pin_has_path(&l.pins[0], "manifests/a.yaml/x"));
	cr_assert_eq(l.pins[1].kind, LOCK_SRC_GIT);
	cr_assert_str_eq(l.pins[1].commit,
			 "66e32e5cc367f223e2ecf4fbe852b95eaed83034");
	cr_assert_eq(l.pins[2].kind, LOCK_SRC_ARCHIVE);
	cr_assert_str_eq(l.pins[2].ref, "1.0");
	cr_assert_str_eq(l.pins[2].prefix, "o-{version}/");
	lock_release(&l);
}

Test(lock, format_reads_back_to_the_same_text)
{
	struct lock l, again;
	struct buf a = BUF_INIT, b = BUF_INIT;

	cr_assert_eq(lock_parse(&l, good, strlen(good), "lock.yaml"), 0);
	lock_format(&a, &l);
	cr_assert_eq(lock_parse(&again, a.ptr, a.len, "formatted"), 0, "%s\n%s",
		     err_last(), a.ptr);
	lock_format(&b, &again);
	cr_assert_str_eq(a.ptr, b.ptr);
	cr_assert(strstr(a.ptr, "    - 'postgres: weird'\n"), "%s", a.ptr);
	cr_assert(strstr(a.ptr, "  ref: \"1.0\"\n"), "%s", a.ptr);
	lock_release(&l);
	lock_release(&again);
	buf_release(&a);
	buf_release(&b);
}

static const struct {
	const char *text;
	const char *want; /* substring of the message, with line:col */
} bad[] = {
	{ "", "exactly one YAML document (found 0)" },
	{ HEAD "---\n" HEAD, "exactly one YAML document (found 2)" },
	{ "- a\n", "lock.yaml:1:1: a lock must be a mapping, not a list" },
	{ "apiVersion: argolab.dev/v1alpha1\nkind: Lock\npinz: []\n",
	  "lock.yaml:3:1: unknown field 'pinz' in the lock (known: apiVersion, kind, pins)" },
	{ "apiVersion: argolab.dev/v2\nkind: Lock\n",
	  "lock.yaml:1:13: apiVersion 'argolab.dev/v2' is not one this argolab reads" },
	{ "kind: Lock\n", "lock.yaml:1:1: missing field 'apiVersion'" },
	{ "apiVersion: argolab.dev/v1alpha1\nkind: Kustomization\n",
	  "lock.yaml:2:7: kind 'Kustomization' is not 'Lock'" },
	{ HEAD "- upstream: a\n  ref: r\n  files: []\n",
	  "lock.yaml:4:3: missing field 'source'" },
	{ HEAD "- upstream: a\n  ref: r\n  source: {url: u, git: g}\n  files: []\n",
	  "lock.yaml:6:3: a source has exactly one of 'url', 'git' or 'archive' (found 2)" },
	{ HEAD "- upstream: a\n  ref: r\n  source: {git: g}\n  files: []\n",
	  "a git source needs 'paths'" },
	{ HEAD "- upstream: a\n  ref: r\n  source: {url: u, paths: [x]}\n  files: []\n",
	  "a url source takes no 'paths'" },
	{ HEAD "- upstream: a\n  ref: r\n  source: {url: u}\n",
	  "lock.yaml:4:3: missing field 'files' (run 'argolab fetch --update a@r'" },
	{ HEAD "- upstream: a/b\n  ref: r\n  source: {url: u}\n  files: []\n",
	  "lock.yaml:4:13: upstream 'a/b' cannot name a directory" },
	{ HEAD "- upstream: a\n  ref: ..\n  source: {url: u}\n  files: []\n",
	  "lock.yaml:5:8: ref '..' cannot name a directory" },
	{ HEAD "- upstream: a\n  ref: 7\n  source: {url: u}\n  files: []\n",
	  "lock.yaml:5:8: 'ref' must be a string, not a number" },
	{ HEAD "- upstream: a\n  ref: r\n  source: {url: u}\n  files:\n"
	       "  - path: x\n    size: 1\n    sha265: " SHA_A "\n",
	  "lock.yaml:10:5: unknown field 'sha265' in a file entry" },
	{ HEAD "- upstream: a\n  ref: r\n  source: {url: u}\n  files:\n"
	       "  - path: x\n    size: 1\n    sha256: ABC\n",
	  "lock.yaml:10:13: 'sha256' must be 64 lower-case hex digits" },
	{ HEAD "- upstream: a\n  ref: r\n  source: {url: u}\n  files:\n"
	       "  - path: x\n    size: -1\n    sha256: " SHA_A "\n",
	  "lock.yaml:9:11: 'size' must be a non-negative integer, not a negative number" },
	{ HEAD "- upstream: a\n  ref: r\n  source: {url: u}\n  files:\n"
	       "  - path: x\n    size: \"1\"\n    sha256: " SHA_A "\n",
	  "lock.yaml:9:11: 'size' must be a non-negative integer, not a string" },
	{ HEAD "- upstream: a\n  ref: r\n  source: {url: u}\n  files:\n"
	       "  - path: ../etc/passwd\n    size: 1\n    sha256: " SHA_A "\n",
	  "lock.yaml:8:11: '../etc/passwd' is not a clean relative path" },
	{ HEAD "- upstream: a\n  ref: r\n  source: {url: u}\n  files:\n"
	       "  - path: /etc/passwd\n    size: 1\n    sha256: " SHA_A "\n",
	  "'/etc/passwd' is not a clean relative path" },
	{ HEAD "- upstream: a\n  ref: r\n  source: {url: u}\n  files:\n"
	       "  - path: b\n    size: 1\n    sha256: " SHA_A "\n"
	       "  - path: a\n    size: 1\n    sha256: " SHA_A "\n",
	  "lock.yaml:11:5: files must be sorted by path ('a' comes after 'b')" },
	{ HEAD "- upstream: a\n  ref: r\n  source: {url: u}\n  files:\n"
	       "  - path: a\n    size: 1\n    sha256: " SHA_A "\n"
	       "  - path: a\n    size: 1\n    sha256: " SHA_A "\n",
	  "lock.yaml:11:5: 'a' is pinned twice" },
	{ HEAD "- upstream: a\n  ref: r\n  source: {url: u}\n  resources: [x]\n  files:\n"
	       "  - path: a\n    size: 1\n    sha256: " SHA_A "\n",
	  "lock.yaml:7:15: resource 'x' is neither a pinned file nor a directory of pinned files" },
	{ HEAD "- upstream: a\n  ref: r\n  source: {url: u}\n  commit: "
	       "66e32e5cc367f223e2ecf4fbe852b95eaed83034\n  files: []\n",
	  "lock.yaml:7:3: 'commit' is only for git sources" },
	{ HEAD "- upstream: a\n  ref: r\n  source: {url: u}\n  files: []\n"
	       "- upstream: a\n  ref: r\n  source: {url: u}\n  files: []\n",
	  "lock.yaml:8:3: a@r is pinned twice (also at line 4)" },
	{ HEAD "- upstream: a\n  ref: r\n  source: {url: u}\n  files: {}\n",
	  "lock.yaml:7:10: 'files' must be a list, not a mapping" },
	{ HEAD "- upstream: a\n  ref: r\n  source: {url: u}\n  files: [1]\n",
	  "lock.yaml:7:11: a file entry must be a mapping, not a number" },
	{ "apiVersion: [\n", "lock.yaml:" },
};

Test(lock, bad_input_is_refused_with_a_position)
{
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct lock l;
		int err = lock_parse(&l, bad[i].text, strlen(bad[i].text),
				     "lock.yaml");

		cr_assert_eq(err, ERR_INVALID, "case %zu: got %d", i, err);
		cr_assert(strstr(err_last(), bad[i].want),
			  "case %zu: message '%s' lacks '%s'", i, err_last(),
			  bad[i].want);
		cr_assert_eq(l.npins, 0, "case %zu", i);
	}
}

Test(lock, expand_ref_and_version)
{
	struct buf b = BUF_INIT;

	lock_expand(&b, "https://x/{ref}/a-{version}.tgz", "v4.1.2");
	cr_assert_str_eq(b.ptr, "https://x/v4.1.2/a-4.1.2.tgz");
	lock_expand(&b, "{version}", "1.0");
	cr_assert_str_eq(b.ptr, "1.0");
	buf_release(&b);
}

Test(lock, missing_file_is_notfound)
{
	struct lock l;

	cr_assert_eq(lock_load(&l, "/nonexistent/lock.yaml", "x/lock.yaml"),
		     ERR_NOTFOUND);
	cr_assert_str_eq(err_last(), "no lock file 'x/lock.yaml'");
}

Test(mirror, longest_prefix_wins_and_dir_shorthand)
{
	struct mirrors m = MIRRORS_INIT;
	struct buf out = BUF_INIT, abs = BUF_INIT;
	char want[4200];

	cr_assert_eq(mirrors_add(&m, "https://a.example/=https://m1/"), 0);
	cr_assert_eq(mirrors_add(&m, "https://a.example/deep/=file:///m2/"), 0);
	cr_assert_eq(mirrors_rewrite(&m, "https://a.example/deep/x", &out), 1);
	cr_assert_str_eq(out.ptr, "file:///m2/x");
	cr_assert_eq(mirrors_rewrite(&m, "https://a.example/x", &out), 1);
	cr_assert_str_eq(out.ptr, "https://m1/x");
	cr_assert_eq(mirrors_rewrite(&m, "https://b.example/x", &out), 0);
	cr_assert_str_eq(out.ptr, "https://b.example/x");
	mirrors_release(&m);

	cr_assert_eq(mirrors_add_list(&m, "  /tmp  https://q/=https://r/ "), 0);
	cr_assert_eq(m.n, 2);
	fs_realpath("/tmp", &abs);
	snprintf(want, sizeof(want), "file://%s/argo-workflows/v1/x", abs.ptr);
	cr_assert_eq(mirrors_rewrite(&m,
				     "https://raw.githubusercontent.com/argoproj/argo-workflows/v1/x",
				     &out),
		     1);
	cr_assert_str_eq(out.ptr, want);
	mirrors_release(&m);

	cr_assert_eq(mirrors_add(&m, "/no/such/dir"), ERR_NOTFOUND);
	cr_assert(strstr(err_last(), "'/no/such/dir' is not a directory"));
	cr_assert_eq(mirrors_add(&m, "https://x/="), ERR_INVALID);
	cr_assert_eq(mirrors_add(&m, ""), ERR_INVALID);
	mirrors_release(&m);
	buf_release(&out);
	buf_release(&abs);
}

Test(cache, put_get_and_corruption)
{
	char dir[] = "/tmp/argolab-cache-test.XXXXXX";
	struct fetch_cache c;
	struct buf out = BUF_INIT, path = BUF_INIT;
	char hex[65];

	cr_assert_not_null(mkdtemp(dir));
	cr_assert_eq(fetch_cache_open(&c, dir), 0);
	cr_assert_eq(fetch_cache_put(&c, "hello", 5, hex), 0);
	cr_assert_str_eq(hex, "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
	cr_assert(fetch_cache_has(&c, hex));
	cr_assert_eq(fetch_cache_get(&c, hex, &out), 0);
	cr_assert_str_eq(out.ptr, "hello");
	/* a second put of the same content is a no-op */
	cr_assert_eq(fetch_cache_put(&c, "hello", 5, NULL), 0);

	/* corrupt the entry: it is reported missing and removed */
	buf_addf(&path, "%s/sha256/2c/%s", dir, hex);
	cr_assert_eq(fs_write_atomic(path.ptr, "HELLO", 5, 0644), 0);
	buf_reset(&out);
	cr_assert_eq(fetch_cache_get(&c, hex, &out), ERR_NOTFOUND);
	cr_assert_eq(out.len, 0);
	cr_assert(strstr(err_last(), "corrupt"));
	cr_assert(!fs_exists(path.ptr));
	fetch_cache_close(&c);
	fs_remove_tree(dir);
	cr_assert(!fs_exists(dir));
	buf_release(&out);
	buf_release(&path);
}

Test(images, containers_and_executor_flag)
{
	static const char y[] =
		"kind: Deployment\n"
		"spec:\n"
		"  template:\n"
		"    spec:\n"
		"      containers:\n"
		"      - name: c\n"
		"        image: b/c:1\n"
		"        args: [--executor-image, a/exec:2, --x]\n"
		"      initContainers:\n"
		"      - image: b/c:1\n"
		"---\n"
		"kind: CustomResourceDefinition\n"
		"spec:\n"
		"  properties:\n"
		"    image: {type: string}\n"
		"    command: ['--executor-image=z/z:3']\n";
	struct lock_strs s = { NULL, 0 };

	fetch_images_find("x.yaml", y, strlen(y), &s);
	cr_assert_eq(s.n, 3);
	cr_assert_str_eq(s.v[0], "a/exec:2");
	cr_assert_str_eq(s.v[1], "b/c:1");
	cr_assert_str_eq(s.v[2], "z/z:3");
	lock_strs_release(&s);
	fetch_images_find("README.md", y, strlen(y), &s);
	cr_assert_eq(s.n, 0);
	fetch_images_find("bad.yaml", "a: [", 4, &s);
	cr_assert_eq(s.n, 0);
	cr_assert_eq(err_last_code(), 0);
}

static int collect_walk(const char *rel, const struct stat *st, void *ctx)
{
	struct buf *b = ctx;

	buf_addf(b, "%s%s;", rel,
		 S_ISDIR(st->st_mode) ? "/" : S_ISLNK(st->st_mode) ? "@" : "");
	return 0;
}

Test(fs, walk_sorted_and_remove_tree)
{
	char dir[] = "/tmp/argolab-walk-test.XXXXXX";
	struct buf p = BUF_INIT, seen = BUF_INIT, data = BUF_INIT;

	cr_assert_not_null(mkdtemp(dir));
	buf_addf(&p, "%s/b/c", dir);
	cr_assert_eq(fs_mkdir_p(p.ptr, 0755), 0);
	buf_reset(&p);
	buf_addf(&p, "%s/b/c/f", dir);
	cr_assert_eq(fs_write_file(p.ptr, "x", 1, 0644), 0);
	/* never over an existing file */
	cr_assert_lt(fs_write_file(p.ptr, "y", 1, 0644), 0);
	cr_assert_eq(fs_read_file(p.ptr, 0, &data), 0);
	cr_assert_str_eq(data.ptr, "x");
	buf_reset(&p);
	buf_addf(&p, "%s/a", dir);
	cr_assert_eq(symlink("/etc", p.ptr), 0);
	cr_assert_eq(fs_walk(dir, collect_walk, &seen), 0);
	cr_assert_str_eq(seen.ptr, "a@;b/;b/c/;b/c/f;");
	cr_assert_eq(fs_remove_tree(dir), 0);
	cr_assert(!fs_exists(dir));
	cr_assert(fs_is_dir("/etc"));
	cr_assert_eq(fs_remove_tree(dir), 0);
	buf_release(&p);
	buf_release(&seen);
	buf_release(&data);
}

/* a pin still to be resolved (files: []) may name its resources: `fetch
 * --update` fills the files in, and checks the resources then */
Test(lock, unresolved_pin_may_name_resources)
{
	static const char text[] = HEAD "- upstream: a\n  ref: r\n  source: {url: u}\n"
				   "  resources: [x.yaml]\n  files: []\n";
	struct lock l;

	cr_assert_eq(lock_parse(&l, text, strlen(text), "lock.yaml"), 0, "%s",
		     err_last());
	cr_assert_eq(l.npins, 1);
	cr_assert_eq(l.pins[0].nfiles, 0);
	cr_assert_str_eq(l.pins[0].resources.v[0], "x.yaml");
	lock_release(&l);
}
