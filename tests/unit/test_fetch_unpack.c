/*
 * Unit tests for fetch/unpack: archives are built in memory with
 * libarchive's write API, so each test shows exactly which entries it
 * feeds in, hostile ones included (tools refuse to write most of them).
 */
#include <archive.h>
#include <archive_entry.h>
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/base/alloc.h"
#include "../../src/base/err.h"
#include "../../src/fetch/files.h"
#include "../../src/fetch/unpack.h"

enum fmt { TAR, TGZ, TBZ2, TXZ, ZIP, ZIP_CRYPT };

/*
 * One entry to write.  type: 'f' file (data, or zeros bytes of '\0' when
 * data is NULL), 'd' directory, 'l' symbolic link and 'h' hard link to
 * data, 'c' character device, 'b' block device, 'p' FIFO, 's' socket.
 */
struct ent {
	const char *path;
	char type;
	const char *data;
	size_t zeros;
};

struct mem {
	unsigned char *p;
	size_t len;
};

#define MEM_CAP ((size_t)8 << 20)

static void write_zeros(struct archive *a, size_t n)
{
	static const char z[65536];

	while (n) {
		size_t k = n < sizeof(z) ? n : sizeof(z);

		cr_assert_eq(archive_write_data(a, z, k), (la_ssize_t)k,
			     "%s", archive_error_string(a));
		n -= k;
	}
}

static struct mem build(enum fmt fmt, const struct ent *ents, size_t n)
{
	struct archive *a = archive_write_new();
	struct archive_entry *e;
	struct mem m;
	size_t used = 0, i;

	m.p = xmalloc(MEM_CAP);
	if (fmt == ZIP || fmt == ZIP_CRYPT) {
		cr_assert_eq(archive_write_set_format_zip(a), ARCHIVE_OK);
		if (fmt == ZIP_CRYPT) {
			cr_assert_eq(archive_write_set_options(a, "zip:encryption=zipcrypt"),
				     ARCHIVE_OK, "%s", archive_error_string(a));
			cr_assert_eq(archive_write_set_passphrase(a, "secret"),
				     ARCHIVE_OK);
		}
	} else {
		cr_assert_eq(archive_write_set_format_pax_restricted(a), ARCHIVE_OK);
		if (fmt == TGZ)
			cr_assert_eq(archive_write_add_filter_gzip(a), ARCHIVE_OK);
		if (fmt == TBZ2)
			cr_assert_eq(archive_write_add_filter_bzip2(a), ARCHIVE_OK);
		if (fmt == TXZ)
			cr_assert_eq(archive_write_add_filter_xz(a), ARCHIVE_OK);
	}
	cr_assert_eq(archive_write_open_memory(a, m.p, MEM_CAP, &used),
		     ARCHIVE_OK, "%s", archive_error_string(a));
	for (i = 0; i < n; i++) {
		const struct ent *x = &ents[i];
		size_t size = 0;

		e = archive_entry_new();
		archive_entry_set_pathname(e, x->path);
		archive_entry_set_mtime(e, 1700000000, 0);
		archive_entry_set_perm(e, x->type == 'd' ? 0755 : 0644);
		switch (x->type) {
		case 'f':
			archive_entry_set_filetype(e, AE_IFREG);
			size = x->data ? strlen(x->data) : x->zeros;
			break;
		case 'd':
			archive_entry_set_filetype(e, AE_IFDIR);
			break;
		case 'l':
			archive_entry_set_filetype(e, AE_IFLNK);
			archive_entry_set_perm(e, 0777);
			archive_entry_set_symlink(e, x->data);
			break;
		case 'h':
			archive_entry_set_filetype(e, AE_IFREG);
			archive_entry_set_hardlink(e, x->data);
			break;
		case 'c':
			archive_entry_set_filetype(e, AE_IFCHR);
			archive_entry_set_rdevmajor(e, 1);
			archive_entry_set_rdevminor(e, 3);
			break;
		case 'b':
			archive_entry_set_filetype(e, AE_IFBLK);
			archive_entry_set_rdevmajor(e, 8);
			break;
		case 'p':
			archive_entry_set_filetype(e, AE_IFIFO);
			break;
		case 's':
			archive_entry_set_filetype(e, AE_IFSOCK);
			break;
		default:
			cr_assert_fail("bad type %c", x->type);
		}
		archive_entry_set_size(e, (la_int64_t)size);
		cr_assert_geq(archive_write_header(a, e), ARCHIVE_WARN,
			      "%s: %s", x->path, archive_error_string(a));
		if (x->type == 'f' && x->data)
			cr_assert_eq(archive_write_data(a, x->data, size),
				     (la_ssize_t)size);
		else if (x->type == 'f')
			write_zeros(a, x->zeros);
		archive_entry_free(e);
	}
	cr_assert_eq(archive_write_close(a), ARCHIVE_OK, "%s",
		     archive_error_string(a));
	archive_write_free(a);
	m.len = used;
	return m;
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* a set holding one file, to check that a failure leaves it as it was */
static void prefill(struct fetch_files *fs)
{
	fetch_files_add(fs, "before.yaml", "kept: true\n", 11);
}

static void assert_prefilled(const struct fetch_files *fs)
{
	cr_assert_eq(fs->n, 1);
	cr_assert_str_eq(fs->v[0].path, "before.yaml");
	cr_assert_eq(fs->v[0].len, 11);
	cr_assert(!memcmp(fs->v[0].data, "kept: true\n", 11));
}

static void assert_files(const struct fetch_files *fs, size_t from,
			 const char *const *want, size_t n)
{
	size_t i;

	cr_assert_eq(fs->n, from + n, "%zu files, want %zu", fs->n, from + n);
	for (i = 0; i < n; i++) {
		const struct fetch_file *f = &fs->v[from + i];

		cr_assert_str_eq(f->path, want[2 * i], "file %zu", i);
		cr_assert_eq(f->len, strlen(want[2 * i + 1]), "%s", f->path);
		cr_assert(!memcmp(f->data, want[2 * i + 1], f->len), "%s", f->path);
		cr_assert_eq(f->data[f->len], '\0');
	}
}

static const struct ent release[] = {
	{ "proj-1.0/", 'd', NULL, 0 },
	{ "proj-1.0/README.md", 'f', "# proj\n", 0 },
	{ "proj-1.0/manifests/", 'd', NULL, 0 },
	{ "proj-1.0/manifests/kustomization.yaml", 'f', "resources:\n- cm.yaml\n", 0 },
	{ "proj-1.0/manifests/cm.yaml", 'f', "kind: ConfigMap\n", 0 },
	{ "proj-1.0/manifests/empty", 'f', "", 0 },
	{ "proj-1.0/docs/x.md", 'f', "x\n", 0 },
};

Test(unpack, release_archive_keeps_the_prefix_dir_stripped)
{
	static const char *const want[] = {
		"README.md", "# proj\n",
		"manifests/kustomization.yaml", "resources:\n- cm.yaml\n",
		"manifests/cm.yaml", "kind: ConfigMap\n",
		"manifests/empty", "",
		"docs/x.md", "x\n",
	};
	static const enum fmt fmts[] = { TAR, TGZ, TBZ2, TXZ, ZIP };
	static const char *const prefixes[] = { "proj-1.0", "proj-1.0/", "./proj-1.0" };
	size_t i, j;

	for (i = 0; i < N(fmts); i++) {
		struct mem m = build(fmts[i], release, N(release));

		for (j = 0; j < N(prefixes); j++) {
			struct fetch_files fs = FETCH_FILES_INIT;

			prefill(&fs);
			cr_assert_eq(unpack_archive(m.p, m.len, "proj.tar.gz",
						    prefixes[j], NULL, &fs),
				     0, "fmt %zu prefix %s: %s", i, prefixes[j],
				     err_last());
			assert_prefilled(&(struct fetch_files){ fs.v, 1, 1 });
			assert_files(&fs, 1, want, N(want) / 2);
			fetch_files_release(&fs);
		}
		free(m.p);
	}
}

Test(unpack, prefix_selects_a_subtree_and_empty_keeps_all)
{
	static const char *const sub[] = {
		"kustomization.yaml", "resources:\n- cm.yaml\n",
		"cm.yaml", "kind: ConfigMap\n",
		"empty", "",
	};
	static const char *const all[] = {
		"proj-1.0/README.md", "# proj\n",
		"proj-1.0/manifests/kustomization.yaml", "resources:\n- cm.yaml\n",
		"proj-1.0/manifests/cm.yaml", "kind: ConfigMap\n",
		"proj-1.0/manifests/empty", "",
		"proj-1.0/docs/x.md", "x\n",
	};
	struct mem m = build(TGZ, release, N(release));
	struct fetch_files fs = FETCH_FILES_INIT;

	cr_assert_eq(unpack_archive(m.p, m.len, "x", "proj-1.0/manifests/",
				    NULL, &fs), 0, "%s", err_last());
	assert_files(&fs, 0, sub, N(sub) / 2);
	fetch_files_release(&fs);

	cr_assert_eq(unpack_archive(m.p, m.len, "x", "", NULL, &fs), 0);
	assert_files(&fs, 0, all, N(all) / 2);
	fetch_files_release(&fs);

	cr_assert_eq(unpack_archive(m.p, m.len, "x", NULL, NULL, &fs), 0);
	assert_files(&fs, 0, all, N(all) / 2);
	fetch_files_release(&fs);

	cr_assert_eq(unpack_archive(m.p, m.len, "x", ".", NULL, &fs), 0);
	assert_files(&fs, 0, all, N(all) / 2);
	fetch_files_release(&fs);

	/* "proj-1" is not "proj-1.0": components, not string prefixes */
	cr_assert_eq(unpack_archive(m.p, m.len, "x", "proj-1", NULL, &fs),
		     ERR_NOTFOUND);
	cr_assert(strstr(err_last(), "archive 'x' has no files under 'proj-1/' (its top level holds 'proj-1.0/'"),
		  "%s", err_last());
	cr_assert_eq(fs.n, 0);
	free(m.p);
}

Test(unpack, dot_slash_names_as_tar_c_dot_writes_them)
{
	static const struct ent ents[] = {
		{ "./", 'd', NULL, 0 },
		{ "./a.yaml", 'f', "a\n", 0 },
		{ "./d/", 'd', NULL, 0 },
		{ "./d/b.yaml", 'f', "b\n", 0 },
	};
	static const char *const want[] = { "a.yaml", "a\n", "d/b.yaml", "b\n" };
	static const char *const want_d[] = { "b.yaml", "b\n" };
	struct mem m = build(TGZ, ents, N(ents));
	struct fetch_files fs = FETCH_FILES_INIT;

	cr_assert_eq(unpack_archive(m.p, m.len, "x", NULL, NULL, &fs), 0,
		     "%s", err_last());
	assert_files(&fs, 0, want, 2);
	fetch_files_release(&fs);
	cr_assert_eq(unpack_archive(m.p, m.len, "x", "d", NULL, &fs), 0);
	assert_files(&fs, 0, want_d, 1);
	fetch_files_release(&fs);
	free(m.p);
}

Test(unpack, links_become_copies_of_their_file)
{
	static const struct ent ents[] = {
		{ "p/", 'd', NULL, 0 },
		{ "p/sym.yaml", 'l', "a.yaml", 0 },  /* before its target */
		{ "p/a.yaml", 'f', "kind: A\n", 0 },
		{ "p/hard.yaml", 'h', "p/a.yaml", 0 },
		{ "p/hard2.yaml", 'h', "./p/a.yaml", 0 },
		{ "p/sub/up.yaml", 'l', "../a.yaml", 0 },
		{ "p/chain.yaml", 'l', "sub/up.yaml", 0 },
		{ "p/crd.yaml", 'l', "../crds/crd.yaml", 0 }, /* out of p */
		{ "crds/crd.yaml", 'f', "kind: CRD\n", 0 },
		{ "p/dangling-outside-is-fine", 'f', "z\n", 0 },
		{ "other/dangling", 'l', "nowhere", 0 },
		{ "other/dir-link", 'l', ".", 0 },
	};
	static const char *const want[] = {
		"sym.yaml", "kind: A\n",
		"a.yaml", "kind: A\n",
		"hard.yaml", "kind: A\n",
		"hard2.yaml", "kind: A\n",
		"sub/up.yaml", "kind: A\n",
		"chain.yaml", "kind: A\n",
		"crd.yaml", "kind: CRD\n",
		"dangling-outside-is-fine", "z\n",
	};
	struct mem m = build(TGZ, ents, N(ents));
	struct fetch_files fs = FETCH_FILES_INIT;

	prefill(&fs);
	cr_assert_eq(unpack_archive(m.p, m.len, "x", "p", NULL, &fs), 0,
		     "%s", err_last());
	assert_files(&fs, 1, want, N(want) / 2);
	/* copies, not shared pointers */
	cr_assert_neq(fs.v[1].data, fs.v[2].data);
	fetch_files_release(&fs);
	free(m.p);
}

Test(unpack, zip_symlink_becomes_a_copy)
{
	static const struct ent ents[] = {
		{ "r/a.yaml", 'f', "kind: A\n", 0 },
		{ "r/l.yaml", 'l', "a.yaml", 0 },
	};
	static const char *const want[] = { "a.yaml", "kind: A\n",
					    "l.yaml", "kind: A\n" };
	struct mem m = build(ZIP, ents, N(ents));
	struct fetch_files fs = FETCH_FILES_INIT;

	cr_assert_eq(unpack_archive(m.p, m.len, "x.zip", "r", NULL, &fs), 0,
		     "%s", err_last());
	assert_files(&fs, 0, want, 2);
	fetch_files_release(&fs);
	free(m.p);
}

/* hostile archives: refused as a whole, whatever the prefix */
static const struct {
	const char *what;
	enum fmt fmt;
	struct ent ents[4];
	const char *prefix;
	int code;
	const char *msg;
} hostile[] = {
	{ "dotdot", TGZ, { { "p/a", 'f', "a", 0 }, { "../evil", 'f', "x", 0 } }, "p",
	  ERR_INVALID, "archive 'x.tar.gz': entry '../evil' leaves the archive root (refused)" },
	{ "dotdot inside", TGZ, { { "p/../../evil", 'f', "x", 0 } }, "p",
	  ERR_INVALID, "entry 'p/../../evil' leaves the archive root (refused)" },
	{ "dotdot zip", ZIP, { { "p/a", 'f', "a", 0 }, { "../evil", 'f', "x", 0 } }, "p",
	  ERR_INVALID, "entry '../evil' leaves the archive root (refused)" },
	{ "absolute", TGZ, { { "/etc/evil", 'f', "x", 0 } }, NULL,
	  ERR_INVALID, "entry '/etc/evil' is an absolute path (refused)" },
	{ "absolute zip", ZIP, { { "/etc/evil", 'f', "x", 0 } }, NULL,
	  ERR_INVALID, "entry '/etc/evil' is an absolute path (refused)" },
	{ "unclean", TGZ, { { "p//a", 'f', "x", 0 } }, NULL,
	  ERR_INVALID, "entry 'p//a' is not a clean relative path (refused)" },
	{ "dot inside", TGZ, { { "p/./a", 'f', "x", 0 } }, NULL,
	  ERR_INVALID, "entry 'p/./a' is not a clean relative path (refused)" },
	{ "control bytes are escaped", TGZ, { { "a\033]0;x\007", 'f', "x", 0 }, { "a\033]0;x\007", 'f', "x", 0 } }, NULL,
	  ERR_INVALID, "entry 'a\\x1b]0;x\\x07' appears twice" },
	{ "symlink escape", TGZ, { { "p/a", 'f', "a", 0 }, { "p/link", 'l', "../../etc/passwd", 0 } }, "p",
	  ERR_INVALID, "entry 'p/link' is a symbolic link to '../../etc/passwd', which leaves the archive root (refused)" },
	{ "symlink escape outside prefix", TGZ, { { "p/a", 'f', "a", 0 }, { "q/link", 'l', "../..", 0 } }, "p",
	  ERR_INVALID, "entry 'q/link' is a symbolic link to '../..', which leaves the archive root" },
	{ "symlink escape zip", ZIP, { { "p/link", 'l', "../../etc/passwd", 0 } }, NULL,
	  ERR_INVALID, "which leaves the archive root (refused)" },
	{ "symlink absolute", TGZ, { { "p/link", 'l', "/etc/passwd", 0 } }, NULL,
	  ERR_INVALID, "entry 'p/link' is a symbolic link to the absolute path '/etc/passwd' (refused)" },
	{ "hardlink escape", TGZ, { { "p/hard", 'h', "../../etc/passwd", 0 } }, NULL,
	  ERR_INVALID, "entry 'p/hard' is a hard link to '../../etc/passwd', which leaves the archive root (refused)" },
	{ "hardlink absolute", TGZ, { { "p/hard", 'h', "/etc/passwd", 0 } }, NULL,
	  ERR_INVALID, "entry 'p/hard' is a hard link to the absolute path '/etc/passwd' (refused)" },
	{ "char device", TGZ, { { "p/a", 'f', "a", 0 }, { "dev/null", 'c', NULL, 0 } }, "p",
	  ERR_INVALID, "entry 'dev/null' is a character device (refused" },
	{ "block device", TGZ, { { "sda", 'b', NULL, 0 } }, NULL,
	  ERR_INVALID, "entry 'sda' is a block device (refused" },
	{ "fifo", TGZ, { { "p/fifo", 'p', NULL, 0 } }, NULL,
	  ERR_INVALID, "entry 'p/fifo' is a FIFO (refused" },
	{ "duplicate", TGZ, { { "p/a", 'f', "1", 0 }, { "p/a", 'f', "2", 0 } }, NULL,
	  ERR_INVALID, "archive 'x.tar.gz': entry 'p/a' appears twice (refused)" },
	{ "duplicate outside prefix", TGZ, { { "p/a", 'f', "1", 0 }, { "q/a", 'f', "1", 0 }, { "q/a", 'l', "../p/a", 0 } }, "p",
	  ERR_INVALID, "entry 'q/a' appears twice (refused)" },
	{ "file and directory", TGZ, { { "p/a", 'd', NULL, 0 }, { "p/a", 'f', "2", 0 } }, NULL,
	  ERR_INVALID, "entry 'p/a' appears twice, as a directory and as a file (refused)" },
	{ "below a file", TGZ, { { "p/a", 'f', "1", 0 }, { "p/a/b", 'f', "2", 0 } }, NULL,
	  ERR_INVALID, "entry 'p/a/b' lies below 'p/a', which is not a directory (refused)" },
	{ "below a file, escaped", TGZ, { { "p/\033[2J", 'f', "1", 0 }, { "p/\033[2J/b", 'f', "2", 0 } }, NULL,
	  ERR_INVALID, "entry 'p/\\x1b[2J/b' lies below 'p/\\x1b[2J', which is not a directory (refused)" },
	{ "below a link to a directory", TGZ, { { "p/d", 'l', ".", 0 }, { "p/d/b", 'f', "2", 0 } }, NULL,
	  ERR_INVALID, "entry 'p/d/b' lies below 'p/d', which is not a directory (refused)" },
	{ "file over earlier entries", TGZ, { { "p/a/b", 'f', "1", 0 }, { "p/a", 'f', "2", 0 } }, NULL,
	  ERR_INVALID, "entry 'p/a' is a file, but other entries lie below it (refused)" },
	{ "dangling link kept", TGZ, { { "p/l", 'l', "missing", 0 } }, NULL,
	  ERR_INVALID, "entry 'p/l' is a symbolic link to 'p/missing', which is not in the archive" },
	{ "link to a directory kept", TGZ, { { "p/d/a", 'f', "1", 0 }, { "p/l", 'l', "d", 0 } }, NULL,
	  ERR_INVALID, "entry 'p/l' is a symbolic link to the directory 'p/d' (only links to files are supported)" },
	{ "link to the root kept", TGZ, { { "l", 'l', ".", 0 } }, NULL,
	  ERR_INVALID, "entry 'l' is a symbolic link to the directory '.'" },
	{ "link loop", TGZ, { { "a", 'l', "b", 0 }, { "b", 'l', "a", 0 } }, NULL,
	  ERR_INVALID, "entry 'a' is a symbolic link that leads through more than 40 links (a loop?)" },
	{ "encrypted zip", ZIP_CRYPT, { { "p/a", 'f', "secret", 0 } }, NULL,
	  ERR_UNSUPPORTED, "entry 'p/a' is encrypted (not supported; use an unencrypted archive)" },
	{ "bomb", TGZ, { { "p/a", 'f', "a", 0 }, { "zeros", 'f', NULL, 20 << 20 } }, "p",
	  ERR_TOOBIG, "archive 'x.tar.gz' expands past the 1 MiB limit (a decompression bomb?)" },
	{ "bomb zip", ZIP, { { "zeros", 'f', NULL, 20 << 20 } }, NULL,
	  ERR_TOOBIG, "expands past the 1 MiB limit (a decompression bomb?)" },
	{ "bad prefix", TGZ, { { "p/a", 'f', "a", 0 } }, "../p",
	  ERR_INVALID, "archive 'x.tar.gz': the path '../p' inside it is not a clean relative path" },
};

Test(unpack, hostile_archives_are_refused_and_out_is_unchanged)
{
	struct unpack_limits lim = { 1 << 20, 0, 0 };
	size_t i;

	for (i = 0; i < N(hostile); i++) {
		struct fetch_files fs = FETCH_FILES_INIT;
		size_t n = 0;
		struct mem m;
		int err;

		while (n < N(hostile[i].ents) && hostile[i].ents[n].path)
			n++;
		m = build(hostile[i].fmt, hostile[i].ents, n);
		prefill(&fs);
		err = unpack_archive(m.p, m.len, "x.tar.gz", hostile[i].prefix,
				     &lim, &fs);
		cr_assert_eq(err, hostile[i].code, "%s: %s (%s)", hostile[i].what,
			     err_name(err), err_last());
		cr_assert(strstr(err_last(), hostile[i].msg), "%s: %s",
			  hostile[i].what, err_last());
		assert_prefilled(&fs);
		fetch_files_release(&fs);
		free(m.p);
	}
}

Test(unpack, one_file_over_max_file)
{
	static const struct ent ents[] = {
		{ "p/a", 'f', "a", 0 },
		{ "p/big", 'f', NULL, (1 << 20) + 1 },
	};
	struct unpack_limits lim = { 0, 1 << 20, 0 };
	struct mem m = build(TGZ, ents, N(ents));
	struct fetch_files fs = FETCH_FILES_INIT;

	prefill(&fs);
	cr_assert_eq(unpack_archive(m.p, m.len, "x", "p", &lim, &fs), ERR_TOOBIG);
	cr_assert(strstr(err_last(), "archive 'x': entry 'p/big' expands past the 1 MiB limit for one file (a decompression bomb?)"),
		  "%s", err_last());
	assert_prefilled(&fs);
	fetch_files_release(&fs);

	/* exactly at the limit is fine */
	lim.max_file = (1 << 20) + 1;
	cr_assert_eq(unpack_archive(m.p, m.len, "x", "p", &lim, &fs), 0);
	cr_assert_eq(fs.n, 2);
	cr_assert_eq(fs.v[1].len, (1 << 20) + 1);
	fetch_files_release(&fs);
	free(m.p);
}

Test(unpack, too_many_entries)
{
	static const struct ent ents[] = {
		{ "p/", 'd', NULL, 0 },
		{ "p/a", 'f', "a", 0 },
		{ "p/b", 'f', "b", 0 },
		{ "p/c", 'f', "c", 0 },
	};
	struct unpack_limits lim = { 0, 0, 3 };
	struct mem m = build(ZIP, ents, N(ents));
	struct fetch_files fs = FETCH_FILES_INIT;

	prefill(&fs);
	cr_assert_eq(unpack_archive(m.p, m.len, "x.zip", NULL, &lim, &fs),
		     ERR_TOOBIG);
	cr_assert(strstr(err_last(), "archive 'x.zip' has more than 3 entries (the limit)"),
		  "%s", err_last());
	assert_prefilled(&fs);
	lim.max_entries = 4;
	cr_assert_eq(unpack_archive(m.p, m.len, "x.zip", NULL, &lim, &fs), 0);
	cr_assert_eq(fs.n, 4);
	fetch_files_release(&fs);
	free(m.p);
}

Test(unpack, corrupt_truncated_unknown_and_empty_input)
{
	static const struct ent ents[] = {
		{ "p/a", 'f', NULL, 200000 },
		{ "p/b", 'f', "b", 0 },
	};
	struct mem tgz = build(TGZ, ents, N(ents));
	struct mem zip = build(ZIP, ents, N(ents));
	struct fetch_files fs = FETCH_FILES_INIT;
	unsigned char *bad = xmalloc(tgz.len);
	size_t i;

	prefill(&fs);

	/* garbage in the middle of the deflate stream */
	memcpy(bad, tgz.p, tgz.len);
	for (i = tgz.len / 2; i < tgz.len / 2 + 16 && i < tgz.len; i++)
		bad[i] ^= 0x5a;
	cr_assert_eq(unpack_archive(bad, tgz.len, "x.tar.gz", NULL, NULL, &fs),
		     ERR_INVALID);
	cr_assert(strstr(err_last(), "archive 'x.tar.gz'"), "%s", err_last());
	assert_prefilled(&fs);

	/* cut short */
	cr_assert_eq(unpack_archive(tgz.p, tgz.len / 2, "x.tar.gz", NULL, NULL, &fs),
		     ERR_INVALID);
	cr_assert(strstr(err_last(), "archive 'x.tar.gz'"), "%s", err_last());
	assert_prefilled(&fs);

	/* a zip whose first entry's compressed data was damaged */
	free(bad);
	bad = xmalloc(zip.len);
	memcpy(bad, zip.p, zip.len);
	cr_assert(!memcmp(bad, "PK\3\4", 4));
	i = 30 + (bad[26] | bad[27] << 8) + (bad[28] | bad[29] << 8);
	cr_assert_lt(i + 8, zip.len);
	memset(bad + i, 0xff, 8);
	cr_assert_eq(unpack_archive(bad, zip.len, "x.zip", NULL, NULL, &fs),
		     ERR_INVALID);
	cr_assert(strstr(err_last(), "archive 'x.zip': entry 'p/a' cannot be read: "),
		  "%s", err_last());
	assert_prefilled(&fs);

	cr_assert_eq(unpack_archive("not an archive at all\n", 22, "x.tgz",
				    NULL, NULL, &fs), ERR_INVALID);
	cr_assert(strstr(err_last(), "archive 'x.tgz' cannot be read: "), "%s", err_last());
	cr_assert(strstr(err_last(), "(argolab reads tar, tar.gz, tar.bz2, tar.xz and zip archives)"),
		  "%s", err_last());
	assert_prefilled(&fs);

	cr_assert_eq(unpack_archive("", 0, "x.tgz", NULL, NULL, &fs), ERR_INVALID);
	cr_assert_str_eq(err_last(), "archive 'x.tgz' is empty (0 bytes)");
	assert_prefilled(&fs);

	fetch_files_release(&fs);
	free(bad);
	free(tgz.p);
	free(zip.p);
}

Test(unpack, formats_we_do_not_enable_are_unrecognised)
{
	struct archive *a = archive_write_new();
	struct archive_entry *e = archive_entry_new();
	unsigned char *p = xmalloc(1 << 16);
	struct fetch_files fs = FETCH_FILES_INIT;
	size_t used = 0;

	cr_assert_eq(archive_write_set_format_cpio_newc(a), ARCHIVE_OK);
	cr_assert_eq(archive_write_open_memory(a, p, 1 << 16, &used), ARCHIVE_OK);
	archive_entry_set_pathname(e, "a");
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_size(e, 1);
	cr_assert_eq(archive_write_header(a, e), ARCHIVE_OK);
	cr_assert_eq(archive_write_data(a, "a", 1), 1);
	archive_write_close(a);
	archive_write_free(a);
	archive_entry_free(e);

	cr_assert_eq(unpack_archive(p, used, "x.cpio", NULL, NULL, &fs), ERR_INVALID);
	cr_assert(strstr(err_last(), "cannot be read"), "%s", err_last());
	cr_assert_eq(fs.n, 0);
	free(p);
}

Test(unpack, an_archive_with_no_entries)
{
	struct mem m = build(TGZ, NULL, 0);
	struct fetch_files fs = FETCH_FILES_INIT;

	cr_assert_eq(unpack_archive(m.p, m.len, "x", NULL, NULL, &fs), 0,
		     "%s", err_last());
	cr_assert_eq(fs.n, 0);
	cr_assert_eq(unpack_archive(m.p, m.len, "x", "p", NULL, &fs), ERR_NOTFOUND);
	cr_assert_str_eq(err_last(), "archive 'x' has no files under 'p/' (the archive is empty)");
	free(m.p);
}
