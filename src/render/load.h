/*
 * load: reading resource files the way kustomize does.
 *
 * kustomize does not hand a whole file to the YAML parser: it first
 * turns CRLF into LF, then cuts the text at lines that start with "---"
 * (a separator may only carry a comment after it), and parses the first
 * document of each piece.  Empty documents and {} are skipped; a
 * document must have a kind and a metadata.name (List kinds excepted);
 * List and ResourceList documents are expanded into their items.  We
 * reproduce all of that, but report positions in the original file.
 */
#ifndef RENDER_LOAD_H
#define RENDER_LOAD_H

#include <stddef.h>

#include <jansson.h>

#include "../base/buf.h"

struct loaded_doc {
	json_t *obj;   /* owned */
	unsigned line; /* where the document starts in the file */
	unsigned col;
};

struct loaded_file {
	struct loaded_doc *docs;
	size_t n, alloc;
};

/*
 * load_resources: parse data (the contents of the file shown as name)
 * into resource objects, in kustomize's order.  Errors (ERR_INVALID,
 * ERR_TOOBIG) carry "name:line:col: ..." messages.
 */
int load_resources(const char *data, size_t len, const char *name,
		   struct loaded_file *out);
void loaded_file_release(struct loaded_file *f);

/*
 * load_patch_docs: parse a patch file or inline patch: all documents,
 * CRLF normalised and split as above, empty ones dropped, no resource
 * validation.  *out is a JSON array.
 */
int load_patch_docs(const char *data, size_t len, const char *name,
		    json_t **out);

#endif
