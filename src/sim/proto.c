/*
 * proto: Kubernetes protobuf request bodies turned into JSON objects.
 *
 * A body is "k8s\0" and a runtime.Unknown message: typeMeta (apiVersion,
 * kind), raw (the object, itself a protobuf message), contentEncoding and
 * contentType.  The JSON we build is what Go's encoding/json makes of the
 * typed object kube-apiserver would decode, because that is what the JSON
 * path of the simulator is written against and what kubectl itself prints
 * with -o json.
 *
 * Every message we model is a table of its fields, in the order of the Go
 * struct (which is the order of the JSON keys and, as go-to-protobuf
 * writes them, of generated.proto), each with its field number, JSON
 * name, type and Go shape, which decides what is written:
 *   - no flag: a value with omitempty, left out when zero ("", 0, false,
 *     empty list or map), as kubectl's bodies carry every plain field
 *     even when empty;
 *   - F_PTR: a Go pointer, written whenever it was on the wire, zero or
 *     not ("replicas": 0, "securityContext": {});
 *   - F_ALW: no omitempty, or a struct value (which omitempty never
 *     drops): always written, as the zero value when absent
 *     ("containerPort": 0, "resources": {}, "creationTimestamp": null);
 *   - F_PTR | F_ALW: a pointer without omitempty: null when absent.
 * A message is decoded in one pass that fills one slot per table entry
 * (a scalar seen twice: the last wins; repeated fields append; a singular
 * message seen twice is concatenated, which is how protobuf merges), and
 * its JSON object is then built in table order.  Numbers not in a table
 * are skipped, whatever their wire type (except groups), as protobuf
 * readers skip unknown fields; fields of the modelled kinds that we chose
 * not to model (affinity, topologySpreadConstraints, ephemeral
 * containers, most volume sources, conditions, managedFields, ...) go
 * the same way and are simply absent from the JSON.
 *
 * Invariants: every read is checked against the end of the message that
 * holds it, so nothing outside (data, len) is ever read; nesting is
 * bounded by the tables (no message contains itself) and checked against
 * SIM_PROTO_MAX_DEPTH anyway; the body is capped at SIM_PROTO_MAX_BODY
 * and the JSON built from it at SIM_PROTO_MAX_NODES values, because two
 * bytes ("12 00", an empty container) can stand for three JSON values.
 *
 * Not reproduced: Go re-canonicalizes quantities ("1000m" -> "1"); we
 * check their syntax and keep them as sent, which for kubectl, which
 * always sends the canonical form, is the same thing.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "../base/base64.h"
#include "../base/buf.h"
#include "../base/err.h"
#include "../base/utf8.h"
#include "proto.h"

enum ftype {
	T_STR,
	T_BYTES,     /* bytes: a base64 string, as Go's []byte */
	T_BOOL,
	T_I32,
	T_I64,
	T_MSG,       /* a nested message */
	T_INLINE,    /* an embedded struct whose keys join the parent's */
	T_MAP_STR,   /* map<string, string> */
	T_MAP_BYTES, /* map<string, bytes> */
	T_MAP_QTY,   /* map<string, resource.Quantity> */
	T_TIME,      /* metav1.Time: RFC 3339 seconds, or null */
	T_QTY,       /* resource.Quantity: its string */
	T_IOS,       /* intstr.IntOrString: a number or a string */
};

enum field_flags {
	F_REP = 1 << 0, /* repeated */
	F_PTR = 1 << 1, /* a Go pointer: written when present, even if zero */
	F_ALW = 1 << 2, /* written even when zero or absent */
};

struct msg;

struct field {
	unsigned num;
	const char *name;
	enum ftype type;
	unsigned flags;
	const struct msg *sub; /* T_MSG, T_INLINE */
};

struct msg {
	const struct field *f;
	size_t n;
};

#define MSG(id, ...)                                                         \
	static const struct field id##_f[] = { __VA_ARGS__ };                \
	static const struct msg id = { id##_f, sizeof(id##_f) / sizeof(id##_f[0]) }

#define S(num, name) { num, name, T_STR, 0, NULL }
#define SA(num, name) { num, name, T_STR, F_ALW, NULL }
#define SP(num, name) { num, name, T_STR, F_PTR, NULL }
#define SR(num, name) { num, name, T_STR, F_REP, NULL }
#define B(num, name) { num, name, T_BOOL, 0, NULL }
#define BP(num, name) { num, name, T_BOOL, F_PTR, NULL }
#define I32(num, name) { num, name, T_I32, 0, NULL }
#define I32A(num, name) { num, name, T_I32, F_ALW, NULL }
#define I32P(num, name) { num, name, T_I32, F_PTR, NULL }
#define I64(num, name) { num, name, T_I64, 0, NULL }
#define I64A(num, name) { num, name, T_I64, F_ALW, NULL }
#define I64P(num, name) { num, name, T_I64, F_PTR, NULL }
#define I64R(num, name) { num, name, T_I64, F_REP, NULL }
#define M(num, name, sub) { num, name, T_MSG, F_ALW, &sub }     /* struct */
#define MP(num, name, sub) { num, name, T_MSG, F_PTR, &sub }    /* *struct */
#define MR(num, name, sub) { num, name, T_MSG, F_REP, &sub }    /* []struct */
#define IN(num, sub) { num, NULL, T_INLINE, 0, &sub }
#define MAPS(num, name) { num, name, T_MAP_STR, 0, NULL }
#define MAPB(num, name) { num, name, T_MAP_BYTES, 0, NULL }
#define MAPQ(num, name) { num, name, T_MAP_QTY, 0, NULL }

/*
 * The tables.  Field numbers are those of k8s.io/api and
 * k8s.io/apimachinery generated.proto; order and shapes those of the Go
 * types (json tags) in the version kubectl 1.32 is built from.
 */

/* k8s.io/apimachinery/pkg/apis/meta/v1 */
MSG(m_ownerref,
    SA(5, "apiVersion"), SA(1, "kind"), SA(3, "name"), SA(4, "uid"),
    BP(6, "controller"), BP(7, "blockOwnerDeletion"));

MSG(m_objectmeta,
    S(1, "name"), S(2, "generateName"), S(3, "namespace"), S(4, "selfLink"),
    S(5, "uid"), S(6, "resourceVersion"), I64(7, "generation"),
    { 8, "creationTimestamp", T_TIME, F_ALW, NULL },
    { 9, "deletionTimestamp", T_TIME, F_PTR, NULL },
    I64P(10, "deletionGracePeriodSeconds"),
    MAPS(11, "labels"), MAPS(12, "annotations"),
    MR(13, "ownerReferences", m_ownerref), SR(14, "finalizers"));

MSG(m_selreq, SA(1, "key"), SA(2, "operator"), SR(3, "values"));

MSG(m_labelselector,
    MAPS(1, "matchLabels"), MR(2, "matchExpressions", m_selreq));

/* k8s.io/api/core/v1: references */
MSG(m_localref, S(1, "name"));

MSG(m_objectref,
    S(1, "kind"), S(2, "namespace"), S(3, "name"), S(4, "uid"),
    S(5, "apiVersion"), S(6, "resourceVersion"), S(7, "fieldPath"));

/* containers: environment */
MSG(m_fieldsel, S(1, "apiVersion"), SA(2, "fieldPath"));

MSG(m_resfieldsel,
    S(1, "containerName"), SA(2, "resource"),
    { 3, "divisor", T_QTY, F_ALW, NULL });

MSG(m_keysel, IN(1, m_localref), SA(2, "key"), BP(3, "optional"));

MSG(m_envsource,
    MP(1, "fieldRef", m_fieldsel), MP(2, "resourceFieldRef", m_resfieldsel),
    MP(3, "configMapKeyRef", m_keysel), MP(4, "secretKeyRef", m_keysel));

MSG(m_envvar, SA(1, "name"), S(2, "value"), MP(3, "valueFrom", m_envsource));

MSG(m_envfromref, IN(1, m_localref), BP(2, "optional"));

MSG(m_envfrom,
    S(1, "prefix"), MP(2, "configMapRef", m_envfromref),
    MP(3, "secretRef", m_envfromref));

/* containers: ports, resources, mounts */
MSG(m_port,
    S(1, "name"), I32(2, "hostPort"), I32A(3, "containerPort"),
    S(4, "protocol"), S(5, "hostIP"));

MSG(m_resclaim, SA(1, "name"), S(2, "request"));

MSG(m_resources,
    MAPQ(1, "limits"), MAPQ(2, "requests"), MR(3, "claims", m_resclaim));

MSG(m_resizepolicy, SA(1, "resourceName"), SA(2, "restartPolicy"));

MSG(m_volumemount,
    SA(1, "name"), B(2, "readOnly"), SP(7, "recursiveReadOnly"),
    SA(3, "mountPath"), S(4, "subPath"), SP(5, "mountPropagation"),
    S(6, "subPathExpr"));

MSG(m_volumedevice, SA(1, "name"), SA(2, "devicePath"));

/* containers: probes and lifecycle hooks */
MSG(m_exec, SR(1, "command"));

MSG(m_httpheader, SA(1, "name"), SA(2, "value"));

MSG(m_httpget,
    S(1, "path"), { 2, "port", T_IOS, F_ALW, NULL }, S(3, "host"),
    S(4, "scheme"), MR(5, "httpHeaders", m_httpheader));

MSG(m_tcpsocket, { 1, "port", T_IOS, F_ALW, NULL }, S(2, "host"));

MSG(m_grpc, I32A(1, "port"), { 2, "service", T_STR, F_PTR | F_ALW, NULL });

MSG(m_sleep, I64A(1, "seconds"));

MSG(m_probehandler,
    MP(1, "exec", m_exec), MP(2, "httpGet", m_httpget),
    MP(3, "tcpSocket", m_tcpsocket), MP(4, "grpc", m_grpc));

MSG(m_probe,
    IN(1, m_probehandler), I32(2, "initialDelaySeconds"),
    I32(3, "timeoutSeconds"), I32(4, "periodSeconds"),
    I32(5, "successThreshold"), I32(6, "failureThreshold"),
    I64P(7, "terminationGracePeriodSeconds"));

MSG(m_lifecyclehandler,
    MP(1, "exec", m_exec), MP(2, "httpGet", m_httpget),
    MP(3, "tcpSocket", m_tcpsocket), MP(4, "sleep", m_sleep));

MSG(m_lifecycle,
    MP(1, "postStart", m_lifecyclehandler), MP(2, "preStop", m_lifecyclehandler));

/* security contexts */
MSG(m_capabilities, SR(1, "add"), SR(2, "drop"));

MSG(m_selinux, S(1, "user"), S(2, "role"), S(3, "type"), S(4, "level"));

MSG(m_windows,
    SP(1, "gmsaCredentialSpecName"), SP(2, "gmsaCredentialSpec"),
    SP(3, "runAsUserName"), BP(4, "hostProcess"));

MSG(m_profile, SA(1, "type"), SP(2, "localhostProfile"));

MSG(m_securitycontext,
    MP(1, "capabilities", m_capabilities), BP(2, "privileged"),
    MP(3, "seLinuxOptions", m_selinux), MP(10, "windowsOptions", m_windows),
    I64P(4, "runAsUser"), I64P(8, "runAsGroup"), BP(5, "runAsNonRoot"),
    BP(6, "readOnlyRootFilesystem"), BP(7, "allowPrivilegeEscalation"),
    SP(9, "procMount"), MP(11, "seccompProfile", m_profile),
    MP(12, "appArmorProfile", m_profile));

MSG(m_sysctl, SA(1, "name"), SA(2, "value"));

MSG(m_podsecuritycontext,
    MP(1, "seLinuxOptions", m_selinux), MP(8, "windowsOptions", m_windows),
    I64P(2, "runAsUser"), I64P(6, "runAsGroup"), BP(3, "runAsNonRoot"),
    I64R(4, "supplementalGroups"), SP(12, "supplementalGroupsPolicy"),
    I64P(5, "fsGroup"), MR(7, "sysctls", m_sysctl),
    SP(9, "fsGroupChangePolicy"), MP(10, "seccompProfile", m_profile),
    MP(11, "appArmorProfile", m_profile), SP(13, "seLinuxChangePolicy"));

MSG(m_container,
    SA(1, "name"), S(2, "image"), SR(3, "command"), SR(4, "args"),
    S(5, "workingDir"), MR(6, "ports", m_port), MR(19, "envFrom", m_envfrom),
    MR(7, "env", m_envvar), M(8, "resources", m_resources),
    MR(23, "resizePolicy", m_resizepolicy), SP(24, "restartPolicy"),
    MR(9, "volumeMounts", m_volumemount),
    MR(21, "volumeDevices", m_volumedevice),
    MP(10, "livenessProbe", m_probe), MP(11, "readinessProbe", m_probe),
    MP(22, "startupProbe", m_probe), MP(12, "lifecycle", m_lifecycle),
    S(13, "terminationMessagePath"), S(20, "terminationMessagePolicy"),
    S(14, "imagePullPolicy"), MP(15, "securityContext", m_securitycontext),
    B(16, "stdin"), B(17, "stdinOnce"), B(18, "tty"));

/* volumes */
MSG(m_keytopath, SA(1, "key"), SA(2, "path"), I32P(3, "mode"));

MSG(m_hostpath, SA(1, "path"), SP(2, "type"));

MSG(m_emptydir, S(1, "medium"), { 2, "sizeLimit", T_QTY, F_PTR, NULL });

MSG(m_secretvolume,
    S(1, "secretName"), MR(2, "items", m_keytopath), I32P(3, "defaultMode"),
    BP(4, "optional"));

MSG(m_pvcvolume, SA(1, "claimName"), B(2, "readOnly"));

MSG(m_configmapvolume,
    IN(1, m_localref), MR(2, "items", m_keytopath), I32P(3, "defaultMode"),
    BP(4, "optional"));

MSG(m_volumesource,
    MP(1, "hostPath", m_hostpath), MP(2, "emptyDir", m_emptydir),
    MP(6, "secret", m_secretvolume),
    MP(10, "persistentVolumeClaim", m_pvcvolume),
    MP(19, "configMap", m_configmapvolume));

MSG(m_volume, SA(1, "name"), IN(2, m_volumesource));

/* pods */
MSG(m_toleration,
    S(1, "key"), S(2, "operator"), S(3, "value"), S(4, "effect"),
    I64P(5, "tolerationSeconds"));

MSG(m_dnsoption, S(1, "name"), SP(2, "value"));

MSG(m_dnsconfig,
    SR(1, "nameservers"), SR(2, "searches"), MR(3, "options", m_dnsoption));

MSG(m_readinessgate, SA(1, "conditionType"));

MSG(m_name, SA(1, "name")); /* PodOS, PodSchedulingGate */

MSG(m_podspec,
    MR(1, "volumes", m_volume), MR(20, "initContainers", m_container),
    { 2, "containers", T_MSG, F_REP | F_ALW, &m_container },
    S(3, "restartPolicy"), I64P(4, "terminationGracePeriodSeconds"),
    I64P(5, "activeDeadlineSeconds"), S(6, "dnsPolicy"),
    MAPS(7, "nodeSelector"), S(8, "serviceAccountName"),
    S(9, "serviceAccount"), BP(21, "automountServiceAccountToken"),
    S(10, "nodeName"), B(11, "hostNetwork"), B(12, "hostPID"),
    B(13, "hostIPC"), BP(27, "shareProcessNamespace"),
    MP(14, "securityContext", m_podsecuritycontext),
    MR(15, "imagePullSecrets", m_localref), S(16, "hostname"),
    S(17, "subdomain"), S(19, "schedulerName"),
    MR(22, "tolerations", m_toleration), S(24, "priorityClassName"),
    I32P(25, "priority"), MP(26, "dnsConfig", m_dnsconfig),
    MR(28, "readinessGates", m_readinessgate), SP(29, "runtimeClassName"),
    BP(30, "enableServiceLinks"), SP(31, "preemptionPolicy"),
    MAPQ(32, "overhead"), BP(35, "setHostnameAsFQDN"), MP(36, "os", m_name),
    BP(37, "hostUsers"), MR(38, "schedulingGates", m_name));

MSG(m_podstatus,
    S(1, "phase"), S(3, "message"), S(4, "reason"),
    S(11, "nominatedNodeName"), S(5, "hostIP"), S(6, "podIP"),
    { 7, "startTime", T_TIME, F_PTR, NULL }, S(9, "qosClass"),
    S(14, "resize"));

MSG(m_podtemplatespec,
    M(1, "metadata", m_objectmeta), M(2, "spec", m_podspec));

MSG(m_pod,
    M(1, "metadata", m_objectmeta), M(2, "spec", m_podspec),
    M(3, "status", m_podstatus));

/* v1 Namespace, ConfigMap, Secret, ServiceAccount */
MSG(m_namespacespec, SR(1, "finalizers"));

MSG(m_namespacestatus, S(1, "phase"));

MSG(m_namespace,
    M(1, "metadata", m_objectmeta), M(2, "spec", m_namespacespec),
    M(3, "status", m_namespacestatus));

MSG(m_configmap,
    M(1, "metadata", m_objectmeta), BP(4, "immutable"), MAPS(2, "data"),
    MAPB(3, "binaryData"));

MSG(m_secret,
    M(1, "metadata", m_objectmeta), BP(5, "immutable"), MAPB(2, "data"),
    MAPS(4, "stringData"), S(3, "type"));

MSG(m_serviceaccount,
    M(1, "metadata", m_objectmeta), MR(2, "secrets", m_objectref),
    MR(3, "imagePullSecrets", m_localref),
    BP(4, "automountServiceAccountToken"));

/* apps/v1 Deployment */
MSG(m_rollingupdate,
    { 1, "maxUnavailable", T_IOS, F_PTR, NULL },
    { 2, "maxSurge", T_IOS, F_PTR, NULL });

MSG(m_strategy, S(1, "type"), MP(2, "rollingUpdate", m_rollingupdate));

MSG(m_deploymentspec,
    I32P(1, "replicas"),
    { 2, "selector", T_MSG, F_PTR | F_ALW, &m_labelselector },
    M(3, "template", m_podtemplatespec), M(4, "strategy", m_strategy),
    I32(5, "minReadySeconds"), I32P(6, "revisionHistoryLimit"),
    B(7, "paused"), I32P(9, "progressDeadlineSeconds"));

MSG(m_deploymentstatus,
    I64(1, "observedGeneration"), I32(2, "replicas"),
    I32(3, "updatedReplicas"), I32(7, "readyReplicas"),
    I32(4, "availableReplicas"), I32(5, "unavailableReplicas"),
    I32P(8, "collisionCount"));

MSG(m_deployment,
    M(1, "metadata", m_objectmeta), M(2, "spec", m_deploymentspec),
    M(3, "status", m_deploymentstatus));

/* batch/v1 Job */
MSG(m_jobspec,
    I32P(1, "parallelism"), I32P(2, "completions"),
    I64P(3, "activeDeadlineSeconds"), I32P(7, "backoffLimit"),
    I32P(12, "backoffLimitPerIndex"), I32P(13, "maxFailedIndexes"),
    MP(4, "selector", m_labelselector), BP(5, "manualSelector"),
    M(6, "template", m_podtemplatespec), I32P(8, "ttlSecondsAfterFinished"),
    SP(9, "completionMode"), BP(10, "suspend"),
    SP(14, "podReplacementPolicy"), SP(15, "managedBy"));

MSG(m_jobstatus,
    I32(4, "active"), I32(5, "succeeded"), I32(6, "failed"),
    S(7, "completedIndexes"));

MSG(m_job,
    M(1, "metadata", m_objectmeta), M(2, "spec", m_jobspec),
    M(3, "status", m_jobstatus));

static const struct kind {
	const char *api_version;
	const char *kind;
	const struct msg *m;
} kinds[] = {
	{ "v1", "Namespace", &m_namespace },
	{ "v1", "ConfigMap", &m_configmap },
	{ "v1", "Secret", &m_secret },
	{ "v1", "ServiceAccount", &m_serviceaccount },
	{ "v1", "Pod", &m_pod },
	{ "apps/v1", "Deployment", &m_deployment },
	{ "batch/v1", "Job", &m_job },
};

/* --- reading the wire format ------------------------------------------- */

struct dec {
	const uint8_t *base; /* the body, for byte offsets in messages */
	size_t len;
	size_t nodes;        /* JSON values built so far */
	int depth;
	struct buf path;     /* the field being decoded: "spec.containers[0]" */
};

/* a reader over one message: [p, end) */
struct rd {
	const uint8_t *p;
	const uint8_t *end;
};

static const uint8_t empty_msg[1];

static int bad(struct dec *d, const uint8_t *at, const char *what)
{
	uintptr_t a = (uintptr_t)at, b = (uintptr_t)d->base;
	struct buf where = BUF_INIT;

	/* a merged message lives in a buffer of its own: no offset then */
	if (a >= b && a <= b + d->len)
		buf_addf(&where, " at byte %zu", (size_t)(a - b));
	if (d->path.len)
		buf_addf(&where, " in %s", d->path.ptr);
	err_set(ERR_INVALID, "invalid protobuf body: %s%s", what, where.ptr);
	buf_release(&where);
	/* a constant, so that the compiler sees every failure path */
	return ERR_INVALID;
}

static int get_varint(struct dec *d, struct rd *r, uint64_t *out)
{
	const uint8_t *start = r->p;
	uint64_t v = 0;
	unsigned shift = 0;

	for (;;) {
		uint8_t c;

		if (r->p == r->end)
			return bad(d, start, "truncated varint");
		c = *r->p++;
		/* the tenth byte may only hold the 64th bit */
		if (shift == 63 && c > 1)
			return bad(d, start, "varint longer than 64 bits");
		v |= (uint64_t)(c & 0x7f) << shift;
		if (!(c & 0x80))
			break;
		shift += 7;
	}
	*out = v;
	return 0;
}

/* get_bytes: a length-delimited value; [*p, *p + *n) is inside r */
static int get_bytes(struct dec *d, struct rd *r, const uint8_t **p, size_t *n)
{
	const uint8_t *at = r->p;
	uint64_t v = 0;

	if (get_varint(d, r, &v) < 0)
		return ERR_INVALID;
	if (v > (uint64_t)(r->end - r->p))
		return bad(d, at, "length past the end of the message");
	*p = r->p;
	*n = (size_t)v;
	r->p += v;
	return 0;
}

static int get_key(struct dec *d, struct rd *r, unsigned *num, unsigned *wt)
{
	const uint8_t *at = r->p;
	uint64_t k = 0;

	if (get_varint(d, r, &k) < 0)
		return ERR_INVALID;
	if (k >> 3 == 0 || k >> 3 > 0x1fffffff)
		return bad(d, at, "field number out of range");
	*num = (unsigned)(k >> 3);
	*wt = (unsigned)(k & 7);
	return 0;
}

static int skip_value(struct dec *d, struct rd *r, unsigned wt, const uint8_t *at)
{
	const uint8_t *p = NULL;
	uint64_t v;
	size_t n;

	switch (wt) {
	case 0:
		return get_varint(d, r, &v);
	case 1:
	case 5:
		n = wt == 1 ? 8 : 4;
		if ((size_t)(r->end - r->p) < n)
			return bad(d, r->p, "truncated fixed-size value");
		r->p += n;
		return 0;
	case 2:
		return get_bytes(d, r, &p, &n);
	default:
		/* 3 and 4 are proto2 groups, which no Kubernetes type uses */
		return bad(d, at, "unsupported wire type");
	}
}

static int wrong_type(struct dec *d, const uint8_t *at, unsigned wt,
		      const struct field *f)
{
	char what[96];

	snprintf(what, sizeof(what), "wrong wire type %u for field %u (%s)", wt,
		 f->num, f->name ? f->name : "inline");
	return bad(d, at, what);
}

/* --- building JSON ------------------------------------------------------ */

static int counted(struct dec *d)
{
	if (++d->nodes > SIM_PROTO_MAX_NODES)
		return err_set(ERR_TOOBIG,
			       "protobuf body decodes to more than %zu JSON values",
			       SIM_PROTO_MAX_NODES);
	return 0;
}

static json_t *make_string(const uint8_t *p, size_t n)
{
	struct buf b = BUF_INIT;
	json_t *v;

	/* Go's encoding/json writes U+FFFD for bytes that are not UTF-8 */
	if (utf8_valid(p, n))
		return json_stringn_nocheck((const char *)p, n);
	utf8_sanitize(&b, p, n);
	v = json_stringn_nocheck(b.ptr, b.len);
	buf_release(&b);
	return v;
}

static json_t *make_base64(const uint8_t *p, size_t n)
{
	struct buf b = BUF_INIT;
	json_t *v;

	base64_encode(&b, p, n);
	v = json_stringn_nocheck(b.ptr, b.len);
	buf_release(&b);
	return v;
}

static json_t *make_varint(enum ftype t, uint64_t v)
{
	switch (t) {
	case T_BOOL:
		return json_boolean(v != 0);
	case T_I32:
		/* int32 travels sign-extended; Go keeps the low 32 bits */
		return json_integer((int32_t)(uint32_t)v);
	default:
		return json_integer((json_int_t)(int64_t)v);
	}
}

static int is_zero(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_STRING:
		return json_string_length(v) == 0;
	case JSON_INTEGER:
		return json_integer_value(v) == 0;
	case JSON_FALSE:
		return 1;
	default:
		return 0;
	}
}

static json_t *zero_of(enum ftype t)
{
	switch (t) {
	case T_STR:
	case T_BYTES:
		return json_string("");
	case T_BOOL:
		return json_false();
	default:
		return json_integer(0);
	}
}

static void path_push(struct dec *d, const char *name, long idx, size_t *mark)
{
	*mark = d->path.len;
	if (d->path.len)
		buf_addc(&d->path, '.');
	buf_adds(&d->path, name);
	if (idx >= 0)
		buf_addf(&d->path, "[%ld]", idx);
}

/* civil_from_days (H. Hinnant): days since 1970-01-01 to y-m-d */
static void civil(int64_t z, int64_t *y, unsigned *m, unsigned *dd)
{
	int64_t era, yy;
	unsigned doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	yy = (int64_t)yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*dd = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yy + (*m <= 2);
}

#define SECONDS_YEAR1 INT64_C(-62135596800)    /* 0001-01-01T00:00:00Z */
#define SECONDS_YEAR10000 INT64_C(253402300800) /* 10000-01-01T00:00:00Z */

/*
 * time_json: metav1.Time {seconds, nanos}.  Go drops the nanoseconds when
 * decoding, writes null for the zero time (no bytes at all, or year 1)
 * and RFC 3339 in UTC otherwise.
 */
static int time_json(struct dec *d, const uint8_t *p, size_t n, json_t **out)
{
	struct rd r = { p, p + n };
	int64_t secs = 0, days, rem, y;
	unsigned m, dd;
	char s[32];

	*out = NULL;
	if (!n) {
		*out = json_null();
		return 0;
	}
	while (r.p < r.end) {
		const uint8_t *at = r.p;
		unsigned num = 0, wt = 0;
		uint64_t v;

		if (get_key(d, &r, &num, &wt) < 0)
			return ERR_INVALID;
		if (num == 1 || num == 2) {
			if (wt != 0)
				return bad(d, at, "wrong wire type in a time");
			if (get_varint(d, &r, &v) < 0)
				return ERR_INVALID;
			if (num == 1)
				secs = (int64_t)v;
		} else if (skip_value(d, &r, wt, at) < 0) {
			return ERR_INVALID;
		}
	}
	if (secs == SECONDS_YEAR1) {
		*out = json_null();
		return 0;
	}
	if (secs < SECONDS_YEAR1 || secs >= SECONDS_YEAR10000)
		return bad(d, p, "time outside the years 1 to 9999");
	days = secs / 86400;
	rem = secs % 86400;
	if (rem < 0) {
		rem += 86400;
		days--;
	}
	civil(days, &y, &m, &dd);
	snprintf(s, sizeof(s), "%04d-%02u-%02uT%02u:%02u:%02uZ", (int)y, m, dd,
		 (unsigned)(rem / 3600), (unsigned)(rem / 60 % 60),
		 (unsigned)(rem % 60));
	*out = json_string(s);
	return 0;
}

static int digits(const uint8_t *s, size_t n, size_t *i)
{
	size_t start = *i;

	while (*i < n && s[*i] >= '0' && s[*i] <= '9')
		(*i)++;
	return *i > start;
}

/*
 * quantity_valid: resource.ParseQuantity's grammar: a signed decimal
 * number and a suffix (binary Ki..Ei, decimal m..E or an exponent).
 */
static int quantity_valid(const uint8_t *s, size_t n)
{
	static const char *const suffixes[] = {
		"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei",
		"n", "u", "m", "k", "M", "G", "T", "P", "E",
	};
	size_t i = 0, k;
	int whole, frac = 0;

	if (i < n && (s[i] == '+' || s[i] == '-'))
		i++;
	whole = digits(s, n, &i);
	if (i < n && s[i] == '.') {
		i++;
		frac = digits(s, n, &i);
	}
	if (!whole && !frac)
		return 0;
	for (k = 0; k < sizeof(suffixes) / sizeof(suffixes[0]); k++)
		if (strlen(suffixes[k]) == n - i &&
		    !memcmp(suffixes[k], s + i, n - i))
			return 1;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		return digits(s, n, &i) && i == n;
	}
	return 0;
}

/* qty_json: resource.Quantity {string}; no string is the zero, "0" */
static int qty_json(struct dec *d, const uint8_t *p, size_t n, json_t **out)
{
	struct rd r = { p, p + n };
	const uint8_t *s = NULL, *at = p;
	size_t sn = 0;

	*out = NULL;
	while (r.p < r.end) {
		const uint8_t *kat = r.p;
		unsigned num = 0, wt = 0;

		if (get_key(d, &r, &num, &wt) < 0)
			return ERR_INVALID;
		if (num == 1) {
			if (wt != 2)
				return bad(d, kat, "wrong wire type in a quantity");
			at = kat;
			if (get_bytes(d, &r, &s, &sn) < 0)
				return ERR_INVALID;
		} else if (skip_value(d, &r, wt, kat) < 0) {
			return ERR_INVALID;
		}
	}
	if (!s) {
		*out = json_string("0");
		return 0;
	}
	if (!quantity_valid(s, sn))
		return bad(d, at, "not a quantity");
	*out = json_stringn_nocheck((const char *)s, sn);
	return 0;
}

/* ios_json: intstr.IntOrString {type, intVal, strVal} */
static int ios_json(struct dec *d, const uint8_t *p, size_t n, json_t **out)
{
	struct rd r = { p, p + n };
	const uint8_t *s = empty_msg;
	size_t sn = 0;
	uint64_t type = 0, iv = 0;

	*out = NULL;
	while (r.p < r.end) {
		const uint8_t *at = r.p;
		unsigned num = 0, wt = 0;

		if (get_key(d, &r, &num, &wt) < 0)
			return ERR_INVALID;
		if (num == 1 || num == 2) {
			if (wt != 0)
				return bad(d, at, "wrong wire type in an int-or-string");
			if (get_varint(d, &r, num == 1 ? &type : &iv) < 0)
				return ERR_INVALID;
		} else if (num == 3) {
			if (wt != 2)
				return bad(d, at, "wrong wire type in an int-or-string");
			if (get_bytes(d, &r, &s, &sn) < 0)
				return ERR_INVALID;
		} else if (skip_value(d, &r, wt, at) < 0) {
			return ERR_INVALID;
		}
	}
	if (type == 0)
		*out = json_integer((int32_t)(uint32_t)iv);
	else if (type == 1)
		*out = make_string(s, sn);
	else
		return bad(d, p, "int-or-string of an unknown type");
	return 0;
}

/* --- messages ----------------------------------------------------------- */

struct ent {
	const uint8_t *k;
	size_t kn;
	size_t seq;
	json_t *v;
};

struct slot {
	json_t *v;          /* a scalar, or the array of a repeated field */
	const uint8_t *p;   /* a singular message: its bytes */
	size_t n;
	struct buf cat;     /* ... concatenated when it came more than once */
	struct ent *ents;   /* a map: its entries in wire order */
	size_t nents, aents;
	int seen;
};

static int decode_msg(struct dec *d, const uint8_t *p, size_t n,
		      const struct msg *m, json_t *out);

static int append(struct dec *d, struct slot *s, json_t *v)
{
	if (!s->v) {
		if (counted(d) < 0) {
			json_decref(v);
			return ERR_TOOBIG;
		}
		s->v = json_array();
	}
	json_array_append_new(s->v, v);
	return 0;
}

static int map_entry(struct dec *d, const struct field *f, struct slot *s,
		     const uint8_t *p, size_t n)
{
	struct rd r = { p, p + n };
	const uint8_t *k = empty_msg, *v = NULL;
	size_t kn = 0, vn = 0;
	json_t *val = NULL;
	int ret;

	while (r.p < r.end) {
		const uint8_t *at = r.p;
		unsigned num = 0, wt = 0;

		if (get_key(d, &r, &num, &wt) < 0)
			return ERR_INVALID;
		if (num == 1 || num == 2) {
			if (wt != 2)
				return bad(d, at, "wrong wire type in a map entry");
			if (get_bytes(d, &r, num == 1 ? &k : &v, num == 1 ? &kn : &vn) < 0)
				return ERR_INVALID;
		} else if (skip_value(d, &r, wt, at) < 0) {
			return ERR_INVALID;
		}
	}
	if (f->type == T_MAP_QTY) {
		if ((ret = qty_json(d, v ? v : empty_msg, vn, &val)) < 0)
			return ret;
	} else if (f->type == T_MAP_BYTES) {
		val = make_base64(v ? v : empty_msg, vn);
	} else {
		val = make_string(v ? v : empty_msg, vn);
	}
	if (counted(d) < 0) {
		json_decref(val);
		return ERR_TOOBIG;
	}
	ALLOC_GROW(s->ents, s->nents + 1, s->aents);
	s->ents[s->nents].k = k;
	s->ents[s->nents].kn = kn;
	s->ents[s->nents].seq = s->nents;
	s->ents[s->nents].v = val;
	s->nents++;
	return 0;
}

static int read_field(struct dec *d, struct rd *r, const struct field *f,
		      unsigned wt, struct slot *s, const uint8_t *at)
{
	const uint8_t *p = NULL;
	size_t n = 0, mark;
	uint64_t v;
	json_t *j;
	int ret;

	switch (f->type) {
	case T_BOOL:
	case T_I32:
	case T_I64:
		if (wt == 2 && (f->flags & F_REP)) {
			/* packed: any proto2 reader accepts both forms */
			struct rd pr;

			if (get_bytes(d, r, &p, &n) < 0)
				return ERR_INVALID;
			pr.p = p;
			pr.end = p + n;
			while (pr.p < pr.end) {
				if (get_varint(d, &pr, &v) < 0)
					return ERR_INVALID;
				if (counted(d) < 0)
					return ERR_TOOBIG;
				if ((ret = append(d, s, make_varint(f->type, v))) < 0)
					return ret;
			}
			return 0;
		}
		if (wt != 0)
			return wrong_type(d, at, wt, f);
		if (get_varint(d, r, &v) < 0)
			return ERR_INVALID;
		if (counted(d) < 0)
			return ERR_TOOBIG;
		j = make_varint(f->type, v);
		break;
	case T_STR:
	case T_BYTES:
		if (wt != 2)
			return wrong_type(d, at, wt, f);
		if (get_bytes(d, r, &p, &n) < 0)
			return ERR_INVALID;
		if (counted(d) < 0)
			return ERR_TOOBIG;
		j = f->type == T_STR ? make_string(p, n) : make_base64(p, n);
		break;
	case T_MAP_STR:
	case T_MAP_BYTES:
	case T_MAP_QTY:
		if (wt != 2)
			return wrong_type(d, at, wt, f);
		if (get_bytes(d, r, &p, &n) < 0)
			return ERR_INVALID;
		s->seen = 1;
		path_push(d, f->name, -1, &mark);
		ret = map_entry(d, f, s, p, n);
		buf_setlen(&d->path, mark);
		return ret;
	default: /* messages */
		if (wt != 2)
			return wrong_type(d, at, wt, f);
		if (get_bytes(d, r, &p, &n) < 0)
			return ERR_INVALID;
		if (f->flags & F_REP) {
			if (counted(d) < 0)
				return ERR_TOOBIG;
			j = json_object();
			path_push(d, f->name, s->v ? (long)json_array_size(s->v) : 0, &mark);
			ret = decode_msg(d, p, n, f->sub, j);
			buf_setlen(&d->path, mark);
			if (ret < 0) {
				json_decref(j);
				return ret;
			}
			return append(d, s, j);
		}
		/* decoded when the object is built, after all its parts */
		if (!s->seen) {
			s->p = p;
			s->n = n;
		} else {
			if (!s->cat.len)
				buf_add(&s->cat, s->p, s->n);
			buf_add(&s->cat, p, n);
			s->p = (const uint8_t *)s->cat.ptr;
			s->n = s->cat.len;
		}
		s->seen = 1;
		return 0;
	}
	s->seen = 1;
	if (f->flags & F_REP)
		return append(d, s, j);
	json_decref(s->v);
	s->v = j;
	return 0;
}

static int ent_cmp(const void *a, const void *b)
{
	const struct ent *x = a, *y = b;
	size_t n = x->kn < y->kn ? x->kn : y->kn;
	int c = n ? memcmp(x->k, y->k, n) : 0;

	if (c)
		return c;
	if (x->kn != y->kn)
		return x->kn < y->kn ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* build_map: Go writes map keys sorted; a key sent twice keeps the last */
static json_t *build_map(struct slot *s)
{
	json_t *obj = json_object();
	struct buf key = BUF_INIT;
	size_t i;

	qsort(s->ents, s->nents, sizeof(*s->ents), ent_cmp);
	for (i = 0; i < s->nents; i++) {
		struct ent *e = &s->ents[i];

		if (i + 1 < s->nents && e->kn == e[1].kn &&
		    (!e->kn || !memcmp(e->k, e[1].k, e->kn))) {
			json_decref(e->v);
			e->v = NULL;
			continue;
		}
		buf_reset(&key);
		utf8_sanitize(&key, e->k, e->kn);
		json_object_setn_new_nocheck(obj, key.ptr, key.len, e->v);
		e->v = NULL;
	}
	buf_release(&key);
	return obj;
}

static int emit_field(struct dec *d, const struct field *f, struct slot *s,
		      json_t *out)
{
	const uint8_t *p = s->seen && s->p ? s->p : empty_msg;
	size_t n = s->seen ? s->n : 0, mark;
	json_t *v = NULL;
	int ret = 0;

	if (f->type == T_INLINE)
		return decode_msg(d, p, n, f->sub, out);
	if (s->v) {
		/* counted when read: repeated fields and plain scalars */
		if ((f->flags & (F_REP | F_PTR | F_ALW)) || !is_zero(s->v))
			json_object_set_nocheck(out, f->name, s->v);
		return 0;
	}
	if (f->flags & F_REP) {
		if (!(f->flags & F_ALW))
			return 0;
		v = json_null();
	} else if (f->type == T_MAP_STR || f->type == T_MAP_BYTES ||
		   f->type == T_MAP_QTY) {
		if (!s->nents)
			return 0;
		v = build_map(s);
	} else if (f->type == T_MSG || f->type == T_TIME || f->type == T_QTY ||
		   f->type == T_IOS) {
		if (!s->seen && !(f->flags & F_ALW))
			return 0;
		if (!s->seen && (f->flags & F_PTR)) {
			v = json_null();
		} else {
			path_push(d, f->name, -1, &mark);
			if (f->type == T_MSG) {
				v = json_object();
				ret = decode_msg(d, p, n, f->sub, v);
			} else if (f->type == T_TIME) {
				ret = time_json(d, p, n, &v);
			} else if (f->type == T_QTY) {
				ret = qty_json(d, p, n, &v);
			} else {
				ret = ios_json(d, p, n, &v);
			}
			buf_setlen(&d->path, mark);
			if (ret < 0) {
				json_decref(v);
				return ret;
			}
		}
	} else if (f->flags & F_ALW) {
		/* a plain scalar that was not on the wire */
		v = f->flags & F_PTR ? json_null() : zero_of(f->type);
	} else {
		return 0;
	}
	if (counted(d) < 0) {
		json_decref(v);
		return ERR_TOOBIG;
	}
	json_object_set_new_nocheck(out, f->name, v);
	return 0;
}

static void slot_release(struct slot *s)
{
	size_t i;

	json_decref(s->v);
	buf_release(&s->cat);
	for (i = 0; i < s->nents; i++)
		json_decref(s->ents[i].v);
	free(s->ents);
}

/*
 * decode_msg: the fields of one message of type m, [p, p + n), added to
 * the object out in m's order.
 */
static int decode_msg(struct dec *d, const uint8_t *p, size_t n,
		      const struct msg *m, json_t *out)
{
	struct rd r = { p, p + n };
	struct slot *s = NULL;
	size_t i;
	int ret = 0;

	if (++d->depth > SIM_PROTO_MAX_DEPTH) {
		ret = bad(d, p, "messages nested too deeply");
		goto done;
	}
	s = xcalloc(m->n, sizeof(*s));
	for (i = 0; i < m->n; i++)
		buf_init(&s[i].cat, 0);
	while (r.p < r.end) {
		const uint8_t *at = r.p;
		unsigned num = 0, wt = 0;

		if ((ret = get_key(d, &r, &num, &wt)) < 0)
			goto done;
		for (i = 0; i < m->n; i++)
			if (m->f[i].num == num)
				break;
		if (i == m->n)
			ret = skip_value(d, &r, wt, at);
		else
			ret = read_field(d, &r, &m->f[i], wt, &s[i], at);
		if (ret < 0)
			goto done;
	}
	for (i = 0; i < m->n; i++)
		if ((ret = emit_field(d, &m->f[i], &s[i], out)) < 0)
			goto done;
done:
	if (s) {
		for (i = 0; i < m->n; i++)
			slot_release(&s[i]);
		free(s);
	}
	d->depth--;
	return ret;
}

/* --- the envelope ------------------------------------------------------- */

static int span_eq(const uint8_t *p, size_t n, const char *s)
{
	return strlen(s) == n && (!n || !memcmp(p, s, n));
}

/* quoted: a name from the wire, printable and short, for a message */
static void quoted(struct buf *b, const uint8_t *p, size_t n)
{
	size_t i;

	buf_addc(b, '"');
	for (i = 0; i < n && i < 64; i++) {
		if (p[i] >= 0x20 && p[i] < 0x7f && p[i] != '"' && p[i] != '\\')
			buf_addc(b, (char)p[i]);
		else
			buf_addf(b, "\\x%02x", p[i]);
	}
	if (n > 64)
		buf_adds(b, "...");
	buf_addc(b, '"');
}

struct unknown {
	const uint8_t *api_version, *kind, *raw, *encoding, *type;
	size_t api_version_n, kind_n, raw_n, encoding_n, type_n;
};

static int read_typemeta(struct dec *d, const uint8_t *p, size_t n,
			 struct unknown *u)
{
	struct rd r = { p, p + n };

	while (r.p < r.end) {
		const uint8_t *at = r.p;
		unsigned num = 0, wt = 0;
		int ret;

		if (get_key(d, &r, &num, &wt) < 0)
			return ERR_INVALID;
		if (num == 1 || num == 2) {
			if (wt != 2)
				return bad(d, at, "wrong wire type in typeMeta");
			ret = num == 1 ? get_bytes(d, &r, &u->api_version, &u->api_version_n)
				       : get_bytes(d, &r, &u->kind, &u->kind_n);
		} else {
			ret = skip_value(d, &r, wt, at);
		}
		if (ret < 0)
			return ERR_INVALID;
	}
	return 0;
}

static int read_unknown(struct dec *d, const uint8_t *p, size_t n,
			struct unknown *u)
{
	struct rd r = { p, p + n };

	memset(u, 0, sizeof(*u));
	u->raw = empty_msg;
	while (r.p < r.end) {
		const uint8_t *at = r.p, *v = NULL;
		unsigned num = 0, wt = 0;
		size_t vn = 0;

		if (get_key(d, &r, &num, &wt) < 0)
			return ERR_INVALID;
		if (num < 1 || num > 4) {
			if (skip_value(d, &r, wt, at) < 0)
				return ERR_INVALID;
			continue;
		}
		if (wt != 2)
			return bad(d, at, "wrong wire type in runtime.Unknown");
		if (get_bytes(d, &r, &v, &vn) < 0)
			return ERR_INVALID;
		switch (num) {
		case 1:
			if (read_typemeta(d, v, vn, u) < 0)
				return ERR_INVALID;
			break;
		case 2:
			u->raw = v;
			u->raw_n = vn;
			break;
		case 3:
			u->encoding = v;
			u->encoding_n = vn;
			break;
		default:
			u->type = v;
			u->type_n = vn;
			break;
		}
	}
	return 0;
}

static int unsupported_kind(const struct unknown *u)
{
	struct buf b = BUF_INIT;
	int ret;

	buf_adds(&b, "cannot decode a protobuf body of kind ");
	quoted(&b, u->kind, u->kind_n);
	buf_adds(&b, " (");
	quoted(&b, u->api_version ? u->api_version : empty_msg, u->api_version_n);
	buf_adds(&b, "): only Namespace, ConfigMap, Secret, ServiceAccount and Pod (v1), "
		     "Deployment (apps/v1) and Job (batch/v1) are; send it as application/json");
	ret = err_set(ERR_UNSUPPORTED, "%s", b.ptr);
	buf_release(&b);
	return ret;
}

int sim_proto_decode(const void *data, size_t len, json_t **out)
{
	struct dec d = { data, len, 0, 0, BUF_INIT };
	const struct kind *k = NULL;
	struct unknown u;
	json_t *obj = NULL;
	size_t i;
	int ret;

	*out = NULL;
	if (len > SIM_PROTO_MAX_BODY)
		return err_set(ERR_TOOBIG, "protobuf body of %zu bytes is over the limit of %zu",
			       len, SIM_PROTO_MAX_BODY);
	if (len < 4 || memcmp(data, "k8s\0", 4))
		return err_set(ERR_INVALID,
			       "invalid protobuf body: it does not start with the magic \"k8s\\x00\"");
	if ((ret = read_unknown(&d, d.base + 4, len - 4, &u)) < 0)
		goto done;
	if (!u.kind_n) {
		ret = err_set(ERR_INVALID, "invalid protobuf body: runtime.Unknown names no kind");
		goto done;
	}
	if (u.encoding_n) {
		struct buf b = BUF_INIT;

		quoted(&b, u.encoding, u.encoding_n);
		ret = err_set(ERR_UNSUPPORTED, "protobuf body with content encoding %s is not supported",
			      b.ptr);
		buf_release(&b);
		goto done;
	}
	if (u.type_n && !span_eq(u.type, u.type_n, "application/vnd.kubernetes.protobuf")) {
		struct buf b = BUF_INIT;

		quoted(&b, u.type, u.type_n);
		ret = err_set(ERR_UNSUPPORTED, "protobuf body whose raw object is %s is not supported",
			      b.ptr);
		buf_release(&b);
		goto done;
	}
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (span_eq(u.kind, u.kind_n, kinds[i].kind) &&
		    span_eq(u.api_version, u.api_version_n, kinds[i].api_version))
			k = &kinds[i];
	if (!k) {
		ret = unsupported_kind(&u);
		goto done;
	}
	obj = json_object();
	json_object_set_new(obj, "kind", json_string(k->kind));
	json_object_set_new(obj, "apiVersion", json_string(k->api_version));
	d.nodes = 3;
	if ((ret = decode_msg(&d, u.raw, u.raw_n, k->m, obj)) < 0)
		goto done;
	*out = obj;
	obj = NULL;
done:
	json_decref(obj);
	buf_release(&d.path);
	return ret;
}
