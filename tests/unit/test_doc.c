/*
 * Unit tests for doc/: scalar rules, number formatting, the YAML loader
 * (values, positions, errors, limits) and the kustomize-compatible
 * emitter.  The expected strings are what `kubectl kustomize` (kustomize
 * v5.5.0) prints for the same input.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "../../src/base/buf.h"
#include "../../src/base/err.h"
#include "../../src/doc/labelsel.h"
#include "../../src/doc/resid.h"
#include "../../src/doc/scalar.h"
#include "../../src/doc/json.h"
#include "../../src/doc/yaml.h"

/* load one document "v: <text>" and emit it; return the text after "v: " */
static char *roundtrip_value(const char *text)
{
	struct buf in = BUF_INIT, out = BUF_INIT;
	json_t *docs = NULL;
	char *res;

	buf_addf(&in, "v: %s\n", text);
	cr_assert_eq(doc_yaml_load(in.ptr, in.len, NULL, &docs), 0, "%s: %s", text,
		     err_last());
	cr_assert_eq(doc_yaml_emit(&out, json_array_get(docs, 0)), 0);
	cr_assert_eq(strncmp(out.ptr, "v: ", 3), 0, "%s", out.ptr);
	buf_setlen(&out, out.len - 1); /* the final newline */
	res = strdup(out.ptr + 3);
	json_decref(docs);
	buf_release(&in);
	buf_release(&out);
	return res;
}

static const struct {
	const char *in;
	const char *out;
} values[] = {
	/* bools and nulls: YAML 1.2 on input, 1.1 quoting on output */
	{ "true", "true" }, { "True", "true" }, { "yes", "\"yes\"" },
	{ "no", "\"no\"" }, { "on", "\"on\"" }, { "y", "\"y\"" }, { "N", "\"N\"" },
	{ "~", "null" }, { "null", "null" }, { "", "null" }, { "\"null\"", "\"null\"" },
	{ "\"\"", "\"\"" }, { "nO", "nO" }, { "tRUE", "tRUE" },
	/* numbers */
	{ "1", "1" }, { "+1", "1" }, { "-0", "0" }, { "1.0", "1" }, { "1.5", "1.5" },
	{ "1e3", "1000" }, { ".5", "0.5" }, { "1_000", "1000" }, { "0755", "493" },
	{ "0o755", "493" }, { "0x1F", "31" }, { "0b101", "5" }, { "08", "8" },
	{ "0009", "9" }, { "9223372036854775807", "9223372036854775807" },
	{ "1e21", "1e+21" }, { "1e20", "1e+20" }, { "1e19", "10000000000000000000" },
	{ "0.0001", "0.0001" }, { "0.00001", "1e-05" }, { "1e-7", "1e-07" },
	{ "123456.5", "123456.5" }, { "1000000.5", "1.0000005e+06" },
	{ "123456789.5", "1.234567895e+08" }, { "6.02e23", "6.02e+23" },
	{ "1152921504606846976.0", "1152921504606847000" },
	{ "1e400", "1e400" }, { "0o8", "0o8" }, { "0x", "0x" },
	/* strings that would read back as something else are quoted */
	{ "\"1\"", "\"1\"" }, { "\"0755\"", "\"0755\"" }, { "\"1e3\"", "\"1e3\"" },
	{ "\"1:20\"", "\"1:20\"" }, { "\".inf\"", "\".inf\"" }, { "\"-0\"", "\"-0\"" },
	{ "\"2001-12-14\"", "\"2001-12-14\"" }, { "\"2001-13-14\"", "2001-13-14" },
	/* timestamps become RFC 3339 times */
	{ "2001-12-14", "\"2001-12-14T00:00:00Z\"" },
	{ "2001-12-14T21:59:43.10-05:00", "\"2001-12-14T21:59:43.1-05:00\"" },
	{ "2001-12-14 21:59:43", "\"2001-12-14T21:59:43Z\"" },
	{ "1999-01-01T00:00:00+00:00", "\"1999-01-01T00:00:00Z\"" },
	/* indicators */
	{ "\"- 1\"", "'- 1'" }, { "\"-\"", "'-'" }, { "\"+\"", "+" },
	{ "\"a: b\"", "'a: b'" }, { "\"# c\"", "'# c'" }, { "\"a #b\"", "'a #b'" },
	{ "\"a#b\"", "a#b" }, { "\"@at\"", "'@at'" }, { "\"*ref\"", "'*ref'" },
	{ "\" lead\"", "' lead'" }, { "\"trail \"", "'trail '" }, { "\"it's\"", "it's" },
	{ "\"'x'\"", "'''x'''" }, { "\"<<\"", "<<" }, { "\"=\"", "=" },
	{ "\"* * * * *\"", "'* * * * *'" },
	/* escapes */
	{ "\"\\ttab\"", "\"\\ttab\"" }, { "\"a\\u0001b\"", "\"a\\x01b\"" },
	{ "\"emoji \\U0001F600\"", "\"emoji \\U0001F600\"" }, { "\"caf\\u00e9\"", "café" },
	/* multi-line strings */
	{ "\"a\\nb\\n\"", "|\n  a\n  b" }, { "\"a\\nb\"", "|-\n  a\n  b" },
	{ "\"a\\n\\n\"", "|+\n  a\n" }, { "\" x\\ny\\n\"", "|2\n   x\n  y" },
	{ "\"a \\nb\\n\"", "\"a \\nb\\n\"" }, { "\"a\\tb\\n\"", "\"a\\tb\\n\"" },
};

Test(yaml, scalar_values_print_as_kustomize_prints_them)
{
	size_t i;

	for (i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		char *got = roundtrip_value(values[i].in);

		cr_expect_str_eq(got, values[i].out, "input %s", values[i].in);
		free(got);
	}
}

Test(yaml, long_plain_strings_fold_after_column_80)
{
	char *got = roundtrip_value("ClusterWorkflowTemplate is the definition of a "
				    "workflow template resource in cluster scope and more words");

	cr_assert_str_eq(got, "ClusterWorkflowTemplate is the definition of a workflow "
			      "template resource in cluster\n  scope and more words");
	free(got);
}

Test(yaml, keys_sort_in_go_yaml_order)
{
	/* (a1b would make the order cyclic: a1b < a9 < a10 < a1b) */
	const char *in = "{b: 1, a10: 1, a9: 1, A: 1, _x: 1, \"1\": 1}\n";
	struct buf out = BUF_INIT;
	json_t *docs;

	cr_assert_eq(doc_yaml_load(in, strlen(in), NULL, &docs), 0);
	cr_assert_eq(doc_yaml_emit(&out, json_array_get(docs, 0)), 0);
	cr_assert_str_eq(out.ptr, "_x: 1\n\"1\": 1\nA: 1\na9: 1\na10: 1\nb: 1\n");
	json_decref(docs);
	buf_release(&out);
}

Test(yaml, structure_layout)
{
	const char *in = "k: {s: [a, [b, c], {x: 1, y: []}], e: {}}\n";
	struct buf out = BUF_INIT;
	json_t *docs;

	cr_assert_eq(doc_yaml_load(in, strlen(in), NULL, &docs), 0);
	cr_assert_eq(doc_yaml_emit(&out, json_array_get(docs, 0)), 0);
	cr_assert_str_eq(out.ptr, "k:\n  e: {}\n  s:\n  - a\n  - - b\n    - c\n"
				  "  - x: 1\n    \"y\": []\n");
	json_decref(docs);
	buf_release(&out);
}

Test(yaml, aliases_and_merge_keys_expand)
{
	const char *in = "base: &b {x: 1, y: 2}\nm:\n  <<: *b\n  y: 3\nl: [*b]\n";
	json_t *docs, *d;

	cr_assert_eq(doc_yaml_load(in, strlen(in), NULL, &docs), 0, "%s", err_last());
	d = json_array_get(docs, 0);
	cr_assert_eq(json_integer_value(json_object_get(json_object_get(d, "m"), "x")), 1);
	cr_assert_eq(json_integer_value(json_object_get(json_object_get(d, "m"), "y")), 3);
	cr_assert_eq(json_integer_value(json_object_get(
			     json_array_get(json_object_get(d, "l"), 0), "y")), 2);
	json_decref(docs);
}

Test(yaml, errors_carry_file_line_and_column)
{
	struct doc_load_opts o = DOC_LOAD_OPTS_INIT;
	const char *bad = "a: 1\nb: [1, 2\nc: 3\n";
	const char *dup = "a: 1\nb: 2\na: 3\n";
	json_t *docs = NULL;

	o.name = "f.yaml";
	cr_assert_eq(doc_yaml_load(bad, strlen(bad), &o, &docs), ERR_INVALID);
	cr_assert(strncmp(err_last(), "f.yaml:3:", 9) == 0, "%s", err_last());
	cr_assert_eq(doc_yaml_load(dup, strlen(dup), &o, &docs), ERR_INVALID);
	cr_assert_str_eq(err_last(), "f.yaml:3:1: duplicate key 'a' in a mapping");
	o.flags = DOC_LOAD_YAML11;
	cr_assert_eq(doc_yaml_load(dup, strlen(dup), &o, &docs), 0);
	cr_assert_eq(json_integer_value(json_object_get(json_array_get(docs, 0), "a")), 3);
	json_decref(docs);
}

Test(yaml, yaml11_mode_reads_yes_as_bool)
{
	struct doc_load_opts o = DOC_LOAD_OPTS_INIT;
	const char *in = "a: yes\nb: 2001-12-14\n";
	json_t *docs = NULL;

	o.flags = DOC_LOAD_YAML11;
	cr_assert_eq(doc_yaml_load(in, strlen(in), &o, &docs), 0);
	cr_assert(json_is_true(json_object_get(json_array_get(docs, 0), "a")));
	cr_assert_str_eq(json_string_value(json_object_get(json_array_get(docs, 0), "b")),
			 "2001-12-14");
	json_decref(docs);
}

Test(yaml, alias_bomb_is_refused)
{
	struct buf in = BUF_INIT;
	json_t *docs = NULL;
	int i;

	buf_adds(&in, "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
	for (i = 1; i < 10; i++)
		buf_addf(&in, "a%d: &a%d [*a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d]\n",
			 i, i, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1);
	cr_assert_eq(doc_yaml_load(in.ptr, in.len, NULL, &docs), ERR_TOOBIG);
	cr_assert(strstr(err_last(), "excessive aliasing"), "%s", err_last());
	buf_release(&in);
}

Test(yaml, deep_nesting_is_refused)
{
	struct buf in = BUF_INIT;
	json_t *docs = NULL;
	int i;

	for (i = 0; i < 2000; i++)
		buf_addc(&in, '[');
	cr_assert_eq(doc_yaml_load(in.ptr, in.len, NULL, &docs), ERR_TOOBIG);
}

Test(yaml, positions_are_recorded)
{
	struct doc_load_opts o = DOC_LOAD_OPTS_INIT;
	const char *in = "a:\n  b:\n  - x\n  - y\n";
	struct doc_pos k, v;
	json_t *docs;

	o.pos = doc_posmap_new();
	o.flags = DOC_LOAD_POSITIONS;
	cr_assert_eq(doc_yaml_load(in, strlen(in), &o, &docs), 0);
	cr_assert_eq(doc_posmap_get(o.pos, "/0/a/b/1", &k, &v), 0);
	cr_assert_eq(v.line, 4);
	cr_assert_eq(v.col, 5);
	cr_assert_eq(doc_posmap_get(o.pos, "/0/a/b", &k, &v), 0);
	cr_assert_eq(k.line, 2);
	cr_assert_eq(k.col, 3);
	doc_posmap_free(o.pos);
	json_decref(docs);
}

Test(scalar, go_format_float)
{
	char b[64];

	go_format_float(1e6, b, sizeof(b));
	cr_assert_str_eq(b, "1e+06");
	go_format_float(123456.0, b, sizeof(b));
	cr_assert_str_eq(b, "123456");
	go_format_float(0.1 + 0.2, b, sizeof(b));
	cr_assert_str_eq(b, "0.30000000000000004");
	go_format_float(5e-324, b, sizeof(b));
	cr_assert_str_eq(b, "5e-324");
	go_format_float(-1.5e300, b, sizeof(b));
	cr_assert_str_eq(b, "-1.5e+300");
}

Test(scalar, go_json_marshal)
{
	const char *in = "{b: \"<&>\", a: [1, 1.5, 1e-7, true, null]}";
	struct buf out = BUF_INIT;
	json_t *docs;

	cr_assert_eq(doc_yaml_load(in, strlen(in), NULL, &docs), 0);
	doc_json_go(&out, json_array_get(docs, 0));
	cr_assert_str_eq(out.ptr, "{\"a\":[1,1.5,1e-7,true,null],\"b\":\"\\u003c\\u0026\\u003e\"}");
	json_decref(docs);
	buf_release(&out);
}

Test(resid, format_and_scope)
{
	const char *in = "{apiVersion: apps/v1, kind: Deployment, metadata: {name: a}}";
	struct buf out = BUF_INIT;
	struct resid id;
	json_t *docs;

	cr_assert_eq(doc_yaml_load(in, strlen(in), NULL, &docs), 0);
	resid_from_obj(&id, json_array_get(docs, 0));
	resid_format(&out, &id);
	cr_assert_str_eq(out.ptr, "Deployment.v1.apps/a.[noNs]");
	resid_release(&id);
	cr_assert(resid_is_cluster_scoped("rbac.authorization.k8s.io", "v1", "ClusterRole"));
	cr_assert_not(resid_is_cluster_scoped("rbac.authorization.k8s.io", "v1alpha1", "ClusterRole"));
	cr_assert(resid_legacy_rank("Namespace") < resid_legacy_rank("Deployment"));
	cr_assert(resid_legacy_rank("Foo") < resid_legacy_rank("ValidatingWebhookConfiguration"));
	json_decref(docs);
	buf_release(&out);
}

Test(labelsel, object_form_as_the_api_reads_it)
{
	json_t *l = json_pack("{s:s, s:s}", "app", "web", "tier", "front");
	static const struct {
		const char *sel;
		int want;
	} cases[] = {
		{ "{}", 1 },
		{ "{\"matchLabels\": {\"app\": \"web\"}}", 1 },
		{ "{\"matchLabels\": {\"app\": \"db\"}}", 0 },
		{ "{\"matchLabels\": {\"app\": \"web\", \"x\": \"y\"}}", 0 },
		{ "{\"matchExpressions\": [{\"key\": \"tier\", \"operator\": \"In\", \"values\": [\"front\", \"back\"]}]}", 1 },
		{ "{\"matchExpressions\": [{\"key\": \"tier\", \"operator\": \"NotIn\", \"values\": [\"front\"]}]}", 0 },
		{ "{\"matchExpressions\": [{\"key\": \"gone\", \"operator\": \"NotIn\", \"values\": [\"front\"]}]}", 1 },
		{ "{\"matchExpressions\": [{\"key\": \"app\", \"operator\": \"Exists\"}]}", 1 },
		{ "{\"matchExpressions\": [{\"key\": \"app\", \"operator\": \"DoesNotExist\"}]}", 0 },
		{ "{\"matchExpressions\": [{\"key\": \"app\", \"operator\": \"Near\"}]}", ERR_INVALID },
		{ "{\"matchExpressions\": [{\"key\": \"app\", \"operator\": \"In\"}]}", ERR_INVALID },
		{ "{\"matchLabels\": {\"app\": 1}}", ERR_INVALID },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_t *s = json_loads(cases[i].sel, 0, NULL);

		cr_assert_not_null(s, "case %zu", i);
		cr_assert_eq(label_selector_obj_matches(s, l), cases[i].want,
			     "case %zu: %s", i, cases[i].sel);
		json_decref(s);
	}
	cr_assert_eq(label_selector_obj_matches(NULL, l), 0);
	json_decref(l);
}

/* ---- the fast block-YAML reader ---------------------------------- */

/* text read by doc_yaml_fast must be what doc_yaml_load reads; took: whether it may decline */
static void fast_case(const char *text, int must_take)
{
	struct doc_load_opts o = DOC_LOAD_OPTS_INIT;
	struct doc_pos root = { 0, 0 }, k, v;
	json_t *fast = NULL, *docs = NULL;
	int took = doc_yaml_fast(text, strlen(text), 0, &fast, &root);

	cr_assert_eq(took, must_take, "doc_yaml_fast %s:\n%s", took ? "took" : "declined", text);
	if (!took)
		return;
	o.flags = DOC_LOAD_FIRST_ONLY;
	o.pos = doc_posmap_new();
	cr_assert_eq(doc_yaml_load(text, strlen(text), &o, &docs), 0, "%s", err_last());
	cr_assert(json_equal(fast, json_array_get(docs, 0)), "a different document for:\n%s", text);
	cr_assert_eq(doc_posmap_get(o.pos, "/0", &k, &v), 0);
	cr_assert_eq(root.line, v.line);
	cr_assert_eq(root.col, v.col);
	doc_posmap_free(o.pos);
	json_decref(docs);
	json_decref(fast);
}

Test(doc_yaml_fast, takes_what_kustomize_prints)
{
	fast_case("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a # c\n  labels: {}\ndata:\n  k: \"v\\n\"\n", 1);
	fast_case("# lead\n\nspec:\n  containers:\n  - args:\n    - server\n    - --x=1\n    image: 'a''b'\n    ports:\n    - containerPort: 2746\n      name: web\n  env: []\n", 1);
	fast_case("description: one two\n  three four\n\n  five\nnext: 1.5\nn: 012\nb: true\nz: ~\nts: 2001-12-14\n", 1);
	fast_case("q: \"a long line \\\n  folded\\u00e9 and\n  on\"\ns: 'x\n\n  y'\n", 1);
	fast_case("script: |\n  #!/bin/sh\n  echo hi   # text\n\n    indented\n  end\nstripped: |-\n  last\nafter: x\n", 1);
	fast_case("---\nlist:\n- a\n- b: 1\n  c:\n  - x\n-\n  d: 2\ne: f\n", 1);
	fast_case("  indented: root\n  second: 2\n", 1);
	fast_case("- 1\n- two\n", 1);
	fast_case("k: \"`quoted` and \\\"escaped\\\"\"\nplain: a \"quoted\" word\n  `and` continued\n", 1);
}

Test(doc_yaml_fast, declines_the_rest)
{
	fast_case("a:\tb\n", 0);                    /* a tab */
	fast_case("a: &x 1\nb: *x\n", 0);           /* anchors */
	fast_case("a: [1, 2]\n", 0);                /* flow */
	fast_case("a: !!str 1\n", 0);               /* tags */
	fast_case("a: >\n  folded\n", 0);           /* folded block */
	fast_case("a: |+\n  kept\n\n", 0);          /* keep chomping */
	fast_case("a: 1\na: 2\n", 0);               /* a duplicate (an error) */
	fast_case("1: a\n", 0);                     /* a key that is not a string */
	fast_case("<<: {}\n", 0);                   /* merge */
	fast_case("? a\n: b\n", 0);                 /* explicit key */
	fast_case("a: b: c\n", 0);                  /* an error */
	fast_case("a: 1\n...\nb: 2\n", 0);          /* a document end */
	fast_case("# only a comment\n", 0);         /* no document */
	fast_case("just a scalar\n", 0);
	fast_case("a: \"\\0\"\n", 0);
	fast_case("a: b\n c: d\n", 0);
}
