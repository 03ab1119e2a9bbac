/*
 * yaml_pieces: a stream cut at its "---" lines and read piece by piece,
 * the pieces in parallel.  See yaml.h.
 */
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "../base/buf.h"
#include "../base/err.h"
#include "../base/par.h"
#include "yaml.h"

static void add_piece(struct doc_pieces *ps, size_t *alloc, const char *p,
		      size_t len, unsigned line)
{
	struct doc_piece *d;

	ALLOC_GROW(ps->v, ps->n + 1, *alloc);
	d = &ps->v[ps->n++];
	memset(d, 0, sizeof(*d));
	d->text = p;
	d->len = len;
	d->line = line;
}

static int is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/*
 * Split at the matches of the regular expression \n---.*\n, leftmost and
 * non-overlapping: a separator needs the newline before it, so two
 * separator lines in a row count as one separator and a document
 * starting with "---".  Each piece but the last keeps its final newline.
 */
static int split(const char *text, size_t len, const char *name,
		 struct doc_pieces *out)
{
	size_t start = 0, i = 0, alloc = 0;
	unsigned line = 1, piece_line = 1;

	while (i < len) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t sep, eol;

		if (!nl)
			break;
		sep = (size_t)(nl - text); /* the '\n' before a possible "---" */
		line++;
		if (len - sep < 4 || memcmp(text + sep + 1, "---", 3)) {
			i = sep + 1;
			continue;
		}
		nl = memchr(text + sep + 1, '\n', len - sep - 1);
		if (!nl) {
			/* "---" at the very end without a newline: no separator */
			break;
		}
		eol = (size_t)(nl - text);
		{
			const char *r = text + sep + 4;
			const char *e = text + eol;

			while (r < e && is_ws(*r))
				r++;
			while (e > r && is_ws(e[-1]))
				e--;
			if (r < e && *r != '#') {
				struct buf b = BUF_INIT;

				buf_add(&b, text + sep + 1, (size_t)(e - text - sep - 1));
				err_set(ERR_INVALID,
					"%s:%u:%u: invalid document separator '%s' (a '---' line may only be followed by a comment)",
					name, line, (unsigned)(r - (text + sep + 1)) + 1, b.ptr);
				buf_release(&b);
				return ERR_INVALID;
			}
		}
		add_piece(out, &alloc, text + start, sep - start + 1, piece_line);
		start = eol + 1;
		i = eol + 1;
		line++;
		piece_line = line;
	}
	add_piece(out, &alloc, text + start, len - start, piece_line);
	return 0;
}

/* CRLF -> LF, only when needed; *owned is set when a copy was made */
static const char *normalize_newlines(const char *data, size_t len,
				      size_t *outlen, char **owned)
{
	char *copy;
	size_t i, n = 0;

	*owned = NULL;
	*outlen = len;
	if (!memchr(data, '\r', len))
		return data;
	copy = xmalloc(len + 1);
	for (i = 0; i < len; i++) {
		if (data[i] == '\r' && i + 1 < len && data[i + 1] == '\n')
			continue;
		copy[n++] = data[i];
	}
	copy[n] = '\0';
	*owned = copy;
	*outlen = n;
	return copy;
}

struct job {
	struct doc_pieces *ps;
	const struct doc_load_opts *opts;
	int *err;       /* per piece */
	char **msg;     /* per piece, when it failed */
};

static void load_one(size_t i, void *ctx)
{
	struct job *j = ctx;
	struct doc_piece *d = &j->ps->v[i];
	struct doc_load_opts o = *j->opts;
	struct doc_pos k, v;
	json_t *docs = NULL;

	if (!(o.flags & (DOC_LOAD_YAML11 | DOC_LOAD_POSITIONS)) &&
	    doc_yaml_fast(d->text, d->len, o.max_depth, &d->doc, &d->pos)) {
		d->pos.line += d->line - 1;
		return;
	}
	o.pos = doc_posmap_new(); /* document roots only: cheap */
	o.flags = (o.flags & ~(unsigned)DOC_LOAD_POSITIONS) | DOC_LOAD_FIRST_ONLY;
	o.line_offset = d->line - 1;
	j->err[i] = doc_yaml_load(d->text, d->len, &o, &docs);
	if (j->err[i] < 0) {
		j->msg[i] = xstrdup(err_last());
		err_clear();
	} else if (json_array_size(docs)) {
		d->doc = json_incref(json_array_get(docs, 0));
		if (doc_posmap_get(o.pos, "/0", &k, &v) < 0) {
			v.line = d->line;
			v.col = 1;
		}
		d->pos = v;
	}
	json_decref(docs);
	doc_posmap_free(o.pos);
}

int doc_yaml_load_pieces(const char *data, size_t len,
			 const struct doc_load_opts *opts, struct doc_pieces *out)
{
	struct doc_load_opts none = DOC_LOAD_OPTS_INIT;
	const char *name = opts && opts->name ? opts->name : "<input>";
	struct job j;
	size_t i, nlen;
	const char *text;
	int err;

	memset(out, 0, sizeof(*out));
	text = normalize_newlines(data, len, &nlen, &out->owned);
	err = split(text, nlen, name, out);
	if (err < 0) {
		doc_pieces_release(out);
		return err;
	}
	j.ps = out;
	j.opts = opts ? opts : &none;
	j.err = xcalloc(out->n, sizeof(*j.err));
	j.msg = xcalloc(out->n, sizeof(*j.msg));
	par_for(out->n, load_one, &j);
	/* the first piece that failed is the error, as a reading in order finds it */
	for (i = 0; i < out->n && !err; i++)
		if (j.err[i] < 0)
			err = err_set(j.err[i], "%s", j.msg[i]);
	for (i = 0; i < out->n; i++)
		free(j.msg[i]);
	free(j.msg);
	free(j.err);
	if (err < 0)
		doc_pieces_release(out);
	return err;
}

void doc_pieces_release(struct doc_pieces *ps)
{
	size_t i;

	for (i = 0; i < ps->n; i++)
		json_decref(ps->v[i].doc);
	free(ps->v);
	free(ps->owned);
	memset(ps, 0, sizeof(*ps));
}
