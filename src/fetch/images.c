/*
 * images: see images.h.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "../base/err.h"
#include "../doc/yaml.h"
#include "images.h"

static void add(struct lock_strs *out, const char *s)
{
	size_t i;

	if (!s || !*s)
		return;
	for (i = 0; i < out->n; i++)
		if (!strcmp(out->v[i], s))
			return;
	lock_strs_add(out, s);
}

static void from_args(const json_t *list, struct lock_strs *out)
{
	size_t i, n = json_array_size(list);

	for (i = 0; i < n; i++) {
		const char *s = json_string_value(json_array_get(list, i));

		if (!s)
			continue;
		if (!strcmp(s, "--executor-image") && i + 1 < n)
			add(out, json_string_value(json_array_get(list, i + 1)));
		else if (!strncmp(s, "--executor-image=", 17))
			add(out, s + 17);
	}
}

static void walk(const json_t *v, struct lock_strs *out, unsigned depth)
{
	const char *k;
	json_t *e;
	size_t i;

	if (depth > 256)
		return;
	if (json_is_object(v)) {
		json_object_foreach((json_t *)v, k, e) {
			if (!strcmp(k, "image") && json_is_string(e))
				add(out, json_string_value(e));
			else if ((!strcmp(k, "args") || !strcmp(k, "command")) &&
				 json_is_array(e))
				from_args(e, out);
			else
				walk(e, out, depth + 1);
		}
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, e)
			walk(e, out, depth + 1);
	}
}

static int by_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int is_yaml(const char *path)
{
	size_t n = strlen(path);

	return (n > 5 && !strcmp(path + n - 5, ".yaml")) ||
	       (n > 4 && !strcmp(path + n - 4, ".yml"));
}

void fetch_images_find(const char *path, const void *data, size_t len,
		       struct lock_strs *out)
{
	struct doc_load_opts opts = DOC_LOAD_OPTS_INIT;
	json_t *docs = NULL;

	if (!is_yaml(path))
		return;
	opts.name = path;
	if (doc_yaml_load(data, len, &opts, &docs) < 0) {
		err_clear();
		return;
	}
	walk(docs, out, 0);
	json_decref(docs);
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), by_str);
}
