/*
 * Unit tests for render/ pieces that have no direct CLI surface: the
 * generator hash (vectors produced by kubectl kustomize), kyaml's base64
 * wrapping, env-file parsing, image references, label selectors.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "../../src/base/buf.h"
#include "../../src/base/err.h"
#include "../../src/doc/yaml.h"
#include "../../src/render/generate.h"
#include "../../src/render/select.h"
#include "../../src/render/transform.h"

static json_t *y(const char *text)
{
	json_t *docs = NULL, *d;

	cr_assert_eq(doc_yaml_load(text, strlen(text), NULL, &docs), 0, "%s", err_last());
	d = json_incref(json_array_get(docs, 0));
	json_decref(docs);
	return d;
}

static const struct {
	const char *obj;
	const char *suffix;
} hashes[] = {
	{ "{apiVersion: v1, kind: ConfigMap, metadata: {name: cm}, data: {a: '1'}}", "h29d89cmmt" },
	{ "{apiVersion: v1, kind: ConfigMap, metadata: {name: x}, data: {FOO: Bar}}", "42cfbf598f" },
	{ "{apiVersion: v1, kind: ConfigMap, metadata: {name: x}}", "6ct58987ht" },
	{ "{apiVersion: v1, kind: Secret, metadata: {name: s}, type: Opaque,"
	  " data: {user: YWRtaW4=, pass: czNjcjN0}}", "27b7dg5m6t" },
	{ "{apiVersion: v1, kind: Secret, metadata: {name: s}, type: Opaque, data: {}}", "46f8b28mk5" },
	{ "{apiVersion: v1, kind: Secret, metadata: {name: s}, type: Opaque, data: {a: PCY+}}", "t8dd8d42gk" },
	/* the name never enters the hash (an upstream quirk kubectl has) */
	{ "{apiVersion: v1, kind: ConfigMap, metadata: {name: other}, data: {a: '1'}}", "h29d89cmmt" },
};

Test(generate, hash_suffix_matches_kubectl)
{
	size_t i;

	for (i = 0; i < sizeof(hashes) / sizeof(hashes[0]); i++) {
		json_t *o = y(hashes[i].obj);
		char suffix[11];

		gen_hash_suffix(o, suffix);
		cr_expect_str_eq(suffix, hashes[i].suffix, "%s", hashes[i].obj);
		json_decref(o);
	}
}

Test(generate, base64_wraps_at_70_columns)
{
	struct buf b = BUF_INIT;
	char data[105];

	memset(data, 'a', sizeof(data));
	gen_base64_wrapped(&b, data, 51);
	cr_assert_eq(b.len, 68);
	cr_assert_null(strchr(b.ptr, '\n'));
	buf_reset(&b);
	gen_base64_wrapped(&b, data, 52);
	cr_assert_eq(b.len, 72 + 2);
	cr_assert_eq(b.ptr[70], '\n');
	cr_assert_eq(b.ptr[b.len - 1], '\n');
	buf_reset(&b);
	gen_base64_wrapped(&b, data, 105);
	cr_assert_eq(b.len, 140 + 2);
	buf_release(&b);
}

Test(generate, env_files_follow_kustomize_rules)
{
	const char *env = "\xEF\xBB\xBF" "FIRST=1\n# comment\n   # indented\n\n"
			  "export EX=2\n  LEAD=3\nTRAIL=4   \nQ1=\"quoted\"\nEQ=a=b\n"
			  "CRLF=crlf\r\nHOME\n=nokey\nLAST=nonl";
	json_t *pairs = json_array();
	const char *want[][2] = {
		{ "FIRST", "1" }, { "export EX", "2" }, { "LEAD", "3" }, { "TRAIL", "4   " },
		{ "Q1", "\"quoted\"" }, { "EQ", "a=b" }, { "CRLF", "crlf" }, { "HOME", "" },
		{ "LAST", "nonl" },
	};
	size_t i;

	cr_assert_eq(gen_parse_env(env, strlen(env), "e.env", pairs), 0);
	cr_assert_eq(json_array_size(pairs), sizeof(want) / sizeof(want[0]));
	for (i = 0; i < json_array_size(pairs); i++) {
		json_t *p = json_array_get(pairs, i);

		cr_expect_str_eq(json_string_value(json_array_get(p, 0)), want[i][0]);
		cr_expect_str_eq(json_string_value(json_array_get(p, 1)), want[i][1]);
	}
	json_decref(pairs);
	pairs = json_array();
	cr_assert_eq(gen_parse_env("A=\xff\n", 4, "bad.env", pairs), ERR_INVALID);
	cr_assert_str_eq(err_last(), "bad.env:1: the line is not valid UTF-8");
	json_decref(pairs);
}

static const struct {
	const char *in, *name, *tag, *digest;
} splits[] = {
	{ "nginx", "nginx", "", "" },
	{ "nginx:1.0", "nginx", "1.0", "" },
	{ "nginx@sha256:abc", "nginx", "", "sha256:abc" },
	{ "nginx:1.0@sha256:abc", "nginx", "1.0", "sha256:abc" },
	{ "localhost:5000/x:t", "localhost:5000/x", "t", "" },
	{ "a/b:c/d:e", "a/b", "c/d:e", "" },
	{ "a@sha256:x:y", "a", "", "sha256:x:y" },
	{ "a:b/c", "a:b/c", "", "" },
};

Test(images, split_like_kustomize)
{
	size_t i;

	for (i = 0; i < sizeof(splits) / sizeof(splits[0]); i++) {
		struct buf n = BUF_INIT, t = BUF_INIT, d = BUF_INIT;

		image_split(splits[i].in, &n, &t, &d);
		cr_expect_str_eq(n.ptr, splits[i].name, "%s", splits[i].in);
		cr_expect_str_eq(t.ptr, splits[i].tag, "%s", splits[i].in);
		cr_expect_str_eq(d.ptr, splits[i].digest, "%s", splits[i].in);
		buf_release(&n);
		buf_release(&t);
		buf_release(&d);
	}
}

Test(images, name_matching)
{
	cr_assert(image_matches("nginx", "nginx"));
	cr_assert(image_matches("nginx:1.0@sha256:abc", "nginx"));
	cr_assert(image_matches("nginx:{{.Tag}}", "nginx"));
	cr_assert_not(image_matches("nginx-extra:1.0", "nginx"));
	cr_assert_not(image_matches("docker.io/nginx:1.0", "nginx"));
	cr_assert_not(image_matches("nginx:1.0+build", "nginx"));
	cr_assert(image_matches("quay.io/argoproj/argocli:latest", "quay.io/argoproj/argocli"));
	cr_assert(image_matches("anything:at-all", "*"));
	cr_assert(image_matches("localhost:5000/x@sha256:d1", "localhost:5000/x"));
}

Test(select, label_selectors)
{
	json_t *l = y("{tier: web, env: prod, n: '5'}");

	cr_assert_eq(label_selector_matches("tier=web", l), 1);
	cr_assert_eq(label_selector_matches("tier==web,env", l), 1);
	cr_assert_eq(label_selector_matches("tier!=web", l), 0);
	cr_assert_eq(label_selector_matches("missing!=x", l), 1);
	cr_assert_eq(label_selector_matches("env in (dev, prod)", l), 1);
	cr_assert_eq(label_selector_matches("env notin (prod)", l), 0);
	cr_assert_eq(label_selector_matches("!legacy", l), 1);
	cr_assert_eq(label_selector_matches("n>4, n<6", l), 1);
	cr_assert_eq(label_selector_matches("", l), 1);
	cr_assert_eq(label_selector_matches("tier=we.*", l), ERR_INVALID);
	cr_assert_eq(label_selector_matches("bad label!", l), ERR_INVALID);
	json_decref(l);
}
