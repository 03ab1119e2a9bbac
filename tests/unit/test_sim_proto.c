/*
 * Unit tests for sim/proto: Kubernetes protobuf bodies to JSON.
 *
 * The fixtures in tests/sim/proto/ are real request bodies of kubectl
 * 1.32, and the JSON next to each is what kubectl printed for the same
 * object with -o json (see the README there): decoding must give that
 * JSON exactly, key order included.  Hand-built bodies cover what kubectl
 * does not send (pointers set to zero, int-or-string, merges, unknown
 * fields) and malformed input, which must fail with the exact code and
 * message; every prefix and many mutations of the real bodies must fail
 * cleanly or decode, which ASan, UBSan and valgrind check.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/base/buf.h"
#include "../../src/base/err.h"
#include "../../src/base/fs.h"
#include "../../src/sim/proto.h"

#define FIXTURES "tests/sim/proto/"

static const char *const fixtures[] = {
	"namespace", "configmap", "configmap-multi", "secret", "secret-binary",
	"serviceaccount", "deployment", "job", "job-from-cronjob",
	"pod-debug-copy", "pod-debug-rich", "pod-debug-node", "service",
};
#define NFIXTURES (sizeof(fixtures) / sizeof(fixtures[0]))

static void slurp(const char *name, const char *ext, struct buf *b)
{
	char path[256];

	snprintf(path, sizeof(path), FIXTURES "%s.%s", name, ext);
	cr_assert_eq(fs_read_file(path, 0, b), 0, "%s: %s", path, err_last());
}

static char *compact(const json_t *v)
{
	return json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
}

/* decoded: the compact JSON of a body that must decode (free() it) */
static char *decoded(const void *p, size_t n)
{
	json_t *o = NULL;
	char *s;
	int rc = sim_proto_decode(p, n, &o);

	cr_assert_eq(rc, 0, "%s: %s", err_name(rc), err_last());
	cr_assert(json_is_object(o));
	s = compact(o);
	json_decref(o);
	return s;
}

/* --- a small protobuf writer for hand-built bodies ----------------------- */

static void pv(struct buf *b, uint64_t v)
{
	do {
		unsigned char c = v & 0x7f;

		v >>= 7;
		if (v)
			c |= 0x80;
		buf_addc(b, (char)c);
	} while (v);
}

static void pkey(struct buf *b, unsigned num, unsigned wt)
{
	pv(b, (uint64_t)num << 3 | wt);
}

static void pint(struct buf *b, unsigned num, uint64_t v)
{
	pkey(b, num, 0);
	pv(b, v);
}

static void plen(struct buf *b, unsigned num, const void *p, size_t n)
{
	pkey(b, num, 2);
	pv(b, n);
	buf_add(b, p, n);
}

static void pstr(struct buf *b, unsigned num, const char *s)
{
	plen(b, num, s, strlen(s));
}

/* pmsg: m as field num of b; m is released */
static void pmsg(struct buf *b, unsigned num, struct buf *m)
{
	plen(b, num, m->ptr, m->len);
	buf_release(m);
}

static void pentry(struct buf *b, unsigned num, const char *k, size_t kn,
		   const char *v, size_t vn)
{
	struct buf e = BUF_INIT;

	plen(&e, 1, k, kn);
	plen(&e, 2, v, vn);
	pmsg(b, num, &e);
}

/* body: the envelope around raw (released) */
static void body(struct buf *out, const char *api_version, const char *kind,
		 struct buf *raw)
{
	struct buf tm = BUF_INIT;

	buf_add(out, "k8s\0", 4);
	pstr(&tm, 1, api_version);
	pstr(&tm, 2, kind);
	pmsg(out, 1, &tm);
	pmsg(out, 2, raw);
	pstr(out, 3, "");
	pstr(out, 4, "");
}

static void meta_named(struct buf *raw, const char *name)
{
	struct buf m = BUF_INIT;

	pstr(&m, 1, name);
	pmsg(raw, 1, &m);
}

static void expect_json(struct buf *b, const char *want)
{
	char *got = decoded(b->ptr, b->len);

	cr_expect_str_eq(got, want);
	free(got);
	buf_release(b);
}

static void expect_error(struct buf *b, int code, const char *msg)
{
	json_t *o = (json_t *)1;
	int rc = sim_proto_decode(b->ptr, b->len, &o);

	cr_expect_eq(rc, code, "got %s: %s", err_name(rc), err_last());
	cr_expect_null(o);
	cr_expect_str_eq(err_last(), msg);
	buf_release(b);
}

/* --- real kubectl bodies ------------------------------------------------- */

Test(proto, real_bodies_decode_to_what_kubectl_prints)
{
	size_t i;

	for (i = 0; i < NFIXTURES; i++) {
		struct buf pb = BUF_INIT, js = BUF_INIT;
		json_t *want;
		char *got, *w;

		if (!strcmp(fixtures[i], "service"))
			continue;
		slurp(fixtures[i], "pb", &pb);
		slurp(fixtures[i], "json", &js);
		want = json_loadb(js.ptr, js.len, 0, NULL);
		cr_assert_not_null(want, "%s.json", fixtures[i]);
		got = decoded(pb.ptr, pb.len);
		w = compact(want);
		cr_expect_str_eq(got, w, "%s", fixtures[i]);
		free(got);
		free(w);
		json_decref(want);
		buf_release(&pb);
		buf_release(&js);
	}
}

/* the small ones spelled out, so that a reader sees the shape */
Test(proto, kubectl_create_bodies_spelled_out)
{
	static const struct {
		const char *name, *json;
	} cases[] = {
		{ "namespace",
		  "{\"kind\":\"Namespace\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"x\","
		  "\"creationTimestamp\":null},\"spec\":{},\"status\":{}}" },
		{ "configmap",
		  "{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"c\","
		  "\"creationTimestamp\":null},\"data\":{\"a\":\"b\"}}" },
		{ "secret",
		  "{\"kind\":\"Secret\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"s\","
		  "\"creationTimestamp\":null},\"data\":{\"pass\":\"czNjcjN0\",\"user\":\"YWRtaW4=\"}}" },
		{ "deployment",
		  "{\"kind\":\"Deployment\",\"apiVersion\":\"apps/v1\",\"metadata\":{\"name\":\"web\","
		  "\"creationTimestamp\":null,\"labels\":{\"app\":\"web\"}},\"spec\":{\"replicas\":2,"
		  "\"selector\":{\"matchLabels\":{\"app\":\"web\"}},\"template\":{\"metadata\":"
		  "{\"creationTimestamp\":null,\"labels\":{\"app\":\"web\"}},\"spec\":{\"containers\":"
		  "[{\"name\":\"nginx\",\"image\":\"nginx\",\"ports\":[{\"containerPort\":80}],"
		  "\"resources\":{}}]}},\"strategy\":{}},\"status\":{}}" },
		{ "job",
		  "{\"kind\":\"Job\",\"apiVersion\":\"batch/v1\",\"metadata\":{\"name\":\"j\","
		  "\"creationTimestamp\":null},\"spec\":{\"template\":{\"metadata\":"
		  "{\"creationTimestamp\":null},\"spec\":{\"containers\":[{\"name\":\"j\","
		  "\"image\":\"busybox\",\"command\":[\"sleep\",\"5\"],\"resources\":{}}],"
		  "\"restartPolicy\":\"Never\"}}},\"status\":{}}" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct buf pb = BUF_INIT;
		char *got;

		slurp(cases[i].name, "pb", &pb);
		got = decoded(pb.ptr, pb.len);
		cr_expect_str_eq(got, cases[i].json, "%s", cases[i].name);
		free(got);
		buf_release(&pb);
	}
}

Test(proto, other_kinds_are_unsupported_by_name)
{
	struct buf pb = BUF_INIT, raw = BUF_INIT, b = BUF_INIT;

	slurp("service", "pb", &pb);
	expect_error(&pb, ERR_UNSUPPORTED,
		     "cannot decode a protobuf body of kind \"Service\" (\"v1\"): only Namespace, "
		     "ConfigMap, Secret, ServiceAccount and Pod (v1), Deployment (apps/v1) and "
		     "Job (batch/v1) are; send it as application/json");

	/* the right kind in the wrong group is another kind */
	meta_named(&raw, "x");
	body(&b, "apps/v1", "Namespace", &raw);
	expect_error(&b, ERR_UNSUPPORTED,
		     "cannot decode a protobuf body of kind \"Namespace\" (\"apps/v1\"): only "
		     "Namespace, ConfigMap, Secret, ServiceAccount and Pod (v1), Deployment "
		     "(apps/v1) and Job (batch/v1) are; send it as application/json");

	/* names from the wire are quoted and shortened */
	buf_add(&b, "k8s\0", 4);
	{
		struct buf tm = BUF_INIT;

		pstr(&tm, 1, "v1");
		pstr(&tm, 2, "Bad\"\n");
		pmsg(&b, 1, &tm);
	}
	expect_error(&b, ERR_UNSUPPORTED,
		     "cannot decode a protobuf body of kind \"Bad\\x22\\x0a\" (\"v1\"): only "
		     "Namespace, ConfigMap, Secret, ServiceAccount and Pod (v1), Deployment "
		     "(apps/v1) and Job (batch/v1) are; send it as application/json");
}

Test(proto, envelope_encodings_other_than_plain_protobuf_are_unsupported)
{
	struct buf b = BUF_INIT, tm = BUF_INIT;

	buf_add(&b, "k8s\0", 4);
	pstr(&tm, 1, "v1");
	pstr(&tm, 2, "Namespace");
	pmsg(&b, 1, &tm);
	pstr(&b, 3, "gzip");
	expect_error(&b, ERR_UNSUPPORTED,
		     "protobuf body with content encoding \"gzip\" is not supported");

	buf_add(&b, "k8s\0", 4);
	pstr(&tm, 1, "v1");
	pstr(&tm, 2, "Namespace");
	pmsg(&b, 1, &tm);
	pstr(&b, 4, "application/json");
	expect_error(&b, ERR_UNSUPPORTED,
		     "protobuf body whose raw object is \"application/json\" is not supported");

	/* naming protobuf itself is fine */
	buf_add(&b, "k8s\0", 4);
	pstr(&tm, 1, "v1");
	pstr(&tm, 2, "Namespace");
	pmsg(&b, 1, &tm);
	pstr(&b, 4, "application/vnd.kubernetes.protobuf");
	expect_json(&b, "{\"kind\":\"Namespace\",\"apiVersion\":\"v1\",\"metadata\":"
			"{\"creationTimestamp\":null},\"spec\":{},\"status\":{}}");
}

/* --- malformed input ----------------------------------------------------- */

#define BYTES(s) s, sizeof(s) - 1

Test(proto, malformed_envelopes_fail_with_exact_messages)
{
	static const struct {
		const char *p;
		size_t n;
		const char *msg;
	} cases[] = {
		{ BYTES(""),
		  "invalid protobuf body: it does not start with the magic \"k8s\\x00\"" },
		{ BYTES("k8s"),
		  "invalid protobuf body: it does not start with the magic \"k8s\\x00\"" },
		{ BYTES("k9s\0\x0a\x00"),
		  "invalid protobuf body: it does not start with the magic \"k8s\\x00\"" },
		{ BYTES("{\"kind\":\"Pod\"}"),
		  "invalid protobuf body: it does not start with the magic \"k8s\\x00\"" },
		{ BYTES("k8s\0"),
		  "invalid protobuf body: runtime.Unknown names no kind" },
		{ BYTES("k8s\0\x80"),
		  "invalid protobuf body: truncated varint at byte 4" },
		{ BYTES("k8s\0\x0a"),
		  "invalid protobuf body: truncated varint at byte 5" },
		{ BYTES("k8s\0\x0a\x05" "ab"),
		  "invalid protobuf body: length past the end of the message at byte 5" },
		{ BYTES("k8s\0\x0a\xff\xff\xff\xff\xff\xff\xff\xff\xff\x7f"),
		  "invalid protobuf body: varint longer than 64 bits at byte 5" },
		{ BYTES("k8s\0\x00"),
		  "invalid protobuf body: field number out of range at byte 4" },
		{ BYTES("k8s\0\x08\x01"),
		  "invalid protobuf body: wrong wire type in runtime.Unknown at byte 4" },
		{ BYTES("k8s\0\x0a\x02\x08\x01"),
		  "invalid protobuf body: wrong wire type in typeMeta at byte 6" },
		{ BYTES("k8s\0\x2b"),
		  "invalid protobuf body: unsupported wire type at byte 4" },
		{ BYTES("k8s\0\x2e"),
		  "invalid protobuf body: unsupported wire type at byte 4" },
		{ BYTES("k8s\0\x29\x01\x02"),
		  "invalid protobuf body: truncated fixed-size value at byte 5" },
		{ BYTES("k8s\0\x2d\x01\x02\x03"),
		  "invalid protobuf body: truncated fixed-size value at byte 5" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_t *o = (json_t *)1;
		int rc = sim_proto_decode(cases[i].p, cases[i].n, &o);

		cr_expect_eq(rc, ERR_INVALID, "case %zu: %s", i, err_last());
		cr_expect_null(o, "case %zu", i);
		cr_expect_str_eq(err_last(), cases[i].msg, "case %zu", i);
	}
}

Test(proto, malformed_objects_name_the_field_and_byte)
{
	struct buf raw = BUF_INIT, b = BUF_INIT, spec = BUF_INIT, tmpl = BUF_INIT,
		   ps = BUF_INIT, c = BUF_INIT, port = BUF_INIT, m = BUF_INIT;

	/* metadata as a varint: raw starts at byte 23 */
	pint(&raw, 1, 1);
	body(&b, "v1", "Namespace", &raw);
	expect_error(&b, ERR_INVALID,
		     "invalid protobuf body: wrong wire type 0 for field 1 (metadata) at byte 23");

	/* metadata longer than the object */
	buf_add(&raw, "\x0a\x05\x0a\x01x", 5);
	body(&b, "v1", "Namespace", &raw);
	expect_error(&b, ERR_INVALID,
		     "invalid protobuf body: length past the end of the message at byte 24");

	/* a name longer than metadata, found when metadata is decoded */
	buf_add(&raw, "\x0a\x03\x0a\x05x", 5);
	body(&b, "v1", "Namespace", &raw);
	expect_error(&b, ERR_INVALID,
		     "invalid protobuf body: length past the end of the message at byte 26 "
		     "in metadata");

	/* deep inside: spec.template.spec.containers[1].ports[0].containerPort */
	pstr(&port, 3, "80");
	pstr(&c, 1, "first");
	pmsg(&ps, 2, &c);
	pstr(&c, 1, "second");
	pmsg(&c, 6, &port);
	pmsg(&ps, 2, &c);
	pmsg(&tmpl, 2, &ps);
	pmsg(&spec, 3, &tmpl);
	pmsg(&raw, 2, &spec);
	body(&b, "apps/v1", "Deployment", &raw);
	expect_error(&b, ERR_INVALID,
		     "invalid protobuf body: wrong wire type 2 for field 3 (containerPort) at "
		     "byte 56 in spec.template.spec.containers[1].ports[0]");

	/* values Go refuses */
	{
		struct buf t = BUF_INIT;

		pint(&t, 1, 253402300800ull); /* 10000-01-01 */
		pmsg(&m, 8, &t);
		pmsg(&raw, 1, &m);
		body(&b, "v1", "ConfigMap", &raw);
		expect_error(&b, ERR_INVALID,
			     "invalid protobuf body: time outside the years 1 to 9999 at byte 27 "
			     "in metadata.creationTimestamp");
	}
	{
		struct buf st = BUF_INIT, ru = BUF_INIT, ios = BUF_INIT;

		pint(&ios, 1, 2);
		pmsg(&ru, 2, &ios);
		pmsg(&st, 2, &ru);
		pmsg(&spec, 4, &st);
		pmsg(&raw, 2, &spec);
		body(&b, "apps/v1", "Deployment", &raw);
		expect_error(&b, ERR_INVALID,
			     "invalid protobuf body: int-or-string of an unknown type at byte 37 "
			     "in spec.strategy.rollingUpdate.maxSurge");
	}
	{
		static const char *const bad[] = { "", "lots", "1.2.3", "12x", "1e", "--1", "." };
		size_t i;

		for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			struct buf res = BUF_INIT, q = BUF_INIT, e = BUF_INIT;
			json_t *o = NULL;
			int rc;

			pstr(&q, 1, bad[i]);
			pstr(&e, 1, "cpu");
			pmsg(&e, 2, &q);
			pmsg(&res, 1, &e);
			pstr(&c, 1, "c");
			pmsg(&c, 8, &res);
			pmsg(&ps, 2, &c);
			pmsg(&raw, 2, &ps);
			body(&b, "v1", "Pod", &raw);
			rc = sim_proto_decode(b.ptr, b.len, &o);
			cr_expect_eq(rc, ERR_INVALID, "%s", bad[i]);
			cr_expect_null(o);
			cr_expect(strstr(err_last(), "not a quantity") &&
				  strstr(err_last(), "in spec.containers[0].resources.limits"),
				  "%s: %s", bad[i], err_last());
			buf_release(&b);
		}
	}
}

Test(proto, sizes_are_bounded)
{
	struct buf raw = BUF_INIT, spec = BUF_INIT, b = BUF_INIT;
	char *big = calloc(SIM_PROTO_MAX_BODY + 1, 1);
	json_t *o = NULL;
	size_t i;

	cr_assert_not_null(big);
	memcpy(big, "k8s\0", 4);
	cr_expect_eq(sim_proto_decode(big, SIM_PROTO_MAX_BODY + 1, &o), ERR_TOOBIG);
	cr_expect_null(o);
	cr_expect_str_eq(err_last(), "protobuf body of 4194305 bytes is over the limit of 4194304");
	free(big);

	/* 400000 empty containers: 800 kB that would be 1.2 million values */
	for (i = 0; i < 400000; i++)
		buf_add(&spec, "\x12\x00", 2);
	pmsg(&raw, 2, &spec);
	body(&b, "v1", "Pod", &raw);
	cr_expect_lt(b.len, SIM_PROTO_MAX_BODY);
	expect_error(&b, ERR_TOOBIG, "protobuf body decodes to more than 1048576 JSON values");
}

/*
 * every prefix of every real body fails cleanly or decodes (a prefix of
 * the Service body that keeps its typeMeta is still a Service)
 */
Test(proto, truncated_real_bodies_fail_cleanly)
{
	size_t i, n;

	for (i = 0; i < NFIXTURES; i++) {
		struct buf pb = BUF_INIT;

		slurp(fixtures[i], "pb", &pb);
		for (n = 0; n < pb.len; n++) {
			/* a copy of exactly n bytes, so ASan sees any overread */
			char *p = malloc(n ? n : 1);
			json_t *o = (json_t *)1;
			int rc;

			memcpy(p, pb.ptr, n);
			rc = sim_proto_decode(p, n, &o);
			cr_expect(rc == 0 || rc == ERR_INVALID ||
				  (rc == ERR_UNSUPPORTED && !strcmp(fixtures[i], "service")),
				  "%s at %zu: %s", fixtures[i], n, err_name(rc));
			if (rc == 0) {
				cr_expect(json_is_object(o));
				json_decref(o);
			} else {
				cr_expect_null(o);
				cr_expect_neq(err_last()[0], '\0');
			}
			free(p);
		}
		buf_release(&pb);
	}
}

/* every byte of every real body changed, twice: no crash, no leak */
Test(proto, mutated_real_bodies_fail_cleanly)
{
	static const unsigned char flips[] = { 0xff, 0x80, 0x01 };
	size_t i, at, f;

	for (i = 0; i < NFIXTURES; i++) {
		struct buf pb = BUF_INIT;

		slurp(fixtures[i], "pb", &pb);
		for (at = 4; at < pb.len; at++) {
			for (f = 0; f < sizeof(flips); f++) {
				char *p = malloc(pb.len);
				json_t *o = NULL;
				int rc;

				memcpy(p, pb.ptr, pb.len);
				p[at] = (char)(p[at] ^ flips[f]);
				rc = sim_proto_decode(p, pb.len, &o);
				cr_expect(rc == 0 || rc == ERR_INVALID || rc == ERR_UNSUPPORTED ||
					  rc == ERR_TOOBIG, "%s at %zu: %d", fixtures[i], at, rc);
				cr_expect((rc == 0) == (o != NULL));
				json_decref(o);
				free(p);
			}
		}
		buf_release(&pb);
	}
}

/* --- protobuf and Go semantics ------------------------------------------- */

Test(proto, unknown_fields_are_skipped_at_every_level)
{
	struct buf raw = BUF_INIT, m = BUF_INIT, b = BUF_INIT, tm = BUF_INIT, ps = BUF_INIT;

	pstr(&m, 1, "x");
	pint(&m, 99, 7);                                       /* varint */
	pkey(&m, 98, 1);                                       /* fixed64 */
	buf_add(&m, "12345678", 8);
	pkey(&m, 97, 5);                                       /* fixed32 */
	buf_add(&m, "1234", 4);
	pstr(&m, 96, "zz");                                    /* bytes */
	pint(&m, 17, 1);                                       /* managedFields, unmodelled */
	pmsg(&raw, 1, &m);
	pstr(&raw, 50, "junk");
	buf_add(&b, "k8s\0", 4);
	pint(&b, 9, 1);
	pstr(&tm, 1, "v1");
	pint(&tm, 3, 5);
	pstr(&tm, 2, "Namespace");
	pmsg(&b, 1, &tm);
	pmsg(&b, 2, &raw);
	expect_json(&b, "{\"kind\":\"Namespace\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"x\","
			"\"creationTimestamp\":null},\"spec\":{},\"status\":{}}");

	/* modelled kinds, unmodelled fields: affinity (18) and an NFS volume (7) */
	{
		struct buf aff = BUF_INIT, vol = BUF_INIT, vs = BUF_INIT, nfs = BUF_INIT, c = BUF_INIT;

		pstr(&aff, 1, "anything");
		pmsg(&ps, 18, &aff);
		pstr(&nfs, 1, "server");
		pmsg(&vs, 7, &nfs);
		pstr(&vol, 1, "v");
		pmsg(&vol, 2, &vs);
		pmsg(&ps, 1, &vol);
		pstr(&c, 1, "c");
		pmsg(&ps, 2, &c);
		pmsg(&raw, 2, &ps);
		body(&b, "v1", "Pod", &raw);
		expect_json(&b, "{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":"
				"{\"creationTimestamp\":null},\"spec\":{\"volumes\":[{\"name\":\"v\"}],"
				"\"containers\":[{\"name\":\"c\",\"resources\":{}}]},\"status\":{}}");
	}
}

Test(proto, repeated_singular_fields_merge_as_protobuf_does)
{
	struct buf raw = BUF_INIT, m = BUF_INIT, b = BUF_INIT, s = BUF_INIT;

	pstr(&m, 1, "a");
	pentry(&m, 11, "x", 1, "1", 1);
	pmsg(&raw, 1, &m);
	pentry(&m, 11, "y", 1, "2", 1);
	pstr(&m, 1, "b");
	pmsg(&raw, 1, &m);
	pstr(&s, 1, "kubernetes");
	pmsg(&raw, 2, &s);
	pstr(&s, 1, "other");
	pmsg(&raw, 2, &s);
	body(&b, "v1", "Namespace", &raw);
	expect_json(&b, "{\"kind\":\"Namespace\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"b\","
			"\"creationTimestamp\":null,\"labels\":{\"x\":\"1\",\"y\":\"2\"}},"
			"\"spec\":{\"finalizers\":[\"kubernetes\",\"other\"]},\"status\":{}}");
}

Test(proto, deployment_pointers_and_int_or_string)
{
	struct buf raw = BUF_INIT, b = BUF_INIT, spec = BUF_INIT, sel = BUF_INIT,
		   tmpl = BUF_INIT, tm = BUF_INIT, ps = BUF_INIT, c = BUF_INIT,
		   st = BUF_INIT, ru = BUF_INIT, ios = BUF_INIT;

	meta_named(&raw, "web");
	pint(&spec, 1, 0);                                     /* replicas: 0 */
	pentry(&sel, 1, "app", 3, "web", 3);
	pmsg(&spec, 2, &sel);
	pentry(&tm, 11, "app", 3, "web", 3);
	pmsg(&tmpl, 1, &tm);
	pstr(&c, 1, "nginx");
	pstr(&c, 2, "nginx");
	pmsg(&ps, 2, &c);
	pmsg(&tmpl, 2, &ps);
	pmsg(&spec, 3, &tmpl);
	pstr(&st, 1, "RollingUpdate");
	pint(&ios, 1, 0);
	pint(&ios, 2, 1);
	pmsg(&ru, 1, &ios);                                    /* maxUnavailable: 1 */
	pint(&ios, 1, 1);
	pstr(&ios, 3, "25%");
	pmsg(&ru, 2, &ios);                                    /* maxSurge: "25%" */
	pmsg(&st, 2, &ru);
	pmsg(&spec, 4, &st);
	pint(&spec, 5, 0);                                     /* minReadySeconds: omitted */
	pint(&spec, 6, 10);
	pint(&spec, 7, 0);                                     /* paused: omitted */
	pint(&spec, 9, 600);
	pmsg(&raw, 2, &spec);
	body(&b, "apps/v1", "Deployment", &raw);
	expect_json(&b, "{\"kind\":\"Deployment\",\"apiVersion\":\"apps/v1\",\"metadata\":"
			"{\"name\":\"web\",\"creationTimestamp\":null},\"spec\":{\"replicas\":0,"
			"\"selector\":{\"matchLabels\":{\"app\":\"web\"}},\"template\":{\"metadata\":"
			"{\"creationTimestamp\":null,\"labels\":{\"app\":\"web\"}},\"spec\":"
			"{\"containers\":[{\"name\":\"nginx\",\"image\":\"nginx\",\"resources\":{}}]}},"
			"\"strategy\":{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"maxUnavailable\":1,"
			"\"maxSurge\":\"25%\"}},\"revisionHistoryLimit\":10,"
			"\"progressDeadlineSeconds\":600},\"status\":{}}");

	/* nothing at all: Go's zero Deployment (selector has no omitempty) */
	body(&b, "apps/v1", "Deployment", &raw);
	expect_json(&b, "{\"kind\":\"Deployment\",\"apiVersion\":\"apps/v1\",\"metadata\":"
			"{\"creationTimestamp\":null},\"spec\":{\"selector\":null,\"template\":"
			"{\"metadata\":{\"creationTimestamp\":null},\"spec\":{\"containers\":null}},"
			"\"strategy\":{}},\"status\":{}}");
}

Test(proto, maps_are_sorted_last_key_wins_and_bytes_are_base64)
{
	struct buf raw = BUF_INIT, b = BUF_INIT;

	meta_named(&raw, "c");
	pentry(&raw, 2, "b", 1, "2", 1);
	pentry(&raw, 2, "a", 1, "1", 1);
	pentry(&raw, 2, "b", 1, "3", 1);
	pentry(&raw, 2, "B", 1, "upper", 5);
	pentry(&raw, 2, "k\xff", 2, "v\xc3", 2);                /* not UTF-8 */
	pentry(&raw, 3, "bin", 3, "\x01\x02\x00", 3);
	pint(&raw, 4, 0);                                      /* immutable: false */
	body(&b, "v1", "ConfigMap", &raw);
	expect_json(&b, "{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"c\","
			"\"creationTimestamp\":null},\"immutable\":false,\"data\":{\"B\":\"upper\","
			"\"a\":\"1\",\"b\":\"3\",\"k\xef\xbf\xbd\":\"v\xef\xbf\xbd\"},\"binaryData\":"
			"{\"bin\":\"AQIA\"}}");

	meta_named(&raw, "s");
	pint(&raw, 5, 1);
	pentry(&raw, 2, "k", 1, "\x00\xff", 2);
	pentry(&raw, 4, "b", 1, "2", 1);
	pentry(&raw, 4, "a", 1, "1", 1);
	pstr(&raw, 3, "Opaque");
	body(&b, "v1", "Secret", &raw);
	expect_json(&b, "{\"kind\":\"Secret\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"s\","
			"\"creationTimestamp\":null},\"immutable\":true,\"data\":{\"k\":\"AP8=\"},"
			"\"stringData\":{\"a\":\"1\",\"b\":\"2\"},\"type\":\"Opaque\"}");
}

Test(proto, times_are_rfc3339_seconds_and_zero_is_null)
{
	static const struct {
		int64_t secs;
		int with_secs;
		const char *json;
	} cases[] = {
		{ 1709251198, 1, "\"2024-02-29T23:59:58Z\"" },
		{ 0, 1, "\"1970-01-01T00:00:00Z\"" },        /* sent, even zero */
		{ 0, 0, "\"1970-01-01T00:00:00Z\"" },        /* only nanos */
		{ -1, 1, "\"1969-12-31T23:59:59Z\"" },
		{ INT64_C(-62135596800), 1, "null" },        /* Go's zero time */
		{ INT64_C(-62135596799), 1, "\"0001-01-01T00:00:01Z\"" },
		{ INT64_C(253402300799), 1, "\"9999-12-31T23:59:59Z\"" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct buf raw = BUF_INIT, m = BUF_INIT, t = BUF_INIT, b = BUF_INIT, want = BUF_INIT;
		char *got;

		if (cases[i].with_secs)
			pint(&t, 1, (uint64_t)cases[i].secs);
		pint(&t, 2, 999999999);                        /* nanos: dropped */
		pmsg(&m, 8, &t);
		pmsg(&m, 9, &t);                                /* deletionTimestamp: empty */
		pmsg(&raw, 1, &m);
		body(&b, "v1", "ServiceAccount", &raw);
		got = decoded(b.ptr, b.len);
		buf_addf(&want, "{\"kind\":\"ServiceAccount\",\"apiVersion\":\"v1\",\"metadata\":"
				"{\"creationTimestamp\":%s,\"deletionTimestamp\":null}}", cases[i].json);
		cr_expect_str_eq(got, want.ptr, "case %zu", i);
		free(got);
		buf_release(&b);
		buf_release(&want);
	}
}

Test(proto, numbers_signs_packing_and_service_accounts)
{
	struct buf raw = BUF_INIT, b = BUF_INIT, ps = BUF_INIT, sc = BUF_INIT, pk = BUF_INIT,
		   ref = BUF_INIT;

	meta_named(&raw, "p");
	pint(&ps, 25, (uint64_t)-5);                           /* priority: int32 -5 */
	pint(&ps, 4, 0);                                       /* grace period: *int64 0 */
	pv(&pk, 1);
	pv(&pk, 2);
	plen(&sc, 4, pk.ptr, pk.len);                          /* packed */
	buf_release(&pk);
	pint(&sc, 4, (uint64_t)-3);                            /* and not */
	pmsg(&ps, 14, &sc);
	pmsg(&raw, 2, &ps);
	body(&b, "v1", "Pod", &raw);
	expect_json(&b, "{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"p\","
			"\"creationTimestamp\":null},\"spec\":{\"containers\":null,"
			"\"terminationGracePeriodSeconds\":0,\"securityContext\":"
			"{\"supplementalGroups\":[1,2,-3]},\"priority\":-5},\"status\":{}}");

	meta_named(&raw, "sa");
	pstr(&ref, 3, "token");
	pstr(&ref, 1, "Secret");
	pmsg(&raw, 2, &ref);
	pstr(&ref, 1, "regcred");
	pmsg(&raw, 3, &ref);
	pint(&raw, 4, 0);
	body(&b, "v1", "ServiceAccount", &raw);
	expect_json(&b, "{\"kind\":\"ServiceAccount\",\"apiVersion\":\"v1\",\"metadata\":"
			"{\"name\":\"sa\",\"creationTimestamp\":null},\"secrets\":[{\"kind\":\"Secret\","
			"\"name\":\"token\"}],\"imagePullSecrets\":[{\"name\":\"regcred\"}],"
			"\"automountServiceAccountToken\":false}");
}
