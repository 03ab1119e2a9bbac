/*
 * yaml_emit: json_t -> YAML, byte for byte as kustomize prints it.
 *
 * kustomize prints each resource with sigs.k8s.io/yaml.JSONToYAML, i.e.
 * go-yaml v2 marshalling a map[interface{}]interface{}.  That emitter is
 * a port of libyaml's; we reproduce its observable behaviour with the
 * same state variables (column, whether the last output was whitespace,
 * whether we are still in the indentation of a line, the current
 * indent) but without the event queue: the tree is in memory, so the
 * look-ahead libyaml needs (is this mapping empty? is this key simple?)
 * is a direct check.
 *
 * Decisions per scalar, in order:
 *   1. the marshaller's choice: strings with '\n' literal, strings that
 *      would read back as non-strings double-quoted, others plain;
 *      numbers, bools and null plain;
 *   2. the emitter's analysis of the characters (indicators, leading
 *      and trailing spaces, breaks, non-printables) may demote plain to
 *      single-quoted, single to double, literal to double.
 * Plain, single- and double-quoted scalars fold at spaces once a line is
 * past column 80.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "../base/buf.h"
#include "../base/err.h"
#include "scalar.h"
#include "yaml.h"

#define BEST_INDENT 2
#define BEST_WIDTH 80

enum style {
	STYLE_PLAIN,
	STYLE_SINGLE,
	STYLE_DOUBLE,
	STYLE_LITERAL,
};

struct emitter {
	struct buf *out;
	int column;
	int whitespace;
	int indention;
	int indent;
	int flow_level;
	int root_context;
	int sequence_context;
	int mapping_context;
	int simple_key_context;
};

struct analysis {
	int multiline;
	int flow_plain_allowed;
	int block_plain_allowed;
	int single_quoted_allowed;
	int block_allowed;
};

/* ------------------------------------------------------------------ */
/* character classes (go-yaml's yamlprivateh.go)                       */

static int width_of(unsigned char c)
{
	if ((c & 0x80) == 0)
		return 1;
	if ((c & 0xE0) == 0xC0)
		return 2;
	if ((c & 0xF0) == 0xE0)
		return 3;
	if ((c & 0xF8) == 0xF0)
		return 4;
	return 1;
}

static unsigned char at(const char *s, size_t len, size_t i)
{
	return i < len ? (unsigned char)s[i] : 0;
}

static int is_space(const char *s, size_t len, size_t i)
{
	return at(s, len, i) == ' ';
}

static int is_tab(const char *s, size_t len, size_t i)
{
	return at(s, len, i) == '\t';
}

static int is_blank(const char *s, size_t len, size_t i)
{
	return is_space(s, len, i) || is_tab(s, len, i);
}

static int is_break(const char *s, size_t len, size_t i)
{
	unsigned char c = at(s, len, i);

	return c == '\r' || c == '\n' ||
	       (c == 0xC2 && at(s, len, i + 1) == 0x85) ||
	       (c == 0xE2 && at(s, len, i + 1) == 0x80 &&
		at(s, len, i + 2) == 0xA8) ||
	       (c == 0xE2 && at(s, len, i + 1) == 0x80 &&
		at(s, len, i + 2) == 0xA9);
}

static int is_blankz(const char *s, size_t len, size_t i)
{
	return is_blank(s, len, i) || is_break(s, len, i) || i >= len ||
	       at(s, len, i) == 0;
}

static int is_bom(const char *s, size_t len, size_t i)
{
	return at(s, len, i) == 0xEF && at(s, len, i + 1) == 0xBB &&
	       at(s, len, i + 2) == 0xBF;
}

static int is_printable(const char *s, size_t len, size_t i)
{
	unsigned char c = at(s, len, i);
	unsigned char c1 = at(s, len, i + 1);
	unsigned char c2 = at(s, len, i + 2);

	return c == 0x0A || (c >= 0x20 && c <= 0x7E) ||
	       (c == 0xC2 && c1 >= 0xA0) || (c > 0xC2 && c < 0xED) ||
	       (c == 0xED && c1 < 0xA0) || c == 0xEE ||
	       (c == 0xEF && !(c1 == 0xBB && c2 == 0xBF) &&
		!(c1 == 0xBF && (c2 == 0xBE || c2 == 0xBF)));
}

/* ------------------------------------------------------------------ */
/* output primitives                                                   */

static void put(struct emitter *e, char c)
{
	buf_addc(e->out, c);
	e->column++;
}

static void put_break(struct emitter *e)
{
	buf_addc(e->out, '\n');
	e->column = 0;
}

/* copy one (possibly multi-byte) character */
static void write_char(struct emitter *e, const char *s, size_t len, size_t *i)
{
	size_t w = (size_t)width_of((unsigned char)s[*i]);

	if (*i + w > len)
		w = len - *i;
	buf_add(e->out, s + *i, w);
	e->column++;
	*i += w;
}

static void write_break(struct emitter *e, const char *s, size_t len, size_t *i)
{
	if (s[*i] == '\n') {
		put_break(e);
		(*i)++;
	} else {
		write_char(e, s, len, i);
		e->column = 0;
	}
}

static void write_indent(struct emitter *e)
{
	int indent = e->indent < 0 ? 0 : e->indent;

	if (!e->indention || e->column > indent ||
	    (e->column == indent && !e->whitespace))
		put_break(e);
	if (e->column < indent) {
		buf_addch(e->out, ' ', (size_t)(indent - e->column));
		e->column = indent;
	}
	e->whitespace = 1;
	e->indention = 1;
}

static void write_indicator(struct emitter *e, const char *ind,
			    int need_whitespace, int is_whitespace,
			    int is_indention)
{
	size_t n = strlen(ind);

	if (need_whitespace && !e->whitespace)
		put(e, ' ');
	buf_add(e->out, ind, n);
	e->column += (int)n;
	e->whitespace = is_whitespace;
	e->indention = e->indention && is_indention;
}

static void increase_indent(struct emitter *e, int flow, int indentless)
{
	if (e->indent < 0)
		e->indent = flow ? BEST_INDENT : 0;
	else if (!indentless)
		e->indent += BEST_INDENT;
}

/* ------------------------------------------------------------------ */
/* scalar analysis and styles                                          */

static void analyze_full(const char *s, size_t len, struct analysis *a);

/*
 * Characters that need the full analysis: everything outside printable
 * ASCII, and the indicators that matter somewhere in a scalar.
 */
static int needs_full_analysis(const char *s, size_t len)
{
	static unsigned char table[256];
	static int ready;
	size_t i;

	if (!ready) {
		const char *special = "#,[]{}&*!|>'\"%@`?:- \t\n\r.";
		int c;

		for (c = 0; c < 256; c++)
			table[c] = c < 0x20 || c > 0x7E;
		for (; *special; special++)
			table[(unsigned char)*special] = 1;
		ready = 1;
	}
	for (i = 0; i < len; i++)
		if (table[(unsigned char)s[i]])
			return 1;
	return 0;
}

static void analyze(const char *s, size_t len, struct analysis *a)
{
	if (len && !needs_full_analysis(s, len)) {
		/* plain printable ASCII without indicators or spaces */
		a->multiline = 0;
		a->flow_plain_allowed = 1;
		a->block_plain_allowed = 1;
		a->single_quoted_allowed = 1;
		a->block_allowed = 1;
		return;
	}
	analyze_full(s, len, a);
}

static void analyze_full(const char *s, size_t len, struct analysis *a)
{
	int block_ind = 0, flow_ind = 0, line_breaks = 0, special = 0;
	int leading_space = 0, leading_break = 0, trailing_space = 0;
	int trailing_break = 0, break_space = 0, space_break = 0;
	int preceded_by_ws = 1, followed_by_ws;
	int prev_space = 0, prev_break = 0;
	size_t i, w;

	if (len == 0) {
		a->multiline = 0;
		a->flow_plain_allowed = 0;
		a->block_plain_allowed = 1;
		a->single_quoted_allowed = 1;
		a->block_allowed = 0;
		return;
	}
	if (len >= 3 && ((s[0] == '-' && s[1] == '-' && s[2] == '-') ||
			 (s[0] == '.' && s[1] == '.' && s[2] == '.'))) {
		block_ind = 1;
		flow_ind = 1;
	}
	for (i = 0; i < len; i += w) {
		unsigned char c = (unsigned char)s[i];

		/* the common case: an ordinary printable ASCII character */
		if (i > 0 && c > ' ' && c < 0x7F && c != ',' && c != '?' &&
		    c != '[' && c != ']' && c != '{' && c != '}' && c != ':' &&
		    c != '#') {
			w = 1;
			prev_space = 0;
			prev_break = 0;
			preceded_by_ws = 0;
			continue;
		}
		w = (size_t)width_of(c);
		followed_by_ws = i + w >= len || is_blank(s, len, i + w);
		if (i == 0) {
			switch (c) {
			case '#': case ',': case '[': case ']': case '{':
			case '}': case '&': case '*': case '!': case '|':
			case '>': case '\'': case '"': case '%': case '@':
			case '`':
				flow_ind = 1;
				block_ind = 1;
				break;
			case '?':
			case ':':
				flow_ind = 1;
				if (followed_by_ws)
					block_ind = 1;
				break;
			case '-':
				if (followed_by_ws) {
					flow_ind = 1;
					block_ind = 1;
				}
				break;
			}
		} else {
			switch (c) {
			case ',': case '?': case '[': case ']': case '{':
			case '}':
				flow_ind = 1;
				break;
			case ':':
				flow_ind = 1;
				if (followed_by_ws)
					block_ind = 1;
				break;
			case '#':
				if (preceded_by_ws) {
					flow_ind = 1;
					block_ind = 1;
				}
				break;
			}
		}
		if (c > ' ' && c < 0x7F) {
			/* the common case: printable, neither space nor break */
			prev_space = 0;
			prev_break = 0;
			preceded_by_ws = 0;
			continue;
		}
		if (!is_printable(s, len, i))
			special = 1;
		if (is_space(s, len, i)) {
			if (i == 0)
				leading_space = 1;
			if (i + w == len)
				trailing_space = 1;
			if (prev_break)
				break_space = 1;
			prev_space = 1;
			prev_break = 0;
		} else if (is_break(s, len, i)) {
			line_breaks = 1;
			if (i == 0)
				leading_break = 1;
			if (i + w == len)
				trailing_break = 1;
			if (prev_space)
				space_break = 1;
			prev_space = 0;
			prev_break = 1;
		} else {
			prev_space = 0;
			prev_break = 0;
		}
		preceded_by_ws = is_blankz(s, len, i);
	}
	a->multiline = line_breaks;
	a->flow_plain_allowed = 1;
	a->block_plain_allowed = 1;
	a->single_quoted_allowed = 1;
	a->block_allowed = 1;
	if (leading_space || leading_break || trailing_space || trailing_break) {
		a->flow_plain_allowed = 0;
		a->block_plain_allowed = 0;
	}
	if (trailing_space)
		a->block_allowed = 0;
	if (break_space) {
		a->flow_plain_allowed = 0;
		a->block_plain_allowed = 0;
		a->single_quoted_allowed = 0;
	}
	if (space_break || special) {
		a->flow_plain_allowed = 0;
		a->block_plain_allowed = 0;
		a->single_quoted_allowed = 0;
		a->block_allowed = 0;
	}
	if (line_breaks) {
		a->flow_plain_allowed = 0;
		a->block_plain_allowed = 0;
	}
	if (flow_ind)
		a->flow_plain_allowed = 0;
	if (block_ind)
		a->block_plain_allowed = 0;
}

static enum style select_style(const struct emitter *e, enum style style,
			       const struct analysis *a, size_t len)
{
	if (e->simple_key_context && a->multiline)
		style = STYLE_DOUBLE;
	if (style == STYLE_PLAIN) {
		if ((e->flow_level && !a->flow_plain_allowed) ||
		    (!e->flow_level && !a->block_plain_allowed))
			style = STYLE_SINGLE;
		if (len == 0 && (e->flow_level || e->simple_key_context))
			style = STYLE_SINGLE;
	}
	if (style == STYLE_SINGLE && !a->single_quoted_allowed)
		style = STYLE_DOUBLE;
	if (style == STYLE_LITERAL &&
	    (!a->block_allowed || e->flow_level || e->simple_key_context))
		style = STYLE_DOUBLE;
	return style;
}

static void write_plain(struct emitter *e, const char *s, size_t len,
			int allow_breaks)
{
	int spaces = 0, breaks = 0;
	size_t i = 0;

	if (!e->whitespace)
		put(e, ' ');
	while (i < len) {
		/* copy a run of ordinary ASCII in one go */
		size_t j = i;

		while (j < len && (unsigned char)s[j] > ' ' &&
		       (unsigned char)s[j] < 0x7F)
			j++;
		if (j > i) {
			if (breaks)
				write_indent(e);
			buf_add(e->out, s + i, j - i);
			e->column += (int)(j - i);
			e->indention = 0;
			spaces = 0;
			breaks = 0;
			i = j;
			continue;
		}
		if (is_space(s, len, i)) {
			if (allow_breaks && !spaces && e->column > BEST_WIDTH &&
			    !is_space(s, len, i + 1)) {
				write_indent(e);
				i++;
			} else {
				write_char(e, s, len, &i);
			}
			spaces = 1;
		} else if (is_break(s, len, i)) {
			if (!breaks && s[i] == '\n')
				put_break(e);
			write_break(e, s, len, &i);
			e->indention = 1;
			breaks = 1;
		} else {
			if (breaks)
				write_indent(e);
			write_char(e, s, len, &i);
			e->indention = 0;
			spaces = 0;
			breaks = 0;
		}
	}
	e->whitespace = 0;
	e->indention = 0;
}

static void write_single(struct emitter *e, const char *s, size_t len,
			 int allow_breaks)
{
	int spaces = 0, breaks = 0;
	size_t i = 0;

	write_indicator(e, "'", 1, 0, 0);
	while (i < len) {
		if (is_space(s, len, i)) {
			if (allow_breaks && !spaces && e->column > BEST_WIDTH &&
			    i > 0 && i < len - 1 && !is_space(s, len, i + 1)) {
				write_indent(e);
				i++;
			} else {
				write_char(e, s, len, &i);
			}
			spaces = 1;
		} else if (is_break(s, len, i)) {
			if (!breaks && s[i] == '\n')
				put_break(e);
			write_break(e, s, len, &i);
			e->indention = 1;
			breaks = 1;
		} else {
			if (breaks)
				write_indent(e);
			if (s[i] == '\'')
				put(e, '\'');
			write_char(e, s, len, &i);
			e->indention = 0;
			spaces = 0;
			breaks = 0;
		}
	}
	write_indicator(e, "'", 0, 0, 0);
	e->whitespace = 0;
	e->indention = 0;
}

static void put_hex(struct emitter *e, unsigned v, int digits)
{
	static const char hex[] = "0123456789ABCDEF";
	int k;

	for (k = (digits - 1) * 4; k >= 0; k -= 4)
		put(e, hex[(v >> k) & 15]);
}

static void write_double(struct emitter *e, const char *s, size_t len,
			 int allow_breaks)
{
	int spaces = 0;
	size_t i = 0;
	/*
	 * go-yaml v2's BOM test looks at the first bytes of the string, not
	 * at the current character: after a leading BOM everything is escaped
	 */
	int bom_first = is_bom(s, len, 0);

	write_indicator(e, "\"", 1, 0, 0);
	while (i < len) {
		unsigned char c = (unsigned char)s[i];

		if (bom_first || !is_printable(s, len, i) || is_bom(s, len, i) ||
		    is_break(s, len, i) || c == '"' || c == '\\') {
			int w = width_of(c);
			unsigned v;
			int k;

			if (w == 1)
				v = c & 0x7F;
			else if (w == 2)
				v = c & 0x1F;
			else if (w == 3)
				v = c & 0x0F;
			else
				v = c & 0x07;
			for (k = 1; k < w && i + (size_t)k < len; k++)
				v = (v << 6) + ((unsigned char)s[i + (size_t)k] & 0x3F);
			i += (size_t)w;
			put(e, '\\');
			switch (v) {
			case 0x00: put(e, '0'); break;
			case 0x07: put(e, 'a'); break;
			case 0x08: put(e, 'b'); break;
			case 0x09: put(e, 't'); break;
			case 0x0A: put(e, 'n'); break;
			case 0x0B: put(e, 'v'); break;
			case 0x0C: put(e, 'f'); break;
			case 0x0D: put(e, 'r'); break;
			case 0x1B: put(e, 'e'); break;
			case 0x22: put(e, '"'); break;
			case 0x5C: put(e, '\\'); break;
			case 0x85: put(e, 'N'); break;
			case 0xA0: put(e, '_'); break;
			case 0x2028: put(e, 'L'); break;
			case 0x2029: put(e, 'P'); break;
			default:
				if (v <= 0xFF) {
					put(e, 'x');
					put_hex(e, v, 2);
				} else if (v <= 0xFFFF) {
					put(e, 'u');
					put_hex(e, v, 4);
				} else {
					put(e, 'U');
					put_hex(e, v, 8);
				}
			}
			spaces = 0;
		} else if (is_space(s, len, i)) {
			if (allow_breaks && !spaces && e->column > BEST_WIDTH &&
			    i > 0 && i < len - 1) {
				write_indent(e);
				if (is_space(s, len, i + 1))
					put(e, '\\');
				i++;
			} else {
				write_char(e, s, len, &i);
			}
			spaces = 1;
		} else {
			write_char(e, s, len, &i);
			spaces = 0;
		}
	}
	write_indicator(e, "\"", 0, 0, 0);
	e->whitespace = 0;
	e->indention = 0;
}

static void write_block_hints(struct emitter *e, const char *s, size_t len)
{
	char chomp = 0;

	if (is_space(s, len, 0) || is_break(s, len, 0)) {
		char hint[2] = { (char)('0' + BEST_INDENT), 0 };

		write_indicator(e, hint, 0, 0, 0);
	}
	if (len == 0) {
		chomp = '-';
	} else {
		size_t i = len - 1;

		while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
			i--;
		if (!is_break(s, len, i)) {
			chomp = '-';
		} else if (i == 0) {
			chomp = '+';
		} else {
			i--;
			while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
				i--;
			if (is_break(s, len, i))
				chomp = '+';
		}
	}
	if (chomp) {
		char hint[2] = { chomp, 0 };

		write_indicator(e, hint, 0, 0, 0);
	}
}

static void write_literal(struct emitter *e, const char *s, size_t len)
{
	int breaks = 1;
	size_t i = 0;

	write_indicator(e, "|", 1, 0, 0);
	write_block_hints(e, s, len);
	put_break(e);
	e->indention = 1;
	e->whitespace = 1;
	while (i < len) {
		if (is_break(s, len, i)) {
			write_break(e, s, len, &i);
			e->indention = 1;
			breaks = 1;
		} else {
			size_t j = i;

			if (breaks)
				write_indent(e);
			/* the rest of the line, when it is plain ASCII */
			while (j < len && (unsigned char)s[j] >= ' ' &&
			       (unsigned char)s[j] < 0x7F)
				j++;
			if (j > i) {
				buf_add(e->out, s + i, j - i);
				e->column += (int)(j - i);
				i = j;
			} else {
				write_char(e, s, len, &i);
			}
			e->indention = 0;
			breaks = 0;
		}
	}
}

/*
 * fold_nel: kustomize hands each object to go-yaml v2 as JSON, where
 * U+0085 (NEL) stays raw inside a double-quoted string; the YAML reader
 * then folds it like a line break: a single break becomes a space, each
 * further one a newline, blanks around it disappear.  Returns 1 and
 * fills out when s has a NEL.
 */
static int fold_nel(const char *s, size_t len, struct buf *out)
{
	size_t i = 0;

	if (!memmem(s, len, "\xC2\x85", 2))
		return 0;
	buf_reset(out);
	while (i < len) {
		size_t breaks = 0, j;

		if (!((unsigned char)s[i] == 0xC2 && i + 1 < len &&
		      (unsigned char)s[i + 1] == 0x85)) {
			buf_addc(out, s[i++]);
			continue;
		}
		/* trailing blanks before the break are dropped */
		while (out->len && out->ptr[out->len - 1] == ' ')
			buf_setlen(out, out->len - 1);
		for (;;) {
			if (i + 1 < len && (unsigned char)s[i] == 0xC2 &&
			    (unsigned char)s[i + 1] == 0x85) {
				breaks++;
				i += 2;
			} else if (i < len && s[i] == ' ') {
				i++;
			} else {
				break;
			}
		}
		if (breaks == 1)
			buf_addc(out, ' ');
		for (j = 1; j < breaks; j++)
			buf_addc(out, '\n');
	}
	return 1;
}

/*
 * emit_scalar: one scalar in the current context.  is_str tells whether
 * the marshaller sees a string (quoting rules apply) or a number, bool
 * or null (always plain).
 */
static void emit_scalar(struct emitter *e, const char *s, size_t len,
			int is_str)
{
	struct analysis a;
	enum style style;
	int saved = e->indent;

	struct buf folded = BUF_INIT;

	if (is_str && fold_nel(s, len, &folded)) {
		s = folded.ptr;
		len = folded.len;
	}
	analyze(s, len, &a);
	if (!is_str)
		style = STYLE_PLAIN;
	else if (memchr(s, '\n', len))
		style = STYLE_LITERAL;
	else if (scalar_v2_plain_ok(s, len))
		style = STYLE_PLAIN;
	else
		style = STYLE_DOUBLE;
	style = select_style(e, style, &a, len);
	increase_indent(e, 1, 0);
	switch (style) {
	case STYLE_PLAIN:
		write_plain(e, s, len, !e->simple_key_context);
		break;
	case STYLE_SINGLE:
		write_single(e, s, len, !e->simple_key_context);
		break;
	case STYLE_DOUBLE:
		write_double(e, s, len, !e->simple_key_context);
		break;
	case STYLE_LITERAL:
		write_literal(e, s, len);
		break;
	}
	e->indent = saved;
	buf_release(&folded);
}

/* ------------------------------------------------------------------ */
/* key order: go-yaml's keyList.Less                                   */

static size_t decode_rune(const char *s, size_t len, size_t i, unsigned *r)
{
	unsigned char c = (unsigned char)s[i];
	int w = width_of(c);
	unsigned v;
	int k;

	if (w == 1 || i + (size_t)w > len) {
		*r = c;
		return 1;
	}
	v = w == 2 ? c & 0x1F : w == 3 ? c & 0x0F : c & 0x07;
	for (k = 1; k < w; k++)
		v = (v << 6) | ((unsigned char)s[i + (size_t)k] & 0x3F);
	*r = v;
	return (size_t)w;
}

static int rune_is_letter(unsigned r)
{
	if (r < 0x80)
		return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z');
	/* Approximation of unicode.IsLetter for the scripts seen in keys. */
	if (r == 0xAA || r == 0xB5 || r == 0xBA)
		return 1;
	if (r >= 0xC0 && r <= 0x24F)
		return r != 0xD7 && r != 0xF7;
	if ((r >= 0x370 && r <= 0x3FF && r != 0x37E && r != 0x387) ||
	    (r >= 0x400 && r <= 0x52F) || (r >= 0x5D0 && r <= 0x5EA) ||
	    (r >= 0x620 && r <= 0x64A) || (r >= 0x3040 && r <= 0x30FF) ||
	    (r >= 0x4E00 && r <= 0x9FFF) || (r >= 0xAC00 && r <= 0xD7A3))
		return 1;
	return 0;
}

static int rune_is_digit(unsigned r)
{
	return r >= '0' && r <= '9';
}

/* go-yaml v2 keyList.Less for two strings */
static int key_less(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t i = 0, j = 0;
	/* rune histories are needed for the leading-zero rule */
	unsigned *ar = NULL, *br = NULL;
	size_t an = 0, bn = 0, k;
	int result;

	ar = xmalloc((alen + 1) * sizeof(*ar));
	br = xmalloc((blen + 1) * sizeof(*br));
	while (i < alen)
		i += decode_rune(a, alen, i, &ar[an++]);
	while (j < blen)
		j += decode_rune(b, blen, j, &br[bn++]);
	result = an < bn;
	for (k = 0; k < an && k < bn; k++) {
		int al, bl;
		size_t ai, bi;
		long long av = 0, bv = 0;

		if (ar[k] == br[k])
			continue;
		al = rune_is_letter(ar[k]);
		bl = rune_is_letter(br[k]);
		if (al && bl) {
			result = ar[k] < br[k];
			goto done;
		}
		if (al || bl) {
			result = bl;
			goto done;
		}
		if (ar[k] == '0' || br[k] == '0') {
			size_t m;

			for (m = k; m-- > 0 && rune_is_digit(ar[m]);) {
				if (ar[m] != '0') {
					av = 1;
					bv = 1;
					break;
				}
			}
		}
		/* Go's int64 arithmetic wraps on long digit runs; so do we */
		for (ai = k; ai < an && rune_is_digit(ar[ai]); ai++)
			av = (long long)((unsigned long long)av * 10 +
					 (unsigned long long)(ar[ai] - '0'));
		for (bi = k; bi < bn && rune_is_digit(br[bi]); bi++)
			bv = (long long)((unsigned long long)bv * 10 +
					 (unsigned long long)(br[bi] - '0'));
		if (av != bv) {
			result = av < bv;
			goto done;
		}
		if (ai != bi) {
			result = ai < bi;
			goto done;
		}
		result = ar[k] < br[k];
		goto done;
	}
done:
	free(ar);
	free(br);
	return result;
}

static int ascii_only(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return 0;
	return 1;
}

/* Fast path of key_less for ASCII keys (all Kubernetes field names). */
static int key_less_ascii(const char *a, size_t alen, const char *b,
			  size_t blen)
{
	size_t k;

	for (k = 0; k < alen && k < blen; k++) {
		unsigned char x = (unsigned char)a[k], y = (unsigned char)b[k];
		int al, bl;
		size_t ai, bi;
		long long av = 0, bv = 0;

		if (x == y)
			continue;
		al = (x | 0x20) >= 'a' && (x | 0x20) <= 'z';
		bl = (y | 0x20) >= 'a' && (y | 0x20) <= 'z';
		if (al && bl)
			return x < y;
		if (al || bl)
			return bl;
		if (x == '0' || y == '0') {
			size_t m;

			for (m = k; m-- > 0 && a[m] >= '0' && a[m] <= '9';) {
				if (a[m] != '0') {
					av = 1;
					bv = 1;
					break;
				}
			}
		}
		for (ai = k; ai < alen && a[ai] >= '0' && a[ai] <= '9'; ai++)
			av = (long long)((unsigned long long)av * 10 +
					 (unsigned long long)(a[ai] - '0'));
		for (bi = k; bi < blen && b[bi] >= '0' && b[bi] <= '9'; bi++)
			bv = (long long)((unsigned long long)bv * 10 +
					 (unsigned long long)(b[bi] - '0'));
		if (av != bv)
			return av < bv;
		if (ai != bi)
			return ai < bi;
		return x < y;
	}
	return alen < blen;
}

static int less(const char *a, size_t alen, const char *b, size_t blen)
{
	if (ascii_only(a, alen) && ascii_only(b, blen))
		return key_less_ascii(a, alen, b, blen);
	return key_less(a, alen, b, blen);
}

int doc_key_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	if (less(a, alen, b, blen))
		return -1;
	if (less(b, blen, a, alen))
		return 1;
	return 0;
}

struct key {
	const char *s;
	size_t len;
	json_t *v;
	int ascii;
};

static int key_cmp(const void *x, const void *y)
{
	const struct key *a = x, *b = y;

	if (a->ascii && b->ascii) {
		if (key_less_ascii(a->s, a->len, b->s, b->len))
			return -1;
		return key_less_ascii(b->s, b->len, a->s, a->len);
	}
	return doc_key_cmp(a->s, a->len, b->s, b->len);
}

/*
 * sorted_keys: the members of obj in go-yaml order.  Returns the count;
 * *out is freed by the caller.
 */
static size_t sorted_keys(const json_t *obj, struct key **out)
{
	size_t n = json_object_size(obj), i = 0;
	struct key *keys = xmalloc((n ? n : 1) * sizeof(*keys));
	void *iter;

	for (iter = json_object_iter((json_t *)obj); iter;
	     iter = json_object_iter_next((json_t *)obj, iter)) {
		keys[i].s = json_object_iter_key(iter);
		keys[i].len = json_object_iter_key_len(iter);
		keys[i].v = json_object_iter_value(iter);
		keys[i].ascii = ascii_only(keys[i].s, keys[i].len);
		i++;
	}
	qsort(keys, n, sizeof(*keys), key_cmp);
	*out = keys;
	return n;
}

/* ------------------------------------------------------------------ */
/* nodes                                                               */

static int emit_node(struct emitter *e, const json_t *v, int root, int seq,
		     int map, int simple_key);

static void set_context(struct emitter *e, int root, int seq, int map,
			int simple_key)
{
	e->root_context = root;
	e->sequence_context = seq;
	e->mapping_context = map;
	e->simple_key_context = simple_key;
}

static int emit_mapping(struct emitter *e, const json_t *obj)
{
	struct key *keys;
	size_t n = sorted_keys(obj, &keys), i;
	int saved = e->indent;
	int err = 0;

	increase_indent(e, 0, 0);
	for (i = 0; i < n && !err; i++) {
		struct analysis a;

		if (keys[i].len == 2 && !memcmp(keys[i].s, "<<", 2)) {
			err = err_set(ERR_INVALID,
				      "a mapping key '<<' cannot be written: YAML readers take it as a merge key");
			break;
		}
		write_indent(e);
		analyze(keys[i].s, keys[i].len, &a);
		if (!a.multiline && keys[i].len <= 128) {
			set_context(e, 0, 0, 1, 1);
			emit_scalar(e, keys[i].s, keys[i].len, 1);
			write_indicator(e, ":", 0, 0, 0);
		} else {
			write_indicator(e, "?", 1, 0, 1);
			set_context(e, 0, 0, 1, 0);
			emit_scalar(e, keys[i].s, keys[i].len, 1);
			write_indent(e);
			write_indicator(e, ":", 1, 0, 1);
		}
		err = emit_node(e, keys[i].v, 0, 0, 1, 0);
	}
	e->indent = saved;
	free(keys);
	return err;
}

static int emit_sequence(struct emitter *e, const json_t *arr)
{
	size_t i;
	int saved = e->indent;
	int err = 0;

	increase_indent(e, 0, e->mapping_context && !e->indention);
	for (i = 0; i < json_array_size(arr) && !err; i++) {
		write_indent(e);
		write_indicator(e, "-", 1, 0, 1);
		err = emit_node(e, json_array_get(arr, i), 0, 1, 0, 0);
	}
	e->indent = saved;
	return err;
}

static void emit_empty_flow(struct emitter *e, const char *open,
			    const char *close)
{
	int saved = e->indent;

	write_indicator(e, open, 1, 1, 0);
	increase_indent(e, 1, 0);
	e->indent = saved;
	write_indicator(e, close, 0, 0, 0);
}

static int emit_node(struct emitter *e, const json_t *v, int root, int seq,
		     int map, int simple_key)
{
	char num[64];

	set_context(e, root, seq, map, simple_key);
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		if (json_object_size(v) == 0) {
			emit_empty_flow(e, "{", "}");
			return 0;
		}
		return emit_mapping(e, v);
	case JSON_ARRAY:
		if (json_array_size(v) == 0) {
			emit_empty_flow(e, "[", "]");
			return 0;
		}
		return emit_sequence(e, v);
	case JSON_STRING:
		if (doc_uint_text(v)) {
			emit_scalar(e, doc_uint_text(v), strlen(doc_uint_text(v)), 0);
			return 0;
		}
		emit_scalar(e, json_string_value(v), json_string_length(v), 1);
		return 0;
	case JSON_INTEGER:
		snprintf(num, sizeof(num), "%lld", (long long)json_integer_value(v));
		emit_scalar(e, num, strlen(num), 0);
		return 0;
	case JSON_REAL:
		scalar_float_text(json_real_value(v), num, sizeof(num));
		emit_scalar(e, num, strlen(num), 0);
		return 0;
	case JSON_TRUE:
		emit_scalar(e, "true", 4, 0);
		return 0;
	case JSON_FALSE:
		emit_scalar(e, "false", 5, 0);
		return 0;
	case JSON_NULL:
		emit_scalar(e, "null", 4, 0);
		return 0;
	}
	return err_set(ERR_INVALID, "unknown JSON value type");
}

int doc_yaml_emit(struct buf *out, const json_t *doc)
{
	struct emitter e;
	int err;

	memset(&e, 0, sizeof(e));
	e.out = out;
	e.indent = -1;
	e.whitespace = 1;
	e.indention = 1;
	err = emit_node(&e, doc, 1, 0, 0, 0);
	if (err < 0)
		return err;
	/* document end: finish the last line */
	e.indent = -1;
	write_indent(&e);
	return 0;
}

int doc_yaml_emit_stream(struct buf *out, json_t *const *docs, size_t n)
{
	size_t i;
	int err;

	for (i = 0; i < n; i++) {
		if (i)
			buf_add(out, "---\n", 4);
		err = doc_yaml_emit(out, docs[i]);
		if (err < 0)
			return err;
	}
	return 0;
}

