/*
 * yaml: YAML streams <-> jansson json_t, with positions for messages.
 *
 * Loading reads a multi-document stream with libyaml and builds one
 * json_t per document, resolving plain scalars as kustomize's reader
 * (go-yaml v3) does: see scalar.h.  Aliases are expanded into copies
 * (with a budget, so an alias bomb fails fast), merge keys (<<) are
 * applied, duplicate keys are errors.  When asked, every node's line and
 * column are recorded in a doc_posmap, keyed by a JSON pointer prefixed
 * with the document index ("/0/spec/replicas"), so later stages can
 * point at the exact place of a bad value.
 *
 * Emitting writes what sigs.k8s.io/yaml's JSONToYAML writes (go-yaml v2):
 * keys sorted in go-yaml's "natural" order, block style, indentless
 * sequences under keys, quoting only where a plain scalar would read
 * back as something else, long plain and quoted lines folded at column
 * 80, multi-line strings as literal blocks.  This is the byte format of
 * `kubectl kustomize`.
 */
#ifndef DOC_YAML_H
#define DOC_YAML_H

#include <stddef.h>

#include <jansson.h>

#include "../base/buf.h"

struct doc_pos {
	unsigned line; /* 1-based; 0 when unknown */
	unsigned col;  /* 1-based */
};

/* ------------------------------------------------------------------ */
/* position map                                                        */

struct doc_posmap;

struct doc_posmap *doc_posmap_new(void);
void doc_posmap_free(struct doc_posmap *pm);
/*
 * doc_posmap_get: positions recorded for the node at pointer (e.g.
 * "/0/resources/2"): where its key starts (for members; the node itself
 * for array items and roots) and where its value starts.  Returns 0, or
 * ERR_NOTFOUND when nothing was recorded at that pointer.
 */
int doc_posmap_get(const struct doc_posmap *pm, const char *pointer,
		   struct doc_pos *key, struct doc_pos *value);
/*
 * doc_posmap_nearest: like get, but walks up the pointer until a
 * recorded ancestor is found; always fills value (zeros at worst).
 */
void doc_posmap_nearest(const struct doc_posmap *pm, const char *pointer,
			struct doc_pos *key, struct doc_pos *value);

/* ------------------------------------------------------------------ */
/* loading                                                             */

enum doc_load_flags {
	/* Record every node's position (needs opts.pos). */
	DOC_LOAD_POSITIONS = 1 << 0,
	/*
	 * YAML 1.1 scalars as sigs.k8s.io/yaml reads kustomization files:
	 * yes/no/on/off are bools, timestamps stay strings, duplicate keys
	 * are allowed (the last wins) and any scalar key becomes a string.
	 * Without it: kustomize's resource reader (go-yaml v3 via kyaml).
	 */
	DOC_LOAD_YAML11 = 1 << 1,
	/*
	 * Stop after the first document, as kustomize's reader does with
	 * each "---"-separated piece of a file: what follows a "..." end
	 * marker without a new "---" is never looked at.
	 */
	DOC_LOAD_FIRST_ONLY = 1 << 2,
};

struct doc_load_opts {
	const char *name;        /* file name for messages */
	struct doc_posmap *pos;  /* filled when DOC_LOAD_POSITIONS is set;
				    document roots are always recorded */
	unsigned flags;
	size_t max_alias_nodes;  /* budget for alias expansion; 0: default */
	unsigned max_depth;      /* nesting limit; 0: default (512) */
	unsigned line_offset;    /* added to reported line numbers */
};
#define DOC_LOAD_OPTS_INIT { NULL, NULL, 0, 0, 0, 0 }

/*
 * doc_yaml_load: parse a whole YAML stream.  On success *out is a new
 * JSON array with one element per document (json null for an empty
 * document).  Errors (ERR_INVALID, ERR_TOOBIG for alias or depth limits)
 * leave "name:line:col: what" in err_last().
 */
int doc_yaml_load(const char *data, size_t len,
		  const struct doc_load_opts *opts, json_t **out);

/*
 * doc_yaml_load_pieces: a stream read as kustomize's resource reader
 * (kio's ByteReader) and kubectl -f read it: CRLF taken as LF, cut at
 * every "---" line (a comment may follow it; anything else is an
 * error), and in each piece the first document only.  The pieces are
 * parsed on the machine's cores at once; an error is the one a reading
 * in order meets first ("name:line:col: what").  opts as for
 * doc_yaml_load, but for pos, line_offset and DOC_LOAD_POSITIONS, which
 * are not used.
 */
/*
 * doc_plain_json: an untagged plain scalar's value, as doc_yaml_load
 * reads it (go-yaml v3's rules, scalar.h); NULL for NaN and infinities,
 * which JSON cannot carry.
 */
json_t *doc_plain_json(const char *s, size_t len);

/*
 * doc_yaml_fast: the document of one piece (doc_yaml_load_pieces), read
 * without libyaml when it is written in the block style kustomize and
 * kubectl print: block mappings and sequences, plain, quoted and literal
 * scalars, comments, "[]" and "{}".  Returns 1 with *doc (a new
 * reference) and *root (where the root node starts, lines counted from
 * 1 in the piece) when it read the piece exactly as doc_yaml_load would
 * (with DOC_LOAD_FIRST_ONLY and no other flag); 0, with nothing set, for
 * anything else (other syntax, errors, limits): the caller then reads
 * the piece with doc_yaml_load, which explains the errors.
 */
int doc_yaml_fast(const char *s, size_t n, unsigned max_depth, json_t **doc,
		  struct doc_pos *root);

struct doc_piece {
	const char *text;   /* the piece (in the stream or in owned) */
	size_t len;
	unsigned line;      /* its first line in the stream, 1-based */
	json_t *doc;        /* its document; NULL when it held none */
	struct doc_pos pos; /* where that document starts */
};

struct doc_pieces {
	struct doc_piece *v;
	size_t n;
	char *owned;        /* the stream with LF for CRLF, when it had CRs */
};

int doc_yaml_load_pieces(const char *data, size_t len,
			 const struct doc_load_opts *opts, struct doc_pieces *out);
void doc_pieces_release(struct doc_pieces *ps);

/* ------------------------------------------------------------------ */
/* emitting                                                            */

/*
 * doc_yaml_emit: append one document in kustomize's output format (no
 * leading "---").  Fails only on values JSON cannot carry.
 */
int doc_yaml_emit(struct buf *out, const json_t *doc);

/*
 * doc_yaml_emit_stream: documents joined by "---\n" as kustomize prints
 * a resource list.
 */
int doc_yaml_emit_stream(struct buf *out, json_t *const *docs, size_t n);

/*
 * doc_key_less: go-yaml v2's key order (digits compared as numbers,
 * letters before other characters).  Returns <0, 0, >0.
 */
int doc_key_cmp(const char *a, size_t alen, const char *b, size_t blen);

/*
 * Integers between 2^63 and 2^64-1 do not fit jansson's json_int_t; they
 * are kept as strings with this prefix ("\x01\x02" + decimal digits),
 * which every writer here prints as the number.  doc_uint_new makes
 * one, doc_uint_text returns the digits of one or NULL.
 */
#define DOC_UINT_MARK "\x01\x02"
json_t *doc_uint_new(unsigned long long u);
const char *doc_uint_text(const json_t *v);

/* doc_kind_name: "a mapping", "a list", "a string", ... for messages. */
const char *doc_kind_name(const json_t *v);

/* doc_pointer_append: append "/" + token escaped as RFC 6901. */
void doc_pointer_append(struct buf *ptr, const char *token, size_t len);

#endif
