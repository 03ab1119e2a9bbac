/*
 * Unit tests for doc/patch.h: strategic merge patch as kustomize v5.5.0
 * applies it (list merge keys, element order, directives), JSON patch
 * (RFC 6902 plus the evanphx extensions kustomize relies on) and JSON
 * merge patch (RFC 7386).  Expected results were taken from
 * `kubectl kustomize` runs.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "../../src/base/buf.h"
#include "../../src/base/err.h"
#include "../../src/doc/patch.h"
#include "../../src/doc/json.h"
#include "../../src/doc/yaml.h"

static json_t *y(const char *text)
{
	json_t *docs = NULL, *d;

	cr_assert_eq(doc_yaml_load(text, strlen(text), NULL, &docs), 0, "%s: %s",
		     text, err_last());
	d = json_incref(json_array_get(docs, 0));
	json_decref(docs);
	return d;
}

static void expect_json(const json_t *got, const char *want_yaml)
{
	json_t *want = y(want_yaml);
	struct buf a = BUF_INIT, b = BUF_INIT;

	doc_json_go(&a, got);
	doc_json_go(&b, want);
	cr_assert_str_eq(a.ptr, b.ptr);
	json_decref(want);
	buf_release(&a);
	buf_release(&b);
}

static json_t *smp(const char *target, const char *patch, int *rc)
{
	json_t *t = y(target), *p = y(patch);

	*rc = smp_apply(&t, p);
	json_decref(p);
	return t;
}

#define POD "{apiVersion: v1, kind: Pod, metadata: {name: p}, spec: "

Test(smp, containers_merge_by_name_patch_order_first)
{
	int rc;
	json_t *t = smp(POD "{containers: [{name: c1, image: a}, {name: c2}, {name: c3}]}}",
			POD "{containers: [{name: c3, image: z}, {name: new1}, {name: c1, image: b}, {name: new2}]}}",
			&rc);

	cr_assert_eq(rc, SMP_MERGED);
	expect_json(t, POD "{containers: [{name: c3, image: z}, {name: new1}, {name: c1, image: b}, {name: new2}, {name: c2}]}}");
	json_decref(t);
}

Test(smp, env_and_finalizers)
{
	int rc;
	json_t *t = smp("{apiVersion: v1, kind: Pod, metadata: {name: p, finalizers: [f1, f2, f3]},"
			" spec: {containers: [{name: c, env: [{name: E1, value: a}, {name: E2}]}]}}",
			"{apiVersion: v1, kind: Pod, metadata: {name: p, finalizers: [f2, f0]},"
			" spec: {containers: [{name: c, env: [{name: E3}, {name: E1, value: b}]}]}}",
			&rc);

	expect_json(t, "{apiVersion: v1, kind: Pod, metadata: {name: p, finalizers: [f2, f0, f1, f3]},"
		       " spec: {containers: [{name: c, env: [{name: E3}, {name: E1, value: b}, {name: E2}]}]}}");
	json_decref(t);
}

Test(smp, ports_merge_on_two_keys)
{
	int rc;
	json_t *t = smp(POD "{containers: [{name: c, ports: [{containerPort: 80, protocol: TCP}, {containerPort: 443, protocol: TCP}]}]}}",
			POD "{containers: [{name: c, ports: [{containerPort: 443, protocol: TCP, name: https}, {containerPort: 8443}]}]}}",
			&rc);

	expect_json(t, POD "{containers: [{name: c, ports: [{containerPort: 8443}, {containerPort: 80, protocol: TCP},"
		       " {containerPort: 443, protocol: TCP, name: https}]}]}}");
	json_decref(t);
}

Test(smp, null_deletes_and_lists_without_strategy_are_replaced)
{
	int rc;
	json_t *t = smp(POD "{tolerations: [{key: a}, {key: b}], hostname: h, containers: [{name: c, args: [x, y]}]}}",
			POD "{tolerations: [{key: z}], hostname: null, containers: [{name: c, args: [q]}]}}",
			&rc);

	expect_json(t, POD "{tolerations: [{key: z}], containers: [{name: c, args: [q]}]}}");
	json_decref(t);
}

Test(smp, custom_resources_replace_lists)
{
	int rc;
	json_t *t = smp("{apiVersion: argoproj.io/v1alpha1, kind: Workflow, metadata: {name: w},"
			" spec: {templates: [{name: a, x: 1}, {name: b}]}}",
			"{apiVersion: argoproj.io/v1alpha1, kind: Workflow, metadata: {name: w},"
			" spec: {templates: [{name: a, y: 2}]}}",
			&rc);

	expect_json(t, "{apiVersion: argoproj.io/v1alpha1, kind: Workflow, metadata: {name: w},"
		       " spec: {templates: [{name: a, y: 2}]}}");
	json_decref(t);
}

Test(smp, directives)
{
	int rc;
	json_t *t;

	/* delete one list element; replace a map */
	t = smp(POD "{containers: [{name: a}, {name: b}], nodeSelector: {x: '1', y: '2'}}}",
		POD "{containers: [{name: a, $patch: delete}], nodeSelector: {$patch: replace, z: '3'}}}",
		&rc);
	expect_json(t, POD "{containers: [{name: b}], nodeSelector: {z: '3'}}}");
	json_decref(t);
	/* replace a whole list */
	t = smp(POD "{containers: [{name: a}, {name: b}]}}",
		POD "{containers: [{$patch: replace}, {name: c}]}}", &rc);
	expect_json(t, POD "{containers: [{name: c}]}}");
	json_decref(t);
	/* delete the resource */
	t = smp(POD "{}}", "{apiVersion: v1, kind: Pod, metadata: {name: p}, $patch: delete}", &rc);
	cr_assert_eq(rc, SMP_DELETED);
	json_decref(t);
	/* an unknown strategy is an error and changes nothing */
	t = smp(POD "{nodeSelector: {x: '1'}}}", POD "{nodeSelector: {$patch: bogus}}}", &rc);
	cr_assert_eq(rc, ERR_INVALID);
	cr_assert(strstr(err_last(), "unknown patch strategy 'bogus'"));
	expect_json(t, POD "{nodeSelector: {x: '1'}}}");
	json_decref(t);
}

Test(smp, kind_mismatch_is_an_error)
{
	int rc;
	json_t *t = smp(POD "{containers: [{name: a}]}}", POD "{containers: {name: a}}}", &rc);

	cr_assert_eq(rc, ERR_INVALID);
	cr_assert(strstr(err_last(), "spec.containers"), "%s", err_last());
	json_decref(t);
}

Test(smp, list_keys_of_the_builtin_schema)
{
	cr_assert_str_eq(smp_list_keys("apps/v1", "Deployment", "spec.template.spec.containers"), "name");
	cr_assert_str_eq(smp_list_keys("apps/v1", "Deployment",
				       "spec.template.spec.containers[].ports"),
			 "containerPort,protocol");
	cr_assert_str_eq(smp_list_keys("v1", "Service", "spec.ports"), "port,protocol");
	cr_assert_str_eq(smp_list_keys("v1", "Pod", "metadata.finalizers"), "");
	cr_assert_null(smp_list_keys("apps/v1beta1", "Deployment", "spec.template.spec.containers"));
	cr_assert_null(smp_list_keys("v1", "Pod", "spec.tolerations"));
	cr_assert_null(smp_list_keys("v1", "ServiceAccount", "imagePullSecrets"));
}

static json_t *jp(const char *doc, const char *ops, int *rc)
{
	json_t *d = y(doc), *o = y(ops);

	*rc = json_patch_apply(&d, o, NULL);
	json_decref(o);
	return d;
}

Test(jsonpatch, all_operations)
{
	int rc;
	json_t *d = jp("{a: {b: 1}, l: [1, 2, 3]}",
		       "[{op: add, path: /a/c, value: 2},"
		       " {op: remove, path: /a/b},"
		       " {op: replace, path: /l/0, value: 9},"
		       " {op: move, from: /l/1, path: /m},"
		       " {op: copy, from: /a, path: /n},"
		       " {op: test, path: /m, value: 2},"
		       " {op: add, path: /l/-, value: 4},"
		       " {op: add, path: /l/-1, value: 5},"
		       " {op: add, path: /x~1y, value: s}]",
		       &rc);

	cr_assert_eq(rc, 0, "%s", err_last());
	expect_json(d, "{a: {c: 2}, l: [9, 3, 4, 5], m: 2, n: {c: 2}, x/y: s}");
	json_decref(d);
}

Test(jsonpatch, failures_leave_the_document_unchanged)
{
	int rc;
	json_t *d = jp("{a: 1}", "[{op: add, path: /b, value: 2}, {op: test, path: /a, value: 5}]", &rc);

	cr_assert_eq(rc, ERR_INVALID);
	cr_assert_str_eq(err_last(), "test '/a' failed: expected 5, found 1");
	expect_json(d, "{a: 1}");
	json_decref(d);
	d = jp("{a: 1}", "[{op: remove, path: /zz}]", &rc);
	cr_assert_eq(rc, ERR_INVALID);
	json_decref(d);
	d = jp("{a: 1}", "[{op: frobnicate, path: /a}]", &rc);
	cr_assert_eq(rc, ERR_INVALID);
	cr_assert(strstr(err_last(), "unknown op 'frobnicate'"));
	json_decref(d);
	d = jp("{spec: {replicas: 1}}", "[{op: replace, path: spec/replicas, value: 2}]", &rc);
	cr_assert_eq(rc, ERR_INVALID);
	cr_assert(strstr(err_last(), "must start with '/'"));
	json_decref(d);
	/* replace of a missing member adds it (evanphx) */
	d = jp("{a: 1}", "[{op: replace, path: /b, value: 2}]", &rc);
	cr_assert_eq(rc, 0);
	expect_json(d, "{a: 1, b: 2}");
	json_decref(d);
}

Test(mergepatch, rfc7386)
{
	json_t *d = y("{a: b, c: {d: e, f: g}}");
	json_t *p = y("{a: z, c: {f: null}}");

	merge_patch_apply(&d, p);
	expect_json(d, "{a: z, c: {d: e}}");
	json_decref(d);
	json_decref(p);
}
