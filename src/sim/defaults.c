/*
 * defaults: kube-apiserver 1.32 defaulting.  See defaults.h.
 *
 * The rules come from three places in kubernetes/kubernetes, and this
 * file keeps them in that order per kind:
 *   - pkg/apis/{core,apps,batch,scheduling}/v1/defaults.go and the
 *     apiextensions v1 defaults (SetDefaults_*), plus the generated
 *     "+default=" markers (GRPCAction.service);
 *   - the registry strategies (namespace finalizers and phase, pod
 *     status, the Job selector generated from the uid, the IP family
 *     fields the Service REST storage sets);
 *   - the admission plugins every cluster runs on pods
 *     (ServiceAccount, Priority, DefaultTolerationSeconds).
 *
 * Go's defaulting tests "is the field unset", which for a non-pointer
 * field means its zero value: an empty imagePullPolicy or a probe's
 * timeoutSeconds of 0 is defaulted, a pointer field such as replicas
 * only when absent.  JSON null is unset everywhere.  The helpers below
 * encode these three cases (def_str, def_int0, def_set).  Nothing a user
 * set is replaced, with one exception that the API server also makes:
 * a Namespace's kubernetes.io/metadata.name label always equals its
 * name.
 *
 * Serialization artefacts of Go structs that are not defaults
 * (template "metadata: {creationTimestamp: null}", Service "status:
 * {loadBalancer: {}}") are not reproduced, except container
 * "resources: {}" and pod "securityContext: {}", which clients diff
 * against.
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../base/buf.h"
#include "defaults.h"

/* ---- helpers ---------------------------------------------------------- */

static int unset(const json_t *v)
{
	return !v || json_is_null(v);
}

/* set o[k] = v (stolen) when o[k] is unset; v is released otherwise */
static void def_set(json_t *o, const char *k, json_t *v)
{
	if (json_is_object(o) && unset(json_object_get(o, k)))
		json_object_set_new(o, k, v);
	else
		json_decref(v);
}

/* a string field: "" counts as unset (Go's zero value) */
static void def_str(json_t *o, const char *k, const char *v)
{
	const json_t *have = json_object_get(o, k);

	if (!json_is_object(o))
		return;
	if (unset(have) || (json_is_string(have) && !json_string_length(have)))
		json_object_set_new(o, k, json_string(v));
}

/* a non-pointer integer field: 0 counts as unset */
static void def_int0(json_t *o, const char *k, json_int_t v)
{
	const json_t *have = json_object_get(o, k);

	if (!json_is_object(o))
		return;
	if (unset(have) || (json_is_integer(have) && !json_integer_value(have)))
		json_object_set_new(o, k, json_integer(v));
}

static void def_int(json_t *o, const char *k, json_int_t v)
{
	def_set(o, k, json_integer(v));
}

static void def_bool(json_t *o, const char *k, int v)
{
	def_set(o, k, json_boolean(v));
}

/*
 * o[k] as an object, created empty when unset; NULL when o is not an
 * object or o[k] holds something else.  The result is borrowed.
 */
static json_t *def_obj(json_t *o, const char *k)
{
	json_t *v;

	if (!json_is_object(o))
		return NULL;
	v = json_object_get(o, k);
	if (unset(v)) {
		v = json_object();
		json_object_set_new(o, k, v);
	}
	return json_is_object(v) ? v : NULL;
}

/* o[k] when it is an object, else NULL; never creates */
static json_t *get_obj(const json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);

	return json_is_object(v) ? v : NULL;
}

static const char *get_str(const json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static int str_eq(const json_t *o, const char *k, const char *want)
{
	const char *s = get_str(o, k);

	return s && !strcmp(s, want);
}

static int nonempty_str(const json_t *o, const char *k)
{
	const char *s = get_str(o, k);

	return s && *s;
}

static size_t obj_size(const json_t *o)
{
	return json_is_object(o) ? json_object_size(o) : 0;
}

/* ---- core/v1: containers, probes, volumes ---------------------------- */

/*
 * parsers.ParseImageName's tag: the part after the last ':' that
 * follows the last '/' of the name (so "host:5000/app" has none),
 * "latest" when neither a tag nor a digest is given, "" for a digest
 * without a tag or a reference docker would reject (empty, upper case).
 */
static int image_tag_is_latest(const char *image)
{
	const char *at, *slash, *colon, *p, *end;

	if (!image || !*image)
		return 0;
	at = strchr(image, '@');
	end = at ? at : image + strlen(image);
	slash = NULL;
	for (p = image; p < end; p++)
		if (*p == '/')
			slash = p;
	colon = NULL;
	for (p = slash ? slash : image; p < end; p++)
		if (*p == ':')
			colon = p;
	/* repository names are lower case; docker refuses the rest */
	for (p = slash ? slash : image; p < (colon ? colon : end); p++)
		if (isupper((unsigned char)*p))
			return 0;
	if (colon)
		return end - colon - 1 == 6 && !strncmp(colon + 1, "latest", 6);
	return !at;
}

static void http_get_defaults(json_t *hg)
{
	def_str(hg, "path", "/");
	def_str(hg, "scheme", "HTTP");
}

/* the handler of a probe or a lifecycle hook */
static void handler_defaults(json_t *h)
{
	json_t *g;

	if ((g = get_obj(h, "httpGet")))
		http_get_defaults(g);
	if ((g = get_obj(h, "grpc")))
		def_set(g, "service", json_string(""));
}

static void probe_defaults(json_t *probe)
{
	if (!json_is_object(probe))
		return;
	handler_defaults(probe);
	def_int0(probe, "timeoutSeconds", 1);
	def_int0(probe, "periodSeconds", 10);
	def_int0(probe, "successThreshold", 1);
	def_int0(probe, "failureThreshold", 3);
}

static void field_ref_defaults(json_t *holder)
{
	json_t *fr = get_obj(holder, "fieldRef");

	if (fr)
		def_str(fr, "apiVersion", "v1");
}

static void container_defaults(json_t *c)
{
	json_t *a, *e, *lc;
	size_t i;

	if (!json_is_object(c))
		return;
	json_array_foreach(json_object_get(c, "ports"), i, e)
		def_str(e, "protocol", "TCP");
	json_array_foreach(json_object_get(c, "env"), i, e)
		field_ref_defaults(get_obj(e, "valueFrom"));
	def_obj(c, "resources");
	probe_defaults(get_obj(c, "livenessProbe"));
	probe_defaults(get_obj(c, "readinessProbe"));
	probe_defaults(get_obj(c, "startupProbe"));
	if ((lc = get_obj(c, "lifecycle"))) {
		handler_defaults(get_obj(lc, "postStart"));
		handler_defaults(get_obj(lc, "preStop"));
	}
	def_str(c, "terminationMessagePath", "/dev/termination-log");
	def_str(c, "terminationMessagePolicy", "File");
	a = json_object_get(c, "imagePullPolicy");
	if (unset(a) || (json_is_string(a) && !json_string_length(a)))
		json_object_set_new(c, "imagePullPolicy",
				    json_string(image_tag_is_latest(get_str(c, "image")) ?
						"Always" : "IfNotPresent"));
}

static void pvc_spec_defaults(json_t *spec)
{
	def_str(spec, "volumeMode", "Filesystem");
}

/* a PersistentVolumeClaim, whole or as a StatefulSet claim template */
static void pvc_defaults(json_t *pvc)
{
	json_t *st;

	if (!json_is_object(pvc))
		return;
	pvc_spec_defaults(get_obj(pvc, "spec"));
	if ((st = def_obj(pvc, "status")))
		def_str(st, "phase", "Pending");
}

static void items_field_refs(json_t *src)
{
	json_t *it;
	size_t i;

	json_array_foreach(json_object_get(src, "items"), i, it)
		field_ref_defaults(it);
}

static void volume_defaults(json_t *v)
{
	json_t *s, *src, *eph;
	const char *k;
	size_t i;
	int has_source = 0;

	if (!json_is_object(v))
		return;
	json_object_foreach(v, k, s)
		if (strcmp(k, "name") && !json_is_null(s))
			has_source = 1;
	if (!has_source) {
		json_object_set_new(v, "emptyDir", json_object());
		return;
	}
	if ((s = get_obj(v, "secret")))
		def_int(s, "defaultMode", 420);
	if ((s = get_obj(v, "configMap")))
		def_int(s, "defaultMode", 420);
	if ((s = get_obj(v, "hostPath")))
		def_set(s, "type", json_string(""));
	if ((s = get_obj(v, "downwardAPI"))) {
		items_field_refs(s);
		def_int(s, "defaultMode", 420);
	}
	if ((s = get_obj(v, "projected"))) {
		json_array_foreach(json_object_get(s, "sources"), i, src) {
			json_t *p;

			if ((p = get_obj(src, "serviceAccountToken")))
				def_int(p, "expirationSeconds", 3600);
			if ((p = get_obj(src, "downwardAPI")))
				items_field_refs(p);
		}
		def_int(s, "defaultMode", 420);
	}
	if ((s = get_obj(v, "ephemeral")) && (eph = get_obj(s, "volumeClaimTemplate")))
		pvc_spec_defaults(get_obj(eph, "spec"));
}

static void containers_defaults(json_t *spec, const char *key)
{
	json_t *c;
	size_t i;

	json_array_foreach(json_object_get(spec, key), i, c)
		container_defaults(c);
}

void sim_defaults_apply_podspec(json_t *spec)
{
	json_t *v;
	size_t i;

	if (!json_is_object(spec))
		return;
	json_array_foreach(json_object_get(spec, "volumes"), i, v)
		volume_defaults(v);
	containers_defaults(spec, "initContainers");
	containers_defaults(spec, "containers");
	containers_defaults(spec, "ephemeralContainers");
	def_str(spec, "restartPolicy", "Always");
	def_int(spec, "terminationGracePeriodSeconds", 30);
	def_str(spec, "dnsPolicy", "ClusterFirst");
	/* conversion keeps the deprecated serviceAccount in step */
	if (nonempty_str(spec, "serviceAccountName"))
		def_str(spec, "serviceAccount", get_str(spec, "serviceAccountName"));
	else if (nonempty_str(spec, "serviceAccount"))
		def_str(spec, "serviceAccountName", get_str(spec, "serviceAccount"));
	def_obj(spec, "securityContext");
	def_str(spec, "schedulerName", "default-scheduler");
}

/*
 * holder.template.spec; Go's structs always have both, so they are
 * created when absent (and left alone when they are not objects).
 */
static void template_defaults(json_t *holder)
{
	sim_defaults_apply_podspec(def_obj(def_obj(holder, "template"), "spec"));
}

/* ---- core/v1: Pod ----------------------------------------------------- */

/*
 * A resource quantity ("100m", "1.5Gi", "2e3") as a number, for the QoS
 * class; -1 when it does not parse.
 */
static double quantity_value(const json_t *q)
{
	static const struct {
		const char *suffix;
		double mult;
	} units[] = {
		{ "Ki", 1024.0 }, { "Mi", 1048576.0 }, { "Gi", 1073741824.0 },
		{ "Ti", 1099511627776.0 }, { "Pi", 1125899906842624.0 },
		{ "Ei", 1152921504606846976.0 }, { "n", 1e-9 }, { "u", 1e-6 },
		{ "m", 1e-3 }, { "k", 1e3 }, { "M", 1e6 }, { "G", 1e9 },
		{ "T", 1e12 }, { "P", 1e15 }, { "E", 1e18 }, { "", 1.0 },
	};
	const char *s;
	char *end;
	double v;
	size_t i;

	if (json_is_number(q))
		return json_number_value(q);
	if (!(s = json_string_value(q)) || !*s)
		return -1;
	v = strtod(s, &end);
	if (end == s)
		return -1;
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (!strcmp(end, units[i].suffix))
			return v * units[i].mult;
	return -1;
}

/* pkg/apis/core/helper/qos ComputePodQOS, over cpu and memory */
static const char *pod_qos(const json_t *spec)
{
	static const char *const lists[] = { "containers", "initContainers" };
	static const char *const names[] = { "cpu", "memory" };
	double req[2] = { 0, 0 }, lim[2] = { 0, 0 };
	int has_req[2] = { 0, 0 }, has_lim[2] = { 0, 0 };
	int guaranteed = 1;
	size_t l, i, r;
	const json_t *c;

	for (l = 0; l < 2; l++) {
		json_array_foreach(json_object_get(spec, lists[l]), i, c) {
			const json_t *res = json_object_get(c, "resources");
			int found = 0;

			for (r = 0; r < 2; r++) {
				double q = quantity_value(json_object_get(
					json_object_get(res, "requests"), names[r]));

				if (q > 0) {
					req[r] += q;
					has_req[r] = 1;
				}
				q = quantity_value(json_object_get(
					json_object_get(res, "limits"), names[r]));
				if (q > 0) {
					lim[r] += q;
					has_lim[r] = 1;
					found++;
				}
			}
			if (found < 2)
				guaranteed = 0;
		}
	}
	if (!has_req[0] && !has_req[1] && !has_lim[0] && !has_lim[1])
		return "BestEffort";
	for (r = 0; guaranteed && r < 2; r++) {
		if (has_req[r] != has_lim[r] ||
		    (has_req[r] && fabs(req[r] - lim[r]) > 1e-9 * fabs(lim[r])))
			guaranteed = 0;
	}
	return guaranteed ? "Guaranteed" : "Burstable";
}

/* SetDefaults_Pod: requests default to limits, in Pods only */
static void requests_from_limits(json_t *spec, const char *key)
{
	json_t *c, *res, *limits, *requests, *q;
	const char *name;
	size_t i;

	json_array_foreach(json_object_get(spec, key), i, c) {
		res = get_obj(c, "resources");
		limits = get_obj(res, "limits");
		if (!limits)
			continue;
		if (!(requests = def_obj(res, "requests")))
			continue;
		json_object_foreach(limits, name, q)
			def_set(requests, name, json_deep_copy(q));
	}
}

static void host_network_ports(json_t *spec, const char *key)
{
	json_t *c, *p;
	size_t i, j;

	json_array_foreach(json_object_get(spec, key), i, c) {
		json_array_foreach(json_object_get(c, "ports"), j, p) {
			json_t *cp = json_object_get(p, "containerPort");

			if (json_is_integer(cp))
				def_int0(p, "hostPort", json_integer_value(cp));
		}
	}
}

/* plugin/pkg/admission/defaulttolerationseconds */
static void default_tolerations(json_t *spec)
{
	static const char *const keys[] = { "node.kubernetes.io/not-ready",
					    "node.kubernetes.io/unreachable" };
	json_t *tols = json_object_get(spec, "tolerations"), *t;
	int have[2] = { 0, 0 };
	size_t i, k;

	if (!unset(tols) && !json_is_array(tols))
		return;
	json_array_foreach(tols, i, t) {
		const char *key = get_str(t, "key"), *effect = get_str(t, "effect");

		for (k = 0; k < 2; k++)
			if ((!key || !*key || !strcmp(key, keys[k])) &&
			    (!effect || !*effect || !strcmp(effect, "NoExecute")))
				have[k] = 1;
	}
	for (k = 0; k < 2; k++) {
		if (have[k])
			continue;
		if (!json_is_array(tols)) {
			tols = json_array();
			json_object_set_new(spec, "tolerations", tols);
		}
		json_array_append_new(tols, json_pack("{s:s, s:s, s:s, s:I}", "key", keys[k],
						      "operator", "Exists", "effect",
						      "NoExecute", "tolerationSeconds",
						      (json_int_t)300));
	}
}

/* plugin/pkg/admission/priority with no global-default class */
static void default_priority(json_t *spec)
{
	const char *pc = get_str(spec, "priorityClassName");
	json_int_t prio;

	if (!unset(json_object_get(spec, "priority")))
		return;
	if (!pc || !*pc)
		prio = 0;
	else if (!strcmp(pc, "system-node-critical"))
		prio = 2000001000;
	else if (!strcmp(pc, "system-cluster-critical"))
		prio = 2000000000;
	else
		return; /* a user class: only the store can resolve it */
	def_int(spec, "priority", prio);
	def_str(spec, "preemptionPolicy", "PreemptLowerPriority");
}

static void pod_defaults(json_t *pod)
{
	json_t *spec = def_obj(pod, "spec");

	if (!spec)
		return;
	requests_from_limits(spec, "containers");
	requests_from_limits(spec, "initContainers");
	sim_defaults_apply_podspec(spec);
	if (json_is_true(json_object_get(spec, "hostNetwork"))) {
		host_network_ports(spec, "containers");
		host_network_ports(spec, "initContainers");
	}
	/* the ServiceAccount admission plugin */
	def_str(spec, "serviceAccountName", "default");
	def_str(spec, "serviceAccount", get_str(spec, "serviceAccountName"));
	default_tolerations(spec);
	default_priority(spec);
	def_bool(spec, "enableServiceLinks", 1);
	/* the pod strategy's PrepareForCreate */
	if (unset(json_object_get(pod, "status")))
		json_object_set_new(pod, "status",
				    json_pack("{s:s, s:s}", "phase", "Pending",
					      "qosClass", pod_qos(spec)));
}

/* ---- core/v1: the rest ------------------------------------------------ */

static int service_headless(const json_t *spec)
{
	const char *first = json_string_value(json_array_get(json_object_get(spec, "clusterIPs"), 0));

	return str_eq(spec, "clusterIP", "None") || (first && !strcmp(first, "None"));
}

static void service_defaults(json_t *svc)
{
	json_t *spec = get_obj(svc, "spec"), *p, *cfg, *ext;
	const char *type, *affinity, *ip;
	size_t i;

	if (!spec && !(spec = def_obj(svc, "spec")))
		return;
	def_str(spec, "type", "ClusterIP");
	def_str(spec, "sessionAffinity", "None");
	affinity = get_str(spec, "sessionAffinity");
	type = get_str(spec, "type");
	if (!affinity || !type)
		return;
	json_array_foreach(json_object_get(spec, "ports"), i, p) {
		const json_t *tp = json_object_get(p, "targetPort");
		const json_t *port = json_object_get(p, "port");

		if (!json_is_object(p))
			continue;
		def_str(p, "protocol", "TCP");
		if (unset(tp) || (json_is_integer(tp) && !json_integer_value(tp)) ||
		    (json_is_string(tp) && !json_string_length(tp)))
			json_object_set_new(p, "targetPort",
					    json_integer(json_is_integer(port) ?
							 json_integer_value(port) : 0));
	}
	if (!strcmp(affinity, "None")) {
		json_object_del(spec, "sessionAffinityConfig");
	} else if (!strcmp(affinity, "ClientIP")) {
		cfg = def_obj(spec, "sessionAffinityConfig");
		if ((cfg = def_obj(cfg, "clientIP")))
			def_int(cfg, "timeoutSeconds", 10800);
	}
	ext = json_object_get(spec, "externalIPs");
	if (!strcmp(type, "LoadBalancer") || !strcmp(type, "NodePort") ||
	    (!strcmp(type, "ClusterIP") && json_array_size(ext)))
		def_str(spec, "externalTrafficPolicy", "Cluster");
	/* the Service REST storage (initIPFamilyFields), single-stack IPv4 */
	if (strcmp(type, "ExternalName")) {
		ip = get_str(spec, "clusterIP");
		if (service_headless(spec) && !obj_size(get_obj(spec, "selector")))
			def_str(spec, "ipFamilyPolicy", "RequireDualStack");
		if (unset(json_object_get(spec, "ipFamilies")))
			json_object_set_new(spec, "ipFamilies",
					    json_pack("[s]", ip && strchr(ip, ':') ?
							  "IPv6" : "IPv4"));
		def_str(spec, "ipFamilyPolicy", "SingleStack");
	}
	if (!strcmp(type, "LoadBalancer"))
		def_bool(spec, "allocateLoadBalancerNodePorts", 1);
	if (!strcmp(type, "ClusterIP") || !strcmp(type, "NodePort") ||
	    !strcmp(type, "LoadBalancer"))
		def_str(spec, "internalTrafficPolicy", "Cluster");
}

static void namespace_defaults(json_t *ns)
{
	json_t *meta = get_obj(ns, "metadata"), *labels, *spec, *st;
	const char *name = get_str(meta, "name");

	if (name && *name && (labels = def_obj(meta, "labels")))
		json_object_set_new(labels, "kubernetes.io/metadata.name", json_string(name));
	if ((spec = def_obj(ns, "spec")) && unset(json_object_get(spec, "finalizers")))
		json_object_set_new(spec, "finalizers", json_pack("[s]", "kubernetes"));
	if ((st = def_obj(ns, "status")))
		def_str(st, "phase", "Active");
}

static void endpoints_defaults(json_t *ep)
{
	json_t *ss, *p;
	size_t i, j;

	json_array_foreach(json_object_get(ep, "subsets"), i, ss)
		json_array_foreach(json_object_get(ss, "ports"), j, p)
			def_str(p, "protocol", "TCP");
}

/* ---- apps/v1 ---------------------------------------------------------- */

static void deployment_defaults(json_t *d)
{
	json_t *spec = def_obj(d, "spec"), *strategy, *ru;

	if (!spec)
		return;
	template_defaults(spec);
	def_int(spec, "replicas", 1);
	if ((strategy = def_obj(spec, "strategy"))) {
		def_str(strategy, "type", "RollingUpdate");
		if (str_eq(strategy, "type", "RollingUpdate") &&
		    (ru = def_obj(strategy, "rollingUpdate"))) {
			def_set(ru, "maxUnavailable", json_string("25%"));
			def_set(ru, "maxSurge", json_string("25%"));
		}
	}
	def_int(spec, "revisionHistoryLimit", 10);
	def_int(spec, "progressDeadlineSeconds", 600);
}

static void replicaset_defaults(json_t *rs)
{
	json_t *spec = def_obj(rs, "spec");

	if (!spec)
		return;
	template_defaults(spec);
	def_int(spec, "replicas", 1);
}

static void statefulset_defaults(json_t *ss)
{
	json_t *spec = def_obj(ss, "spec"), *us, *ru, *pol, *t;
	size_t i;

	if (!spec)
		return;
	template_defaults(spec);
	json_array_foreach(json_object_get(spec, "volumeClaimTemplates"), i, t)
		pvc_defaults(t);
	def_str(spec, "podManagementPolicy", "OrderedReady");
	if ((us = def_obj(spec, "updateStrategy"))) {
		/* rollingUpdate is only created along with a defaulted type */
		if (!nonempty_str(us, "type")) {
			json_object_set_new(us, "type", json_string("RollingUpdate"));
			def_obj(us, "rollingUpdate");
		}
		if (str_eq(us, "type", "RollingUpdate") && (ru = get_obj(us, "rollingUpdate")))
			def_int(ru, "partition", 0);
	}
	if ((pol = def_obj(spec, "persistentVolumeClaimRetentionPolicy"))) {
		def_str(pol, "whenDeleted", "Retain");
		def_str(pol, "whenScaled", "Retain");
	}
	def_int(spec, "replicas", 1);
	def_int(spec, "revisionHistoryLimit", 10);
}

static void daemonset_defaults(json_t *ds)
{
	json_t *spec = def_obj(ds, "spec"), *us, *ru;

	if (!spec)
		return;
	template_defaults(spec);
	if ((us = def_obj(spec, "updateStrategy"))) {
		def_str(us, "type", "RollingUpdate");
		if (str_eq(us, "type", "RollingUpdate") &&
		    (ru = def_obj(us, "rollingUpdate"))) {
			def_int(ru, "maxUnavailable", 1);
			def_int(ru, "maxSurge", 0);
		}
	}
	def_int(spec, "revisionHistoryLimit", 10);
}

/* ---- batch/v1 --------------------------------------------------------- */

/* the job strategy's generateSelector (pkg/registry/batch/job) */
static void job_generate_selector(json_t *job, json_t *spec)
{
	static const char *const name_labels[] = { "job-name",
						   "batch.kubernetes.io/job-name" };
	static const char *const uid_labels[] = { "controller-uid",
						  "batch.kubernetes.io/controller-uid" };
	json_t *meta = get_obj(job, "metadata"), *tmeta, *labels, *sel, *ml;
	const char *name = get_str(meta, "name"), *uid = get_str(meta, "uid");
	size_t i;

	if (json_is_true(json_object_get(spec, "manualSelector")) || !name || !uid || !*uid)
		return;
	if (!(tmeta = def_obj(def_obj(spec, "template"), "metadata")) ||
	    !(labels = def_obj(tmeta, "labels")))
		return;
	for (i = 0; i < 2; i++)
		def_set(labels, name_labels[i], json_string(name));
	for (i = 0; i < 2; i++)
		def_set(labels, uid_labels[i], json_string(uid));
	if ((sel = def_obj(spec, "selector")) && (ml = def_obj(sel, "matchLabels")))
		def_set(ml, "batch.kubernetes.io/controller-uid", json_string(uid));
}

static void job_spec_defaults(json_t *spec)
{
	json_t *pfp, *rule, *pat;
	size_t i, j;

	if (unset(json_object_get(spec, "completions")) &&
	    unset(json_object_get(spec, "parallelism"))) {
		json_object_set_new(spec, "completions", json_integer(1));
		json_object_set_new(spec, "parallelism", json_integer(1));
	}
	def_int(spec, "parallelism", 1);
	def_int(spec, "backoffLimit",
		unset(json_object_get(spec, "backoffLimitPerIndex")) ? 6 : 2147483647);
	def_str(spec, "completionMode", "NonIndexed");
	def_bool(spec, "suspend", 0);
	pfp = get_obj(spec, "podFailurePolicy");
	json_array_foreach(json_object_get(pfp, "rules"), i, rule)
		json_array_foreach(json_object_get(rule, "onPodConditions"), j, pat)
			def_str(pat, "status", "True");
	def_str(spec, "podReplacementPolicy", pfp ? "Failed" : "TerminatingOrFailed");
}

static void job_defaults(json_t *job)
{
	json_t *spec = def_obj(job, "spec"), *meta, *tlabels;

	if (!spec)
		return;
	template_defaults(spec);
	job_spec_defaults(spec);
	job_generate_selector(job, spec);
	/*
	 * A Job without labels takes its template's.  The API server shares
	 * one Go map between the two, so the generated labels show up on
	 * the Job as well.
	 */
	tlabels = get_obj(get_obj(get_obj(spec, "template"), "metadata"), "labels");
	meta = get_obj(job, "metadata");
	if (tlabels && meta && !obj_size(get_obj(meta, "labels")))
		json_object_set_new(meta, "labels", json_deep_copy(tlabels));
}

static void cronjob_defaults(json_t *cj)
{
	json_t *spec = def_obj(cj, "spec");

	if (!spec)
		return;
	template_defaults(def_obj(def_obj(spec, "jobTemplate"), "spec"));
	def_str(spec, "concurrencyPolicy", "Allow");
	def_bool(spec, "suspend", 0);
	def_int(spec, "successfulJobsHistoryLimit", 3);
	def_int(spec, "failedJobsHistoryLimit", 1);
}

/* ---- other groups ----------------------------------------------------- */

static void crd_defaults(json_t *crd)
{
	json_t *spec = get_obj(crd, "spec"), *names, *conv, *svc, *st, *v;
	const char *kind;
	size_t i;

	if (!spec)
		return;
	if ((names = get_obj(spec, "names")) && nonempty_str(names, "kind")) {
		struct buf b = BUF_INIT;
		const char *p;

		kind = get_str(names, "kind");
		for (p = kind; *p; p++)
			buf_addc(&b, (char)tolower((unsigned char)*p));
		def_str(names, "singular", b.ptr);
		buf_reset(&b);
		buf_addf(&b, "%sList", kind);
		def_str(names, "listKind", b.ptr);
		buf_release(&b);
	}
	if (unset(json_object_get(spec, "conversion")))
		json_object_set_new(spec, "conversion", json_pack("{s:s}", "strategy", "None"));
	/* SetDefaults_ServiceReference */
	conv = get_obj(spec, "conversion");
	svc = get_obj(get_obj(get_obj(conv, "webhook"), "clientConfig"), "service");
	if (svc)
		def_int(svc, "port", 443);
	/* status.storedVersions starts with the storage version */
	st = def_obj(crd, "status");
	if (st && !json_array_size(json_object_get(st, "storedVersions"))) {
		json_array_foreach(json_object_get(spec, "versions"), i, v) {
			if (json_is_true(json_object_get(v, "storage")) &&
			    nonempty_str(v, "name")) {
				json_object_set_new(st, "storedVersions",
						    json_pack("[s]", get_str(v, "name")));
				break;
			}
		}
	}
}

static void secret_defaults(json_t *s)
{
	def_str(s, "type", "Opaque");
}

static void priorityclass_defaults(json_t *pc)
{
	def_str(pc, "preemptionPolicy", "PreemptLowerPriority");
}

/* ---- dispatch --------------------------------------------------------- */

static const struct {
	const char *group;
	const char *kind;
	void (*fn)(json_t *obj);
} kinds[] = {
	{ "", "Pod", pod_defaults },
	{ "", "Service", service_defaults },
	{ "", "Namespace", namespace_defaults },
	{ "", "Endpoints", endpoints_defaults },
	{ "", "PersistentVolumeClaim", pvc_defaults },
	{ "", "Secret", secret_defaults },
	{ "apps", "Deployment", deployment_defaults },
	{ "apps", "ReplicaSet", replicaset_defaults },
	{ "apps", "StatefulSet", statefulset_defaults },
	{ "apps", "DaemonSet", daemonset_defaults },
	{ "batch", "Job", job_defaults },
	{ "batch", "CronJob", cronjob_defaults },
	{ "scheduling.k8s.io", "PriorityClass", priorityclass_defaults },
	{ "apiextensions.k8s.io", "CustomResourceDefinition", crd_defaults },
};

void sim_defaults_apply(const char *group, const char *kind, json_t *obj)
{
	size_t i;

	if (!group)
		group = "";
	if (!kind || !json_is_object(obj))
		return;
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		if (!strcmp(kinds[i].group, group) && !strcmp(kinds[i].kind, kind)) {
			kinds[i].fn(obj);
			return;
		}
	}
}
