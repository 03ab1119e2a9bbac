/*
 * test_sim_store: the simulated cluster's store, watch history,
 * persistence and resource types.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../src/base/err.h"
#include "../../src/base/fs.h"
#include "../../src/sim/persist.h"
#include "../../src/sim/store.h"
#include "../../src/sim/types.h"

static json_t *cm(const char *ns, const char *name)
{
	return json_pack("{s:s, s:s, s:{s:s, s:s}}", "apiVersion", "v1", "kind", "ConfigMap",
			 "metadata", "name", name, "namespace", ns);
}

static const char *rv_of(const json_t *o)
{
	return json_string_value(json_object_get(json_object_get(o, "metadata"), "resourceVersion"));
}

Test(store, writes_take_the_next_resource_version)
{
	struct sim_store s;
	const struct sim_obj *o;
	json_t *last = NULL;
	uint64_t rv = 0;

	sim_store_init(&s, 100);
	cr_assert_eq(sim_store_put(&s, "core/configmaps", "a", "x", cm("a", "x"), &rv), 0);
	cr_assert_eq(rv, 1);
	cr_assert_eq(sim_store_put(&s, "core/configmaps", "a", "y", cm("a", "y"), &rv), 0);
	cr_assert_eq(rv, 2);
	o = sim_store_get(&s, "core/configmaps", "a", "x");
	cr_assert_not_null(o);
	cr_assert_eq(o->rv, 1);
	cr_assert_str_eq(rv_of(o->obj), "1");
	cr_assert_null(sim_store_get(&s, "core/configmaps", "b", "x"));
	cr_assert_eq(sim_store_del(&s, "core/configmaps", "a", "x", &last), 0);
	cr_assert_str_eq(rv_of(last), "3", "the last state carries the delete's version");
	json_decref(last);
	cr_assert_eq(sim_store_del(&s, "core/configmaps", "a", "x", NULL), ERR_NOTFOUND);
	cr_assert_eq(s.rv, 3);
	sim_store_release(&s);
}

Test(store, lists_sort_by_namespace_then_name)
{
	struct sim_store s;
	const struct sim_obj **objs;
	size_t n;

	sim_store_init(&s, 100);
	sim_store_put(&s, "core/configmaps", "b", "a", cm("b", "a"), NULL);
	sim_store_put(&s, "core/configmaps", "a", "z", cm("a", "z"), NULL);
	sim_store_put(&s, "core/configmaps", "a", "m", cm("a", "m"), NULL);
	sim_store_put(&s, "core/configmaps", "ab", "c", cm("ab", "c"), NULL);
	sim_store_list(&s, "core/configmaps", NULL, &objs, &n);
	cr_assert_eq(n, 4);
	cr_assert_str_eq(json_string_value(json_object_get(json_object_get(objs[0]->obj, "metadata"), "name")), "m");
	cr_assert_str_eq(json_string_value(json_object_get(json_object_get(objs[1]->obj, "metadata"), "name")), "z");
	cr_assert_str_eq(json_string_value(json_object_get(json_object_get(objs[3]->obj, "metadata"), "namespace")), "b");
	free(objs);
	/* "a" must not match namespace "ab" */
	sim_store_list(&s, "core/configmaps", "a", &objs, &n);
	cr_assert_eq(n, 2);
	free(objs);
	sim_store_list(&s, "core/secrets", NULL, &objs, &n);
	cr_assert_eq(n, 0);
	free(objs);
	sim_store_release(&s);
}

Test(store, events_after_a_version_and_expiry)
{
	struct sim_store s;
	struct sim_event ev[16];
	int n, i;

	sim_store_init(&s, 4);
	for (i = 0; i < 10; i++) {
		char name[8];

		snprintf(name, sizeof(name), "c%d", i);
		sim_store_put(&s, i % 2 ? "core/secrets" : "core/configmaps", "a", name,
			      cm("a", name), NULL);
	}
	/* history holds rv 7..10: from 6 on is complete, before is expired */
	cr_assert_eq(sim_store_events(&s, NULL, 5, ev, 16), ERR_CONFLICT);
	n = sim_store_events(&s, NULL, 6, ev, 16);
	cr_assert_eq(n, 4);
	cr_assert_eq(ev[0].rv, 7);
	cr_assert_eq(ev[0].type, SIM_ADDED);
	for (i = 0; i < n; i++)
		sim_event_release(&ev[i]);
	n = sim_store_events(&s, "core/configmaps", 6, ev, 16);
	cr_assert_eq(n, 2, "rv 7 and 9 are configmaps");
	cr_assert_eq(ev[1].rv, 9);
	for (i = 0; i < n; i++)
		sim_event_release(&ev[i]);
	cr_assert_eq(sim_store_events(&s, NULL, 10, ev, 16), 0);
	/* a modify carries the state before */
	sim_store_put(&s, "core/configmaps", "a", "c0", cm("a", "c0"), NULL);
	n = sim_store_events(&s, NULL, 10, ev, 16);
	cr_assert_eq(n, 1);
	cr_assert_eq(ev[0].type, SIM_MODIFIED);
	cr_assert_str_eq(rv_of(ev[0].prev), "1");
	sim_event_release(&ev[0]);
	sim_store_release(&s);
}

static char *tmpdir(void)
{
	char tmpl[] = "/tmp/argolab-store-XXXXXX";
	char *d = mkdtemp(tmpl);

	cr_assert_not_null(d);
	return strdup(d);
}

Test(persist, a_reopened_store_has_every_write)
{
	struct sim_store s, t;
	char *dir = tmpdir();
	struct buf wal = BUF_INIT, p = BUF_INIT;
	const struct sim_obj *o;

	sim_store_init(&s, 100);
	cr_assert_eq(sim_persist_open(&s, dir), 0, "%s", err_last());
	sim_store_put(&s, "core/configmaps", "a", "x", cm("a", "x"), NULL);
	sim_store_put(&s, "core/configmaps", "a", "y", cm("a", "y"), NULL);
	sim_store_del(&s, "core/configmaps", "a", "x", NULL);
	cr_assert_eq(sim_store_sync(&s), 0);
	/* a second store cannot take the directory while the first holds it */
	sim_store_init(&t, 100);
	cr_assert_eq(sim_persist_open(&t, dir), ERR_CONFLICT);
	sim_store_release(&t);
	sim_persist_close(&s);
	sim_store_release(&s);

	sim_store_init(&t, 100);
	cr_assert_eq(sim_persist_open(&t, dir), 0, "%s", err_last());
	cr_assert_eq(t.rv, 3);
	cr_assert_null(sim_store_get(&t, "core/configmaps", "a", "x"));
	o = sim_store_get(&t, "core/configmaps", "a", "y");
	cr_assert_not_null(o);
	cr_assert_eq(o->rv, 2);
	/* opening folded the log into the snapshot */
	path_join(&p, dir, "wal.jsonl");
	cr_assert_eq(fs_read_file(p.ptr, 0, &wal), 0);
	cr_assert_eq(wal.len, 0);
	sim_persist_close(&t);
	sim_store_release(&t);
	fs_remove_tree(dir);
	free(dir);
	buf_release(&wal);
	buf_release(&p);
}

Test(persist, damaged_and_torn_logs)
{
	struct sim_store s;
	char *dir = tmpdir();
	struct buf p = BUF_INIT;
	static const char torn[] =
		"{\"rv\":4,\"b\":\"core/configmaps\",\"k\":\"a/x\",\"o\":{\"apiVersion\":\"v1\"}}\n"
		"{\"rv\":5,\"b\":\"core/configmaps\",\"k\":\"a/y\",\"o\":{\"api";
	static const char bad[] =
		"{\"rv\":4,\"b\":\"core/configmaps\",\"k\":\"a/x\"}\n"
		"{\"rv\":\"five\",\"b\":\"core/configmaps\",\"k\":\"a/y\"}\n";

	path_join(&p, dir, "wal.jsonl");
	cr_assert_eq(fs_write_atomic(p.ptr, torn, strlen(torn), 0600), 0);
	sim_store_init(&s, 100);
	cr_assert_eq(sim_persist_open(&s, dir), 0, "%s", err_last());
	cr_assert_not_null(sim_store_get(&s, "core/configmaps", "a", "x"));
	cr_assert_null(sim_store_get(&s, "core/configmaps", "a", "y"));
	cr_assert_eq(s.rv, 4);
	sim_persist_close(&s);
	sim_store_release(&s);

	cr_assert_eq(fs_write_atomic(p.ptr, bad, strlen(bad), 0600), 0);
	sim_store_init(&s, 100);
	cr_assert_eq(sim_persist_open(&s, dir), ERR_INVALID);
	cr_assert(strstr(err_last(), "wal.jsonl:2: not a state record"), "%s", err_last());
	sim_store_release(&s);
	fs_remove_tree(dir);
	free(dir);
	buf_release(&p);
}

Test(types, a_crd_serves_its_versions_and_list_keys)
{
	struct sim_types t;
	const struct sim_rtype *r;
	json_error_t jerr;
	json_t *crd = json_loads(
		"{\"spec\":{\"group\":\"example.com\",\"scope\":\"Namespaced\","
		"\"names\":{\"plural\":\"widgets\",\"kind\":\"Widget\",\"shortNames\":[\"wd\"]},"
		"\"versions\":[{\"name\":\"v1\",\"served\":true,\"storage\":true,"
		"\"subresources\":{\"status\":{}},\"schema\":{\"openAPIV3Schema\":{\"type\":\"object\","
		"\"properties\":{\"spec\":{\"type\":\"object\",\"properties\":{"
		"\"items\":{\"type\":\"array\",\"x-kubernetes-list-type\":\"map\",\"x-kubernetes-list-map-keys\":[\"name\",\"zone\"]},"
		"\"tags\":{\"type\":\"array\",\"x-kubernetes-list-type\":\"set\"},"
		"\"args\":{\"type\":\"array\"}}}}}}},"
		"{\"name\":\"v0\",\"served\":false,\"storage\":false}]}}",
		0, &jerr);

	cr_assert_not_null(crd, "%s", jerr.text);
	sim_types_init(&t);
	cr_assert_not_null(sim_types_find(&t, "apps", "v1", "deployments"));
	cr_assert_null(sim_types_find(&t, "example.com", "v1", "widgets"));
	cr_assert_eq(sim_types_add_crd(&t, crd), 0);
	r = sim_types_find(&t, "example.com", "v1", "widgets");
	cr_assert_not_null(r);
	cr_assert(r->flags & RT_NAMESPACED);
	cr_assert(r->flags & RT_STATUS);
	cr_assert_str_eq(r->singular, "widget");
	cr_assert_str_eq(r->list_kind, "WidgetList");
	cr_assert_str_eq(r->short_names[0], "wd");
	cr_assert_null(sim_types_find(&t, "example.com", "v0", "widgets"), "not served");
	cr_assert_str_eq(sim_types_list_keys((void *)r, "spec.items"), "name,zone");
	cr_assert_str_eq(sim_types_list_keys((void *)r, "spec.items"), "name,zone", "cached");
	cr_assert_str_eq(sim_types_list_keys((void *)r, "spec.tags"), "");
	cr_assert_null(sim_types_list_keys((void *)r, "spec.args"));
	cr_assert_str_eq(sim_types_list_keys((void *)r, "metadata.finalizers"), "");
	sim_types_remove_crd(&t, "example.com", "widgets");
	cr_assert_null(sim_types_find(&t, "example.com", "v1", "widgets"));
	cr_assert_eq(sim_types_add_crd(&t, json_object_get(crd, "spec")), ERR_INVALID);
	json_decref(crd);
	sim_types_release(&t);
}
