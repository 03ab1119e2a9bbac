/*
 * json: a fast reader and writer of JSON text for jansson's trees.
 *
 * jansson builds and holds the trees everywhere in argolab, but its own
 * reader and writer are general (streams, callbacks, a locale-aware
 * number format) and spend most of their time per character.  The API
 * server and its client move megabytes of JSON a request (one CRD of the
 * quick-start is 1.2 MB), so the hot paths use these instead:
 *
 * doc_json_load reads what json_loadb reads, with the same flags
 * (JSON_REJECT_DUPLICATES, JSON_DECODE_ANY; others are ignored), into
 * the same trees, and fails where it fails, with an error of the same
 * shape (line, column, position, text; source "<buffer>").  One
 * difference: jansson skips a NUL byte right after a number or a literal
 * ("[5\0]" reads as [5]), doc_json_load refuses it, as Go's
 * encoding/json does.  Numbers are read in the C locale, which argolab
 * never changes.
 *
 * doc_json_load_keys reads a JSON object keeping only the named
 * top-level members: the others are checked as strictly but not built,
 * so a client that needs an answer's metadata and status does not build
 * a 1 MB spec.
 *
 * doc_json_dump appends to out what json_dumps(v, JSON_COMPACT |
 * JSON_ENCODE_ANY) returns, byte for byte; with DOC_JSON_SORT_KEYS, what
 * JSON_SORT_KEYS adds (object keys in byte order).  The same writer
 * speaks kustomize's and Go's dialects (doc_json_emit, doc_json_go).
 */
#ifndef DOC_JSON_H
#define DOC_JSON_H

#include <stddef.h>

#include <jansson.h>

#include "../base/buf.h"

json_t *doc_json_load(const char *text, size_t len, size_t flags,
		      json_error_t *error);

/* keep: NULL-terminated member names; NULL keeps all (doc_json_load) */
json_t *doc_json_load_keys(const char *text, size_t len,
			   const char *const *keep, json_error_t *error);

enum { DOC_JSON_SORT_KEYS = 1 };

void doc_json_dump(struct buf *out, const json_t *v, unsigned flags);

/*
 * doc_json_emit: JSON as `kubectl kustomize -o json` prints it (indent
 * spaces, keys sorted bytewise, kustomize's number format), and a
 * newline.
 */
int doc_json_emit(struct buf *out, const json_t *v, int indent);

/*
 * doc_json_go: compact JSON exactly as Go's encoding/json.Marshal writes
 * a map[string]interface{}: keys sorted bytewise, no spaces, HTML-safe
 * escapes (< > & as \u003c...), U+2028/U+2029 escaped, floats in Go's
 * shortest form.  Used where kustomize hashes JSON (generator names).
 */
void doc_json_go(struct buf *out, const json_t *v);

#endif
