/*
 * fuzz_yaml: the YAML loader and the two emitters on arbitrary bytes.
 *
 * The input is loaded as a YAML stream four times: with no flags, with
 * DOC_LOAD_POSITIONS, with DOC_LOAD_YAML11 and with both.  Checked:
 *
 *   - no crash, leak or sanitizer report in the loader, the position map,
 *     doc_yaml_emit, doc_yaml_emit_stream, doc_json_go or doc_json_emit;
 *   - recording positions does not change what is loaded (the documents
 *     with and without DOC_LOAD_POSITIONS are json_equal), and the
 *     position map answers for every document root;
 *   - a load that succeeds gives an array of documents;
 *   - doc_yaml_emit never fails on a loaded document;
 *   - the emitter reaches a fixed point: each emitted document, loaded
 *     again (with the flags of the first load), must load as exactly one
 *     document, and emitting that must give the identical bytes.  One
 *     exception is allowed: go-yaml v2's key order (doc_key_cmp) is not
 *     transitive for some keys (a3 < a05 < a0b < a3), so the order of
 *     such keys depends on the order they came in, in kustomize as here.
 *     When the bytes differ, the property is only enforced if every
 *     mapping's keys are totally ordered by doc_key_cmp.  A second one: a
 *     key "<<" (which only a tag like `!!str <<` or `! <<` can load) is
 *     refused by the emitter, since any YAML reader would take it back as
 *     a merge key (kubectl fails on it), so such documents may fail to
 *     emit and are not loaded again.  A third: a key holding a line
 *     break (U+0085 NEL among them) is written, as go-yaml v2 writes it,
 *     in the long form `? key` with the break folded, so it reads back
 *     as a different key (kubectl kustomize fails to read such output at
 *     all); the fixed point and the same-data checks skip such documents;
 *   - the emitted text means the same data: the reloaded document equals
 *     the original, numbers compared by value (kustomize's JSON round
 *     trip writes 1.0 as 1 and -0.0 as 0, and a float of 2^63 or more
 *     with no fraction as digits that read back as an unsigned integer;
 *     and U+0085 is written as a space, as go-yaml v2 does).
 *
 * A violated property calls abort() after printing both sides on stderr,
 * so libFuzzer saves the input as a crash.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "../../src/base/buf.h"
#include "../../src/base/err.h"
#include "../../src/doc/json.h"
#include "../../src/doc/yaml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void show(const char *what, const char *s, size_t n)
{
	fprintf(stderr, "---- %s (%zu bytes) ----\n", what, n);
	fwrite(s, 1, n, stderr);
	fprintf(stderr, "\n---- end %s ----\n", what);
}

static void fail(const char *why)
{
	fprintf(stderr, "fuzz_yaml: property violated: %s\n", why);
	abort();
}

static char last_error[512]; /* the message of the last failed load */

static json_t *load(const char *s, size_t n, unsigned flags,
		    struct doc_posmap **pm_out)
{
	struct doc_load_opts o = DOC_LOAD_OPTS_INIT;
	json_t *docs = NULL;
	int err;

	o.name = "fuzz.yaml";
	o.flags = flags;
	if (flags & DOC_LOAD_POSITIONS)
		o.pos = doc_posmap_new();
	err = doc_yaml_load(s, n, &o, &docs);
	if (err < 0) {
		if (docs)
			fail("doc_yaml_load failed but set *out");
		if (!*err_last())
			fail("doc_yaml_load failed without a message");
		snprintf(last_error, sizeof(last_error), "%s", err_last());
		err_clear();
		doc_posmap_free(o.pos);
		return NULL;
	}
	if (!docs || !json_is_array(docs))
		fail("doc_yaml_load succeeded without an array");
	if (pm_out)
		*pm_out = o.pos;
	else
		doc_posmap_free(o.pos);
	return docs;
}

static void check_positions(const struct doc_posmap *pm, const json_t *docs)
{
	size_t i;
	char ptr[64];
	struct doc_pos k, v;

	for (i = 0; i < json_array_size(docs); i++) {
		snprintf(ptr, sizeof(ptr), "/%zu", i);
		if (doc_posmap_get(pm, ptr, &k, &v) != 0) {
			fprintf(stderr, "no position for %s\n", ptr);
			fail("document root not in the position map");
		}
		/* a pointer that cannot exist walks up to the root */
		snprintf(ptr, sizeof(ptr), "/%zu/no~1such/-/x", i);
		doc_posmap_nearest(pm, ptr, &k, &v);
	}
	doc_posmap_nearest(pm, "", &k, &v);
	doc_posmap_nearest(pm, "/", &k, &v);
	doc_posmap_nearest(pm, "//", &k, &v);
}

/*
 * keys_totally_ordered: whether doc_key_cmp is a strict total order on
 * the keys of every mapping in v.  A complete antisymmetric relation is
 * transitive exactly when the "number of keys below" scores are all
 * different, so this is O(n^2) per mapping.
 */
static int keys_totally_ordered(const json_t *v)
{
	size_t i, j, n;

	if (json_is_array(v)) {
		for (i = 0; i < json_array_size(v); i++)
			if (!keys_totally_ordered(json_array_get(v, i)))
				return 0;
		return 1;
	}
	if (!json_is_object(v))
		return 1;
	n = json_object_size(v);
	{
		const char **k = calloc(n + 1, sizeof(*k));
		size_t *len = calloc(n + 1, sizeof(*len));
		unsigned char *seen = calloc(n + 1, 1);
		void *it;
		int ok = 1;

		i = 0;
		for (it = json_object_iter((json_t *)v); it;
		     it = json_object_iter_next((json_t *)v, it), i++) {
			k[i] = json_object_iter_key(it);
			len[i] = json_object_iter_key_len(it);
			if (!keys_totally_ordered(json_object_iter_value(it)))
				ok = 0;
		}
		for (i = 0; ok && i < n; i++) {
			size_t below = 0;

			for (j = 0; j < n; j++) {
				int c, r;

				if (i == j)
					continue;
				c = doc_key_cmp(k[i], len[i], k[j], len[j]);
				r = doc_key_cmp(k[j], len[j], k[i], len[i]);
				if (c == 0 || (c < 0) == (r < 0)) {
					ok = 0; /* a tie or not antisymmetric */
					break;
				}
				below += c > 0;
			}
			if (ok && seen[below])
				ok = 0;
			else if (ok)
				seen[below] = 1;
		}
		free(k);
		free(len);
		free(seen);
		return ok;
	}
}

/* has_merge_key: a mapping somewhere in v has the key "<<". */
static int has_merge_key(const json_t *v)
{
	const char *k;
	json_t *m;
	size_t i;

	if (json_is_array(v)) {
		json_array_foreach(v, i, m)
			if (has_merge_key(m))
				return 1;
	} else if (json_is_object(v)) {
		json_object_foreach((json_t *)v, k, m)
			if (!strcmp(k, "<<") || has_merge_key(m))
				return 1;
	}
	return 0;
}

/* a mapping key holds a line break: \n, \r, NEL, LS or PS */
static int has_break_key(const json_t *v)
{
	const char *k;
	json_t *m;
	size_t i;

	if (json_is_array(v)) {
		json_array_foreach(v, i, m)
			if (has_break_key(m))
				return 1;
	} else if (json_is_object(v)) {
		json_object_foreach((json_t *)v, k, m)
			if (strpbrk(k, "\n\r") || strstr(k, "\xc2\x85") ||
			    strstr(k, "\xe2\x80\xa8") || strstr(k, "\xe2\x80\xa9") ||
			    has_break_key(m))
				return 1;
	}
	return 0;
}

/*
 * same_data: a and b hold the same data, numbers compared by value (an
 * integral float is written as an integer, -0.0 as 0, as kustomize's
 * JSON round trip does).
 */
/*
 * Strings compare equal when they are equal, or when the first holds
 * U+0085 (NEL) and both are the same once every run of white space and
 * NEL is taken as one space: go-yaml v2, and so kubectl kustomize,
 * writes NEL as a line break that folds with the blanks around it, and
 * so does our emitter (checked byte for byte against kubectl kustomize
 * for each case in crashes/yaml/nel-*).
 */
static int blank(char c)
{
	return c == ' ' || c == '\t';
}

/* the next character of s from *i with every run of white space and NEL
 * read as one space; -1 at the end */
static int next_norm(const char *s, size_t n, size_t *i)
{
	int run = 0;

	while (*i < n) {
		if (blank(s[*i]) || s[*i] == '\n' || s[*i] == '\r') {
			(*i)++;
			run = 1;
		} else if (*i + 1 < n && (unsigned char)s[*i] == 0xc2 &&
			   (unsigned char)s[*i + 1] == 0x85) {
			*i += 2;
			run = 1;
		} else {
			break;
		}
	}
	if (run)
		return ' ';
	if (*i >= n)
		return -1;
	return (unsigned char)s[(*i)++];
}

static int same_text(const char *a, size_t an, const char *b, size_t bn)
{
	size_t i = 0, j = 0;
	int x, y;

	if (an == bn && !memcmp(a, b, an))
		return 1;
	/*
	 * Only NEL may make them differ: go-yaml v2 writes it as a line
	 * break, which folds with the white space around it (and another
	 * NEL) into a space or a newline; compare with every run of white
	 * space and NEL taken as one space
	 */
	for (i = 0; i + 1 < an; i++)
		if ((unsigned char)a[i] == 0xc2 && (unsigned char)a[i + 1] == 0x85)
			break;
	if (i + 1 >= an)
		return 0;
	i = 0;
	do {
		x = next_norm(a, an, &i);
		y = next_norm(b, bn, &j);
		if (x != y)
			return 0;
	} while (x >= 0);
	return 1;
}

static int same_data(const json_t *a, const json_t *b)
{
	json_t *v;
	size_t i;

	if (json_is_number(a) && json_is_number(b)) {
		if (json_is_integer(a) && json_is_integer(b))
			return json_integer_value(a) == json_integer_value(b);
		return json_number_value(a) == json_number_value(b);
	}
	/*
	 * A float at or above 2^63 with no fraction is written as digits
	 * (Go's shortest form, 1.7223372036854776e19 -> 17223372036854776000)
	 * and reads back as an unsigned integer, as in kustomize; compare by
	 * value.
	 */
	if (json_is_real(a) && doc_uint_text(b))
		return json_real_value(a) == strtod(doc_uint_text(b), NULL);
	if (json_is_real(b) && doc_uint_text(a))
		return json_real_value(b) == strtod(doc_uint_text(a), NULL);
	if (json_typeof(a) != json_typeof(b))
		return 0;
	if (json_is_string(a))
		return same_text(json_string_value(a), json_string_length(a),
				 json_string_value(b), json_string_length(b));
	if (json_is_array(a)) {
		if (json_array_size(a) != json_array_size(b))
			return 0;
		json_array_foreach(a, i, v)
			if (!same_data(v, json_array_get(b, i)))
				return 0;
		return 1;
	}
	if (json_is_object(a)) {
		if (json_object_size(a) != json_object_size(b))
			return 0;
		void *it;

		for (it = json_object_iter((json_t *)a); it;
		     it = json_object_iter_next((json_t *)a, it)) {
			json_t *w = json_object_getn(b, json_object_iter_key(it),
						     json_object_iter_key_len(it));

			if (!w || !same_data(json_object_iter_value(it), w))
				return 0;
		}
		return 1;
	}
	return json_equal(a, b);
}

static void roundtrip(const json_t *doc, unsigned flags)
{
	struct buf y1 = BUF_INIT, y2 = BUF_INIT, j1 = BUF_INIT, j2 = BUF_INIT;
	json_t *again;

	if (doc_yaml_emit(&y1, doc) < 0) {
		if (has_merge_key(doc) && strstr(err_last(), "'<<'"))
			goto out; /* refused on purpose, see the header comment */
		fprintf(stderr, "error: %s\n", err_last());
		fail("doc_yaml_emit failed on a loaded document");
	}
	doc_json_go(&j1, doc);
	doc_json_emit(&j2, doc, 4);
	buf_reset(&j2);

	if (has_merge_key(doc) || has_break_key(doc))
		goto out; /* see the header comment */
	again = load(y1.ptr, y1.len, flags, NULL);
	if (!again) {
		show("emitted", y1.ptr, y1.len);
		fprintf(stderr, "error: %s\n", last_error);
		fail("emitted YAML does not load");
	}
	if (json_array_size(again) != 1) {
		show("emitted", y1.ptr, y1.len);
		fail("emitted YAML does not load as one document");
	}
	if (doc_yaml_emit(&y2, json_array_get(again, 0)) < 0)
		fail("doc_yaml_emit failed on a reloaded document");
	if ((y1.len != y2.len || memcmp(y1.ptr, y2.ptr, y1.len)) &&
	    keys_totally_ordered(doc)) {
		show("first emit", y1.ptr, y1.len);
		show("second emit", y2.ptr, y2.len);
		fail("emit(load(emit(x))) != emit(x)");
	}
	doc_json_go(&j2, json_array_get(again, 0));
	if (!same_data(doc, json_array_get(again, 0))) {
		show("emitted", y1.ptr, y1.len);
		show("json before", j1.ptr, j1.len);
		show("json after", j2.ptr, j2.len);
		fail("reloaded document differs from the original");
	}
	json_decref(again);
out:
	buf_release(&y1);
	buf_release(&y2);
	buf_release(&j1);
	buf_release(&j2);
}

static void run(const char *s, size_t n, unsigned flags)
{
	struct doc_posmap *pm = NULL;
	json_t *plain, *withpos;
	size_t i;

	plain = load(s, n, flags, NULL);
	withpos = load(s, n, flags | DOC_LOAD_POSITIONS, &pm);
	if (!plain != !withpos) {
		fprintf(stderr, "flags %#x: without positions %s, with %s\n", flags,
			plain ? "ok" : "failed", withpos ? "ok" : "failed");
		fail("DOC_LOAD_POSITIONS changes whether the stream loads");
	}
	if (!plain)
		return;
	if (!json_equal(plain, withpos))
		fail("DOC_LOAD_POSITIONS changes the loaded documents");
	check_positions(pm, withpos);
	doc_posmap_free(pm);
	json_decref(withpos);

	{
		struct buf all = BUF_INIT;
		json_t **v = calloc(json_array_size(plain) + 1, sizeof(*v));

		for (i = 0; i < json_array_size(plain); i++)
			v[i] = json_array_get(plain, i);
		int merge = 0;

		for (i = 0; i < json_array_size(plain); i++)
			merge |= has_merge_key(json_array_get(plain, i));
		/* a '<<' key is refused on output (see the header comment) */
		if (doc_yaml_emit_stream(&all, v, json_array_size(plain)) < 0 &&
		    !merge)
			fail("doc_yaml_emit_stream failed on loaded documents");
		free(v);
		buf_release(&all);
	}
	for (i = 0; i < json_array_size(plain); i++)
		roundtrip(json_array_get(plain, i), flags);
	json_decref(plain);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* the loader takes a length; a private copy catches over-reads */
	char *s = malloc(size ? size : 1);

	if (size)
		memcpy(s, data, size);
	run(s, size, 0);
	run(s, size, DOC_LOAD_YAML11);
	free(s);
	return 0;
}
