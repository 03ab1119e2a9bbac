/*
 * Unit tests for sim/ssa.h: server-side apply and managedFields as
 * Kubernetes 1.32 (structured-merge-diff v4) computes them.  Expected
 * field sets and messages follow kube-api.md sections 3.2 and 3.3 and
 * the upstream sources named there.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "../../src/base/buf.h"
#include "../../src/base/err.h"
#include "../../src/doc/json.h"
#include "../../src/doc/yaml.h"
#include "../../src/sim/ssa.h"

#define NOW "2026-12-04T10:00:00Z"
#define LATER "2026-12-04T11:00:00Z"

static struct ssa_kind deploy_kind = { "apps/v1", "Deployment" };
static struct ssa_kind cm_kind = { "v1", "ConfigMap" };

static struct ssa_ctx ctx_for(struct ssa_kind *k, const char *now)
{
	struct ssa_ctx c = { ssa_builtin_list_keys, k, now, 0 };

	return c;
}

static json_t *y(const char *text)
{
	json_t *docs = NULL, *d;

	cr_assert_eq(doc_yaml_load(text, strlen(text), NULL, &docs), 0, "%s: %s",
		     text, err_last());
	d = json_incref(json_array_get(docs, 0));
	json_decref(docs);
	return d;
}

/* Go's compact JSON with sorted keys, for comparing trees */
static char *go(const json_t *v)
{
	struct buf b = BUF_INIT;

	doc_json_go(&b, v);
	return buf_detach(&b, NULL);
}

static void expect_json(const json_t *got, const char *want_yaml)
{
	json_t *want = y(want_yaml);
	char *a = go(got), *b = go(want);

	cr_assert_str_eq(a, b);
	free(a);
	free(b);
	json_decref(want);
}

/* the object without metadata.managedFields (a copy) */
static json_t *strip_mf(const json_t *obj)
{
	json_t *c = json_deep_copy(obj);

	json_object_del(json_object_get(c, "metadata"), "managedFields");
	return c;
}

static void expect_object(const json_t *got, const char *want_yaml)
{
	json_t *s = strip_mf(got);

	expect_json(s, want_yaml);
	json_decref(s);
}

static const json_t *mf(const json_t *obj)
{
	return json_object_get(json_object_get(obj, "metadata"), "managedFields");
}

/* the managedFields entry of manager with operation op, or NULL */
static const json_t *entry(const json_t *obj, const char *manager, const char *op)
{
	size_t i;
	const json_t *e;

	json_array_foreach(mf(obj), i, e) {
		if (!strcmp(json_string_value(json_object_get(e, "manager")), manager) &&
		    !strcmp(json_string_value(json_object_get(e, "operation")), op))
			return e;
	}
	return NULL;
}

static void expect_fields(const json_t *obj, const char *manager, const char *op,
			  const char *want_json)
{
	const json_t *e = entry(obj, manager, op);
	char *got;

	cr_assert_not_null(e, "no %s entry for %s", op, manager);
	got = go(json_object_get(e, "fieldsV1"));
	cr_assert_str_eq(got, want_json);
	free(got);
}

/* apply that must succeed; returns the new object, drops live */
static json_t *apply_ok(struct ssa_ctx *c, json_t *live, const char *body,
			const char *manager, int force)
{
	json_t *a = y(body), *out = NULL, *conf = NULL;
	int rc = ssa_apply(c, live, a, manager, json_string_value(json_object_get(a, "apiVersion")),
			   force, &out, &conf);

	cr_assert_eq(rc, 0, "apply by %s: %s", manager, err_last());
	cr_assert_not_null(out);
	cr_assert_null(conf);
	{
		/* a body given away (take_applied, as the server does) gives the same object */
		struct ssa_ctx t = *c;
		json_t *a2 = y(body), *out2 = NULL;

		t.take_applied = 1;
		cr_assert_eq(ssa_apply(&t, live, a2, manager,
				       json_string_value(json_object_get(a2, "apiVersion")),
				       force, &out2, &conf), 0, "%s", err_last());
		json_decref(a2);
		cr_assert(json_equal(out, out2), "take_applied changed the result");
		json_decref(out2);
	}
	json_decref(a);
	json_decref(live);
	return out;
}

/* apply that must conflict; checks message and causes */
static void apply_conflict(struct ssa_ctx *c, const json_t *live, const char *body,
			   const char *manager, const char *want_msg,
			   const char *want_causes)
{
	json_t *a = y(body), *out = NULL, *conf = NULL;
	int rc = ssa_apply(c, live, a, manager, json_string_value(json_object_get(a, "apiVersion")),
			   0, &out, &conf);
	char *got;

	cr_assert_eq(rc, ERR_CONFLICT, "rc %d: %s", rc, err_last());
	cr_assert_null(out);
	cr_assert_not_null(conf);
	cr_assert_str_eq(err_last(), want_msg);
	got = go(conf);
	cr_assert_str_eq(got, want_causes);
	free(got);
	json_decref(conf);
	json_decref(a);
}

#define DEPLOY_33                                                              \
	"{apiVersion: apps/v1, kind: Deployment, metadata: {name: web, namespace: default, labels: {app: web}},"\
	" spec: {replicas: 2, template: {spec: {containers: [{name: nginx, image: 'nginx:1.27',"\
	" ports: [{containerPort: 80}]}]}}}}"

#define FIELDS_33                                                              \
	"{\"f:metadata\":{\"f:labels\":{\"f:app\":{}}},\"f:spec\":{\"f:replicas\":{},"     \
	"\"f:template\":{\"f:spec\":{\"f:containers\":{\"k:{\\\"name\\\":\\\"nginx\\\"}\":" \
	"{\".\":{},\"f:image\":{},\"f:name\":{},\"f:ports\":{\"k:{\\\"containerPort\\\":80,"  \
	"\\\"protocol\\\":\\\"TCP\\\"}\":{\".\":{},\"f:containerPort\":{}}}}}}}}}"

#define CM(data) "{apiVersion: v1, kind: ConfigMap, metadata: {name: a}, data: " data "}"
#define DEP(spec) "{apiVersion: apps/v1, kind: Deployment, metadata: {name: web}, spec: " spec "}"

/* ------------------------------------------------------------------ */

Test(ssa, create_on_apply_records_one_apply_entry)
{
	struct ssa_ctx c = ctx_for(&deploy_kind, NOW);
	json_t *obj = apply_ok(&c, NULL, DEPLOY_33, "kubectl", 0);
	const json_t *e;
	char *dumped;

	cr_assert_eq(json_array_size(mf(obj)), 1);
	expect_fields(obj, "kubectl", "Apply", FIELDS_33);
	/* the entry's keys in the API's order, fieldsV1 in the API's key order */
	e = json_array_get(mf(obj), 0);
	dumped = json_dumps(e, JSON_COMPACT);
	cr_assert_str_eq(dumped,
			 "{\"manager\":\"kubectl\",\"operation\":\"Apply\",\"apiVersion\":\"apps/v1\","
			 "\"time\":\"" NOW "\",\"fieldsType\":\"FieldsV1\",\"fieldsV1\":" FIELDS_33 "}");
	free(dumped);
	expect_object(obj, DEPLOY_33);
	json_decref(obj);
}

Test(ssa, fieldset_matches_the_api_example)
{
	struct ssa_ctx c = ctx_for(&deploy_kind, NOW);
	json_t *d = y(DEPLOY_33), *fs = ssa_fieldset(&c, d);
	char *got = go(fs);

	cr_assert_str_eq(got, FIELDS_33);
	free(got);
	json_decref(fs);
	json_decref(d);
}

struct fs_case {
	const char *name;
	struct ssa_kind *kind;
	const char *obj;
	const char *want;
};

static const struct fs_case fs_cases[] = {
	{ "ignored metadata and status", &cm_kind,
	  "{apiVersion: v1, kind: ConfigMap, metadata: {name: a, namespace: n, uid: u, resourceVersion: '3',"
	  " generation: 1, creationTimestamp: null, selfLink: s, annotations: {x: y}}, data: {k: v}, status: {a: 1}}",
	  "{\"f:data\":{\"f:k\":{}},\"f:metadata\":{\"f:annotations\":{\"f:x\":{}}}}" },
	{ "finalizers are a set, ownerReferences keyed by uid", &cm_kind,
	  "{metadata: {finalizers: [b, a], ownerReferences: [{uid: u1, kind: K, name: n}]}}",
	  "{\"f:metadata\":{\"f:finalizers\":{\"v:\\\"a\\\"\":{},\"v:\\\"b\\\"\":{}},"
	  "\"f:ownerReferences\":{\"k:{\\\"uid\\\":\\\"u1\\\"}\":{\".\":{},\"f:kind\":{},\"f:name\":{},\"f:uid\":{}}}}}" },
	{ "atomic lists and empty objects", &deploy_kind,
	  "{spec: {template: {spec: {containers: [{name: c, args: [a, b], resources: {}, env: []}]}}}}",
	  "{\"f:spec\":{\"f:template\":{\"f:spec\":{\"f:containers\":{\"k:{\\\"name\\\":\\\"c\\\"}\":"
	  "{\".\":{},\"f:args\":{},\"f:name\":{}}}}}}}" },
	{ "explicit protocol and a null", &deploy_kind,
	  "{spec: {paused: null, template: {spec: {containers: [{name: c, ports: [{containerPort: 53, protocol: UDP}]}]}}}}",
	  "{\"f:spec\":{\"f:paused\":{},\"f:template\":{\"f:spec\":{\"f:containers\":{\"k:{\\\"name\\\":\\\"c\\\"}\":"
	  "{\".\":{},\"f:name\":{},\"f:ports\":{\"k:{\\\"containerPort\\\":53,\\\"protocol\\\":\\\"UDP\\\"}\":"
	  "{\".\":{},\"f:containerPort\":{},\"f:protocol\":{}}}}}}}}}" },
	{ "custom resources: lists atomic", NULL,
	  "{apiVersion: argoproj.io/v1alpha1, kind: Workflow, spec: {templates: [{name: a}]}}",
	  "{\"f:spec\":{\"f:templates\":{}}}" },
};

Test(ssa, fieldset_table)
{
	size_t i;

	for (i = 0; i < sizeof(fs_cases) / sizeof(fs_cases[0]); i++) {
		struct ssa_kind wf = { "argoproj.io/v1alpha1", "Workflow" };
		struct ssa_ctx c = ctx_for(fs_cases[i].kind ? fs_cases[i].kind : &wf, NOW);
		json_t *o = y(fs_cases[i].obj), *fs = ssa_fieldset(&c, o);
		char *got = go(fs);

		cr_assert_str_eq(got, fs_cases[i].want, "case %s", fs_cases[i].name);
		free(got);
		json_decref(fs);
		json_decref(o);
	}
}

Test(ssa, reapply_changes_nothing)
{
	struct ssa_ctx c = ctx_for(&deploy_kind, NOW);
	json_t *first = apply_ok(&c, NULL, DEPLOY_33, "kubectl", 0), *second;

	/* a no-op apply is a no-op, time included (the server writes nothing) */
	c.now = LATER;
	second = apply_ok(&c, json_incref(first), DEPLOY_33, "kubectl", 0);
	cr_assert(json_equal(first, second));
	/* a change moves the time */
	second = apply_ok(&c, second, DEP("{replicas: 3}"), "kubectl", 0);
	cr_assert_str_eq(json_string_value(json_object_get(json_array_get(mf(second), 0), "time")), LATER);
	json_decref(first);
	json_decref(second);
}

Test(ssa, new_co_owner_of_unchanged_object_gets_a_time)
{
	struct ssa_ctx c = ctx_for(&deploy_kind, NOW);
	json_t *obj = apply_ok(&c, NULL, DEP("{replicas: 1}"), "A", 0);

	c.now = LATER;
	obj = apply_ok(&c, obj, DEP("{replicas: 1}"), "B", 0);
	cr_assert_str_eq(json_string_value(json_object_get(entry(obj, "A", "Apply"), "time")), NOW);
	cr_assert_str_eq(json_string_value(json_object_get(entry(obj, "B", "Apply"), "time")), LATER);
	json_decref(obj);
}


Test(ssa, conflict_between_two_appliers)
{
	struct ssa_ctx c = ctx_for(&deploy_kind, NOW);
	json_t *obj = apply_ok(&c, NULL, DEP("{replicas: 1}"), "A", 0);

	apply_conflict(&c, obj, DEP("{replicas: 2}"), "B",
		       "Apply failed with 1 conflict: conflict with \"A\": .spec.replicas",
		       "[{\"field\":\".spec.replicas\",\"message\":\"conflict with \\\"A\\\"\","
		       "\"reason\":\"FieldManagerConflict\"}]");
	json_decref(obj);
}

Test(ssa, conflict_with_client_side_apply_owner)
{
	struct ssa_ctx c = ctx_for(&deploy_kind, NOW);
	json_t *obj = y(DEP("{replicas: 1, template: {spec: {containers: [{name: c, image: i}]}}}"));

	ssa_update(&c, NULL, obj, "kubectl-client-side-apply", "apps/v1", NULL);
	apply_conflict(&c, obj, DEP("{replicas: 3}"), "kubectl",
		       "Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" using apps/v1: .spec.replicas",
		       "[{\"field\":\".spec.replicas\",\"message\":\"conflict with \\\"kubectl-client-side-apply\\\" using apps/v1\","
		       "\"reason\":\"FieldManagerConflict\"}]");
	json_decref(obj);
}

Test(ssa, several_conflicts_group_by_manager)
{
	struct ssa_ctx c = ctx_for(&cm_kind, NOW);
	json_t *obj = apply_ok(&c, NULL, CM("{a: '1', b: '2'}"), "mgr", 0);
	json_t *patched = json_deep_copy(obj);

	json_object_set_new(json_object_get(patched, "data"), "c", json_string("9"));
	ssa_update(&c, obj, patched, "editor", "v1", NULL);
	apply_conflict(&c, obj, CM("{a: x, b: y}"), "other",
		       "Apply failed with 2 conflicts: conflicts with \"mgr\":\n- .data.a\n- .data.b",
		       "[{\"field\":\".data.a\",\"message\":\"conflict with \\\"mgr\\\"\",\"reason\":\"FieldManagerConflict\"},"
		       "{\"field\":\".data.b\",\"message\":\"conflict with \\\"mgr\\\"\",\"reason\":\"FieldManagerConflict\"}]");
	apply_conflict(&c, patched, CM("{a: x, c: z}"), "other",
		       "Apply failed with 2 conflicts: conflicts with \"editor\" using v1:\n- .data.c\n"
		       "conflicts with \"mgr\":\n- .data.a",
		       "[{\"field\":\".data.c\",\"message\":\"conflict with \\\"editor\\\" using v1\",\"reason\":\"FieldManagerConflict\"},"
		       "{\"field\":\".data.a\",\"message\":\"conflict with \\\"mgr\\\"\",\"reason\":\"FieldManagerConflict\"}]");
	json_decref(obj);
	json_decref(patched);
}

Test(ssa, same_value_is_shared_ownership)
{
	struct ssa_ctx c = ctx_for(&deploy_kind, NOW);
	json_t *obj = apply_ok(&c, NULL, DEP("{replicas: 1, paused: false}"), "A", 0);

	obj = apply_ok(&c, obj, DEP("{replicas: 1}"), "B", 0);
	expect_fields(obj, "A", "Apply", "{\"f:spec\":{\"f:paused\":{},\"f:replicas\":{}}}");
	expect_fields(obj, "B", "Apply", "{\"f:spec\":{\"f:replicas\":{}}}");
	/* now both own it: a change by either conflicts with the other */
	apply_conflict(&c, obj, DEP("{replicas: 5, paused: false}"), "A",
		       "Apply failed with 1 conflict: conflict with \"B\": .spec.replicas",
		       "[{\"field\":\".spec.replicas\",\"message\":\"conflict with \\\"B\\\"\",\"reason\":\"FieldManagerConflict\"}]");
	json_decref(obj);
}

Test(ssa, force_moves_ownership)
{
	struct ssa_ctx c = ctx_for(&deploy_kind, NOW);
	json_t *obj = apply_ok(&c, NULL, DEP("{replicas: 1, paused: false}"), "A", 0);

	obj = apply_ok(&c, obj, DEP("{replicas: 2}"), "B", 1);
	expect_object(obj, DEP("{replicas: 2, paused: false}"));
	expect_fields(obj, "A", "Apply", "{\"f:spec\":{\"f:paused\":{}}}");
	expect_fields(obj, "B", "Apply", "{\"f:spec\":{\"f:replicas\":{}}}");
	/* A lost replicas: dropping it from A's config prunes nothing */
	obj = apply_ok(&c, obj, DEP("{paused: false}"), "A", 0);
	expect_object(obj, DEP("{replicas: 2, paused: false}"));
	json_decref(obj);
}

Test(ssa, force_drops_an_emptied_entry)
{
	struct ssa_ctx c = ctx_for(&deploy_kind, NOW);
	json_t *obj = apply_ok(&c, NULL, DEP("{replicas: 1}"), "A", 0);

	obj = apply_ok(&c, obj, DEP("{replicas: 2}"), "B", 1);
	cr_assert_eq(json_array_size(mf(obj)), 1);
	cr_assert_null(entry(obj, "A", "Apply"));
	json_decref(obj);
}

#define LABELS(l) "{apiVersion: v1, kind: ConfigMap, metadata: {name: a, labels: " l "}}"

Test(ssa, prune_what_the_manager_stopped_applying)
{
	struct ssa_ctx c = ctx_for(&cm_kind, NOW);
	json_t *obj = apply_ok(&c, NULL, LABELS("{a: '1', b: '2'}"), "A", 0);

	obj = apply_ok(&c, obj, LABELS("{a: '1'}"), "A", 0);
	expect_object(obj, LABELS("{a: '1'}"));
	expect_fields(obj, "A", "Apply", "{\"f:metadata\":{\"f:labels\":{\"f:a\":{}}}}");
	json_decref(obj);
}

Test(ssa, prune_keeps_fields_someone_else_owns)
{
	struct ssa_ctx c = ctx_for(&cm_kind, NOW);
	json_t *obj = apply_ok(&c, NULL, LABELS("{a: '1', b: '2'}"), "A", 0);

	obj = apply_ok(&c, obj, LABELS("{b: '2'}"), "B", 0);
	obj = apply_ok(&c, obj, LABELS("{a: '1'}"), "A", 0);
	expect_object(obj, LABELS("{a: '1', b: '2'}"));
	/* and once B lets go too, b goes */
	obj = apply_ok(&c, obj, "{apiVersion: v1, kind: ConfigMap, metadata: {name: a}, data: {x: y}}", "B", 0);
	expect_object(obj, "{apiVersion: v1, kind: ConfigMap, metadata: {name: a, labels: {a: '1'}}, data: {x: y}}");
	json_decref(obj);
}

Test(ssa, prune_removes_containers_it_empties)
{
	struct ssa_ctx c = ctx_for(&cm_kind, NOW);
	json_t *obj = apply_ok(&c, NULL, "{apiVersion: v1, kind: ConfigMap, metadata: {name: a,"
				" labels: {a: '1'}, annotations: {n: '1'}}}", "A", 0);

	obj = apply_ok(&c, obj, "{apiVersion: v1, kind: ConfigMap, metadata: {name: a, labels: {a: '1'}}}", "A", 0);
	expect_object(obj, LABELS("{a: '1'}"));
	json_decref(obj);
}

Test(ssa, prune_never_touches_fields_of_others_or_unowned)
{
	struct ssa_ctx c = ctx_for(&cm_kind, NOW);
	json_t *live = y(CM("{x: '1'}")), *obj;

	/* live fields with no managedFields: before-first-apply owns them */
	obj = apply_ok(&c, live, CM("{y: '2'}"), "A", 0);
	expect_object(obj, CM("{x: '1', y: '2'}"));
	expect_fields(obj, "before-first-apply", "Update", "{\"f:data\":{\".\":{},\"f:x\":{}}}");
	obj = apply_ok(&c, obj, CM("{z: '3'}"), "A", 0);
	expect_object(obj, CM("{x: '1', z: '3'}"));
	json_decref(obj);
}

#define TWO_CONTAINERS(cs) DEP("{template: {spec: {containers: " cs "}}}")

Test(ssa, map_list_elements_have_their_own_owners)
{
	struct ssa_ctx c = ctx_for(&deploy_kind, NOW);
	json_t *obj = apply_ok(&c, NULL, TWO_CONTAINERS("[{name: app, image: app:1}]"), "A", 0);

	obj = apply_ok(&c, obj, TWO_CONTAINERS("[{name: sidecar, image: side:1}]"), "B", 0);
	expect_object(obj, TWO_CONTAINERS("[{name: app, image: app:1}, {name: sidecar, image: side:1}]"));
	/* each changes its own container without conflict */
	obj = apply_ok(&c, obj, TWO_CONTAINERS("[{name: app, image: app:2}]"), "A", 0);
	obj = apply_ok(&c, obj, TWO_CONTAINERS("[{name: sidecar, image: side:2}]"), "B", 0);
	expect_object(obj, TWO_CONTAINERS("[{name: app, image: app:2}, {name: sidecar, image: side:2}]"));
	expect_fields(obj, "B", "Apply",
		      "{\"f:spec\":{\"f:template\":{\"f:spec\":{\"f:containers\":{\"k:{\\\"name\\\":\\\"sidecar\\\"}\":"
		      "{\".\":{},\"f:image\":{},\"f:name\":{}}}}}}}");
	/* B touching A's container conflicts on the leaf only */
	apply_conflict(&c, obj, TWO_CONTAINERS("[{name: app, image: evil}]"), "B",
		       "Apply failed with 1 conflict: conflict with \"A\": .spec.template.spec.containers[name=\"app\"].image",
		       "[{\"field\":\".spec.template.spec.containers[name=\\\"app\\\"].image\","
		       "\"message\":\"conflict with \\\"A\\\"\",\"reason\":\"FieldManagerConflict\"}]");
	/* B dropping its container removes the whole element */
	obj = apply_ok(&c, obj, DEP("{paused: true}"), "B", 0);
	expect_object(obj, DEP("{paused: true, template: {spec: {containers: [{name: app, image: app:2}]}}}"));
	json_decref(obj);
}

Test(ssa, ports_key_on_defaulted_protocol)
{
	struct ssa_ctx c = ctx_for(&deploy_kind, NOW);
	json_t *obj = apply_ok(&c, NULL,
			       TWO_CONTAINERS("[{name: c, ports: [{containerPort: 80, protocol: TCP, name: http}]}]"),
			       "A", 0);

	/* an element without protocol is the same TCP port */
	apply_conflict(&c, obj, TWO_CONTAINERS("[{name: c, ports: [{containerPort: 80, name: web}]}]"), "B",
		       "Apply failed with 1 conflict: conflict with \"A\": "
		       ".spec.template.spec.containers[name=\"c\"].ports[containerPort=80,protocol=\"TCP\"].name",
		       "[{\"field\":\".spec.template.spec.containers[name=\\\"c\\\"].ports[containerPort=80,protocol=\\\"TCP\\\"].name\","
		       "\"message\":\"conflict with \\\"A\\\"\",\"reason\":\"FieldManagerConflict\"}]");
	json_decref(obj);
}

Test(ssa, finalizers_merge_as_a_set)
{
	struct ssa_ctx c = ctx_for(&cm_kind, NOW);
	json_t *obj = apply_ok(&c, NULL, "{apiVersion: v1, kind: ConfigMap, metadata: {name: a, finalizers: [x, y]}}", "A", 0);

	obj = apply_ok(&c, obj, "{apiVersion: v1, kind: ConfigMap, metadata: {name: a, finalizers: [z, y]}}", "B", 0);
	expect_object(obj, "{apiVersion: v1, kind: ConfigMap, metadata: {name: a, finalizers: [x, z, y]}}");
	expect_fields(obj, "B", "Apply", "{\"f:metadata\":{\"f:finalizers\":{\"v:\\\"y\\\"\":{},\"v:\\\"z\\\"\":{}}}}");
	/* A stops applying x and y: x goes, y stays (B has it) */
	obj = apply_ok(&c, obj, "{apiVersion: v1, kind: ConfigMap, metadata: {name: a}, data: {k: v}}", "A", 0);
	expect_object(obj, "{apiVersion: v1, kind: ConfigMap, metadata: {name: a, finalizers: [z, y]}, data: {k: v}}");
	json_decref(obj);
}

Test(ssa, atomic_lists_are_replaced_and_one_leaf)
{
	struct ssa_ctx c = ctx_for(&deploy_kind, NOW);
	json_t *obj = apply_ok(&c, NULL, TWO_CONTAINERS("[{name: c, args: [a, b, c]}]"), "A", 0);

	obj = apply_ok(&c, obj, TWO_CONTAINERS("[{name: c, args: [d]}]"), "A", 0);
	expect_object(obj, TWO_CONTAINERS("[{name: c, args: [d]}]"));
	apply_conflict(&c, obj, TWO_CONTAINERS("[{name: c, args: [d, e]}]"), "B",
		       "Apply failed with 1 conflict: conflict with \"A\": .spec.template.spec.containers[name=\"c\"].args",
		       "[{\"field\":\".spec.template.spec.containers[name=\\\"c\\\"].args\","
		       "\"message\":\"conflict with \\\"A\\\"\",\"reason\":\"FieldManagerConflict\"}]");
	json_decref(obj);
}

Test(ssa, null_in_applied_removes_the_field)
{
	struct ssa_ctx c = ctx_for(&cm_kind, NOW);
	json_t *obj = apply_ok(&c, NULL, CM("{a: '1', b: '2'}"), "A", 0);

	obj = apply_ok(&c, obj, CM("{a: '1', b: null}"), "A", 0);
	expect_object(obj, CM("{a: '1'}"));
	/* removing someone else's field with a null is a conflict */
	obj = apply_ok(&c, obj, CM("{c: '3'}"), "B", 0);
	apply_conflict(&c, obj, CM("{a: '1', c: null}"), "A",
		       "Apply failed with 1 conflict: conflict with \"B\": .data.c",
		       "[{\"field\":\".data.c\",\"message\":\"conflict with \\\"B\\\"\",\"reason\":\"FieldManagerConflict\"}]");
	json_decref(obj);
}

struct order_case {
	const char *live, *applied, *want;
};

/* SMD v4 list order: applied order, live-only elements kept in place */
static const struct order_case order_cases[] = {
	{ "[a, b]", "[c]", "[a, b, c]" },
	{ "[a, b, c]", "[c, a]", "[b, c, a]" },
	{ "[a, x, b]", "[b, a]", "[x, b, a]" },
	{ "[a, b]", "[b, n, a]", "[b, n, a]" },
	{ "[x, a, y]", "[n, a]", "[x, n, a, y]" },
	{ "[]", "[a]", "[a]" },
	{ "[a, b]", "[]", "[a, b]" },
};

Test(ssa, map_list_merge_order_table)
{
	struct ssa_ctx c = ctx_for(&cm_kind, NOW);
	size_t i;

	for (i = 0; i < sizeof(order_cases) / sizeof(order_cases[0]); i++) {
		struct buf b = BUF_INIT;
		json_t *live, *out;

		buf_addf(&b, "{apiVersion: v1, kind: ConfigMap, metadata: {name: a, finalizers: %s}}",
			 order_cases[i].live);
		live = y(b.ptr);
		buf_reset(&b);
		buf_addf(&b, "{apiVersion: v1, kind: ConfigMap, metadata: {name: a, finalizers: %s}}",
			 order_cases[i].applied);
		out = apply_ok(&c, live, b.ptr, "A", 0);
		buf_reset(&b);
		buf_addf(&b, "{apiVersion: v1, kind: ConfigMap, metadata: {name: a, finalizers: %s}}",
			 order_cases[i].want);
		expect_object(out, b.ptr);
		json_decref(out);
		buf_release(&b);
	}
}

Test(ssa, update_takes_changed_fields_from_the_applier)
{
	struct ssa_ctx c = ctx_for(&cm_kind, NOW);
	json_t *obj = apply_ok(&c, NULL, CM("{a: '1', b: '2'}"), "kubectl", 0);
	json_t *patched = json_deep_copy(obj);

	/* what a merge patch {"data":{"a":"9","n":"new"}} by kubectl-edit makes */
	json_object_set_new(json_object_get(patched, "data"), "a", json_string("9"));
	json_object_set_new(json_object_get(patched, "data"), "n", json_string("new"));
	c.now = LATER;
	ssa_update(&c, obj, patched, "kubectl-edit", "v1", NULL);
	cr_assert_eq(json_array_size(mf(patched)), 2);
	expect_fields(patched, "kubectl", "Apply", "{\"f:data\":{\"f:b\":{}}}");
	expect_fields(patched, "kubectl-edit", "Update", "{\"f:data\":{\"f:a\":{},\"f:n\":{}}}");
	cr_assert_str_eq(json_string_value(json_object_get(entry(patched, "kubectl-edit", "Update"), "time")), LATER);
	cr_assert_str_eq(json_string_value(json_object_get(entry(patched, "kubectl-edit", "Update"), "apiVersion")), "v1");
	/* the applier setting its old value back now conflicts */
	apply_conflict(&c, patched, CM("{a: '1', b: '2'}"), "kubectl",
		       "Apply failed with 1 conflict: conflict with \"kubectl-edit\" using v1: .data.a",
		       "[{\"field\":\".data.a\",\"message\":\"conflict with \\\"kubectl-edit\\\" using v1\","
		       "\"reason\":\"FieldManagerConflict\"}]");
	/* and does not prune a, which it no longer owns */
	json_decref(obj);
	obj = apply_ok(&c, json_incref(patched), CM("{b: '2'}"), "kubectl", 0);
	expect_object(obj, CM("{a: '9', b: '2', n: new}"));
	json_decref(obj);
	json_decref(patched);
}

Test(ssa, update_on_create_owns_everything)
{
	struct ssa_ctx c = ctx_for(&deploy_kind, NOW);
	json_t *obj = y("{apiVersion: apps/v1, kind: Deployment, metadata: {name: web, labels: {app: web}},"
			" spec: {replicas: 1, selector: {matchLabels: {app: web}},"
			" template: {metadata: {labels: {app: web}}, spec: {containers: [{name: c, image: i, resources: {}}]}}},"
			" status: {replicas: 0}}");

	ssa_update(&c, NULL, obj, "kubectl-create", "apps/v1", NULL);
	cr_assert_eq(json_array_size(mf(obj)), 1);
	expect_fields(obj, "kubectl-create", "Update",
		      "{\"f:metadata\":{\"f:labels\":{\".\":{},\"f:app\":{}}},"
		      "\"f:spec\":{\"f:replicas\":{},\"f:selector\":{\".\":{},\"f:matchLabels\":{\".\":{},\"f:app\":{}}},"
		      "\"f:template\":{\"f:metadata\":{\"f:labels\":{\".\":{},\"f:app\":{}}},"
		      "\"f:spec\":{\"f:containers\":{\"k:{\\\"name\\\":\\\"c\\\"}\":{\".\":{},\"f:image\":{},\"f:name\":{},"
		      "\"f:resources\":{}}}}}}}");
	json_decref(obj);
}

Test(ssa, update_without_change_touches_nothing)
{
	struct ssa_ctx c = ctx_for(&cm_kind, NOW);
	json_t *obj = apply_ok(&c, NULL, CM("{a: '1'}"), "A", 0);
	json_t *same = json_deep_copy(obj);
	char *a, *b;

	json_object_del(json_object_get(same, "metadata"), "managedFields");
	json_object_set_new(json_object_get(same, "metadata"), "resourceVersion", json_string("7"));
	c.now = LATER;
	ssa_update(&c, obj, same, "B", "v1", NULL);
	json_object_del(json_object_get(same, "metadata"), "resourceVersion");
	a = go(obj);
	b = go(same);
	cr_assert_str_eq(a, b); /* old's entries carried over, no B entry */
	free(a);
	free(b);
	json_decref(obj);
	json_decref(same);
}

Test(ssa, update_removing_fields_drops_emptied_entries)
{
	struct ssa_ctx c = ctx_for(&cm_kind, NOW);
	json_t *obj = apply_ok(&c, NULL, CM("{a: '1'}"), "A", 0);
	json_t *next = json_deep_copy(obj);

	json_object_del(next, "data");
	json_object_set_new(next, "binaryData", json_pack("{s:s}", "k", "AA=="));
	ssa_update(&c, obj, next, "B", "v1", NULL);
	cr_assert_eq(json_array_size(mf(next)), 1);
	expect_fields(next, "B", "Update", "{\"f:binaryData\":{\".\":{},\"f:k\":{}}}");
	json_decref(obj);
	json_decref(next);
}

Test(ssa, update_honours_managed_fields_the_client_sent)
{
	struct ssa_ctx c = ctx_for(&cm_kind, NOW);
	json_t *obj = y(CM("{a: '1'}")), *next;

	ssa_update(&c, NULL, obj, "kubectl-client-side-apply", "v1", NULL);
	next = json_deep_copy(obj);
	/* kubectl's CSA-to-SSA migration rewrites the entry to an Apply one */
	json_object_set_new(json_array_get(mf(next), 0), "manager", json_string("kubectl"));
	json_object_set_new(json_array_get(mf(next), 0), "operation", json_string("Apply"));
	ssa_update(&c, obj, next, "kubectl", "v1", NULL);
	cr_assert_eq(json_array_size(mf(next)), 1);
	expect_fields(next, "kubectl", "Apply", "{\"f:data\":{\".\":{},\"f:a\":{}}}");
	json_decref(obj);
	json_decref(next);
}

Test(ssa, status_subresource_update)
{
	struct ssa_ctx c = ctx_for(&deploy_kind, NOW);
	json_t *obj = apply_ok(&c, NULL, DEP("{replicas: 2}"), "kubectl", 0);
	json_t *next = json_deep_copy(obj);
	const json_t *e;

	json_object_set_new(next, "status", json_pack("{s:i,s:[{s:s,s:s}]}", "readyReplicas", 2,
						      "conditions", "type", "Available", "status", "True"));
	ssa_update(&c, obj, next, "kube-controller-manager", "apps/v1", "status");
	e = entry(next, "kube-controller-manager", "Update");
	cr_assert_not_null(e);
	cr_assert_str_eq(json_string_value(json_object_get(e, "subresource")), "status");
	expect_fields(next, "kube-controller-manager", "Update",
		      "{\"f:status\":{\".\":{},\"f:conditions\":{\".\":{},\"k:{\\\"type\\\":\\\"Available\\\"}\":"
		      "{\".\":{},\"f:status\":{},\"f:type\":{}}},\"f:readyReplicas\":{}}}");
	expect_fields(next, "kubectl", "Apply", "{\"f:spec\":{\"f:replicas\":{}}}");
	/* the same change through the main resource is not tracked */
	json_decref(next);
	next = json_deep_copy(obj);
	json_object_set_new(next, "status", json_pack("{s:i}", "readyReplicas", 2));
	ssa_update(&c, obj, next, "someone", "apps/v1", NULL);
	cr_assert_null(entry(next, "someone", "Update"));
	json_decref(next);
	json_decref(obj);
}

Test(ssa, subresource_owner_in_conflict_message)
{
	struct ssa_ctx c = ctx_for(&deploy_kind, NOW);
	json_t *obj = apply_ok(&c, NULL, DEP("{replicas: 2}"), "kubectl", 0);
	json_t *next = json_deep_copy(obj);

	json_object_set_new(json_object_get(next, "spec"), "replicas", json_integer(5));
	ssa_update(&c, obj, next, "hpa", "autoscaling/v1", "scale");
	apply_conflict(&c, next, DEP("{replicas: 2}"), "kubectl",
		       "Apply failed with 1 conflict: conflict with \"hpa\" using autoscaling/v1 with subresource \"scale\": .spec.replicas",
		       "[{\"field\":\".spec.replicas\",\"message\":\"conflict with \\\"hpa\\\" using autoscaling/v1 with subresource \\\"scale\\\"\","
		       "\"reason\":\"FieldManagerConflict\"}]");
	json_decref(obj);
	json_decref(next);
}

Test(ssa, apply_ignores_status)
{
	struct ssa_ctx c = ctx_for(&deploy_kind, NOW);
	json_t *live = y(DEP("{replicas: 1}")), *obj;

	json_object_set_new(live, "status", json_pack("{s:i}", "replicas", 1));
	ssa_update(&c, NULL, live, "creator", "apps/v1", NULL);
	obj = apply_ok(&c, live, "{apiVersion: apps/v1, kind: Deployment, metadata: {name: web},"
			" spec: {paused: true}, status: {replicas: 9}}", "A", 0);
	cr_assert_eq(json_integer_value(json_object_get(json_object_get(obj, "status"), "replicas")), 1);
	expect_fields(obj, "A", "Apply", "{\"f:spec\":{\"f:paused\":{}}}");
	json_decref(obj);
}

struct invalid_case {
	const char *name;
	const char *body; /* NULL: a JSON string */
	const char *msg;
};

static const struct invalid_case invalid_cases[] = {
	{ "managedFields in the body",
	  "{apiVersion: v1, kind: ConfigMap, metadata: {name: a, managedFields: [{manager: x}]}}",
	  "metadata.managedFields must be nil" },
	{ "not an object", NULL, "the apply body must be an object, not a string" },
	{ "duplicate keys",
	  "{apiVersion: apps/v1, kind: Deployment, spec: {template: {spec: {containers: [{name: a}, {name: a}]}}}}",
	  "spec.template.spec.containers: duplicate entries for key [name=\"a\"]" },
	{ "keyed list of scalars",
	  "{apiVersion: apps/v1, kind: Deployment, spec: {template: {spec: {containers: [a]}}}}",
	  "spec.template.spec.containers: element 0: associative list with keys may not have non-map elements" },
};

Test(ssa, invalid_bodies_table)
{
	struct ssa_ctx c = ctx_for(&deploy_kind, NOW);
	size_t i;

	for (i = 0; i < sizeof(invalid_cases) / sizeof(invalid_cases[0]); i++) {
		json_t *b = invalid_cases[i].body ? y(invalid_cases[i].body) : json_string("x");
		json_t *out = (json_t *)1, *conf = (json_t *)1;

		cr_assert_eq(ssa_apply(&c, NULL, b, "m", "v1", 0, &out, &conf), ERR_INVALID,
			     "case %s", invalid_cases[i].name);
		cr_assert_null(out);
		cr_assert_null(conf);
		cr_assert_str_eq(err_last(), invalid_cases[i].msg, "case %s", invalid_cases[i].name);
		json_decref(b);
	}
}

Test(ssa, empty_managed_fields_in_body_are_accepted)
{
	struct ssa_ctx c = ctx_for(&cm_kind, NOW);
	json_t *obj = apply_ok(&c, NULL, "{apiVersion: v1, kind: ConfigMap, metadata: {name: a, managedFields: []}, data: {a: b}}",
			       "A", 0);

	cr_assert_eq(json_array_size(mf(obj)), 1);
	json_decref(obj);
}

Test(ssa, inputs_are_not_modified)
{
	struct ssa_ctx c = ctx_for(&deploy_kind, NOW);
	json_t *live = apply_ok(&c, NULL, TWO_CONTAINERS("[{name: a, image: '1', env: [{name: X, value: x}]}]"), "A", 0);
	json_t *applied = y(TWO_CONTAINERS("[{name: a, image: '1', env: [{name: Y, value: null}]}, {name: b}]"));
	json_t *out = NULL, *conf = NULL, *next;
	char *live0 = go(live), *applied0 = go(applied), *s;

	cr_assert_eq(ssa_apply(&c, live, applied, "B", "apps/v1", 0, &out, &conf), 0, "%s", err_last());
	s = go(live);
	cr_assert_str_eq(s, live0);
	free(s);
	s = go(applied);
	cr_assert_str_eq(s, applied0);
	free(s);
	/* the result shares nothing with the inputs */
	json_object_set_new(json_object_get(out, "spec"), "paused", json_true());
	json_array_clear(json_object_get(json_array_get(json_object_get(json_object_get(json_object_get(
		json_object_get(out, "spec"), "template"), "spec"), "containers"), 0), "env"));
	s = go(live);
	cr_assert_str_eq(s, live0);
	free(s);
	/* ssa_update leaves old alone */
	next = json_deep_copy(out);
	ssa_update(&c, out, next, "C", "apps/v1", NULL);
	json_decref(next);
	free(live0);
	free(applied0);
	json_decref(out);
	json_decref(live);
	json_decref(applied);
}

Test(ssa, no_time_without_now_and_no_list_keys)
{
	struct ssa_ctx c = { NULL, NULL, NULL, 0 };
	json_t *obj = apply_ok(&c, NULL, TWO_CONTAINERS("[{name: a}]"), "A", 0);
	const json_t *e = json_array_get(mf(obj), 0);

	cr_assert_null(json_object_get(e, "time"));
	expect_fields(obj, "A", "Apply", "{\"f:spec\":{\"f:template\":{\"f:spec\":{\"f:containers\":{}}}}}");
	json_decref(obj);
}

/* a custom resource whose schema declares its lists */
static const char *widget_keys(void *ctx, const char *path)
{
	(void)ctx;
	if (!strcmp(path, "spec.items"))
		return "port,name";
	if (!strcmp(path, "spec.tags"))
		return "";
	return NULL;
}

#define WIDGET(spec) "{apiVersion: example.com/v1, kind: Widget, metadata: {name: w}, spec: " spec "}"

Test(ssa, custom_list_keys_sorted_and_partial)
{
	struct ssa_ctx c = { widget_keys, NULL, NOW, 0 };
	json_t *o = y(WIDGET("{items: [{port: 1, name: a, x: 1}, {name: b}], tags: [2, 1], other: [1]}"));
	json_t *fs = ssa_fieldset(&c, o);
	char *got = go(fs);

	/* key fields sorted by name, as SMD does; a missing one left out */
	cr_assert_str_eq(got, "{\"f:spec\":{\"f:items\":{\"k:{\\\"name\\\":\\\"a\\\",\\\"port\\\":1}\":"
			 "{\".\":{},\"f:name\":{},\"f:port\":{},\"f:x\":{}},\"k:{\\\"name\\\":\\\"b\\\"}\":"
			 "{\".\":{},\"f:name\":{}}},\"f:other\":{},\"f:tags\":{\"v:1\":{},\"v:2\":{}}}}");
	free(got);
	json_decref(fs);
	json_decref(o);
}

Test(ssa, malformed_live_lists_merge_as_atomic)
{
	struct ssa_ctx c = { widget_keys, NULL, NOW, 0 };
	json_t *live = y(WIDGET("{items: [1, 2], tags: [x, x, y]}")), *fs, *obj;
	char *got;

	/* ssa_fieldset is lenient: a keyed list of scalars is one leaf, duplicates count once */
	fs = ssa_fieldset(&c, live);
	got = go(fs);
	cr_assert_str_eq(got, "{\"f:spec\":{\"f:items\":{},\"f:tags\":{\"v:\\\"x\\\"\":{},\"v:\\\"y\\\"\":{}}}}");
	free(got);
	json_decref(fs);
	ssa_update(&c, NULL, live, "creator", "example.com/v1", NULL);
	obj = apply_ok(&c, live, WIDGET("{items: [{port: 1, name: a}], tags: [z, x]}"), "A", 1);
	/* the live duplicate of x goes with the applied x; y stays where it was */
	expect_object(obj, WIDGET("{items: [{port: 1, name: a}], tags: [z, x, y]}"));
	json_decref(obj);
}

Test(ssa, applier_conflicts_with_its_own_update_entry)
{
	struct ssa_ctx c = ctx_for(&cm_kind, NOW);
	json_t *obj = y(CM("{a: '1'}"));

	/* a manager's Update and Apply entries are different owners, as upstream */
	ssa_update(&c, NULL, obj, "kubectl", "v1", NULL);
	apply_conflict(&c, obj, CM("{a: '2'}"), "kubectl",
		       "Apply failed with 1 conflict: conflict with \"kubectl\" using v1: .data.a",
		       "[{\"field\":\".data.a\",\"message\":\"conflict with \\\"kubectl\\\" using v1\","
		       "\"reason\":\"FieldManagerConflict\"}]");
	json_decref(obj);
}

Test(ssa, apply_to_the_status_subresource)
{
	struct ssa_ctx c = ctx_for(&deploy_kind, NOW);
	json_t *obj = apply_ok(&c, NULL, DEP("{replicas: 2}"), "kubectl", 0);
	json_t *body = y(DEP("{replicas: 9}")), *out = NULL, *conf = NULL, *next;

	json_object_set_new(body, "status", json_pack("{s:i}", "readyReplicas", 2));
	cr_assert_eq(ssa_apply_subresource(&c, obj, body, "ctrl", "apps/v1", "status", 0, &out, &conf), 0,
		     "%s", err_last());
	/* only status is applied and tracked */
	cr_assert_eq(json_integer_value(json_object_get(json_object_get(out, "spec"), "replicas")), 2);
	cr_assert_eq(json_integer_value(json_object_get(json_object_get(out, "status"), "readyReplicas")), 2);
	expect_fields(out, "ctrl", "Apply", "{\"f:status\":{\"f:readyReplicas\":{}}}");
	cr_assert_str_eq(json_string_value(json_object_get(entry(out, "ctrl", "Apply"), "subresource")), "status");
	expect_fields(out, "kubectl", "Apply", "{\"f:spec\":{\"f:replicas\":{}}}");
	/* another status applier conflicts, and is told whom with */
	json_object_set_new(json_object_get(body, "status"), "readyReplicas", json_integer(1));
	cr_assert_eq(ssa_apply_subresource(&c, out, body, "other", "apps/v1", "status", 0, &next, &conf),
		     ERR_CONFLICT);
	cr_assert_str_eq(err_last(), "Apply failed with 1 conflict: conflict with \"ctrl\" with subresource \"status\": .status.readyReplicas");
	json_decref(conf);
	/* the main resource's apply never sees status */
	next = apply_ok(&c, json_incref(out), DEP("{replicas: 2}"), "kubectl", 0);
	cr_assert_eq(json_integer_value(json_object_get(json_object_get(next, "status"), "readyReplicas")), 2);
	json_decref(next);
	/* no create through /status, and no other subresource */
	cr_assert_eq(ssa_apply_subresource(&c, NULL, body, "ctrl", "apps/v1", "status", 0, &next, &conf),
		     ERR_NOTFOUND);
	cr_assert_eq(ssa_apply_subresource(&c, out, body, "ctrl", "apps/v1", "scale", 0, &next, &conf),
		     ERR_UNSUPPORTED);
	cr_assert_null(next);
	json_decref(out);
	json_decref(body);
	json_decref(obj);
}
