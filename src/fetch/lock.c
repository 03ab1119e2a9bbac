/*
 * lock: parse and write manifests/lock.yaml (see lock.h).
 *
 * The parser walks the loaded document with a JSON pointer beside it, so
 * every complaint can name the line and column of the node at fault
 * (doc_posmap).  Each level of the schema is a table of known fields; a
 * key not in the table is an error, never silently dropped, because a
 * misspelt "sha265" must not leave a file unpinned.
 *
 * The writer is hand-made rather than doc_yaml_emit, whose key order is
 * kustomize's sorted order: a lock reads better as upstream, ref, source,
 * files.  Scalars go through doc_yaml_emit one by one, so quoting follows
 * the same rules as every other YAML we write.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "../base/alloc.h"
#include "../base/err.h"
#include "../base/fs.h"
#include "../base/strutil.h"
#include "../doc/yaml.h"
#include "files.h"
#include "lock.h"

/* a lock is text we wrote; 64 MiB is far beyond any real one */
#define LOCK_READ_MAX ((size_t)64 << 20)

void lock_strs_add(struct lock_strs *s, const char *v)
{
	s->v = xreallocarray(s->v, s->n + 1, sizeof(*s->v));
	s->v[s->n++] = xstrdup(v);
}

void lock_strs_release(struct lock_strs *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	s->v = NULL;
	s->n = 0;
}

static void strs_copy(struct lock_strs *dst, const struct lock_strs *src)
{
	size_t i;

	memset(dst, 0, sizeof(*dst));
	for (i = 0; i < src->n; i++)
		lock_strs_add(dst, src->v[i]);
}

void lock_pin_release(struct lock_pin *p)
{
	size_t i;

	free(p->upstream);
	free(p->ref);
	free(p->url);
	free(p->prefix);
	lock_strs_release(&p->paths);
	lock_strs_release(&p->resources);
	for (i = 0; i < p->nfiles; i++) {
		free(p->files[i].path);
		lock_strs_release(&p->files[i].images);
	}
	free(p->files);
	memset(p, 0, sizeof(*p));
}

void lock_pin_copy(struct lock_pin *dst, const struct lock_pin *src)
{
	size_t i;

	*dst = *src;
	dst->upstream = xstrdup(src->upstream);
	dst->ref = xstrdup(src->ref);
	dst->url = xstrdup(src->url);
	dst->prefix = src->prefix ? xstrdup(src->prefix) : NULL;
	strs_copy(&dst->paths, &src->paths);
	strs_copy(&dst->resources, &src->resources);
	dst->files = src->nfiles ? xcalloc(src->nfiles, sizeof(*dst->files))
				 : NULL;
	for (i = 0; i < src->nfiles; i++) {
		dst->files[i] = src->files[i];
		dst->files[i].path = xstrdup(src->files[i].path);
		strs_copy(&dst->files[i].images, &src->files[i].images);
	}
}

void lock_release(struct lock *l)
{
	size_t i;

	for (i = 0; i < l->npins; i++)
		lock_pin_release(&l->pins[i]);
	free(l->pins);
	l->pins = NULL;
	l->npins = 0;
}

const char *lock_source_name(enum lock_source_kind k)
{
	switch (k) {
	case LOCK_SRC_URL:
		return "url";
	case LOCK_SRC_GIT:
		return "git";
	case LOCK_SRC_ARCHIVE:
		return "archive";
	}
	return "?";
}

void lock_expand(struct buf *out, const char *s, const char *ref)
{
	const char *version = ref[0] == 'v' ? ref + 1 : ref;

	buf_reset(out);
	while (*s) {
		if (!strncmp(s, "{ref}", 5)) {
			buf_adds(out, ref);
			s += 5;
		} else if (!strncmp(s, "{version}", 9)) {
			buf_adds(out, version);
			s += 9;
		} else {
			buf_addc(out, *s++);
		}
	}
}

void lock_pin_label(struct buf *out, const struct lock_pin *p)
{
	buf_reset(out);
	buf_addf(out, "%s@%s", p->upstream, p->ref);
}

const struct lock_file *lock_pin_find_file(const struct lock_pin *p,
					   const char *path)
{
	size_t lo = 0, hi = p->nfiles;

	/* files are kept sorted by path (the parser checks, the writer sorts) */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(p->files[mid].path, path);

		if (!c)
			return &p->files[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

int lock_pin_has_path(const struct lock_pin *p, const char *path)
{
	size_t n = strlen(path), lo = 0, hi = p->nfiles;

	if (lock_pin_find_file(p, path))
		return 1;
	/* the first file at or after "path/" */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strncmp(p->files[mid].path, path, n);

		if (c < 0 || (c == 0 && p->files[mid].path[n] < '/'))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < p->nfiles && !strncmp(p->files[lo].path, path, n) &&
	       p->files[lo].path[n] == '/';
}

/* ------------------------------------------------------------------ */
/* parsing                                                             */

struct parser {
	const char *name;
	struct doc_posmap *pos;
	struct buf ptr; /* "/0/pins/3/files/7" */
};

static int fail(struct parser *ps, int at_value, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct parser *ps, int at_value, const char *fmt, ...)
{
	struct doc_pos key, val, at;
	struct buf msg = BUF_INIT;
	va_list ap;

	doc_posmap_nearest(ps->pos, ps->ptr.ptr, &key, &val);
	at = at_value || !key.line ? val : key;
	va_start(ap, fmt);
	buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	if (at.line)
		err_set(ERR_INVALID, "%s:%u:%u: %s", ps->name, at.line, at.col,
			msg.ptr);
	else
		err_set(ERR_INVALID, "%s: %s", ps->name, msg.ptr);
	buf_release(&msg);
	return ERR_INVALID;
}

static void push(struct parser *ps, const char *key)
{
	doc_pointer_append(&ps->ptr, key, strlen(key));
}

static void push_index(struct parser *ps, size_t i)
{
	buf_addf(&ps->ptr, "/%zu", i);
}

static unsigned line_here(struct parser *ps)
{
	struct doc_pos key, val;

	doc_posmap_nearest(ps->pos, ps->ptr.ptr, &key, &val);
	return val.line;
}

/* every key of obj must be one of the NULL-terminated names */
static int known_keys(struct parser *ps, const json_t *obj, const char *what,
		      const char *const *names)
{
	const char *k;
	json_t *v;
	size_t saved = ps->ptr.len;

	json_object_foreach((json_t *)obj, k, v) {
		const char *const *n;
		struct buf list = BUF_INIT;
		int err;

		for (n = names; *n; n++)
			if (!strcmp(*n, k))
				break;
		if (*n)
			continue;
		for (n = names; *n; n++)
			buf_addf(&list, "%s%s", n == names ? "" : ", ", *n);
		push(ps, k);
		err = fail(ps, 0, "unknown field '%s' in %s (known: %s)", k, what,
			   list.ptr);
		buf_release(&list);
		buf_setlen(&ps->ptr, saved);
		return err;
	}
	return 0;
}

/* a required (or optional, when out may stay NULL) non-empty string */
/*
 * Every string of a lock is one line of text: a name, a ref, a URL, a
 * path, an image reference.  Control characters and the Unicode line
 * breaks (NEL, LS, PS) have no place in any of them, and would not
 * survive the lock's own writer as one line.
 */
static int one_line(const char *s)
{
	return !str_has_ctl(s, strlen(s)) && !strstr(s, "\xC2\x85") &&
	       !strstr(s, "\xE2\x80\xA8") && !strstr(s, "\xE2\x80\xA9");
}

static int get_str(struct parser *ps, const json_t *obj, const char *key,
		   int required, const char **out)
{
	json_t *v = json_object_get(obj, key);
	size_t saved = ps->ptr.len;
	int err = 0;

	*out = NULL;
	if (!v || json_is_null(v)) {
		if (required)
			return fail(ps, 0, "missing field '%s'", key);
		return 0;
	}
	push(ps, key);
	if (!json_is_string(v))
		err = fail(ps, 1, "'%s' must be a string, not %s", key,
			   doc_kind_name(v));
	else if (!json_string_length(v))
		err = fail(ps, 1, "'%s' must not be empty", key);
	else if (strlen(json_string_value(v)) != json_string_length(v))
		err = fail(ps, 1, "'%s' must not contain NUL bytes", key);
	else if (!one_line(json_string_value(v)))
		err = fail(ps, 1, "'%s' must be one line of printable text", key);
	else
		*out = json_string_value(v);
	buf_setlen(&ps->ptr, saved);
	return err;
}

static int get_hex(struct parser *ps, const json_t *obj, const char *key,
		   size_t len, int required, char *out)
{
	const char *s;
	size_t saved = ps->ptr.len, i;
	int err = get_str(ps, obj, key, required, &s);

	out[0] = '\0';
	if (err < 0 || !s)
		return err;
	for (i = 0; s[i]; i++)
		if (!isdigit((unsigned char)s[i]) && !(s[i] >= 'a' && s[i] <= 'f'))
			break;
	if (s[i] || i != len) {
		push(ps, key);
		err = fail(ps, 1, "'%s' must be %zu lower-case hex digits", key,
			   len);
		buf_setlen(&ps->ptr, saved);
		return err;
	}
	memcpy(out, s, len + 1);
	return 0;
}

/* a list of strings; paths=1 checks each is a clean relative path */
static int get_strs(struct parser *ps, const json_t *obj, const char *key,
		    int paths, struct lock_strs *out)
{
	json_t *v = json_object_get(obj, key), *e;
	size_t saved = ps->ptr.len, i, j;
	int err = 0;

	if (!v || json_is_null(v))
		return 0;
	push(ps, key);
	if (!json_is_array(v)) {
		err = fail(ps, 1, "'%s' must be a list of strings, not %s", key,
			   doc_kind_name(v));
		goto done;
	}
	json_array_foreach(v, i, e) {
		const char *s = json_string_value(e);
		size_t inner = ps->ptr.len;

		push_index(ps, i);
		if (!s || !*s || strlen(s) != json_string_length(e)) {
			err = fail(ps, 1, "'%s' entries must be non-empty strings",
				   key);
			goto done;
		}
		if (!one_line(s)) {
			err = fail(ps, 1, "'%s' entries must be one line of printable text", key);
			goto done;
		}
		if (paths && !fetch_path_is_clean(s)) {
			err = fail(ps, 1,
				   "'%s' is not a clean relative path (no leading '/', no '.' or '..' parts, no '//')",
				   s);
			goto done;
		}
		for (j = 0; j < out->n; j++)
			if (!strcmp(out->v[j], s)) {
				err = fail(ps, 1, "'%s' is listed twice", s);
				goto done;
			}
		lock_strs_add(out, s);
		buf_setlen(&ps->ptr, inner);
	}
done:
	buf_setlen(&ps->ptr, saved);
	return err;
}

static const char *const file_keys[] = { "path", "size", "sha256", "images",
					 NULL };

static int parse_file(struct parser *ps, const json_t *obj,
		      struct lock_file *f)
{
	const char *path;
	json_t *size;
	size_t saved = ps->ptr.len;
	int err;

	if (!json_is_object(obj))
		return fail(ps, 1, "a file entry must be a mapping, not %s",
			    doc_kind_name(obj));
	if ((err = known_keys(ps, obj, "a file entry", file_keys)) < 0)
		return err;
	if ((err = get_str(ps, obj, "path", 1, &path)) < 0)
		return err;
	if (!fetch_path_is_clean(path)) {
		push(ps, "path");
		err = fail(ps, 1,
			   "'%s' is not a clean relative path (no leading '/', no '.' or '..' parts, no '//')",
			   path);
		buf_setlen(&ps->ptr, saved);
		return err;
	}
	f->path = xstrdup(path);
	size = json_object_get(obj, "size");
	if (!size)
		return fail(ps, 0, "missing field 'size' for '%s'", path);
	push(ps, "size");
	if (!json_is_integer(size) || json_integer_value(size) < 0) {
		err = fail(ps, 1, "'size' must be a non-negative integer, not %s",
			   json_is_integer(size) ? "a negative number"
						 : doc_kind_name(size));
		buf_setlen(&ps->ptr, saved);
		return err;
	}
	buf_setlen(&ps->ptr, saved);
	f->size = (unsigned long long)json_integer_value(size);
	if ((err = get_hex(ps, obj, "sha256", LOCK_HEX_LEN, 1, f->sha256)) < 0)
		return err;
	return get_strs(ps, obj, "images", 0, &f->images);
}

static const char *const source_keys[] = { "url", "git", "archive", "prefix",
					   "paths", NULL };

static int parse_source(struct parser *ps, const json_t *src,
			struct lock_pin *p)
{
	const char *url, *git, *archive, *prefix;
	int err, kinds;

	if (!json_is_object(src))
		return fail(ps, 1, "'source' must be a mapping, not %s",
			    doc_kind_name(src));
	if ((err = known_keys(ps, src, "a source", source_keys)) < 0)
		return err;
	if ((err = get_str(ps, src, "url", 0, &url)) < 0 ||
	    (err = get_str(ps, src, "git", 0, &git)) < 0 ||
	    (err = get_str(ps, src, "archive", 0, &archive)) < 0 ||
	    (err = get_str(ps, src, "prefix", 0, &prefix)) < 0)
		return err;
	kinds = !!url + !!git + !!archive;
	if (kinds != 1)
		return fail(ps, 0,
			    "a source has exactly one of 'url', 'git' or 'archive' (found %d)",
			    kinds);
	p->kind = url ? LOCK_SRC_URL : git ? LOCK_SRC_GIT : LOCK_SRC_ARCHIVE;
	p->url = xstrdup(url ? url : git ? git : archive);
	if (prefix && p->kind != LOCK_SRC_ARCHIVE)
		return fail(ps, 0, "'prefix' is only for archive sources");
	if (prefix)
		p->prefix = xstrdup(prefix);
	if ((err = get_strs(ps, src, "paths", 1, &p->paths)) < 0)
		return err;
	if (p->kind == LOCK_SRC_URL && p->paths.n)
		return fail(ps, 0,
			    "a url source takes no 'paths': its files are the pinned 'files' (each fetched at url + path)");
	if (p->kind != LOCK_SRC_URL && !p->paths.n)
		return fail(ps, 0,
			    "a %s source needs 'paths': the files or directories to take",
			    lock_source_name(p->kind));
	return 0;
}

/* upstream and ref name a directory of the layout: one clean component */
static int check_name(struct parser *ps, const char *key, const char *v)
{
	size_t saved = ps->ptr.len;
	int err;

	if (fetch_path_is_clean(v) && !strchr(v, '/'))
		return 0;
	push(ps, key);
	err = fail(ps, 1, "%s '%s' cannot name a directory (no '/', '.' or '..')",
		   key, v);
	buf_setlen(&ps->ptr, saved);
	return err;
}

static const char *const pin_keys[] = { "upstream",      "ref",   "source",
					"commit",        "resources", "files",
					"archiveSha256", NULL };

static int parse_pin(struct parser *ps, const json_t *obj, struct lock_pin *p)
{
	const char *upstream, *ref;
	json_t *files, *src, *e;
	size_t saved = ps->ptr.len, i;
	int err;

	p->line = line_here(ps);
	if (!json_is_object(obj))
		return fail(ps, 1, "a pin must be a mapping, not %s",
			    doc_kind_name(obj));
	if ((err = known_keys(ps, obj, "a pin", pin_keys)) < 0)
		return err;
	if ((err = get_str(ps, obj, "upstream", 1, &upstream)) < 0 ||
	    (err = get_str(ps, obj, "ref", 1, &ref)) < 0)
		return err;
	if ((err = check_name(ps, "upstream", upstream)) < 0 ||
	    (err = check_name(ps, "ref", ref)) < 0)
		return err;
	p->upstream = xstrdup(upstream);
	p->ref = xstrdup(ref);
	src = json_object_get(obj, "source");
	if (!src)
		return fail(ps, 0, "missing field 'source'");
	push(ps, "source");
	err = parse_source(ps, src, p);
	buf_setlen(&ps->ptr, saved);
	if (err < 0)
		return err;
	if ((err = get_hex(ps, obj, "commit", 40, 0, p->commit)) < 0 ||
	    (err = get_hex(ps, obj, "archiveSha256", LOCK_HEX_LEN, 0,
			   p->archive_sha256)) < 0)
		return err;
	if (p->commit[0] && p->kind != LOCK_SRC_GIT) {
		push(ps, "commit");
		err = fail(ps, 0, "'commit' is only for git sources");
		buf_setlen(&ps->ptr, saved);
		return err;
	}
	if (p->archive_sha256[0] && p->kind != LOCK_SRC_ARCHIVE) {
		push(ps, "archiveSha256");
		err = fail(ps, 0, "'archiveSha256' is only for archive sources");
		buf_setlen(&ps->ptr, saved);
		return err;
	}
	if ((err = get_strs(ps, obj, "resources", 1, &p->resources)) < 0)
		return err;
	files = json_object_get(obj, "files");
	if (!files || json_is_null(files))
		return fail(ps, 0,
			    "missing field 'files' (run 'argolab fetch --update %s@%s' to compute the pins)",
			    upstream, ref);
	push(ps, "files");
	if (!json_is_array(files)) {
		err = fail(ps, 1, "'files' must be a list, not %s",
			   doc_kind_name(files));
		goto done;
	}
	p->files = xcalloc(json_array_size(files) + 1, sizeof(*p->files));
	json_array_foreach(files, i, e) {
		size_t inner = ps->ptr.len;

		push_index(ps, i);
		p->nfiles = i + 1;
		err = parse_file(ps, e, &p->files[i]);
		if (err < 0)
			goto done;
		if (i > 0 && strcmp(p->files[i - 1].path, p->files[i].path) >= 0) {
			err = fail(ps, 1,
				   !strcmp(p->files[i - 1].path, p->files[i].path)
					   ? "'%s' is pinned twice"
					   : "files must be sorted by path ('%s' comes after '%s')",
				   p->files[i].path, p->files[i - 1].path);
			goto done;
		}
		buf_setlen(&ps->ptr, inner);
	}
	buf_setlen(&ps->ptr, saved);
	/* (an unresolved pin, files: [], is checked when --update fills it) */
	for (i = 0; i < p->resources.n && p->nfiles; i++)
		if (!lock_pin_has_path(p, p->resources.v[i])) {
			push(ps, "resources");
			push_index(ps, i);
			err = fail(ps, 1,
				   "resource '%s' is neither a pinned file nor a directory of pinned files",
				   p->resources.v[i]);
			goto done;
		}
done:
	buf_setlen(&ps->ptr, saved);
	return err;
}

static const char *const top_keys[] = { "apiVersion", "kind", "pins", NULL };

static int parse_doc(struct parser *ps, const json_t *doc, struct lock *out)
{
	const char *api, *kind;
	json_t *pins, *e;
	size_t i, j;
	int err;

	if (!json_is_object(doc))
		return fail(ps, 1, "a lock must be a mapping, not %s",
			    doc_kind_name(doc));
	if ((err = known_keys(ps, doc, "the lock", top_keys)) < 0)
		return err;
	if ((err = get_str(ps, doc, "apiVersion", 1, &api)) < 0 ||
	    (err = get_str(ps, doc, "kind", 1, &kind)) < 0)
		return err;
	if (strcmp(api, LOCK_API_VERSION)) {
		push(ps, "apiVersion");
		return fail(ps, 1,
			    "apiVersion '%s' is not one this argolab reads (want '%s')",
			    api, LOCK_API_VERSION);
	}
	if (strcmp(kind, LOCK_KIND)) {
		push(ps, "kind");
		return fail(ps, 1, "kind '%s' is not '%s'", kind, LOCK_KIND);
	}
	pins = json_object_get(doc, "pins");
	if (!pins || json_is_null(pins))
		return 0;
	push(ps, "pins");
	if (!json_is_array(pins))
		return fail(ps, 1, "'pins' must be a list, not %s",
			    doc_kind_name(pins));
	out->pins = xcalloc(json_array_size(pins) + 1, sizeof(*out->pins));
	json_array_foreach(pins, i, e) {
		size_t saved = ps->ptr.len;

		push_index(ps, i);
		out->npins = i + 1;
		if ((err = parse_pin(ps, e, &out->pins[i])) < 0)
			return err;
		for (j = 0; j < i; j++)
			if (!strcmp(out->pins[j].upstream, out->pins[i].upstream) &&
			    !strcmp(out->pins[j].ref, out->pins[i].ref))
				return fail(ps, 1,
					    "%s@%s is pinned twice (also at line %u)",
					    out->pins[i].upstream, out->pins[i].ref,
					    out->pins[j].line);
		buf_setlen(&ps->ptr, saved);
	}
	return 0;
}

int lock_parse(struct lock *out, const char *data, size_t len,
	       const char *name)
{
	struct doc_load_opts opts = DOC_LOAD_OPTS_INIT;
	struct parser ps = { name, NULL, BUF_INIT };
	json_t *docs = NULL;
	int err;

	memset(out, 0, sizeof(*out));
	ps.pos = doc_posmap_new();
	opts.name = name;
	opts.pos = ps.pos;
	opts.flags = DOC_LOAD_POSITIONS;
	err = doc_yaml_load(data, len, &opts, &docs);
	if (err < 0)
		goto done;
	if (json_array_size(docs) != 1 || json_is_null(json_array_get(docs, 0))) {
		err = err_set(ERR_INVALID,
			      "%s: a lock is exactly one YAML document (found %zu)",
			      name,
			      json_is_null(json_array_get(docs, 0))
				      ? (size_t)0
				      : json_array_size(docs));
		goto done;
	}
	buf_adds(&ps.ptr, "/0");
	err = parse_doc(&ps, json_array_get(docs, 0), out);
done:
	if (err < 0)
		lock_release(out);
	json_decref(docs);
	doc_posmap_free(ps.pos);
	buf_release(&ps.ptr);
	return err;
}

int lock_load(struct lock *out, const char *path, const char *shown)
{
	struct buf data = BUF_INIT;
	int err;

	memset(out, 0, sizeof(*out));
	err = fs_read_file(path, LOCK_READ_MAX, &data);
	if (err == ERR_NOTFOUND)
		err = err_set(ERR_NOTFOUND, "no lock file '%s'", shown);
	else if (err < 0)
		err_prefix("%s: ", shown);
	else
		err = lock_parse(out, data.ptr, data.len, shown);
	buf_release(&data);
	return err;
}

/* ------------------------------------------------------------------ */
/* writing                                                             */

/*
 * v as the emitter writes it (quoting, folding of long lines), each line
 * prefixed: the first with first, the rest with rest.  A folded scalar's
 * continuation lines thus stay inside their node.
 */
static void block(struct buf *out, const char *first, const char *rest,
		  json_t *v)
{
	struct buf y = BUF_INIT;
	const char *line, *nl;

	if (doc_yaml_emit(&y, v) < 0) {
		/* only invalid UTF-8 fails, which the parser never yields */
		err_clear();
		buf_reset(&y);
		buf_adds(&y, "null\n");
	}
	json_decref(v);
	for (line = y.ptr; *line; line = nl + 1) {
		nl = strchr(line, '\n');
		if (!nl)
			nl = line + strlen(line);
		buf_adds(out, line == y.ptr ? first : rest);
		buf_add(out, line, (size_t)(nl - line));
		buf_addc(out, '\n');
		if (!*nl)
			break;
	}
	buf_release(&y);
}

static void key_str(struct buf *out, const char *indent, const char *key,
		    const char *s)
{
	block(out, indent, indent, json_pack("{s:s}", key, s));
}

static void str_list(struct buf *out, const char *indent, const char *key,
		     const struct lock_strs *l)
{
	json_t *a;
	size_t i;

	if (!l->n)
		return;
	a = json_array();
	for (i = 0; i < l->n; i++)
		json_array_append_new(a, json_string(l->v[i]));
	block(out, indent, indent, json_pack("{s:o}", key, a));
}

static int by_path(const void *a, const void *b)
{
	const struct lock_file *x = a, *y = b;

	return strcmp(x->path, y->path);
}

void lock_format(struct buf *out, const struct lock *l)
{
	size_t i, j;

	buf_adds(out,
		 "# argolab pins: upstream files by content.  'argolab fetch' lays them out\n"
		 "# under manifests/<upstream>/<ref>/ and verifies every sha256;\n"
		 "# 'argolab fetch --update' rewrites the resolved parts.\n");
	buf_adds(out, "apiVersion: " LOCK_API_VERSION "\nkind: " LOCK_KIND "\n");
	buf_adds(out, l->npins ? "pins:\n" : "pins: []\n");
	for (i = 0; i < l->npins; i++) {
		struct lock_pin *p = &l->pins[i];

		if (p->nfiles > 1)
			qsort(p->files, p->nfiles, sizeof(*p->files), by_path);
		block(out, "- ", "  ", json_pack("{s:s}", "upstream", p->upstream));
		key_str(out, "  ", "ref", p->ref);
		buf_adds(out, "  source:\n");
		key_str(out, "    ", lock_source_name(p->kind), p->url);
		if (p->prefix)
			key_str(out, "    ", "prefix", p->prefix);
		str_list(out, "    ", "paths", &p->paths);
		if (p->commit[0])
			key_str(out, "  ", "commit", p->commit);
		if (p->archive_sha256[0])
			key_str(out, "  ", "archiveSha256", p->archive_sha256);
		str_list(out, "  ", "resources", &p->resources);
		buf_adds(out, p->nfiles ? "  files:\n" : "  files: []\n");
		for (j = 0; j < p->nfiles; j++) {
			const struct lock_file *f = &p->files[j];

			block(out, "  - ", "    ", json_pack("{s:s}", "path", f->path));
			buf_addf(out, "    size: %llu\n    sha256: %s\n", f->size,
				 f->sha256);
			str_list(out, "    ", "images", &f->images);
		}
	}
}

int lock_write(const struct lock *l, const char *path)
{
	struct buf out = BUF_INIT;
	int err;

	lock_format(&out, l);
	err = fs_write_atomic(path, out.ptr, out.len, 0644);
	buf_release(&out);
	return err;
}
