/*
 * yaml_fast: the block-style YAML that kustomize and kubectl print, read
 * without libyaml.  See doc_yaml_fast in yaml.h.
 *
 * libyaml and its allocations are two thirds of the time argolab spends
 * reading a rendered quick-start (12 MB, four 1.2 MB CRDs).  Nearly all
 * of such text is a small part of YAML: block mappings and sequences,
 * plain scalars (folded over lines), quoted scalars, literal blocks and
 * comments, indented with spaces.  This reader takes exactly that and
 * declines (returns 0) at the first thing outside it or the first doubt:
 * tabs, control or unusual characters, flow collections other than []
 * and {}, anchors, aliases, tags, directives, document markers, folded
 * or keep-chomped blocks, explicit keys, keys that are not plain
 * strings, merge keys, duplicate keys, anything malformed.  libyaml then
 * reads the piece, so what is declined costs one pass and nothing else;
 * what is read is what doc_yaml_load reads (tests/fuzz/fuzz_yamlfast.c
 * checks the two side by side).
 *
 * The reader walks lines.  A node starts at a position; its "parent
 * indentation" is the column its continuation lines must pass (the key's
 * column for a mapping value, the dash's for a sequence entry).
 */
#include <string.h>

#include "../base/alloc.h"
#include "../base/buf.h"
#include "../base/strutil.h"
#include "../base/utf8.h"
#include "scalar.h"
#include "yaml.h"

struct fr {
	const char *s;
	size_t n;
	size_t i;          /* the position */
	unsigned max_depth;
	unsigned depth;
	struct buf b;      /* scalar text */
};

/* the end of the line holding position i (its '\n', or n) */
static size_t eol(const struct fr *r, size_t i)
{
	const char *nl = memchr(r->s + i, '\n', r->n - i);

	return nl ? (size_t)(nl - r->s) : r->n;
}

/* the start of the next line after the one holding i (n at the end) */
static size_t next_line(const struct fr *r, size_t i)
{
	size_t e = eol(r, i);

	return e < r->n ? e + 1 : r->n;
}

static size_t spaces(const struct fr *r, size_t i)
{
	size_t k = i;

	while (k < r->n && r->s[k] == ' ')
		k++;
	return k - i;
}

/* the line at ls is empty or a comment */
static int blank_or_comment(const struct fr *r, size_t ls)
{
	size_t c = ls + spaces(r, ls);

	return c >= r->n || r->s[c] == '\n' || r->s[c] == '#';
}

/* the line at ls holds only spaces */
static int blank(const struct fr *r, size_t ls)
{
	size_t c = ls + spaces(r, ls);

	return c >= r->n || r->s[c] == '\n';
}

/* from a line start: past empty and comment lines */
static size_t skip_blank(const struct fr *r, size_t ls)
{
	while (ls < r->n && blank_or_comment(r, ls))
		ls = next_line(r, ls);
	return ls;
}

/* after a value on its line (at i): only spaces and a comment may follow */
static int rest_empty(const struct fr *r, size_t i)
{
	size_t e = eol(r, i), k = i;

	while (k < e && r->s[k] == ' ')
		k++;
	if (k == e)
		return 1;
	return r->s[k] == '#' && k > i;
}

/* a sequence entry's dash at i: "-" then a space, a break or the end */
static int dash_at(const struct fr *r, size_t i)
{
	return i < r->n && r->s[i] == '-' &&
	       (i + 1 >= r->n || r->s[i + 1] == ' ' || r->s[i + 1] == '\n');
}

/* the column of position i */
static size_t col_of(const struct fr *r, size_t i)
{
	size_t k = i;

	while (k > 0 && r->s[k - 1] != '\n')
		k--;
	return i - k;
}

/* the whole piece is text this reader takes: no tab, control, NEL, LS, PS, BOM, noncharacter */
static int plain_text(const char *s, size_t n)
{
	size_t i = 0, w;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x80) {
			if ((c < 0x20 && c != '\n') || c == 0x7f)
				return 0;
			i++;
			continue;
		}
		if (!(w = utf8_seq_len(s, n, i)))
			return 0;
		if (c == 0xC2 && (unsigned char)s[i + 1] < 0xA0)
			return 0; /* C1 controls, NEL among them */
		if (c == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
		    ((unsigned char)s[i + 2] == 0xA8 || (unsigned char)s[i + 2] == 0xA9))
			return 0; /* LS, PS: line breaks to libyaml */
		if (c == 0xEF && (((unsigned char)s[i + 1] == 0xBB && (unsigned char)s[i + 2] == 0xBF) ||
				  ((unsigned char)s[i + 1] == 0xBF && (unsigned char)s[i + 2] >= 0xBE)))
			return 0; /* BOM, U+FFFE, U+FFFF */
		i += w;
	}
	return 1;
}

static int node(struct fr *r, long pind, json_t **out);

/* ------------------------------------------------------------------ */
/* scalars                                                             */

/*
 * A plain scalar from i, its continuation lines indented past pind:
 * lines folded (one break a space, k empty lines k newlines), trailing
 * spaces dropped, ended by " #", a line not indented enough or the end.
 * A continuation line may start with any character but '#' (libyaml's
 * plain scanner looks for nothing else there in block context).
 */
static int plain(struct fr *r, long pind, json_t **out)
{
	size_t i = r->i, e = eol(r, i), k, end, empties;
	const char *s = r->s;

	buf_reset(&r->b);
	for (;;) {
		/* the text of this line from i */
		for (k = i, end = i; k < e; k++) {
			if (s[k] == '#' && k > i && s[k - 1] == ' ')
				break;
			if (s[k] == ':' && (k + 1 == e || s[k + 1] == ' '))
				return 0; /* a mapping where a scalar is: not ours */
			if (s[k] != ' ')
				end = k + 1;
		}
		buf_add(&r->b, s + i, end - i);
		if (k < e) {
			/* a comment ends the scalar; nothing may continue it */
			r->i = next_line(r, e);
			break;
		}
		/* continuation lines */
		i = next_line(r, e);
		empties = 0;
		while (i < r->n && blank(r, i)) {
			empties++;
			i = next_line(r, i);
		}
		if (i >= r->n || (long)spaces(r, i) <= pind ||
		    r->s[i + spaces(r, i)] == '#') {
			r->i = i;
			break;
		}
		i += spaces(r, i);
		e = eol(r, i);
		if (!empties)
			buf_addc(&r->b, ' ');
		else
			buf_addch(&r->b, '\n', empties);
	}
	if (!r->b.len)
		return 0;
	*out = doc_plain_json(r->b.ptr, r->b.len);
	return *out != NULL;
}

static int hex_digits(const char *s, size_t n, unsigned long *out)
{
	size_t k;

	*out = 0;
	for (k = 0; k < n; k++) {
		int d = str_hex_digit(s[k]);

		if (d < 0)
			return 0;
		*out = *out * 16 + (unsigned long)d;
	}
	return 1;
}

/*
 * A quoted scalar from the quote at r->i into r->b: "..." with YAML's
 * escapes or '...' with '' for a quote; over several lines a break
 * folds as in plain scalars (an escaped break in "..." joins the lines),
 * and continuation lines must be indented past pind.
 */
static int quoted(struct fr *r, long pind)
{
	const char *s = r->s;
	char q = s[r->i];
	size_t i = r->i + 1, keep = 0;

	buf_reset(&r->b);
	for (;;) {
		char c;

		if (i >= r->n)
			return 0;
		c = s[i];
		if (c == q) {
			if (q == '\'' && i + 1 < r->n && s[i + 1] == '\'') {
				buf_addc(&r->b, '\'');
				keep = r->b.len;
				i += 2;
				continue;
			}
			r->i = i + 1;
			return 1;
		}
		if (c == '\n') {
			size_t empties = 0, ind;

			buf_setlen(&r->b, keep); /* trailing spaces go */
			i++;
			while (i < r->n && blank(r, i)) {
				empties++;
				i = next_line(r, i);
			}
			if (i >= r->n)
				return 0;
			ind = spaces(r, i);
			if ((long)ind <= pind || ind == 0)
				return 0;
			i += ind;
			if (!empties)
				buf_addc(&r->b, ' ');
			else
				buf_addch(&r->b, '\n', empties);
			keep = r->b.len;
			continue;
		}
		if (c == '\\' && q == '"') {
			unsigned long cp;
			size_t len = 0;

			if (i + 1 >= r->n)
				return 0;
			switch (s[i + 1]) {
			case '\n': {
				/* an escaped break: the lines join, the next one's indent goes */
				size_t ind;

				i += 2;
				if (i < r->n && blank(r, i))
					return 0; /* empty lines after an escaped break: be safe */
				ind = spaces(r, i);
				if ((long)ind <= pind || ind == 0)
					return 0;
				i += ind;
				keep = r->b.len;
				continue;
			}
			case 'a': buf_addc(&r->b, '\a'); break;
			case 'b': buf_addc(&r->b, '\b'); break;
			case 't': buf_addc(&r->b, '\t'); break;
			case 'n': buf_addc(&r->b, '\n'); break;
			case 'v': buf_addc(&r->b, '\v'); break;
			case 'f': buf_addc(&r->b, '\f'); break;
			case 'r': buf_addc(&r->b, '\r'); break;
			case 'e': buf_addc(&r->b, '\x1b'); break;
			case ' ': buf_addc(&r->b, ' '); break;
			case '"': buf_addc(&r->b, '"'); break;
			case '/': buf_addc(&r->b, '/'); break;
			case '\\': buf_addc(&r->b, '\\'); break;
			case 'N': utf8_encode(&r->b, 0x85); break;
			case '_': utf8_encode(&r->b, 0xA0); break;
			case 'L': utf8_encode(&r->b, 0x2028); break;
			case 'P': utf8_encode(&r->b, 0x2029); break;
			case 'x': len = 2; break;
			case 'u': len = 4; break;
			case 'U': len = 8; break;
			default:
				return 0; /* \0 and what YAML has not */
			}
			if (len) {
				if (i + 2 + len > r->n || !hex_digits(s + i + 2, len, &cp) ||
				    !cp || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
					return 0;
				utf8_encode(&r->b, cp);
			}
			i += 2 + len;
			keep = r->b.len;
			continue;
		}
		buf_addc(&r->b, c);
		if (c != ' ')
			keep = r->b.len;
		i++;
	}
}

/*
 * A literal block scalar from its '|' at r->i: content lines indented
 * past pind (the first one sets the indentation), clipped or stripped.
 */
static int literal(struct fr *r, long pind, json_t **out)
{
	size_t i = r->i + 1, ls, m = 0, trail = 0;
	int strip = 0;

	if (i < r->n && r->s[i] == '-') {
		strip = 1;
		i++;
	}
	if (!rest_empty(r, i))
		return 0; /* keep (+), an indentation digit, text */
	buf_reset(&r->b);
	ls = next_line(r, i);
	/* the first content line sets the indentation; no empty line before it */
	if (ls >= r->n || blank(r, ls))
		return 0;
	m = spaces(r, ls);
	if ((long)m <= pind || m == 0)
		return 0;
	while (ls < r->n) {
		size_t e = eol(r, ls), ind = spaces(r, ls);

		if (ls + ind >= e && ind <= m) {
			trail++; /* an empty line (more spaces than m are text) */
		} else if (ind >= m) {
			buf_addch(&r->b, '\n', trail);
			trail = 0;
			buf_add(&r->b, r->s + ls + m, e - ls - m);
			buf_addc(&r->b, '\n');
		} else {
			break;
		}
		if (e >= r->n)
			return 0; /* the text ends without its last break: left to libyaml */
		ls = e + 1;
	}
	if (strip && r->b.len)
		buf_setlen(&r->b, r->b.len - 1);
	r->i = ls;
	*out = json_stringn_nocheck(r->b.ptr, r->b.len);
	return 1;
}

/* "[]" or "{}" at r->i, and nothing but a comment after */
static int empty_flow(struct fr *r, json_t **out)
{
	char open = r->s[r->i];

	if (r->i + 1 >= r->n || r->s[r->i + 1] != (open == '[' ? ']' : '}') ||
	    !rest_empty(r, r->i + 2))
		return 0;
	*out = open == '[' ? json_array() : json_object();
	r->i = next_line(r, r->i);
	return 1;
}

/*
 * The value that starts at r->i on its line (after "key: " or "- "),
 * or, when the line holds no more, on the lines below.  pind: the
 * parent's column; seq_ok: an indentless sequence may follow (a
 * mapping value).
 */
static int value(struct fr *r, long pind, int seq_ok, json_t **out)
{
	size_t i = r->i + spaces(r, r->i), e = eol(r, r->i), ls, ind;
	char c;

	if (i >= e || r->s[i] == '#') {
		ls = skip_blank(r, next_line(r, r->i));
		ind = ls < r->n ? spaces(r, ls) : 0;
		if (ls < r->n && (long)ind > pind) {
			r->i = ls;
			return node(r, pind, out);
		}
		if (ls < r->n && seq_ok && (long)ind == pind && dash_at(r, ls + ind)) {
			r->i = ls;
			return node(r, pind - 1, out);
		}
		r->i = ls;
		*out = json_null();
		return 1;
	}
	r->i = i;
	c = r->s[i];
	switch (c) {
	case '|':
		return literal(r, pind, out);
	case '"':
	case '\'':
		if (!quoted(r, pind) || !rest_empty(r, r->i))
			return 0;
		*out = json_stringn_nocheck(r->b.ptr, r->b.len);
		r->i = next_line(r, r->i);
		return 1;
	case '[':
	case '{':
		return empty_flow(r, out);
	case '>': case '&': case '*': case '!': case '%': case '@': case '`':
	case ',': case ']': case '}': case '#':
		return 0;
	case '-': case '?': case ':':
		if (i + 1 >= e || r->s[i + 1] == ' ')
			return 0;
		break;
	}
	return plain(r, pind, out);
}

/* ------------------------------------------------------------------ */
/* collections                                                         */

/*
 * Whether a plain or quoted key starts at i on its line; its text in
 * r->b and the position after its ':' in *after.
 */
static int key_at(struct fr *r, size_t i, size_t *after)
{
	size_t e = eol(r, i), k, end;
	const char *s = r->s;

	if (i >= e)
		return 0;
	if (s[i] == '"' || s[i] == '\'') {
		size_t save = r->i;

		r->i = i;
		if (!quoted(r, 1 << 30)) { /* one line: no continuation passes */
			r->i = save;
			return 0;
		}
		k = r->i; /* on this line: a key's quotes cannot span lines */
		r->i = save;
		while (k < e && s[k] == ' ')
			k++;
		if (k >= e || s[k] != ':' || (k + 1 < e && s[k + 1] != ' ') || k - i > 1000)
			return 0;
		if (r->b.len == 2 && !memcmp(r->b.ptr, "<<", 2))
			return 0;
		*after = k + 1;
		return 1;
	}
	if (strchr("-?:,[]{}#&*!|>%@`", s[i]))
		return 0;
	for (k = i, end = i; k < e; k++) {
		if (s[k] == ':' && (k + 1 == e || s[k + 1] == ' '))
			break;
		if (strchr(",[]{}", s[k]) || (s[k] == '#' && s[k - 1] == ' '))
			return 0;
		if (s[k] != ' ')
			end = k + 1;
	}
	/* libyaml takes a key only when its ':' is within 1024 characters */
	if (k >= e || k - i > 1000)
		return 0;
	buf_reset(&r->b);
	buf_add(&r->b, s + i, end - i);
	if (r->b.len == 2 && !memcmp(r->b.ptr, "<<", 2))
		return 0;
	{
		/* keys are strings: anything else goes the long way */
		struct scalar_value kv;

		scalar_resolve_v3(r->b.ptr, r->b.len, &kv);
		if (kv.kind != SCALAR_STR)
			return 0;
	}
	*after = k + 1;
	return 1;
}

/* a block mapping whose first key is at r->i, keys at column col */
static int mapping(struct fr *r, size_t col, json_t **out)
{
	json_t *obj = json_object(), *v;
	size_t after;
	char *key;
	size_t klen;

	for (;;) {
		if (!key_at(r, r->i, &after))
			goto no;
		klen = r->b.len;
		key = xmemdup(r->b.ptr, klen);
		if (json_object_getn(obj, key, klen)) {
			free(key);
			goto no;
		}
		r->i = after;
		v = NULL;
		if (!value(r, (long)col, 1, &v)) {
			free(key);
			goto no;
		}
		json_object_setn_new_nocheck(obj, key, klen, v);
		free(key);
		r->i = skip_blank(r, r->i);
		if (r->i >= r->n || spaces(r, r->i) < col)
			break;
		if (spaces(r, r->i) > col)
			goto no;
		r->i += col;
	}
	*out = obj;
	return 1;
no:
	json_decref(obj);
	return 0;
}

/* a block sequence whose first dash is at r->i, dashes at column col */
static int sequence(struct fr *r, size_t col, json_t **out)
{
	json_t *arr = json_array(), *v;

	for (;;) {
		size_t i = r->i + 1, after;

		if (i < r->n && r->s[i] != ' ' && r->s[i] != '\n')
			goto no;
		i += spaces(r, i);
		if (dash_at(r, i))
			goto no; /* "- - x": not ours */
		v = NULL;
		if (i < eol(r, i) && r->s[i] != '#' && key_at(r, i, &after)) {
			/* "- key: value": a mapping at the key's column */
			r->i = i;
			r->depth++;
			if (r->depth > r->max_depth || !mapping(r, col_of(r, i), &v))
				goto no;
			r->depth--;
		} else {
			r->i = r->i + 1;
			if (!value(r, (long)col, 0, &v))
				goto no;
		}
		json_array_append_new(arr, v);
		r->i = skip_blank(r, r->i);
		if (r->i >= r->n || spaces(r, r->i) < col)
			break;
		if (spaces(r, r->i) > col)
			goto no;
		if (r->s[r->i + col] != '-')
			break; /* the next key of the mapping this sequence is a value of */
		r->i += col;
	}
	*out = arr;
	return 1;
no:
	json_decref(arr);
	return 0;
}

/* the node on the line at r->i (a line start), indented past pind */
static int node(struct fr *r, long pind, json_t **out)
{
	size_t ind = spaces(r, r->i), c = r->i + ind, after;
	int ok;

	if ((long)ind <= pind || c >= r->n)
		return 0;
	if (++r->depth > r->max_depth)
		return 0;
	r->i = c;
	if (dash_at(r, c))
		ok = sequence(r, ind, out);
	else if (key_at(r, c, &after))
		ok = mapping(r, ind, out);
	else
		ok = 0; /* a scalar on a line of its own */
	r->depth--;
	return ok;
}

int doc_yaml_fast(const char *s, size_t n, unsigned max_depth, json_t **doc,
		  struct doc_pos *root)
{
	struct fr r;
	json_t *v = NULL;
	size_t ls, line = 1, k;
	int ok;

	if (!plain_text(s, n))
		return 0;
	memset(&r, 0, sizeof(r));
	r.s = s;
	r.n = n;
	r.max_depth = max_depth ? max_depth : 512;
	buf_init(&r.b, 0);
	ls = 0;
	if (n >= 3 && !memcmp(s, "---", 3)) {
		if (n > 3 && s[3] != ' ' && s[3] != '\n')
			return 0;
		if (!rest_empty(&r, 3))
			return 0;
		ls = next_line(&r, 0);
	}
	ls = skip_blank(&r, ls);
	if (ls >= n)
		return 0; /* no document: libyaml's answer is cheap */
	for (k = 0; k < ls; k++)
		line += s[k] == '\n';
	r.i = ls;
	/* nothing at column 0 may be a document marker */
	for (k = ls; k + 3 <= n; k = next_line(&r, k)) {
		if ((!memcmp(s + k, "---", 3) || !memcmp(s + k, "...", 3)) &&
		    (k + 3 == n || s[k + 3] == ' ' || s[k + 3] == '\n'))
			goto decline;
		if (next_line(&r, k) >= n)
			break;
	}
	root->line = (unsigned)line;
	root->col = (unsigned)spaces(&r, ls) + 1;
	ok = node(&r, -1, &v);
	if (ok && skip_blank(&r, r.i) < n)
		ok = 0;
	if (!ok) {
		json_decref(v);
		goto decline;
	}
	buf_release(&r.b);
	*doc = v;
	return 1;
decline:
	buf_release(&r.b);
	return 0;
}
