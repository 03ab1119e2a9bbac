/*
 * labelsel: Kubernetes label selectors.  See labelsel.h.
 */
#include <stdlib.h>
#include <string.h>

#include "../base/buf.h"
#include "../base/err.h"
#include "labelsel.h"


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

static int in_values(const json_t *values, const char *have)
{
	size_t i;
	json_t *v;

	json_array_foreach(values, i, v)
		if (json_is_string(v) && !strcmp(json_string_value(v), have))
			return 1;
	return 0;
}

int label_selector_obj_matches(const json_t *selector, const json_t *labels)
{
	const json_t *ml, *me, *e;
	const char *k;
	json_t *v;
	size_t i;

	if (!json_is_object(selector))
		return 0;
	ml = json_object_get(selector, "matchLabels");
	if (ml && !json_is_object(ml))
		return err_set(ERR_INVALID, "matchLabels must be a mapping");
	json_object_foreach((json_t *)ml, k, v) {
		const char *have = json_string_value(json_object_get(labels, k));

		if (!json_is_string(v))
			return err_set(ERR_INVALID, "matchLabels.%s must be a string", k);
		if (!have || strcmp(have, json_string_value(v)))
			return 0;
	}
	me = json_object_get(selector, "matchExpressions");
	if (me && !json_is_array(me))
		return err_set(ERR_INVALID, "matchExpressions must be a list");
	json_array_foreach(me, i, e) {
		const char *key = json_string_value(json_object_get(e, "key"));
		const char *op = json_string_value(json_object_get(e, "operator"));
		const json_t *values = json_object_get(e, "values");
		const char *have;

		if (!key || !op)
			return err_set(ERR_INVALID,
				       "matchExpressions[%zu] needs a key and an operator", i);
		have = json_string_value(json_object_get(labels, key));
		if (!strcmp(op, "In") || !strcmp(op, "NotIn")) {
			int found;

			if (!json_is_array(values) || !json_array_size(values))
				return err_set(ERR_INVALID,
					       "matchExpressions[%zu]: operator %s needs values", i, op);
			found = have && in_values(values, have);
			if (op[0] == 'I' ? !found : found)
				return 0;
		} else if (!strcmp(op, "Exists")) {
			if (!have)
				return 0;
		} else if (!strcmp(op, "DoesNotExist")) {
			if (have)
				return 0;
		} else {
			return err_set(ERR_INVALID,
				       "matchExpressions[%zu]: unknown operator '%s'", i, op);
		}
	}
	return 1;
}
