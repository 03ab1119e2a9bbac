/*
 * json: the reader and writer of JSON text.  See json.h.
 *
 * The reader is a recursive descent over the whole text in memory.
 * Strings without escapes (nearly all of them) go to jansson straight
 * from the input, with one pass that checks UTF-8 and looks for the
 * closing quote; integers are converted by hand.  What it accepts and
 * refuses follows jansson 2.14's lexer and parser (load.c): the
 * grammar of RFC 8259, no NUL in strings, integers that fit a long
 * long, reals that do not overflow, at most JSON_PARSER_MAX_DEPTH
 * nested values.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "../base/strutil.h"
#include "../base/utf8.h"
#include "json.h"
#include "scalar.h"
#include "yaml.h"

/* ------------------------------------------------------------------ */
/* reading                                                             */

struct rd {
	const unsigned char *s;
	size_t n, i;               /* the text, its length, the position */
	size_t flags;
	int depth;
	const char *const *keep;   /* top-level members to build, or NULL */
	json_error_t *err;
	struct buf tmp;            /* the last string that had escapes */
};

static int fail(struct rd *r, size_t at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* the first error wins, as in jansson; always -1 */
static int fail(struct rd *r, size_t at, const char *fmt, ...)
{
	json_error_t *e = r->err;
	char what[96], near[24];
	size_t i, line = 1, bol = 0, k = 0;
	va_list ap;

	if (!e || e->text[0])
		return -1;
	if (at > r->n)
		at = r->n;
	for (i = 0; i < at; i++) {
		if (r->s[i] == '\n') {
			line++;
			bol = i + 1;
		}
	}
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	/* what stands at the error, in printable ASCII (messages go into JSON) */
	for (i = at; i < r->n && k < 16; i++)
		near[k++] = r->s[i] >= 0x20 && r->s[i] < 0x7f ? (char)r->s[i] : '?';
	near[k] = '\0';
	if (k)
		snprintf(e->text, sizeof(e->text), "%s near '%s'", what, near);
	else
		snprintf(e->text, sizeof(e->text), "%s near end of file", what);
	e->line = (int)line;
	e->column = (int)(at - bol + 1);
	e->position = (int)at;
	snprintf(e->source, sizeof(e->source), "<buffer>");
	return -1;
}

static void skip_ws(struct rd *r)
{
	while (r->i < r->n) {
		unsigned char c = r->s[r->i];

		if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
			return;
		r->i++;
	}
}

/* the four hex digits at s[i], or -1 */
static long hex4(const struct rd *r, size_t i)
{
	long v = 0;
	int k, d;

	if (i + 4 > r->n)
		return -1;
	for (k = 0; k < 4; k++) {
		if ((d = str_hex_digit(r->s[i + k])) < 0)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

/*
 * The string whose opening quote is at r->i: its bytes, unescaped, in
 * (*p, *len), pointing into the text or, when it had escapes, into
 * r->tmp (valid until the next string).
 */
static int string(struct rd *r, const char **p, size_t *len)
{
	const unsigned char *s = r->s;
	size_t i = r->i + 1, start = i, n = r->n, w;
	long cp, lo;

	for (;;) {
		unsigned char c;

		if (i >= n)
			return fail(r, i, "premature end of input");
		c = s[i];
		if (c == '"') {
			*p = (const char *)s + start;
			*len = i - start;
			r->i = i + 1;
			return 0;
		}
		if (c == '\\')
			break;
		if (c < 0x20)
			return fail(r, i, "control character 0x%x", c);
		if (c < 0x80) {
			i++;
			continue;
		}
		if (!(w = utf8_seq_len(s, n, i)))
			return fail(r, i, "unable to decode byte 0x%x", c);
		i += w;
	}

	/* escapes: the string is built in tmp */
	buf_reset(&r->tmp);
	buf_add(&r->tmp, s + start, i - start);
	for (;;) {
		unsigned char c;

		if (i >= n)
			return fail(r, i, "premature end of input");
		c = s[i];
		if (c == '"')
			break;
		if (c < 0x20)
			return fail(r, i, "control character 0x%x", c);
		if (c >= 0x80) {
			if (!(w = utf8_seq_len(s, n, i)))
				return fail(r, i, "unable to decode byte 0x%x", c);
			buf_add(&r->tmp, s + i, w);
			i += w;
			continue;
		}
		if (c != '\\') {
			buf_addc(&r->tmp, (char)c);
			i++;
			continue;
		}
		if (i + 1 >= n)
			return fail(r, i, "premature end of input");
		switch (s[i + 1]) {
		case '"': case '\\': case '/':
			buf_addc(&r->tmp, (char)s[i + 1]);
			break;
		case 'b': buf_addc(&r->tmp, '\b'); break;
		case 'f': buf_addc(&r->tmp, '\f'); break;
		case 'n': buf_addc(&r->tmp, '\n'); break;
		case 'r': buf_addc(&r->tmp, '\r'); break;
		case 't': buf_addc(&r->tmp, '\t'); break;
		case 'u':
			if ((cp = hex4(r, i + 2)) < 0)
				return fail(r, i, "invalid escape");
			if (cp >= 0xD800 && cp <= 0xDBFF) {
				/* a high surrogate: its low one must follow */
				if (i + 7 < n && s[i + 6] == '\\' && s[i + 7] == 'u') {
					if ((lo = hex4(r, i + 8)) < 0)
						return fail(r, i + 6, "invalid escape");
					if (lo < 0xDC00 || lo > 0xDFFF)
						return fail(r, i, "invalid Unicode '\\u%04lX\\u%04lX'", cp, lo);
					cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
					i += 6;
				} else {
					return fail(r, i, "invalid Unicode '\\u%04lX'", cp);
				}
			} else if (cp >= 0xDC00 && cp <= 0xDFFF) {
				return fail(r, i, "invalid Unicode '\\u%04lX'", cp);
			} else if (cp == 0) {
				return fail(r, i, "\\u0000 is not allowed without JSON_ALLOW_NUL");
			}
			utf8_encode(&r->tmp, (unsigned long)cp);
			i += 4;
			break;
		default:
			return fail(r, i, "invalid escape");
		}
		i += 2;
	}
	*p = r->tmp.ptr;
	*len = r->tmp.len;
	r->i = i + 1;
	return 0;
}

static int is_digit(const struct rd *r, size_t i)
{
	return i < r->n && r->s[i] >= '0' && r->s[i] <= '9';
}

static int number(struct rd *r, json_t **out)
{
	const unsigned char *s = r->s;
	size_t i = r->i, start = i, j;
	int neg = 0, real = 0;

	if (s[i] == '-') {
		neg = 1;
		i++;
	}
	if (i < r->n && s[i] == '0') {
		if (is_digit(r, ++i))
			return fail(r, start, "invalid token");
	} else if (is_digit(r, i)) {
		while (is_digit(r, i))
			i++;
	} else {
		return fail(r, start, "invalid token");
	}
	if (i < r->n && s[i] == '.') {
		if (!is_digit(r, ++i))
			return fail(r, start, "invalid token");
		while (is_digit(r, i))
			i++;
		real = 1;
	}
	if (i < r->n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < r->n && (s[i] == '+' || s[i] == '-'))
			i++;
		if (!is_digit(r, i))
			return fail(r, start, "invalid token");
		while (is_digit(r, i))
			i++;
		real = 1;
	}
	if (!real) {
		unsigned long long v = 0;
		unsigned long long limit = neg ? (unsigned long long)LLONG_MAX + 1 : LLONG_MAX;

		for (j = start + neg; j < i; j++) {
			unsigned d = s[j] - '0';

			if (v > (limit - d) / 10)
				return fail(r, start, neg ? "too big negative integer" : "too big integer");
			v = v * 10 + d;
		}
		if (out)
			*out = json_integer(!neg ? (json_int_t)v
					    : v ? -(json_int_t)(v - 1) - 1 : 0);
	} else {
		char small[64], *text = small, *end;
		double d;

		if (i - start >= sizeof(small))
			text = xmalloc(i - start + 1);
		memcpy(text, s + start, i - start);
		text[i - start] = '\0';
		errno = 0;
		d = strtod(text, &end);
		if (text != small)
			free(text);
		if ((d == HUGE_VAL || d == -HUGE_VAL) && errno == ERANGE)
			return fail(r, start, "real number overflow");
		if (out)
			*out = json_real(d);
	}
	r->i = i;
	return 0;
}

/* true, false, null: a whole run of letters, as jansson reads it */
static int literal(struct rd *r, json_t **out)
{
	size_t i = r->i, len;
	const char *w = (const char *)r->s + i;

	while (i < r->n && ((r->s[i] >= 'a' && r->s[i] <= 'z') ||
			    (r->s[i] >= 'A' && r->s[i] <= 'Z')))
		i++;
	len = i - r->i;
	if (len == 4 && !memcmp(w, "true", 4)) {
		if (out)
			*out = json_true();
	} else if (len == 5 && !memcmp(w, "false", 5)) {
		if (out)
			*out = json_false();
	} else if (len == 4 && !memcmp(w, "null", 4)) {
		if (out)
			*out = json_null();
	} else {
		return fail(r, r->i, "invalid token");
	}
	r->i = i;
	return 0;
}

static int value(struct rd *r, json_t **out);

static int kept(const struct rd *r, const char *key, size_t len)
{
	const char *const *k;

	if (!r->keep || r->depth != 1)
		return 1;
	for (k = r->keep; *k; k++)
		if (strlen(*k) == len && !memcmp(*k, key, len))
			return 1;
	return 0;
}

static int object(struct rd *r, json_t **out)
{
	json_t *obj = out ? json_object() : NULL, *v;
	const char *key;
	size_t len;
	char *owned;

	r->i++; /* { */
	skip_ws(r);
	if (r->i < r->n && r->s[r->i] == '}') {
		r->i++;
		goto done;
	}
	for (;;) {
		int build;

		if (r->i >= r->n || r->s[r->i] != '"') {
			fail(r, r->i, "string or '}' expected");
			goto bad;
		}
		if (string(r, &key, &len) < 0)
			goto bad;
		/* a key from tmp must outlive the value's own strings */
		owned = key == r->tmp.ptr ? xmemdup(key, len) : NULL;
		if (owned)
			key = owned;
		if (obj && (r->flags & JSON_REJECT_DUPLICATES) && json_object_getn(obj, key, len)) {
			fail(r, r->i, "duplicate object key");
			free(owned);
			goto bad;
		}
		skip_ws(r);
		if (r->i >= r->n || r->s[r->i] != ':') {
			fail(r, r->i, "':' expected");
			free(owned);
			goto bad;
		}
		r->i++;
		skip_ws(r);
		build = obj && kept(r, key, len);
		v = NULL;
		if (value(r, build ? &v : NULL) < 0) {
			free(owned);
			goto bad;
		}
		if (build)
			json_object_setn_new_nocheck(obj, key, len, v);
		free(owned);
		skip_ws(r);
		if (r->i < r->n && r->s[r->i] == ',') {
			r->i++;
			skip_ws(r);
			continue;
		}
		if (r->i < r->n && r->s[r->i] == '}') {
			r->i++;
			break;
		}
		fail(r, r->i, "'}' expected");
		goto bad;
	}
done:
	if (out)
		*out = obj;
	return 0;
bad:
	json_decref(obj);
	return -1;
}

static int array(struct rd *r, json_t **out)
{
	json_t *arr = out ? json_array() : NULL, *v;

	r->i++; /* [ */
	skip_ws(r);
	if (r->i < r->n && r->s[r->i] == ']') {
		r->i++;
		goto done;
	}
	for (;;) {
		v = NULL;
		if (value(r, arr ? &v : NULL) < 0)
			goto bad;
		if (arr)
			json_array_append_new(arr, v);
		skip_ws(r);
		if (r->i < r->n && r->s[r->i] == ',') {
			r->i++;
			skip_ws(r);
			continue;
		}
		if (r->i < r->n && r->s[r->i] == ']') {
			r->i++;
			break;
		}
		fail(r, r->i, "']' expected");
		goto bad;
	}
done:
	if (out)
		*out = arr;
	return 0;
bad:
	json_decref(arr);
	return -1;
}

/* the value at r->i (white space skipped); out NULL: checked, not built */
static int value(struct rd *r, json_t **out)
{
	const char *p;
	size_t len;
	int rc;

	if (++r->depth > JSON_PARSER_MAX_DEPTH)
		return fail(r, r->i, "maximum parsing depth reached");
	if (r->i >= r->n)
		return fail(r, r->i, "unexpected token");
	switch (r->s[r->i]) {
	case '{':
		rc = object(r, out);
		break;
	case '[':
		rc = array(r, out);
		break;
	case '"':
		rc = string(r, &p, &len);
		if (!rc && out)
			*out = json_stringn_nocheck(p, len);
		break;
	case '-': case '0': case '1': case '2': case '3': case '4':
	case '5': case '6': case '7': case '8': case '9':
		rc = number(r, out);
		break;
	default:
		if ((r->s[r->i] >= 'a' && r->s[r->i] <= 'z') ||
		    (r->s[r->i] >= 'A' && r->s[r->i] <= 'Z'))
			rc = literal(r, out);
		else
			rc = fail(r, r->i, "invalid token");
		break;
	}
	r->depth--;
	return rc;
}

static json_t *load(const char *text, size_t len, size_t flags,
		    const char *const *keep, json_error_t *error)
{
	struct rd r;
	json_t *v = NULL;

	memset(&r, 0, sizeof(r));
	r.s = (const unsigned char *)text;
	r.n = text ? len : 0;
	r.flags = flags;
	r.keep = keep;
	r.err = error;
	if (error) {
		memset(error, 0, sizeof(*error));
		error->line = -1;
		error->column = -1;
	}
	buf_init(&r.tmp, 0);
	skip_ws(&r);
	if (!(flags & JSON_DECODE_ANY) &&
	    (r.i >= r.n || (r.s[r.i] != '[' && r.s[r.i] != '{'))) {
		fail(&r, r.i, "'[' or '{' expected");
		goto out;
	}
	if (value(&r, &v) < 0)
		goto out;
	skip_ws(&r);
	if (r.i < r.n) {
		fail(&r, r.i, "end of file expected");
		json_decref(v);
		v = NULL;
	}
out:
	buf_release(&r.tmp);
	return v;
}

json_t *doc_json_load(const char *text, size_t len, size_t flags,
		      json_error_t *error)
{
	return load(text, len, flags, NULL, error);
}

json_t *doc_json_load_keys(const char *text, size_t len,
			   const char *const *keep, json_error_t *error)
{
	return load(text, len, 0, keep, error);
}

/* ------------------------------------------------------------------ */
/* writing                                                             */

/*
 * One writer, three dialects: jansson's compact text (what the API
 * server and its client exchange), kustomize's -o json (indented, keys
 * sorted) and Go's encoding/json.Marshal (what kustomize hashes).
 */
enum {
	W_SHORT_BF = 1 << 0,   /* \b and \f as short escapes */
	W_UPPER_HEX = 1 << 1,  /* \u001F, not \u001f */
	W_HTML_SAFE = 1 << 2,  /* < > & U+2028 U+2029 as \u escapes, as Go */
	W_SORT = 1 << 3,       /* object keys in byte order */
	W_UINT_MARKS = 1 << 4, /* DOC_UINT_MARK strings as their digits */
};

enum real_style { REAL_JANSSON, REAL_KUSTOMIZE, REAL_GO };

struct writer {
	struct buf *out;
	unsigned flags;
	enum real_style real;
	int indent; /* 0: compact */
};

static void put_string(const struct writer *w, const char *s, size_t n)
{
	const char *hex = w->flags & W_UPPER_HEX ? "0123456789ABCDEF" : "0123456789abcdef";
	struct buf *out = w->out;
	size_t i, run = 0;

	buf_grow(out, n + 2);
	buf_addc(out, '"');
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		char e[6] = { '\\', 0, 0, 0, 0, 0 };

		if (c >= 0x20 && c != '"' && c != '\\') {
			if (!(w->flags & W_HTML_SAFE))
				continue;
			if (c != '<' && c != '>' && c != '&' &&
			    !(c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
			      ((unsigned char)s[i + 2] == 0xA8 || (unsigned char)s[i + 2] == 0xA9)))
				continue;
		}
		buf_add(out, s + run, i - run);
		if (c == 0xE2) {
			buf_adds(out, (unsigned char)s[i + 2] == 0xA8 ? "\\u2028" : "\\u2029");
			i += 2;
			run = i + 1;
			continue;
		}
		run = i + 1;
		switch (c) {
		case '"': e[1] = '"'; break;
		case '\\': e[1] = '\\'; break;
		case '\n': e[1] = 'n'; break;
		case '\r': e[1] = 'r'; break;
		case '\t': e[1] = 't'; break;
		case '\b': e[1] = w->flags & W_SHORT_BF ? 'b' : 0; break;
		case '\f': e[1] = w->flags & W_SHORT_BF ? 'f' : 0; break;
		}
		if (e[1]) {
			buf_add(out, e, 2);
			continue;
		}
		e[1] = 'u';
		e[2] = '0';
		e[3] = '0';
		e[4] = hex[c >> 4];
		e[5] = hex[c & 15];
		buf_add(out, e, 6);
	}
	buf_add(out, s + run, n - run);
	buf_addc(out, '"');
}

static void put_integer(struct buf *out, json_int_t v)
{
	char d[24];
	size_t k = sizeof(d);
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;

	do {
		d[--k] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		d[--k] = '-';
	buf_add(out, d + k, sizeof(d) - k);
}

/* jansson's jsonp_dtostr with precision 17: %.17g, ".0" when it reads as
 * an integer, no '+' and no leading zeros in the exponent */
static void jansson_real(struct buf *out, double v)
{
	char b[64], *e;
	int n = snprintf(b, sizeof(b), "%.17g", v);

	if (n < 0 || (size_t)n >= sizeof(b) - 3)
		return;
	if (!strchr(b, '.') && !strchr(b, 'e')) {
		b[n++] = '.';
		b[n++] = '0';
		b[n] = '\0';
	}
	if ((e = strchr(b, 'e'))) {
		char *start = e + 1, *end = start + 1;

		if (*start == '-')
			start++;
		while (*end == '0')
			end++;
		if (end != start) {
			memmove(start, end, strlen(end) + 1);
			n = (int)strlen(b);
		}
	}
	buf_add(out, b, (size_t)n);
}

/* encoding/json's float64 text: %f between 1e-6 and 1e21, else %e */
static void go_real(struct buf *out, double f)
{
	char tmp[64];
	double a = fabs(f);

	if (a != 0 && (a < 1e-6 || a >= 1e21)) {
		size_t n;

		/* 'g' is %e throughout this range */
		go_format_float(f, tmp, sizeof(tmp));
		n = strlen(tmp);
		/* Go trims "e-07" to "e-7" */
		if (n >= 4 && tmp[n - 4] == 'e' && tmp[n - 3] == '-' &&
		    tmp[n - 2] == '0') {
			tmp[n - 2] = tmp[n - 1];
			tmp[n - 1] = '\0';
		}
		buf_adds(out, tmp);
		return;
	}
	go_format_float_f(f, tmp, sizeof(tmp));
	buf_adds(out, tmp);
}

static void put_real(const struct writer *w, double v)
{
	char num[64];

	switch (w->real) {
	case REAL_JANSSON:
		jansson_real(w->out, v);
		return;
	case REAL_KUSTOMIZE:
		scalar_float_text(v, num, sizeof(num));
		buf_adds(w->out, num);
		return;
	case REAL_GO:
		go_real(w->out, v);
		return;
	}
}

struct member {
	const char *k;
	size_t len;
	json_t *v;
};

static int member_cmp(const void *a, const void *b)
{
	const struct member *x = a, *y = b;
	int c = memcmp(x->k, y->k, x->len < y->len ? x->len : y->len);

	if (c)
		return c;
	return x->len < y->len ? -1 : x->len > y->len;
}

/* before an element: the separator, and the line break and indent */
static void put_sep(const struct writer *w, size_t i, int level)
{
	if (i)
		buf_addc(w->out, ',');
	if (w->indent) {
		buf_addc(w->out, '\n');
		buf_addch(w->out, ' ', (size_t)w->indent * (size_t)(level + 1));
	}
}

static void put_close(const struct writer *w, size_t n, int level, char c)
{
	if (w->indent && n) {
		buf_addc(w->out, '\n');
		buf_addch(w->out, ' ', (size_t)w->indent * (size_t)level);
	}
	buf_addc(w->out, c);
}

static void put_value(const struct writer *w, const json_t *v, int level)
{
	size_t i, n;

	switch (json_typeof(v)) {
	case JSON_OBJECT: {
		struct member *m;
		void *it = json_object_iter((json_t *)v);

		n = json_object_size(v);
		m = xreallocarray(NULL, n ? n : 1, sizeof(*m));
		for (i = 0; it && i < n; i++, it = json_object_iter_next((json_t *)v, it)) {
			m[i].k = json_object_iter_key(it);
			m[i].len = json_object_iter_key_len(it);
			m[i].v = json_object_iter_value(it);
		}
		n = i;
		if (w->flags & W_SORT)
			qsort(m, n, sizeof(*m), member_cmp);
		buf_addc(w->out, '{');
		for (i = 0; i < n; i++) {
			put_sep(w, i, level);
			put_string(w, m[i].k, m[i].len);
			if (w->indent)
				buf_add(w->out, ": ", 2);
			else
				buf_addc(w->out, ':');
			put_value(w, m[i].v, level + 1);
		}
		put_close(w, n, level, '}');
		free(m);
		return;
	}
	case JSON_ARRAY:
		buf_addc(w->out, '[');
		n = json_array_size(v);
		for (i = 0; i < n; i++) {
			put_sep(w, i, level);
			put_value(w, json_array_get(v, i), level + 1);
		}
		put_close(w, n, level, ']');
		return;
	case JSON_STRING:
		if ((w->flags & W_UINT_MARKS) && doc_uint_text(v))
			buf_adds(w->out, doc_uint_text(v));
		else
			put_string(w, json_string_value(v), json_string_length(v));
		return;
	case JSON_INTEGER:
		put_integer(w->out, json_integer_value(v));
		return;
	case JSON_REAL:
		put_real(w, json_real_value(v));
		return;
	case JSON_TRUE:
		buf_add(w->out, "true", 4);
		return;
	case JSON_FALSE:
		buf_add(w->out, "false", 5);
		return;
	case JSON_NULL:
		buf_add(w->out, "null", 4);
		return;
	}
}

void doc_json_dump(struct buf *out, const json_t *v, unsigned flags)
{
	struct writer w = { out, W_SHORT_BF | W_UPPER_HEX, REAL_JANSSON, 0 };

	if (flags & DOC_JSON_SORT_KEYS)
		w.flags |= W_SORT;
	if (v)
		put_value(&w, v, 0);
}

int doc_json_emit(struct buf *out, const json_t *v, int indent)
{
	struct writer w = { out, W_SORT | W_UINT_MARKS, REAL_KUSTOMIZE, indent };

	put_value(&w, v, 0);
	buf_addc(out, '\n');
	return 0;
}

void doc_json_go(struct buf *out, const json_t *v)
{
	struct writer w = { out, W_SHORT_BF | W_HTML_SAFE | W_SORT | W_UINT_MARKS, REAL_GO, 0 };

	put_value(&w, v, 0);
}
