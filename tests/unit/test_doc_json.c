/*
 * Unit tests for doc/json: the reader and the compact writer side by
 * side with jansson's (json_loadb, json_dumps), which they replace on
 * the hot paths and must agree with: the same inputs accepted and
 * refused, the same trees, the same bytes written.
 */
#include <criterion/criterion.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/base/buf.h"
#include "../../src/doc/json.h"

/* whether a and b are equal, reals and integers told apart */
static int same(const json_t *a, const json_t *b)
{
	return json_equal((json_t *)a, (json_t *)b);
}

/* ours and jansson's on text with flags: both refuse, or equal trees */
static void agree(const char *text, size_t len, size_t flags)
{
	json_error_t je, de;
	json_t *j = json_loadb(text, len, flags, &je);
	json_t *d = doc_json_load(text, len, flags, &de);

	if (!j) {
		cr_assert_null(d, "accepted what jansson refuses (%s): %.*s", je.text, (int)len, text);
		cr_assert(de.text[0], "no error text for %.*s", (int)len, text);
		cr_assert_str_eq(de.source, "<buffer>");
	} else {
		cr_assert_not_null(d, "refused what jansson accepts (%s): %.*s", de.text, (int)len, text);
		cr_assert(same(j, d), "a different tree for %.*s", (int)len, text);
	}
	json_decref(j);
	json_decref(d);
}

static void agree_all(const char *text)
{
	agree(text, strlen(text), 0);
	agree(text, strlen(text), JSON_REJECT_DUPLICATES);
	agree(text, strlen(text), JSON_DECODE_ANY);
}

Test(doc_json, accepts_and_refuses_as_jansson)
{
	static const char *const cases[] = {
		"{}", "[]", " \t\r\n{ } ", "[1,2,3]", "{\"a\":1,\"b\":[true,false,null]}",
		"{\"a\":{\"b\":{\"c\":\"d\"}}}", "[\"\"]", "[-0]", "[0]", "[-1]", "[12]",
		"[1.5]", "[-1.5e10]", "[1E+2]", "[1e-2]", "[0.0]", "[1e400]", "[-1e400]",
		"[1e-400]", "[9223372036854775807]", "[-9223372036854775808]",
		"[9223372036854775808]", "[-9223372036854775809]", "[99999999999999999999]",
		"[01]", "[-]", "[1.]", "[.5]", "[1e]", "[1e+]", "[+1]", "[0x10]", "[1 2]",
		"[\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\"]", "[\"\\u0041\\u00e9\\u4e2d\"]",
		"[\"\\ud83d\\ude00\"]", "[\"\\ud83d\"]", "[\"\\ude00\"]", "[\"\\ud83d\\u0041\"]",
		"[\"\\u0000\"]", "[\"\\x41\"]", "[\"\\u12G4\"]", "[\"\\u12\"]", "[\"a\tb\"]",
		"[\"a\nb\"]", "[\"\xc3\xa9\"]", "[\"\xc3\"]", "[\"\xe2\x82\xac\"]",
		"[\"\xed\xa0\x80\"]", "[\"\xf4\x90\x80\x80\"]", "[\"\xc0\xaf\"]", "[\"\xff\"]",
		"[\"unterminated", "[", "{", "{\"a\"", "{\"a\":", "{\"a\":1", "{\"a\":1,}",
		"[1,]", "[,1]", "{,}", "{\"a\" 1}", "{1:2}", "{\"a\":1 \"b\":2}", "{\"a\":1}}",
		"[1]]", "[1] x", "", " ", "1", "\"s\"", "true", "null", "nul", "tru", "truex",
		"[true1]", "[True]", "[NaN]", "[Infinity]", "{\"a\":1,\"a\":2}",
		"{\"a\":{\"b\":1,\"b\":2}}", "[{\"a\":1},{\"a\":2}]", "\xef\xbb\xbf{}", "{}\x00",
		"[\"a\x00b\"]", "[1e999999999999]", "[123456789012345678901234567890.5]",
		"[0.1, 0.2, 1e-7, 5e-324, 1.7976931348623157e308]",
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		agree_all(cases[i]);
	/* with the NUL bytes counted */
	agree("[\"a\0b\"]", 7, 0);
	agree("{}\0", 3, 0);
	agree("[1]\0 ", 5, 0);
}

Test(doc_json, depth_limit)
{
	struct buf b = BUF_INIT;
	int depth;

	for (depth = JSON_PARSER_MAX_DEPTH - 1; depth <= JSON_PARSER_MAX_DEPTH + 1; depth++) {
		buf_reset(&b);
		buf_addch(&b, '[', (size_t)depth);
		buf_addch(&b, ']', (size_t)depth);
		agree(b.ptr, b.len, 0);
	}
	buf_release(&b);
}

Test(doc_json, error_position)
{
	json_error_t e;
	const char *text = "{\n  \"a\": 1,\n  \"b\": tru\n}";

	cr_assert_null(doc_json_load(text, strlen(text), 0, &e));
	cr_assert_eq(e.line, 3);
	cr_assert_eq(e.column, 8);
	cr_assert_str_eq(e.text, "invalid token near 'tru?}'");
	cr_assert_null(doc_json_load("{\"a\":1,\"a\":2}", 13, JSON_REJECT_DUPLICATES, &e));
	cr_assert(strstr(e.text, "duplicate object key"), "%s", e.text);
	cr_assert_null(doc_json_load("[1", 2, 0, &e));
	cr_assert_str_eq(e.text, "']' expected near end of file");
}

/* a random tree: strings with escapes, controls and UTF-8, all number kinds */
static json_t *random_tree(unsigned *seed, int depth)
{
	static const char *const pieces[] = {
		"a", "key", "\"", "\\", "/", "\b", "\f", "\n", "\r", "\t", "\x01", "\x1f",
		"\x7f", "\xc3\xa9", "\xe2\x80\xa8", "\xf0\x9f\x98\x80", "<", "&", " ",
	};
	int kind = depth > 4 ? rand_r(seed) % 5 + 2 : rand_r(seed) % 7;
	struct buf s = BUF_INIT;
	json_t *v;
	int i, n;

	switch (kind) {
	case 0:
		v = json_object();
		n = rand_r(seed) % 5;
		for (i = 0; i < n; i++) {
			char k[8];

			snprintf(k, sizeof(k), "k%d", rand_r(seed) % 10);
			json_object_set_new(v, k, random_tree(seed, depth + 1));
		}
		return v;
	case 1:
		v = json_array();
		n = rand_r(seed) % 5;
		for (i = 0; i < n; i++)
			json_array_append_new(v, random_tree(seed, depth + 1));
		return v;
	case 2:
		n = rand_r(seed) % 6;
		for (i = 0; i < n; i++)
			buf_adds(&s, pieces[rand_r(seed) % (int)(sizeof(pieces) / sizeof(pieces[0]))]);
		v = json_stringn(s.ptr ? s.ptr : "", s.len);
		buf_release(&s);
		return v;
	case 3:
		return json_integer((json_int_t)rand_r(seed) * (rand_r(seed) % 2 ? 1 : -1) *
				    (rand_r(seed) % 3 ? 1 : 4294967296LL));
	case 4: {
		static const double reals[] = {
			0.0, -0.0, 0.1, 1.0, -2.5, 1e-7, 1e21, 1e22, 123456789.125, 5e-324,
			DBL_MAX, -DBL_MIN, 3.141592653589793, 1e100, 1e-100, 100.0, 1e17,
		};
		double d = reals[rand_r(seed) % (int)(sizeof(reals) / sizeof(reals[0]))];

		double e = d * (double)rand_r(seed) / 7.0;

		return json_real(rand_r(seed) % 2 || !isfinite(e) ? d : e);
	}
	case 5:
		return rand_r(seed) % 2 ? json_true() : json_false();
	default:
		return json_null();
	}
}

Test(doc_json, writes_and_reads_what_jansson_does)
{
	unsigned seed = 20261204;
	int round;

	for (round = 0; round < 3000; round++) {
		json_t *v = random_tree(&seed, 0), *back;
		char *want = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
		char *want_sorted = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY | JSON_SORT_KEYS);
		struct buf got = BUF_INIT, sorted = BUF_INIT;

		cr_assert_not_null(want);
		doc_json_dump(&got, v, 0);
		doc_json_dump(&sorted, v, DOC_JSON_SORT_KEYS);
		cr_assert_str_eq(got.ptr ? got.ptr : "", want);
		cr_assert_str_eq(sorted.ptr ? sorted.ptr : "", want_sorted);
		back = doc_json_load(want, strlen(want), JSON_DECODE_ANY, NULL);
		cr_assert_not_null(back, "%s", want);
		cr_assert(same(v, back), "%s", want);
		agree(want, strlen(want), JSON_DECODE_ANY);
		json_decref(back);
		json_decref(v);
		free(want);
		free(want_sorted);
		buf_release(&got);
		buf_release(&sorted);
	}
}

Test(doc_json, keeps_only_the_named_members)
{
	static const char *const keep[] = { "metadata", "status", NULL };
	const char *text = "{\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"x\",\"spec\":1},"
			   "\"spec\":{\"big\":[1,2,{\"a\":\"\\u00e9\"}]},\"status\":{\"ok\":true}}";
	json_t *v = doc_json_load_keys(text, strlen(text), keep, NULL);
	json_t *want = json_loads("{\"metadata\":{\"name\":\"x\",\"spec\":1},\"status\":{\"ok\":true}}",
				  0, NULL);
	json_error_t e;

	cr_assert(same(v, want));
	json_decref(v);
	json_decref(want);
	/* what is skipped is still checked */
	text = "{\"metadata\":{},\"spec\":{\"bad\":[1,]}}";
	cr_assert_null(doc_json_load_keys(text, strlen(text), keep, &e));
	cr_assert(strstr(e.text, "unexpected token") || strstr(e.text, "invalid token"), "%s", e.text);
	text = "{\"metadata\":{},\"spec\":\"\\ud800\"}";
	cr_assert_null(doc_json_load_keys(text, strlen(text), keep, NULL));
	text = "{\"spec\":99999999999999999999}";
	cr_assert_null(doc_json_load_keys(text, strlen(text), keep, NULL));
	/* not an object at the top: read whole */
	v = doc_json_load_keys("[1]", 3, keep, NULL);
	cr_assert_eq(json_array_size(v), 1);
	json_decref(v);
}
