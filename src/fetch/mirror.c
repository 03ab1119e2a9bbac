/*
 * mirror: see mirror.h.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "../base/err.h"
#include "../base/fs.h"
#include "mirror.h"

static void add_rule(struct mirrors *m, const char *from, size_t from_len,
		     const char *to)
{
	m->v = xreallocarray(m->v, m->n + 1, sizeof(*m->v));
	m->v[m->n].from = xstrndup(from, from_len);
	m->v[m->n].to = xstrdup(to);
	m->n++;
}

/* "scheme://" at the start: a URL rather than a directory */
static int has_scheme(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '+' ||
			 s[i] == '-' || s[i] == '.'))
		i++;
	return i > 0 && i + 3 <= n && !strncmp(s + i, "://", 3);
}

int mirrors_add(struct mirrors *m, const char *spec)
{
	const char *eq = strchr(spec, '=');
	struct buf dir = BUF_INIT, to = BUF_INIT;
	int err = 0;

	if (eq && has_scheme(spec, (size_t)(eq - spec))) {
		if (!eq[1])
			return err_set(ERR_INVALID,
				       "mirror '%s': nothing after '=' (want FROM=TO)",
				       spec);
		add_rule(m, spec, (size_t)(eq - spec), eq + 1);
		return 0;
	}
	if (!*spec || (eq && eq == spec))
		return err_set(ERR_INVALID,
			       "mirror '%s': want FROM=TO (FROM a URL prefix such as https://host/path/) or a directory",
			       spec);
	if (fs_realpath(spec, &dir) < 0 || !fs_is_dir(dir.ptr)) {
		err = err_set(ERR_NOTFOUND,
			      "mirror '%s' is not a directory (and not FROM=TO with FROM a URL)",
			      spec);
		goto done;
	}
	buf_addf(&to, "file://%s/", dir.ptr);
	add_rule(m, MIRROR_RAW_GITHUB, strlen(MIRROR_RAW_GITHUB), to.ptr);
done:
	buf_release(&dir);
	buf_release(&to);
	return err;
}

int mirrors_add_list(struct mirrors *m, const char *list)
{
	const char *s = list;

	while (*s) {
		const char *e;
		char *one;
		int err;

		while (isspace((unsigned char)*s))
			s++;
		if (!*s)
			break;
		e = s;
		while (*e && !isspace((unsigned char)*e))
			e++;
		one = xstrndup(s, (size_t)(e - s));
		err = mirrors_add(m, one);
		free(one);
		if (err < 0)
			return err;
		s = e;
	}
	return 0;
}

int mirrors_rewrite(const struct mirrors *m, const char *url, struct buf *out)
{
	const struct mirror_rule *best = NULL;
	size_t i, best_len = 0;

	for (i = 0; i < m->n; i++) {
		size_t n = strlen(m->v[i].from);

		if (n >= best_len && !strncmp(url, m->v[i].from, n)) {
			best = &m->v[i];
			best_len = n;
		}
	}
	buf_reset(out);
	if (!best) {
		buf_adds(out, url);
		return 0;
	}
	buf_adds(out, best->to);
	buf_adds(out, url + best_len);
	return 1;
}

void mirrors_release(struct mirrors *m)
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		free(m->v[i].from);
		free(m->v[i].to);
	}
	free(m->v);
	m->v = NULL;
	m->n = 0;
}
