/*
 * Unit tests for fetch/gitsrc: repositories built with the libgit2 API in
 * a temporary directory (no git command), fetched through the local
 * transport (file:// and plain paths), so no network is needed.
 *
 * The source repository:
 *   c0            README.md only
 *   c1 (c0)       README.md, app/base/{deploy,kustomization}.yaml,
 *                 app/overlays/prod/kustomization.yaml, bin/run.sh (755)
 *   c2 (c1)       c1 with a new README.md and app/new.yaml
 *   clink (c1)    c1 plus app/current -> base (a symbolic link)
 *   csub (c1)     c1 plus vendor/lib (a submodule at c0)
 * refs: heads main=c2 dev=c1 links=clink sub=csub both=c2;
 *       tags v1=c1 (lightweight), v2=c2 (annotated), both=c1.
 */
#include <criterion/criterion.h>
#include <ftw.h>
#include <git2.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../../src/base/buf.h"
#include "../../src/base/err.h"
#include "../../src/base/sha256.h"
#include "../../src/fetch/files.h"
#include "../../src/fetch/gitsrc.h"

struct entry {
	const char *path;
	const char *data; /* NULL: a submodule at c0 */
	git_filemode_t mode;
};

static char root[] = "/tmp/argolab-git-XXXXXX";
static char src[256], cache[256], file_url[300];
static git_repository *repo;
static git_oid c0, c1, c2, clink, csub;
static char h0[41], h1[41], h2[41];

#define F(p, d) { p, d, GIT_FILEMODE_BLOB }
#define C1_FILES                                                          \
	F("app/base/deploy.yaml", "kind: Deployment\n"),                  \
	F("app/base/kustomization.yaml", "resources:\n- deploy.yaml\n"),  \
	F("app/overlays/prod/kustomization.yaml", "resources:\n- ../../base\n"), \
	{ "bin/run.sh", "#!/bin/sh\necho run\n", GIT_FILEMODE_BLOB_EXECUTABLE }

static const struct entry files0[] = { F("README.md", "v0\n") };
static const struct entry files1[] = { F("README.md", "hello\n"), C1_FILES };
static const struct entry files2[] = {
	F("README.md", "hello again\n"), C1_FILES, F("app/new.yaml", "new: 1\n"),
};
static const struct entry files_link[] = {
	F("README.md", "hello\n"), C1_FILES,
	{ "app/current", "base", GIT_FILEMODE_LINK },
};
static const struct entry files_sub[] = {
	F("README.md", "hello\n"), C1_FILES,
	{ "vendor/lib", NULL, GIT_FILEMODE_COMMIT },
};
#define N(a) (sizeof(a) / sizeof((a)[0]))

static void commit_files(const struct entry *e, size_t n, const git_oid *parent,
			 git_oid *out)
{
	git_index *idx;
	git_tree *tree;
	git_signature *sig;
	git_commit *par = NULL;
	const git_commit *parents[1];
	git_oid tree_id;
	size_t i;

	cr_assert_eq(git_index_new(&idx), 0);
	for (i = 0; i < n; i++) {
		git_index_entry ie;

		memset(&ie, 0, sizeof(ie));
		ie.mode = e[i].mode;
		ie.path = e[i].path;
		if (e[i].data)
			cr_assert_eq(git_blob_create_from_buffer(&ie.id, repo, e[i].data,
								 strlen(e[i].data)), 0);
		else
			git_oid_cpy(&ie.id, &c0);
		cr_assert_eq(git_index_add(idx, &ie), 0, "%s", git_error_last()->message);
	}
	cr_assert_eq(git_index_write_tree_to(&tree_id, idx, repo), 0,
		     "%s", git_error_last()->message);
	cr_assert_eq(git_tree_lookup(&tree, repo, &tree_id), 0);
	cr_assert_eq(git_signature_new(&sig, "Test", "test@example.com", 1700000000, 0), 0);
	if (parent)
		cr_assert_eq(git_commit_lookup(&par, repo, parent), 0);
	parents[0] = par;
	cr_assert_eq(git_commit_create(out, repo, NULL, sig, sig, NULL, "test\n", tree,
				       par ? 1 : 0, parents), 0);
	git_commit_free(par);
	git_signature_free(sig);
	git_tree_free(tree);
	git_index_free(idx);
}

static void set_ref(const char *name, const git_oid *id)
{
	git_reference *ref;

	cr_assert_eq(git_reference_create(&ref, repo, name, id, 1, NULL), 0);
	git_reference_free(ref);
}

/* tag_light: (re)create a lightweight tag, moving it when it exists */
static void tag_light(const char *name, const git_oid *id)
{
	git_object *obj;
	git_oid out;

	cr_assert_eq(git_object_lookup(&obj, repo, id, GIT_OBJECT_COMMIT), 0);
	cr_assert_eq(git_tag_create_lightweight(&out, repo, name, obj, 1), 0);
	git_object_free(obj);
}

static void tag_annotated(const char *name, const git_oid *id)
{
	git_object *obj;
	git_signature *sig;
	git_oid out;

	cr_assert_eq(git_object_lookup(&obj, repo, id, GIT_OBJECT_COMMIT), 0);
	cr_assert_eq(git_signature_new(&sig, "Test", "test@example.com", 1700000000, 0), 0);
	cr_assert_eq(git_tag_create(&out, repo, name, obj, sig, "release\n", 1), 0);
	git_signature_free(sig);
	git_object_free(obj);
}

static void setup(void)
{
	cr_assert_not_null(mkdtemp(root));
	snprintf(src, sizeof(src), "%s/src", root);
	snprintf(cache, sizeof(cache), "%s/cache/git", root);
	snprintf(file_url, sizeof(file_url), "file://%s", src);
	git_libgit2_init();
	cr_assert_eq(git_repository_init(&repo, src, 0), 0);
	commit_files(files0, N(files0), NULL, &c0);
	commit_files(files1, N(files1), &c0, &c1);
	commit_files(files2, N(files2), &c1, &c2);
	commit_files(files_link, N(files_link), &c1, &clink);
	commit_files(files_sub, N(files_sub), &c1, &csub);
	set_ref("refs/heads/main", &c2);
	set_ref("refs/heads/dev", &c1);
	set_ref("refs/heads/links", &clink);
	set_ref("refs/heads/sub", &csub);
	set_ref("refs/heads/both", &c2);
	cr_assert_eq(git_repository_set_head(repo, "refs/heads/main"), 0);
	tag_light("v1", &c1);
	tag_annotated("v2", &c2);
	tag_light("both", &c1);
	git_oid_tostr(h0, sizeof(h0), &c0);
	git_oid_tostr(h1, sizeof(h1), &c1);
	git_oid_tostr(h2, sizeof(h2), &c2);
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	return remove(path);
}

static void teardown(void)
{
	git_repository_free(repo);
	repo = NULL;
	nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	git_libgit2_shutdown();
}

TestSuite(gitsrc, .init = setup, .fini = teardown);

static const char *const whole[] = { "" };

/* fetch: one gitsrc_fetch with the usual cache and limits */
static int fetch(const char *url, const char *ref, const char *want,
		 const char *const *paths, size_t n, int offline,
		 struct fetch_files *out, char commit[41])
{
	struct gitsrc_opts o = { cache, offline, 0, 0 };

	return gitsrc_fetch(url, ref, want, paths, n, &o, commit, out);
}

static void expect_files(const struct fetch_files *fs, const struct entry *e,
			 size_t n)
{
	size_t i;

	cr_assert_eq(fs->n, n, "got %zu files, want %zu", fs->n, n);
	for (i = 0; i < n; i++) {
		cr_assert_str_eq(fs->v[i].path, e[i].path);
		cr_assert_eq(fs->v[i].len, strlen(e[i].data), "%s", e[i].path);
		cr_assert_eq(memcmp(fs->v[i].data, e[i].data, fs->v[i].len), 0, "%s", e[i].path);
	}
}

/* the files of c1 and c2, sorted by path */
static const struct entry sorted1[] = {
	F("README.md", "hello\n"),
	F("app/base/deploy.yaml", "kind: Deployment\n"),
	F("app/base/kustomization.yaml", "resources:\n- deploy.yaml\n"),
	F("app/overlays/prod/kustomization.yaml", "resources:\n- ../../base\n"),
	F("bin/run.sh", "#!/bin/sh\necho run\n"),
};
static const struct entry sorted2[] = {
	F("README.md", "hello again\n"),
	F("app/base/deploy.yaml", "kind: Deployment\n"),
	F("app/base/kustomization.yaml", "resources:\n- deploy.yaml\n"),
	F("app/new.yaml", "new: 1\n"),
	F("app/overlays/prod/kustomization.yaml", "resources:\n- ../../base\n"),
	F("bin/run.sh", "#!/bin/sh\necho run\n"),
};

Test(gitsrc, refs_resolve_to_their_commits)
{
	static const struct {
		const char *ref;
		const char *hex;
		const struct entry *files;
		size_t n;
	} cases[] = {
		{ "v1", h1, sorted1, N(sorted1) },   /* lightweight tag */
		{ "v2", h2, sorted2, N(sorted2) },   /* annotated tag, peeled */
		{ "main", h2, sorted2, N(sorted2) }, /* branch */
		{ "dev", h1, sorted1, N(sorted1) },
		{ "both", h1, sorted1, N(sorted1) }, /* a tag wins over a branch */
		{ h1, h1, sorted1, N(sorted1) },     /* commit id of a tip */
		{ h0, h0, files0, N(files0) },       /* commit id below the tips */
	};
	size_t i;

	for (i = 0; i < N(cases); i++) {
		struct fetch_files out = FETCH_FILES_INIT;
		char commit[41] = "";

		cr_assert_eq(fetch(file_url, cases[i].ref, NULL, whole, 1, 0, &out, commit),
			     0, "%s: %s", cases[i].ref, err_last());
		cr_assert_str_eq(commit, cases[i].hex, "%s", cases[i].ref);
		expect_files(&out, cases[i].files, cases[i].n);
		fetch_files_release(&out);
	}
}

/* ref_names: the refs of the cache repository of url, one per line */
static void ref_names(const char *dir, const char *url, struct buf *out)
{
	char key[SHA256_HEX_LEN + 1], path[400];
	git_repository *r;
	git_strarray refs;
	size_t i;

	sha256_hex(url, strlen(url), key);
	key[16] = '\0';
	snprintf(path, sizeof(path), "%s/%s.git", dir, key);
	cr_assert_eq(git_repository_open_bare(&r, path), 0, "%s", path);
	cr_assert_eq(git_reference_list(&refs, r), 0);
	for (i = 0; i < refs.count; i++)
		buf_addf(out, "%s\n", refs.strings[i]);
	git_strarray_dispose(&refs);
	git_repository_free(r);
}

Test(gitsrc, only_the_asked_ref_is_stored)
{
	struct fetch_files out = FETCH_FILES_INIT;
	struct buf refs = BUF_INIT;
	char commit[41];

	cr_assert_eq(fetch(file_url, "v2", NULL, whole, 1, 0, &out, commit), 0, "%s", err_last());
	fetch_files_release(&out);
	cr_assert_eq(fetch(file_url, "dev", NULL, whole, 1, 0, &out, commit), 0, "%s", err_last());
	fetch_files_release(&out);
	ref_names(cache, file_url, &refs);
	cr_assert_str_eq(refs.ptr, "refs/remotes/origin/dev\nrefs/tags/v2\n");
	buf_release(&refs);
}

Test(gitsrc, commit_ids_fetch_into_a_fresh_cache)
{
	static const struct {
		const char *hex;
		const struct entry *files;
		size_t n;
	} cases[] = {
		{ h0, files0, N(files0) },   /* below the tips: by id, else all refs */
		{ h1, sorted1, N(sorted1) }, /* a tip: through its branch or tag */
	};
	size_t i;

	for (i = 0; i < N(cases); i++) {
		struct fetch_files out = FETCH_FILES_INIT;
		struct gitsrc_opts o = { NULL, 0, 0, 0 };
		char commit[41], dir[300];

		snprintf(dir, sizeof(dir), "%s/fresh-%zu", root, i);
		o.cache_dir = dir;
		cr_assert_eq(gitsrc_fetch(file_url, cases[i].hex, NULL, whole, 1, &o, commit,
					  &out), 0, "%s: %s", cases[i].hex, err_last());
		cr_assert_str_eq(commit, cases[i].hex);
		expect_files(&out, cases[i].files, cases[i].n);
		fetch_files_release(&out);
	}
}

Test(gitsrc, a_plain_path_url_and_one_executable_file)
{
	struct fetch_files out = FETCH_FILES_INIT;
	const char *const p[] = { "bin/run.sh" };
	char commit[41];

	cr_assert_eq(fetch(src, "v2", NULL, p, 1, 0, &out, commit), 0, "%s", err_last());
	cr_assert_eq(out.n, 1);
	cr_assert_str_eq(out.v[0].path, "bin/run.sh");
	fetch_files_release(&out);
}

Test(gitsrc, paths_select_files_and_directories)
{
	static const char *const sub[] = { "app/base" };
	static const char *const one[] = { "README.md" };
	static const char *const overlap[] = { "app/base/deploy.yaml", "app", "app/" };
	static const char *const dot[] = { "." };
	static const struct entry want_sub[] = {
		F("app/base/deploy.yaml", "kind: Deployment\n"),
		F("app/base/kustomization.yaml", "resources:\n- deploy.yaml\n"),
	};
	static const struct entry want_one[] = { F("README.md", "hello\n") };
	static const struct entry want_overlap[] = {
		F("app/base/deploy.yaml", "kind: Deployment\n"),
		F("app/base/kustomization.yaml", "resources:\n- deploy.yaml\n"),
		F("app/overlays/prod/kustomization.yaml", "resources:\n- ../../base\n"),
	};
	static const struct {
		const char *const *paths;
		size_t npaths;
		const struct entry *files;
		size_t n;
	} cases[] = {
		{ sub, 1, want_sub, N(want_sub) },
		{ one, 1, want_one, N(want_one) },
		{ overlap, 3, want_overlap, N(want_overlap) },
		{ dot, 1, sorted1, N(sorted1) },
		{ whole, 1, sorted1, N(sorted1) },
	};
	size_t i;

	for (i = 0; i < N(cases); i++) {
		struct fetch_files out = FETCH_FILES_INIT;
		char commit[41];

		cr_assert_eq(fetch(file_url, "v1", NULL, cases[i].paths, cases[i].npaths,
				   0, &out, commit), 0, "case %zu: %s", i, err_last());
		expect_files(&out, cases[i].files, cases[i].n);
		fetch_files_release(&out);
	}
}

Test(gitsrc, bad_paths_are_invalid)
{
	static const char *const bad[] = { "../x", "/etc", "app//base", "app/./base" };
	size_t i;

	for (i = 0; i < N(bad); i++) {
		struct fetch_files out = FETCH_FILES_INIT;
		char commit[41];

		cr_assert_eq(fetch(file_url, "v1", NULL, &bad[i], 1, 0, &out, commit),
			     ERR_INVALID, "%s", bad[i]);
		cr_assert(strstr(err_last(), bad[i]), "%s", err_last());
		cr_assert_eq(out.n, 0);
	}
}

Test(gitsrc, want_commit_that_matches_is_accepted)
{
	struct fetch_files out = FETCH_FILES_INIT;
	char commit[41];

	cr_assert_eq(fetch(file_url, "v1", h1, whole, 1, 0, &out, commit), 0, "%s", err_last());
	cr_assert_str_eq(commit, h1);
	fetch_files_release(&out);
}

static void expect_moved(const char *cache_dir)
{
	struct fetch_files out = FETCH_FILES_INIT;
	struct gitsrc_opts o = { cache_dir, 0, 0, 0 };
	char commit[41] = "unchanged";

	cr_assert_eq(gitsrc_fetch(file_url, "v1", h1, whole, 1, &o, commit, &out),
		     ERR_CONFLICT, "%s", err_last());
	cr_assert(strstr(err_last(), "ref 'v1' is now commit"), "%s", err_last());
	cr_assert(strstr(err_last(), h1), "%s", err_last());
	cr_assert(strstr(err_last(), h2), "%s", err_last());
	cr_assert(strstr(err_last(), "was the tag moved?"), "%s", err_last());
	cr_assert(strstr(err_last(), "argolab fetch --update"), "%s", err_last());
	cr_assert_eq(out.n, 0);
	cr_assert_str_eq(commit, "unchanged");
}

Test(gitsrc, moved_tag_conflicts_with_the_pin)
{
	struct fetch_files out = FETCH_FILES_INIT;
	char commit[41], other[300];

	/* the cache holds the old tag: the fetch must overwrite it */
	cr_assert_eq(fetch(file_url, "v1", NULL, whole, 1, 0, &out, commit), 0, "%s", err_last());
	cr_assert_str_eq(commit, h1);
	fetch_files_release(&out);
	tag_light("v1", &c2);
	expect_moved(cache);
	/* a cache that never saw the old tag */
	snprintf(other, sizeof(other), "%s/cache2", root);
	expect_moved(other);
	/* without a pin the new commit is taken */
	cr_assert_eq(fetch(file_url, "v1", NULL, whole, 1, 0, &out, commit), 0, "%s", err_last());
	cr_assert_str_eq(commit, h2);
	expect_files(&out, sorted2, N(sorted2));
	fetch_files_release(&out);
}

Test(gitsrc, offline_uses_the_cache_only)
{
	struct fetch_files out = FETCH_FILES_INIT;
	char commit[41], gone[300];

	cr_assert_eq(fetch(file_url, "v1", NULL, whole, 1, 0, &out, commit), 0, "%s", err_last());
	fetch_files_release(&out);
	cr_assert_eq(fetch(file_url, "main", NULL, whole, 1, 0, &out, commit), 0, "%s", err_last());
	fetch_files_release(&out);
	snprintf(gone, sizeof(gone), "%s/gone", root);
	cr_assert_eq(rename(src, gone), 0);

	cr_assert_eq(fetch(file_url, "v1", NULL, whole, 1, 1, &out, commit), 0, "%s", err_last());
	cr_assert_str_eq(commit, h1);
	expect_files(&out, sorted1, N(sorted1));
	fetch_files_release(&out);
	cr_assert_eq(fetch(file_url, "main", NULL, whole, 1, 1, &out, commit), 0, "%s", err_last());
	cr_assert_str_eq(commit, h2);
	fetch_files_release(&out);
	/* the pinned commit is used when the cache has it */
	cr_assert_eq(fetch(file_url, "v1", h1, whole, 1, 1, &out, commit), 0, "%s", err_last());
	cr_assert_str_eq(commit, h1);
	fetch_files_release(&out);
	/* a commit id the cache holds needs no network, even online */
	cr_assert_eq(fetch(file_url, h1, NULL, whole, 1, 0, &out, commit), 0, "%s", err_last());
	cr_assert_str_eq(commit, h1);
	fetch_files_release(&out);
	/* a ref never fetched */
	cr_assert_eq(fetch(file_url, "dev", NULL, whole, 1, 1, &out, commit), ERR_NOTFOUND);
	cr_assert(strstr(err_last(), "ref 'dev' is not in the cache (offline)"), "%s", err_last());
	/* online, the missing source is an error with the url in it */
	cr_assert_lt(fetch(file_url, "v1", NULL, whole, 1, 0, &out, commit), 0);
	cr_assert(strstr(err_last(), file_url), "%s", err_last());
	cr_assert_eq(out.n, 0);
}

Test(gitsrc, offline_with_an_empty_cache_is_notfound)
{
	struct fetch_files out = FETCH_FILES_INIT;
	char commit[41];

	cr_assert_eq(fetch(file_url, "v1", h1, whole, 1, 1, &out, commit), ERR_NOTFOUND);
	cr_assert(strstr(err_last(), "ref 'v1' is not in the cache (offline)"), "%s", err_last());
	cr_assert(strstr(err_last(), file_url), "%s", err_last());
	cr_assert_eq(out.n, 0);
}

Test(gitsrc, missing_refs_are_notfound_with_suggestions)
{
	static const struct {
		const char *ref, *msg;
	} cases[] = {
		{ "v3", "ref 'v3' not found in 'file://" },
		{ "v3", "did you mean 'v1', 'v2'?" },
		{ "mian", "did you mean 'main'?" },
		{ "zzzzzzzzzzzz", "check the tag or branch name" },
		{ "0123456789012345678901234567890123456789", "commit 0123456789012345678901234567890123456789 not found" },
	};
	size_t i;

	for (i = 0; i < N(cases); i++) {
		struct fetch_files out = FETCH_FILES_INIT;
		char commit[41];

		cr_assert_eq(fetch(file_url, cases[i].ref, NULL, whole, 1, 0, &out, commit),
			     ERR_NOTFOUND, "%s: %s", cases[i].ref, err_last());
		cr_assert(strstr(err_last(), cases[i].msg), "%s", err_last());
		cr_assert_eq(out.n, 0);
	}
}

Test(gitsrc, missing_path_is_notfound)
{
	struct fetch_files out = FETCH_FILES_INIT;
	const char *const p[] = { "app", "app/base/nope.yaml" };
	char commit[41], want[512];

	cr_assert_eq(fetch(file_url, "v1", NULL, p, 2, 0, &out, commit), ERR_NOTFOUND);
	snprintf(want, sizeof(want), "path 'app/base/nope.yaml' is not in commit %s of '%s'",
		 h1, file_url);
	cr_assert(strstr(err_last(), want), "%s", err_last());
	cr_assert_eq(out.n, 0);
}

Test(gitsrc, links_and_submodules_are_unsupported)
{
	static const struct {
		const char *ref, *path, *msg;
	} cases[] = {
		{ "links", "", "'app/current' in commit" },
		{ "links", "app", "symbolic link" },
		{ "links", "app/current", "symbolic link" },
		{ "sub", "", "'vendor/lib' in commit" },
		{ "sub", "vendor/lib", "submodule" },
	};
	size_t i;

	for (i = 0; i < N(cases); i++) {
		struct fetch_files out = FETCH_FILES_INIT;
		char commit[41];

		cr_assert_eq(fetch(file_url, cases[i].ref, NULL, &cases[i].path, 1, 0, &out,
				   commit), ERR_UNSUPPORTED, "case %zu: %s", i, err_last());
		cr_assert(strstr(err_last(), cases[i].msg), "%s", err_last());
		cr_assert_eq(out.n, 0);
	}
	/* the rest of such a commit is fine */
	{
		struct fetch_files out = FETCH_FILES_INIT;
		const char *const p[] = { "app/base" };
		char commit[41];

		cr_assert_eq(fetch(file_url, "links", NULL, p, 1, 0, &out, commit), 0, "%s",
			     err_last());
		cr_assert_eq(out.n, 2);
		fetch_files_release(&out);
	}
}

Test(gitsrc, limits_are_toobig)
{
	struct fetch_files out = FETCH_FILES_INIT;
	struct gitsrc_opts o = { cache, 0, 0, 0 };
	unsigned long long total = 0;
	char commit[41], fresh[300];
	size_t i;

	for (i = 0; i < N(sorted1); i++)
		total += strlen(sorted1[i].data);
	o.max_total = total;
	cr_assert_eq(gitsrc_fetch(file_url, "v1", NULL, whole, 1, &o, commit, &out), 0,
		     "%s", err_last());
	fetch_files_release(&out);
	o.max_total = total - 1;
	cr_assert_eq(gitsrc_fetch(file_url, "v1", NULL, whole, 1, &o, commit, &out),
		     ERR_TOOBIG);
	cr_assert(strstr(err_last(), "over the limit of"), "%s", err_last());
	cr_assert_eq(out.n, 0);
	/* bytes received from the remote are capped too (a fresh cache) */
	snprintf(fresh, sizeof(fresh), "%s/cache-fresh", root);
	o.cache_dir = fresh;
	o.max_total = 0;
	o.max_fetch = 100;
	cr_assert_eq(gitsrc_fetch(file_url, "main", NULL, whole, 1, &o, commit, &out),
		     ERR_TOOBIG, "%s", err_last());
	cr_assert(strstr(err_last(), "the fetch of 'main' went over the limit of 100 bytes"),
		  "%s", err_last());
	cr_assert_eq(out.n, 0);
	/* and the cache is still usable */
	o.max_fetch = 0;
	cr_assert_eq(gitsrc_fetch(file_url, "main", NULL, whole, 1, &o, commit, &out), 0,
		     "%s", err_last());
	cr_assert_str_eq(commit, h2);
	fetch_files_release(&out);
}

Test(gitsrc, failure_leaves_out_unchanged_and_success_appends)
{
	struct fetch_files out = FETCH_FILES_INIT;
	const char *const p[] = { "app/base", "nope" };
	char commit[41] = "x";

	fetch_files_add(&out, "keep", "k", 1);
	cr_assert_eq(fetch(file_url, "v1", NULL, p, 2, 0, &out, commit), ERR_NOTFOUND);
	cr_assert_eq(out.n, 1);
	cr_assert_str_eq(out.v[0].path, "keep");
	cr_assert_str_eq(commit, "x");
	cr_assert_eq(fetch(file_url, "v1", NULL, p, 1, 0, &out, commit), 0, "%s", err_last());
	cr_assert_eq(out.n, 3);
	cr_assert_str_eq(out.v[0].path, "keep");
	cr_assert_str_eq(out.v[1].path, "app/base/deploy.yaml");
	cr_assert_str_eq(out.v[2].path, "app/base/kustomization.yaml");
	fetch_files_release(&out);
}

Test(gitsrc, urls_are_checked_before_any_network)
{
	static const struct {
		const char *url;
		int code;
		const char *msg;
	} cases[] = {
		{ "http://example.invalid/r.git", ERR_INVALID, "use https" },
		{ "http://user@example.invalid:80/r.git", ERR_INVALID, "use https" },
		{ "http://127.0.0.1.example.invalid/r.git", ERR_INVALID, "use https" },
		{ "ssh://example.invalid/r.git", ERR_UNSUPPORTED, "no ssh" },
		{ "git://example.invalid/r.git", ERR_UNSUPPORTED, "no ssh" },
		{ "git@example.invalid:org/r.git", ERR_UNSUPPORTED, "no ssh" },
		{ "", ERR_INVALID, "url is empty" },
	};
	size_t i;

	for (i = 0; i < N(cases); i++) {
		struct fetch_files out = FETCH_FILES_INIT;
		char commit[41];

		cr_assert_eq(fetch(cases[i].url, "v1", NULL, whole, 1, 0, &out, commit),
			     cases[i].code, "%s: %s", cases[i].url, err_last());
		cr_assert(strstr(err_last(), cases[i].msg), "%s", err_last());
	}
}

Test(gitsrc, missing_local_repositories_are_notfound)
{
	static const char *const urls[] = {
		"/nonexistent/repo", "file:///nonexistent/repo", "rel-missing",
	};
	size_t i;

	for (i = 0; i < N(urls); i++) {
		struct fetch_files out = FETCH_FILES_INIT;
		char commit[41];

		cr_assert_eq(fetch(urls[i], "v1", NULL, whole, 1, 0, &out, commit),
			     ERR_NOTFOUND, "%s: %s", urls[i], err_last());
		cr_assert(strstr(err_last(), "is not a directory"), "%s", err_last());
	}
}

Test(gitsrc, plain_http_to_loopback_is_allowed)
{
	struct fetch_files out = FETCH_FILES_INIT;
	char commit[41];
	int rc;

	/* nothing listens on port 1: the connection fails, the url passes */
	rc = fetch("http://127.0.0.1:1/r.git", "v1", NULL, whole, 1, 0, &out, commit);
	cr_assert_eq(rc, ERR_HTTP, "%d %s", rc, err_last());
	cr_assert(strstr(err_last(), "cannot reach 'http://127.0.0.1:1/r.git'"), "%s", err_last());
	rc = fetch("http://[::1]:1/r.git", "v1", NULL, whole, 1, 0, &out, commit);
	cr_assert_neq(rc, ERR_INVALID, "%s", err_last());
	cr_assert_neq(rc, ERR_UNSUPPORTED, "%s", err_last());
}

Test(gitsrc, refs_and_pins_are_checked)
{
	static const char *const bad[] = { "a:b", "x*", "-x", "a..b", "refs/heads/main", "" };
	struct fetch_files out = FETCH_FILES_INIT;
	char commit[41];
	size_t i;

	for (i = 0; i < N(bad); i++)
		cr_assert_eq(fetch(file_url, bad[i], NULL, whole, 1, 0, &out, commit),
			     ERR_INVALID, "%s", bad[i]);
	cr_assert_eq(fetch(file_url, "v1", "abc", whole, 1, 0, &out, commit), ERR_INVALID);
	cr_assert(strstr(err_last(), "not a 40-hex commit id"), "%s", err_last());
}

Test(gitsrc, file_url_plain_and_relative_paths)
{
	const char *urls[] = { file_url, src, "src", "./src/" };
	size_t i;

	cr_assert_eq(chdir(root), 0);
	for (i = 0; i < N(urls); i++) {
		struct fetch_files out = FETCH_FILES_INIT;
		char commit[41];

		cr_assert_eq(fetch(urls[i], "v2", NULL, whole, 1, 0, &out, commit), 0,
			     "%s: %s", urls[i], err_last());
		cr_assert_str_eq(commit, h2);
		expect_files(&out, sorted2, N(sorted2));
		fetch_files_release(&out);
	}
}

struct job {
	const char *ref;
	int rc;
	char commit[41];
};

static void *run_job(void *arg)
{
	struct job *j = arg;
	struct fetch_files out = FETCH_FILES_INIT;

	j->rc = fetch(file_url, j->ref, NULL, whole, 1, 0, &out, j->commit);
	fetch_files_release(&out);
	return NULL;
}

Test(gitsrc, concurrent_fetches_share_the_cache)
{
	struct job jobs[4] = {
		{ "v1", -1, "" }, { "v2", -1, "" }, { "main", -1, "" }, { "dev", -1, "" },
	};
	pthread_t t[4];
	size_t i;

	for (i = 0; i < 4; i++)
		cr_assert_eq(pthread_create(&t[i], NULL, run_job, &jobs[i]), 0);
	for (i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	for (i = 0; i < 4; i++)
		cr_assert_eq(jobs[i].rc, 0, "%s", jobs[i].ref);
	cr_assert_str_eq(jobs[0].commit, h1);
	cr_assert_str_eq(jobs[1].commit, h2);
	cr_assert_str_eq(jobs[2].commit, h2);
	cr_assert_str_eq(jobs[3].commit, h1);
}
