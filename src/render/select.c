/*
 * select: patch targets and label selectors.  See select.h.
 */
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "../base/buf.h"
#include "../base/err.h"
#include "../doc/resid.h"
#include "select.h"

enum { F_GROUP, F_VERSION, F_KIND, F_NAME, F_NAMESPACE, F_N };

static const char *const field_names[F_N] = {
	"group", "version", "kind", "name", "namespace",
};

struct selector {
	int has[F_N];
	regex_t re[F_N];
	char *labels;
	char *annotations;
};

int selector_new(const json_t *target, struct selector **out,
		 const char **bad_field)
{
	struct selector *s = xcalloc(1, sizeof(*s));
	const char *dummy;
	int i;

	*out = NULL;
	if (!bad_field)
		bad_field = &dummy;
	*bad_field = NULL;
	for (i = 0; i < F_N; i++) {
		const char *v = json_string_value(json_object_get(target, field_names[i]));
		struct buf pat = BUF_INIT;
		int rc;

		if (!v || !*v)
			continue;
		buf_addf(&pat, "^(%s)$", v);
		rc = regcomp(&s->re[i], pat.ptr, REG_EXTENDED | REG_NOSUB);
		buf_release(&pat);
		if (rc) {
			char msg[128];

			regerror(rc, &s->re[i], msg, sizeof(msg));
			selector_free(s);
			*bad_field = field_names[i];
			return err_set(ERR_INVALID,
				       "target %s '%s' is not a valid regular expression: %s",
				       field_names[i], v, msg);
		}
		s->has[i] = 1;
	}
	{
		const char *l = json_string_value(json_object_get(target, "labelSelector"));
		const char *a = json_string_value(json_object_get(target, "annotationSelector"));
		int rc;

		s->labels = l && *l ? xstrdup(l) : NULL;
		s->annotations = a && *a ? xstrdup(a) : NULL;
		/* parse once now, to report syntax errors up front */
		rc = s->labels ? label_selector_matches(s->labels, NULL) : 0;
		if (rc < 0) {
			*bad_field = "labelSelector";
			err_prefix("target labelSelector: ");
		} else if (s->annotations) {
			rc = label_selector_matches(s->annotations, NULL);
			if (rc < 0) {
				*bad_field = "annotationSelector";
				err_prefix("target annotationSelector: ");
			}
		}
		if (rc < 0) {
			selector_free(s);
			return rc;
		}
	}
	*out = s;
	return 0;
}

void selector_free(struct selector *s)
{
	int i;

	if (!s)
		return;
	for (i = 0; i < F_N; i++)
		if (s->has[i])
			regfree(&s->re[i]);
	free(s->labels);
	free(s->annotations);
	free(s);
}

static int full(const regex_t *re, const char *s)
{
	return regexec(re, s, 0, NULL, 0) == 0;
}

static const char *effective_ns(const struct resid *id)
{
	if (resid_is_cluster_scoped(id->group, id->version, id->kind))
		return "_non_namespaceable_";
	return id->ns[0] ? id->ns : "default";
}

int selector_matches(const struct selector *s, const struct res *r)
{
	struct resid cur, orig;
	int ok = 1;

	res_id(r, &cur);
	res_orig_id(r, &orig);
	if (s->has[F_NAMESPACE] && !full(&s->re[F_NAMESPACE], effective_ns(&orig)) &&
	    !full(&s->re[F_NAMESPACE], effective_ns(&cur)))
		ok = 0;
	if (ok && s->has[F_NAME] && !full(&s->re[F_NAME], orig.name) &&
	    !full(&s->re[F_NAME], cur.name))
		ok = 0;
	if (ok && s->has[F_GROUP] && !full(&s->re[F_GROUP], cur.group))
		ok = 0;
	if (ok && s->has[F_VERSION] && !full(&s->re[F_VERSION], cur.version))
		ok = 0;
	if (ok && s->has[F_KIND] && !full(&s->re[F_KIND], cur.kind))
		ok = 0;
	if (ok && s->labels) {
		json_t *meta = json_object_get(r->obj, "metadata");

		ok = label_selector_matches(s->labels, json_object_get(meta, "labels")) > 0;
	}
	if (ok && s->annotations) {
		json_t *meta = json_object_get(r->obj, "metadata");

		ok = label_selector_matches(s->annotations,
					    json_object_get(meta, "annotations")) > 0;
	}
	resid_release(&cur);
	resid_release(&orig);
	return ok;
}

void selector_describe(const json_t *target, struct buf *out)
{
	static const char *const all[] = { "group", "version", "kind", "name",
		"namespace", "labelSelector", "annotationSelector" };
	size_t i;

	buf_reset(out);
	for (i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		const char *v = json_string_value(json_object_get(target, all[i]));

		if (v && *v)
			buf_addf(out, "%s%s=%s", out->len ? " " : "", all[i], v);
	}
	if (!out->len)
		buf_adds(out, "(everything)");
}
