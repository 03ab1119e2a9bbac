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

/* ------------------------------------------------------------------ */
/* label selectors (k8s.io/apimachinery/pkg/labels syntax)             */

struct lex {
	const char *p;
	const char *sel;
};

static void skip_ws(struct lex *l)
{
	while (*l->p == ' ' || *l->p == '\t')
		l->p++;
}

static int ident_char(char c)
{
	return c && !strchr(" \t,()=!<>", c);
}

static void read_ident(struct lex *l, struct buf *out)
{
	buf_reset(out);
	skip_ws(l);
	while (ident_char(*l->p))
		buf_addc(out, *l->p++);
}

static int valid_value(const char *v)
{
	size_t n = strlen(v), i;

	if (!n)
		return 1;
	if (n > 63)
		return 0;
	for (i = 0; i < n; i++) {
		char c = v[i];
		int alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			    (c >= '0' && c <= '9');

		if (!alnum && c != '-' && c != '_' && c != '.')
			return 0;
		if ((i == 0 || i == n - 1) && !alnum)
			return 0;
	}
	return 1;
}

static int parse_error(struct lex *l, const char *what)
{
	return err_set(ERR_INVALID, "invalid selector '%s': %s (at '%s')",
		       l->sel, what, *l->p ? l->p : "end");
}

int label_selector_matches(const char *sel, const json_t *labels)
{
	struct lex l = { sel, sel };
	struct buf key = BUF_INIT, val = BUF_INIT;
	int result = 1, err = 0;

	skip_ws(&l);
	if (!*l.p)
		goto done;
	for (;;) {
		int negate = 0;
		const char *have;

		skip_ws(&l);
		if (*l.p == '!') {
			negate = 1;
			l.p++;
		}
		read_ident(&l, &key);
		if (!key.len) {
			err = parse_error(&l, "expected a label key");
			goto done;
		}
		have = labels ? json_string_value(json_object_get(labels, key.ptr)) : NULL;
		skip_ws(&l);
		if (negate) {
			if (have)
				result = 0;
		} else if (*l.p == ',' || !*l.p) {
			if (!have)
				result = 0;
		} else if (!strncmp(l.p, "==", 2) || *l.p == '=' ||
			   !strncmp(l.p, "!=", 2)) {
			int ne = l.p[0] == '!';

			l.p += (l.p[0] == '=' && l.p[1] != '=') ? 1 : 2;
			read_ident(&l, &val);
			if (!valid_value(val.ptr)) {
				err = parse_error(&l, "invalid label value");
				goto done;
			}
			if (ne ? (have && !strcmp(have, val.ptr))
			       : (!have || strcmp(have, val.ptr)))
				result = 0;
		} else if (*l.p == '<' || *l.p == '>') {
			char op = *l.p++;
			char *end;
			long long want, got;

			read_ident(&l, &val);
			want = strtoll(val.ptr, &end, 10);
			if (!val.len || *end) {
				err = parse_error(&l, "expected an integer");
				goto done;
			}
			if (!have) {
				result = 0;
			} else {
				got = strtoll(have, &end, 10);
				if (*end || !*have || (op == '<' ? !(got < want) : !(got > want)))
					result = 0;
			}
		} else {
			struct buf word = BUF_INIT;
			int in, found = 0;

			read_ident(&l, &word);
			in = !strcmp(word.ptr, "in");
			if (!in && strcmp(word.ptr, "notin")) {
				buf_release(&word);
				err = parse_error(&l, "expected =, ==, !=, in or notin");
				goto done;
			}
			buf_release(&word);
			skip_ws(&l);
			if (*l.p != '(') {
				err = parse_error(&l, "expected '('");
				goto done;
			}
			l.p++;
			for (;;) {
				read_ident(&l, &val);
				if (!valid_value(val.ptr)) {
					err = parse_error(&l, "invalid label value");
					goto done;
				}
				if (have && !strcmp(have, val.ptr))
					found = 1;
				skip_ws(&l);
				if (*l.p == ',') {
					l.p++;
					continue;
				}
				if (*l.p == ')') {
					l.p++;
					break;
				}
				err = parse_error(&l, "expected ',' or ')'");
				goto done;
			}
			if (in ? !found : found)
				result = 0;
		}
		skip_ws(&l);
		if (!*l.p)
			break;
		if (*l.p != ',') {
			err = parse_error(&l, "expected ','");
			goto done;
		}
		l.p++;
	}
done:
	buf_release(&key);
	buf_release(&val);
	return err < 0 ? err : result;
}
