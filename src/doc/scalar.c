/*
 * scalar: go-yaml v2/v3 plain-scalar resolution and Go number formatting.
 * See scalar.h for why both rule sets exist.
 *
 * Everything here follows the observable behaviour of Go's strconv and
 * go-yaml's resolve.go: the first byte picks a hint ('M' for words that
 * may be bools or nulls, 'D'/'S' for digits and signs, '.' for floats),
 * then a table lookup and number parsing decide.  Timestamps follow
 * time.Parse with go-yaml's four layouts.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "scalar.h"

/* ------------------------------------------------------------------ */
/* Go strconv.ParseInt / ParseUint with base 0                         */

static int digit_val(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 99;
}

int go_parse_uint(const char *s, size_t len, uint64_t *out)
{
	unsigned base = 10;
	uint64_t n = 0;
	size_t i = 0;

	if (len == 0)
		return -1;
	if (s[0] == '0') {
		char c = len >= 3 ? (char)(s[1] | 0x20) : 0;

		if (c == 'b') {
			base = 2;
			i = 2;
		} else if (c == 'o') {
			base = 8;
			i = 2;
		} else if (c == 'x') {
			base = 16;
			i = 2;
		} else {
			base = 8;
			i = 1;
		}
	}
	for (; i < len; i++) {
		unsigned d = (unsigned)digit_val(s[i]);

		if (d >= base)
			return -1;
		if (n > (UINT64_MAX - d) / base)
			return -1;
		n = n * base + d;
	}
	*out = n;
	return 0;
}

int go_parse_int(const char *s, size_t len, int64_t *out)
{
	int neg = 0;
	uint64_t u;

	if (len == 0)
		return -1;
	if (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-';
		s++;
		len--;
	}
	if (go_parse_uint(s, len, &u) < 0)
		return -1;
	if (!neg) {
		if (u > (uint64_t)INT64_MAX)
			return -1;
		*out = (int64_t)u;
	} else {
		if (u > (uint64_t)INT64_MAX + 1)
			return -1;
		*out = u == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)u;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* floats                                                              */

/* go-yaml's yamlStyleFloat: ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$ */
static int yaml_style_float(const char *s, size_t len)
{
	size_t i = 0, d;

	if (i < len && (s[i] == '-' || s[i] == '+'))
		i++;
	if (i < len && s[i] == '.') {
		i++;
		d = i;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == d)
			return 0;
	} else {
		d = i;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == d)
			return 0;
		if (i < len && s[i] == '.') {
			i++;
			while (i < len && s[i] >= '0' && s[i] <= '9')
				i++;
		}
	}
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < len && (s[i] == '-' || s[i] == '+'))
			i++;
		d = i;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == d)
			return 0;
	}
	return i == len;
}

/* Parse a syntactically valid decimal float; fails only on overflow. */
static int parse_decimal_float(const char *s, size_t len, double *out)
{
	char stackbuf[128];
	char *tmp = len < sizeof(stackbuf) ? stackbuf : xmalloc(len + 1);
	double f;
	int ok;

	memcpy(tmp, s, len);
	tmp[len] = '\0';
	errno = 0;
	f = strtod(tmp, NULL);
	/* Go reports ErrRange only for overflow; underflow gives 0 quietly. */
	ok = !(errno == ERANGE && isinf(f));
	if (tmp != stackbuf)
		free(tmp);
	if (!ok)
		return -1;
	*out = f;
	return 0;
}

/* Go's underscoreOK: underscores only between digits (or after a prefix). */
static int underscore_ok(const char *s, size_t len)
{
	char saw = '^';
	size_t i = 0;
	int hex = 0;

	if (len >= 1 && (s[0] == '-' || s[0] == '+')) {
		s++;
		len--;
	}
	if (len >= 2 && s[0] == '0' &&
	    ((s[1] | 0x20) == 'b' || (s[1] | 0x20) == 'o' ||
	     (s[1] | 0x20) == 'x')) {
		i = 2;
		saw = '0';
		hex = (s[1] | 0x20) == 'x';
	}
	for (; i < len; i++) {
		char c = s[i];

		if ((c >= '0' && c <= '9') ||
		    (hex && (c | 0x20) >= 'a' && (c | 0x20) <= 'f')) {
			saw = '0';
			continue;
		}
		if (c == '_') {
			if (saw != '0')
				return 0;
			saw = '_';
			continue;
		}
		if (saw == '_')
			return 0;
		saw = '!';
	}
	return saw != '_';
}

/* strconv.ParseFloat(s, 64) for a string starting with '.'. */
static int go_parse_dot_float(const char *s, size_t len, double *out)
{
	char stackbuf[128];
	char *tmp;
	size_t i, n = 0;
	int ret = -1;

	if (memchr(s, '_', len) && !underscore_ok(s, len))
		return -1;
	tmp = len < sizeof(stackbuf) ? stackbuf : xmalloc(len + 1);
	for (i = 0; i < len; i++)
		if (s[i] != '_')
			tmp[n++] = s[i];
	/* A leading '.' admits only .digits[e[+-]digits]. */
	if (n >= 2 && yaml_style_float(tmp, n))
		ret = parse_decimal_float(tmp, n, out);
	if (tmp != stackbuf)
		free(tmp);
	return ret;
}

/* ------------------------------------------------------------------ */
/* timestamps: go-yaml's parseTimestamp over time.Parse                 */

static int getnum(const char **p, const char *end, int *out)
{
	const char *s = *p;

	if (s >= end || *s < '0' || *s > '9')
		return -1;
	*out = *s - '0';
	s++;
	if (s < end && *s >= '0' && *s <= '9') {
		*out = *out * 10 + (*s - '0');
		s++;
	}
	*p = s;
	return 0;
}

static int days_in(int month, int year)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (month == 2 && year % 4 == 0 && (year % 100 != 0 || year % 400 == 0))
		return 29;
	return d[month - 1];
}

struct tm_parts {
	int year, month, day, hour, min, sec;
	char frac[10]; /* up to 9 digits, NUL-terminated */
	int has_zone, zone_min; /* offset in minutes; has_zone 0: UTC */
};

/* layout: 0 "2006-1-2", 1 "...T15:4:5.9Z07:00", 2 lower-case t, 3 space, no zone */
static int match_layout(const char *s, const char *end, int layout,
			struct tm_parts *t)
{
	const char *p = s + 4;

	memset(t, 0, sizeof(*t));
	t->year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 +
		  (s[2] - '0') * 10 + (s[3] - '0');
	if (p >= end || *p++ != '-')
		return 0;
	if (getnum(&p, end, &t->month) < 0 || t->month < 1 || t->month > 12)
		return 0;
	if (p >= end || *p++ != '-')
		return 0;
	if (getnum(&p, end, &t->day) < 0)
		return 0;
	if (layout == 0)
		goto finish;
	if (p >= end || *p++ != (layout == 1 ? 'T' : layout == 2 ? 't' : ' '))
		return 0;
	if (getnum(&p, end, &t->hour) < 0 || t->hour >= 24)
		return 0;
	if (p >= end || *p++ != ':')
		return 0;
	if (getnum(&p, end, &t->min) < 0 || t->min >= 60)
		return 0;
	if (p >= end || *p++ != ':')
		return 0;
	if (getnum(&p, end, &t->sec) < 0 || t->sec >= 60)
		return 0;
	/* optional fraction: [.,] followed by at least one digit */
	if (end - p >= 2 && (*p == '.' || *p == ',') && p[1] >= '0' &&
	    p[1] <= '9') {
		size_t n = 0;

		p++;
		while (p < end && *p >= '0' && *p <= '9') {
			if (n < 9)
				t->frac[n++] = *p;
			p++;
		}
		t->frac[n] = '\0';
	}
	if (layout != 3) {
		if (p < end && *p == 'Z') {
			p++;
		} else {
			int hh, mm;

			if (end - p < 6 || (p[0] != '+' && p[0] != '-') ||
			    p[3] != ':')
				return 0;
			if (p[1] < '0' || p[1] > '9' || p[2] < '0' || p[2] > '9' ||
			    p[4] < '0' || p[4] > '9' || p[5] < '0' || p[5] > '9')
				return 0;
			hh = (p[1] - '0') * 10 + (p[2] - '0');
			mm = (p[4] - '0') * 10 + (p[5] - '0');
			if (hh > 24 || mm > 60)
				return 0;
			t->has_zone = 1;
			t->zone_min = (p[0] == '-' ? -1 : 1) * (hh * 60 + mm);
			p += 6;
		}
	}
finish:
	if (p != end)
		return 0;
	return t->day >= 1 && t->day <= days_in(t->month, t->year);
}

static int parse_timestamp(const char *s, size_t len, struct tm_parts *t)
{
	size_t i;
	int l;

	for (i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			break;
	if (i != 4 || i == len || s[i] != '-')
		return 0;
	for (l = 1; l <= 3; l++)
		if (match_layout(s, s + len, l, t))
			return 1;
	return match_layout(s, s + len, 0, t);
}

static int is_timestamp(const char *s, size_t len)
{
	struct tm_parts t;

	return parse_timestamp(s, len, &t);
}

/* time.Time.Format(time.RFC3339Nano) */
static void format_rfc3339nano(const struct tm_parts *t, char *out, size_t n)
{
	char frac[12] = "";
	char zone[16] = "Z";
	size_t fl = strlen(t->frac);

	while (fl > 0 && t->frac[fl - 1] == '0')
		fl--;
	if (fl) {
		frac[0] = '.';
		memcpy(frac + 1, t->frac, fl);
		frac[fl + 1] = '\0';
	}
	if (t->has_zone && t->zone_min) {
		int m = t->zone_min < 0 ? -t->zone_min : t->zone_min;

		snprintf(zone, sizeof(zone), "%c%02d:%02d",
			 t->zone_min < 0 ? '-' : '+', m / 60 % 100, m % 60);
	}
	snprintf(out, n, "%04d-%02d-%02dT%02d:%02d:%02d%s%s", t->year % 10000,
		 t->month, t->day, t->hour, t->min, t->sec, frac, zone);
}

/* go-yaml v2 encode.go isBase60Float */
static int is_base60_float(const char *s, size_t len)
{
	size_t i = 0, d;
	int groups = 0;

	if (!len)
		return 0;
	if (!(s[0] == '+' || s[0] == '-' || (s[0] >= '0' && s[0] <= '9')) ||
	    !memchr(s, ':', len))
		return 0;
	if (s[i] == '+' || s[i] == '-')
		i++;
	if (i >= len || s[i] < '0' || s[i] > '9')
		return 0;
	i++;
	while (i < len && ((s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
		i++;
	while (i < len && s[i] == ':') {
		i++;
		d = i;
		while (i < len && s[i] >= '0' && s[i] <= '9' && i - d < 2)
			i++;
		if (i == d)
			return 0;
		if (i - d == 2 && s[d] > '5')
			return 0;
		groups++;
	}
	if (!groups)
		return 0;
	if (i < len && s[i] == '.') {
		i++;
		while (i < len && ((s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			i++;
	}
	return i == len;
}

/* ------------------------------------------------------------------ */
/* resolution                                                          */

static char hint_of(unsigned char c)
{
	if (c == '+' || c == '-')
		return 'S';
	if (c >= '0' && c <= '9')
		return 'D';
	if (c == '.')
		return '.';
	if (strchr("yYnNtTfFoO~", c) && c)
		return 'M';
	return 0;
}

static int eq(const char *s, size_t len, const char *w)
{
	return strlen(w) == len && !memcmp(s, w, len);
}

static int one_of(const char *s, size_t len, const char *const *words)
{
	if (len > 5 || len == 0)
		return 0;
	for (; *words; words++)
		if (eq(s, len, *words))
			return 1;
	return 0;
}

static const char *const v3_true[] = { "true", "True", "TRUE", NULL };
static const char *const v3_false[] = { "false", "False", "FALSE", NULL };
static const char *const v2_true[] = { "y", "Y", "yes", "Yes", "YES", "true",
	"True", "TRUE", "on", "On", "ON", NULL };
static const char *const v2_false[] = { "n", "N", "no", "No", "NO", "false",
	"False", "FALSE", "off", "Off", "OFF", NULL };
static const char *const nulls[] = { "~", "null", "Null", "NULL", NULL };
static const char *const nans[] = { ".nan", ".NaN", ".NAN", NULL };
static const char *const pinfs[] = { ".inf", ".Inf", ".INF", "+.inf", "+.Inf",
	"+.INF", NULL };
static const char *const ninfs[] = { "-.inf", "-.Inf", "-.INF", NULL };

/*
 * Number resolution shared by v2 and v3 for the 'D' and 'S' hints,
 * after the timestamp check: underscores removed, then int, uint, float.
 */
static int resolve_number(const char *s, size_t len, struct scalar_value *out)
{
	char stackbuf[128];
	char *plain = len < sizeof(stackbuf) ? stackbuf : xmalloc(len + 1);
	size_t i, n = 0;
	int found = 0;

	for (i = 0; i < len; i++)
		if (s[i] != '_')
			plain[n++] = s[i];
	plain[n] = '\0';
	if (go_parse_int(plain, n, &out->i) == 0) {
		out->kind = SCALAR_INT;
		found = 1;
	} else if (go_parse_uint(plain, n, &out->u) == 0) {
		out->kind = SCALAR_UINT;
		found = 1;
	} else if (yaml_style_float(plain, n) &&
		   parse_decimal_float(plain, n, &out->f) == 0) {
		out->kind = SCALAR_FLOAT;
		found = 1;
	}
	if (plain != stackbuf)
		free(plain);
	return found;
}

void scalar_resolve_v3(const char *s, size_t len, struct scalar_value *out)
{
	char hint;

	memset(out, 0, sizeof(*out));
	out->kind = SCALAR_STR;
	if (len == 0) {
		out->kind = SCALAR_NULL;
		return;
	}
	hint = hint_of((unsigned char)s[0]);
	if (!hint || (hint == 'M' && len > 5))
		return;
	if (one_of(s, len, v3_true)) {
		out->kind = SCALAR_BOOL;
		out->b = 1;
		return;
	}
	if (one_of(s, len, v3_false)) {
		out->kind = SCALAR_BOOL;
		return;
	}
	if (one_of(s, len, nulls)) {
		out->kind = SCALAR_NULL;
		return;
	}
	if (one_of(s, len, nans)) {
		out->kind = SCALAR_FLOAT;
		out->f = NAN;
		return;
	}
	if (one_of(s, len, pinfs)) {
		out->kind = SCALAR_FLOAT;
		out->f = INFINITY;
		return;
	}
	if (one_of(s, len, ninfs)) {
		out->kind = SCALAR_FLOAT;
		out->f = -INFINITY;
		return;
	}
	switch (hint) {
	case '.':
		if (go_parse_dot_float(s, len, &out->f) == 0)
			out->kind = SCALAR_FLOAT;
		return;
	case 'D':
	case 'S': {
		struct tm_parts t;

		/* go-yaml v3 decodes timestamps into time.Time */
		if (parse_timestamp(s, len, &t)) {
			out->kind = SCALAR_TIMESTAMP;
			format_rfc3339nano(&t, out->ts, sizeof(out->ts));
			return;
		}
		resolve_number(s, len, out);
		return;
	}
	}
}

void scalar_resolve_v2(const char *s, size_t len, struct scalar_value *out)
{
	char hint;

	memset(out, 0, sizeof(*out));
	out->kind = SCALAR_STR;
	if (len == 0) {
		out->kind = SCALAR_NULL;
		return;
	}
	hint = hint_of((unsigned char)s[0]);
	if (!hint)
		return;
	if (one_of(s, len, v2_true) || one_of(s, len, v2_false)) {
		out->kind = SCALAR_BOOL;
		out->b = one_of(s, len, v2_true);
		return;
	}
	if (hint == 'D' || hint == 'S') {
		/* go-yaml v2 keeps timestamps as strings in interface{} */
		if (is_timestamp(s, len))
			return;
		resolve_number(s, len, out);
		return;
	}
	/* nulls, NaN, infinities and '.' floats resolve as in v3 */
	scalar_resolve_v3(s, len, out);
}


int scalar_v2_plain_ok(const char *s, size_t len)
{
	struct scalar_value v;
	char hint;

	if (len == 0)
		return 0; /* resolves to null */
	hint = hint_of((unsigned char)s[0]);
	if (!hint || (hint == 'M' && len > 5))
		return 1; /* cannot be a number, bool, null or base-60 float */
	if (hint) {
		if (one_of(s, len, v2_true) || one_of(s, len, v2_false) ||
		    one_of(s, len, nulls) || one_of(s, len, nans) ||
		    one_of(s, len, pinfs) || one_of(s, len, ninfs))
			return 0;
		switch (hint) {
		case '.':
			if (go_parse_dot_float(s, len, &v.f) == 0)
				return 0;
			break;
		case 'D':
		case 'S':
			if (is_timestamp(s, len))
				return 0;
			if (resolve_number(s, len, &v))
				return 0;
			break;
		}
	}
	return !is_base60_float(s, len);
}

/* ------------------------------------------------------------------ */
/* Go float formatting                                                 */

static int atoi_exp(const char *s)
{
	int neg = 0, n = 0;

	if (*s == '+' || *s == '-')
		neg = *s++ == '-';
	while (*s >= '0' && *s <= '9')
		n = n * 10 + (*s++ - '0');
	return neg ? -n : n;
}

/*
 * Shortest decimal digits that read back as f: digits (no dot, no
 * trailing zeros except for zero itself), count nd and decimal point
 * position dp (value = 0.d1d2... * 10^dp).
 */
static void shortest_digits(double f, char *digits, int *nd, int *dp)
{
	char tmp[40];
	int prec;

	if (f == 0) {
		*nd = 0;
		*dp = 0;
		digits[0] = '\0';
		return;
	}
	for (prec = 1; prec <= 17; prec++) {
		snprintf(tmp, sizeof(tmp), "%.*e", prec - 1, f);
		if (strtod(tmp, NULL) == f)
			break;
	}
	{
		char *e = strchr(tmp, 'e');
		char *p = tmp;
		int n = 0;
		int exp10 = atoi_exp(e + 1);

		if (*p == '-')
			p++;
		for (; p < e; p++)
			if (*p != '.')
				digits[n++] = *p;
		while (n > 1 && digits[n - 1] == '0')
			n--;
		digits[n] = '\0';
		*nd = n;
		*dp = exp10 + 1;
	}
}

static size_t fmt_e(char *out, int neg, const char *d, int nd, int dp)
{
	size_t n = 0;
	int exp = nd ? dp - 1 : 0;
	int i;

	if (neg)
		out[n++] = '-';
	out[n++] = nd ? d[0] : '0';
	if (nd > 1) {
		out[n++] = '.';
		for (i = 1; i < nd; i++)
			out[n++] = d[i];
	}
	out[n++] = 'e';
	if (exp < 0) {
		out[n++] = '-';
		exp = -exp;
	} else {
		out[n++] = '+';
	}
	if (exp < 10) {
		out[n++] = '0';
		out[n++] = (char)('0' + exp);
	} else if (exp < 100) {
		out[n++] = (char)('0' + exp / 10);
		out[n++] = (char)('0' + exp % 10);
	} else {
		out[n++] = (char)('0' + exp / 100);
		out[n++] = (char)('0' + exp / 10 % 10);
		out[n++] = (char)('0' + exp % 10);
	}
	out[n] = '\0';
	return n;
}

/* %f with exactly prec fraction digits taken from the digit string */
static size_t fmt_f(char *out, int neg, const char *d, int nd, int dp, int prec)
{
	size_t n = 0;
	int i;

	if (neg)
		out[n++] = '-';
	if (dp > 0) {
		for (i = 0; i < dp; i++)
			out[n++] = i < nd ? d[i] : '0';
	} else {
		out[n++] = '0';
	}
	if (prec > 0) {
		out[n++] = '.';
		for (i = 0; i < prec; i++) {
			int j = dp + i;

			out[n++] = j < 0 || j >= nd ? '0' : d[j];
		}
	}
	out[n] = '\0';
	return n;
}

void go_format_float(double f, char *out, size_t outlen)
{
	char d[32];
	char tmp[64];
	int nd, dp, exp;
	int neg = signbit(f) != 0;

	if (isnan(f)) {
		snprintf(out, outlen, ".nan");
		return;
	}
	if (isinf(f)) {
		snprintf(out, outlen, "%s", f < 0 ? "-.inf" : ".inf");
		return;
	}
	shortest_digits(f, d, &nd, &dp);
	/* strconv 'g' with shortest precision: %e when exp < -4 || exp >= 6 */
	exp = dp - 1;
	if (nd == 0)
		exp = -1;
	if (exp < -4 || exp >= 6)
		fmt_e(tmp, neg, d, nd, dp);
	else
		fmt_f(tmp, neg, d, nd, dp, nd - dp > 0 ? nd - dp : 0);
	snprintf(out, outlen, "%s", tmp);
}

void go_format_float_f(double f, char *out, size_t outlen)
{
	char d[32];
	char tmp[400];
	int nd, dp;

	if (isnan(f) || isinf(f)) {
		go_format_float(f, out, outlen);
		return;
	}
	shortest_digits(f, d, &nd, &dp);
	if (dp > 330 || dp < -330) {
		go_format_float(f, out, outlen);
		return;
	}
	fmt_f(tmp, signbit(f) != 0, d, nd, dp, nd - dp > 0 ? nd - dp : 0);
	snprintf(out, outlen, "%s", tmp);
}

void scalar_float_text(double f, char *out, size_t outlen)
{
	char d[32];
	char tmp[64];
	int nd, dp;
	int neg = signbit(f) != 0;
	int64_t iv;
	uint64_t uv;
	size_t n;

	if (isnan(f) || isinf(f) || f != floor(f) || fabs(f) >= 1e21) {
		go_format_float(f, out, outlen);
		return;
	}
	/*
	 * encoding/json prints an integral float below 1e21 in %f form with
	 * its shortest digits; go-yaml v2 then reads that text as an int,
	 * a uint, or (past 2^64) a float again.
	 */
	shortest_digits(f, d, &nd, &dp);
	n = fmt_f(tmp, neg, d, nd, dp, 0);
	if (go_parse_int(tmp, n, &iv) == 0) {
		snprintf(out, outlen, "%lld", (long long)iv);
		return;
	}
	if (go_parse_uint(tmp, n, &uv) == 0) {
		snprintf(out, outlen, "%llu", (unsigned long long)uv);
		return;
	}
	go_format_float(f, out, outlen);
}
