/*
 * table: Table columns and cells of kube-apiserver's printers.  See
 * table.h.
 *
 * One entry per kind pairs a static column list with the function that
 * computes the cells, so the two cannot drift apart; a test checks that
 * every row has as many cells as its kind has columns.  The cell logic
 * follows printers.go closely, including its quirks (a Pod whose last
 * container completed while another still runs is "Running" only when
 * the pod is Ready; RESTARTS counts only restartable init containers
 * once initialization is over), because users compare the output with
 * real clusters.  Times are Unix seconds; creationTimestamp and friends
 * are parsed from RFC 3339 with or without fractions and offsets.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "../base/buf.h"
#include "../base/clock.h"
#include "table.h"

/* ---- time ------------------------------------------------------------- */

/* days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant) */
static long long days_from_civil(long long y, unsigned m, unsigned d)
{
	long long era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long long)doe - 719468;
}

static void civil_from_days(long long z, long long *y, unsigned *m, unsigned *d)
{
	long long era;
	unsigned doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	*y = (long long)yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y += *m <= 2;
}

static int digits(const char *s, int n, int *out)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

/* RFC 3339 ("2024-12-11T18:14:02Z", "...02.123456+01:00") to Unix seconds */
static int parse_time(const char *s, long long *out)
{
	int y, mo, d, h, mi, sec, oh = 0, om = 0;
	long long t;

	if (!s || strlen(s) < 20 || digits(s, 4, &y) || s[4] != '-' ||
	    digits(s + 5, 2, &mo) || s[7] != '-' || digits(s + 8, 2, &d) ||
	    (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || digits(s + 11, 2, &h) ||
	    s[13] != ':' || digits(s + 14, 2, &mi) || s[16] != ':' || digits(s + 17, 2, &sec))
		return -1;
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
		return -1;
	s += 19;
	if (*s == '.') {
		s++;
		if (*s < '0' || *s > '9')
			return -1;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	t = days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60 + sec;
	if ((*s == 'Z' || *s == 'z') && !s[1]) {
		*out = t;
		return 0;
	}
	if ((*s != '+' && *s != '-') || strlen(s) != 6 || digits(s + 1, 2, &oh) || s[3] != ':' ||
	    digits(s + 4, 2, &om))
		return -1;
	*out = t + (*s == '+' ? -1 : 1) * (oh * 3600 + om * 60);
	return 0;
}

/* obj[key] as a time; 0 when absent or unparseable (Go's zero time) */
static int get_time(const json_t *obj, const char *key, long long *out)
{
	return parse_time(json_string_value(json_object_get(obj, key)), out) == 0;
}

/* translateTimestampSince: "<unknown>" for the zero time */
static json_t *since(const json_t *obj, const char *key, long long now)
{
	struct buf b = BUF_INIT;
	long long t;
	json_t *s;

	if (get_time(obj, key, &t))
		clock_human_duration(&b, now - t);
	else
		buf_adds(&b, "<unknown>");
	s = json_string(b.ptr);
	buf_release(&b);
	return s;
}

static json_t *age(const json_t *obj, long long now)
{
	return since(json_object_get(obj, "metadata"), "creationTimestamp", now);
}

/* CreationTimestamp.Time.UTC().Format(time.RFC3339) */
static json_t *created_at(const json_t *obj)
{
	long long t = 0, days, y;
	unsigned m, d;
	char s[64];

	if (!get_time(json_object_get(obj, "metadata"), "creationTimestamp", &t))
		return json_string("0001-01-01T00:00:00Z");
	days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	civil_from_days(days, &y, &m, &d);
	t -= days * 86400;
	snprintf(s, sizeof(s), "%04lld-%02u-%02uT%02lld:%02lld:%02lldZ", y, m, d, t / 3600,
		 t / 60 % 60, t % 60);
	return json_string(s);
}

/* ---- small accessors -------------------------------------------------- */

static const char *sget(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s ? s : "";
}

static json_int_t iget(const json_t *o, const char *k)
{
	const json_t *v = json_object_get(o, k);

	return json_is_integer(v) ? json_integer_value(v) : 0;
}

static const json_t *oget(const json_t *o, const char *k)
{
	const json_t *v = json_object_get(o, k);

	return json_is_object(v) ? v : NULL;
}

static const json_t *path2(const json_t *o, const char *a, const char *b)
{
	return json_object_get(json_object_get(o, a), b);
}

static const char *name_of(const json_t *obj)
{
	return sget(oget(obj, "metadata"), "name");
}

static json_t *str(const char *s)
{
	return json_string(s ? s : "");
}

static json_t *strbuf(struct buf *b)
{
	json_t *s = json_string(b->ptr);

	buf_release(b);
	return s;
}

static void push(json_t *cells, json_t *v)
{
	json_array_append_new(cells, v ? v : json_null());
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* the keys of an object, sorted; free() the array */
static const char **sorted_keys(const json_t *o, size_t *n)
{
	const char **keys = xcalloc(json_object_size(o) + 1, sizeof(*keys));
	const char *k;
	json_t *v;

	*n = 0;
	json_object_foreach((json_t *)o, k, v)
		keys[(*n)++] = k;
	qsort(keys, *n, sizeof(*keys), cmp_str);
	return keys;
}

/* labels.FormatLabels: "a=b,c=d" sorted, "<none>" when empty */
static json_t *format_labels(const json_t *m)
{
	struct buf b = BUF_INIT;
	const char **keys;
	size_t n = 0, i;

	keys = sorted_keys(json_is_object(m) ? m : NULL, &n);
	for (i = 0; i < n; i++)
		buf_addf(&b, "%s%s=%s", i ? "," : "", keys[i], sget(m, keys[i]));
	free(keys);
	if (!n)
		buf_adds(&b, "<none>");
	return strbuf(&b);
}

struct req {
	const char *key;
	const char *op; /* "=", " in ", " notin ", "", "!" */
	const json_t *values;
	const char *value;
};

static int cmp_req(const void *a, const void *b)
{
	return strcmp(((const struct req *)a)->key, ((const struct req *)b)->key);
}

static void add_values(struct buf *b, const json_t *values)
{
	const char **vals;
	size_t n = 0, i;
	const json_t *v;

	vals = xcalloc(json_array_size(values) + 1, sizeof(*vals));
	json_array_foreach(values, i, v)
		vals[n++] = json_string_value(v) ? json_string_value(v) : "";
	qsort(vals, n, sizeof(*vals), cmp_str);
	for (i = 0; i < n; i++)
		buf_addf(b, "%s%s", i ? "," : "", vals[i]);
	free(vals);
}

/*
 * metav1.LabelSelectorAsSelector(sel).String(): requirements sorted by
 * key, "" for a nil or empty selector, "<invalid>" when it does not
 * convert.
 */
static json_t *selector_string(const json_t *sel)
{
	const json_t *ml = oget(sel, "matchLabels"), *me = json_object_get(sel, "matchExpressions");
	const json_t *e, *v;
	struct req *reqs;
	struct buf b = BUF_INIT;
	size_t n = 0, i;
	const char *k;

	if (!json_is_object(sel))
		return json_string("");
	reqs = xcalloc(json_object_size(ml) + json_array_size(me) + 1, sizeof(*reqs));
	json_object_foreach((json_t *)ml, k, v) {
		reqs[n].key = k;
		reqs[n].op = "=";
		reqs[n++].value = json_string_value(v) ? json_string_value(v) : "";
	}
	json_array_foreach(me, i, e) {
		const char *op = sget(e, "operator");
		const json_t *vals = json_object_get(e, "values");
		size_t nv = json_is_array(vals) ? json_array_size(vals) : 0;

		reqs[n].key = sget(e, "key");
		reqs[n].values = vals;
		if ((!strcmp(op, "In") || !strcmp(op, "NotIn")) && nv)
			reqs[n].op = op[0] == 'I' ? " in " : " notin ";
		else if (!strcmp(op, "Exists") && !nv)
			reqs[n].op = "";
		else if (!strcmp(op, "DoesNotExist") && !nv)
			reqs[n].op = "!";
		else
			goto invalid;
		n++;
	}
	qsort(reqs, n, sizeof(*reqs), cmp_req);
	for (i = 0; i < n; i++) {
		if (i)
			buf_addc(&b, ',');
		if (!strcmp(reqs[i].op, "!")) {
			buf_addf(&b, "!%s", reqs[i].key);
		} else if (!*reqs[i].op) {
			buf_adds(&b, reqs[i].key);
		} else if (!strcmp(reqs[i].op, "=")) {
			buf_addf(&b, "%s=%s", reqs[i].key, reqs[i].value);
		} else {
			buf_addf(&b, "%s%s(", reqs[i].key, reqs[i].op);
			add_values(&b, reqs[i].values);
			buf_addc(&b, ')');
		}
	}
	free(reqs);
	return strbuf(&b);
invalid:
	free(reqs);
	buf_release(&b);
	return json_string("<invalid>");
}

/* layoutContainerCells: the names and the images, comma-joined */
static void container_cells(json_t *cells, const json_t *podspec)
{
	struct buf names = BUF_INIT, images = BUF_INIT;
	const json_t *c;
	size_t i;

	json_array_foreach(json_object_get(podspec, "containers"), i, c) {
		buf_addf(&names, "%s%s", i ? "," : "", sget(c, "name"));
		buf_addf(&images, "%s%s", i ? "," : "", sget(c, "image"));
	}
	push(cells, strbuf(&names));
	push(cells, strbuf(&images));
}

static const json_t *template_spec(const json_t *spec)
{
	return path2(spec, "template", "spec");
}

/* a pointer int32 the API defaults to def when absent */
static json_int_t iget_def(const json_t *o, const char *k, json_int_t def)
{
	const json_t *v = json_object_get(o, k);

	return json_is_integer(v) ? json_integer_value(v) : def;
}

static int has_condition(const json_t *status, const char *type)
{
	const json_t *c;
	size_t i;

	json_array_foreach(json_object_get(status, "conditions"), i, c)
		if (!strcmp(sget(c, "type"), type) && !strcmp(sget(c, "status"), "True"))
			return 1;
	return 0;
}

/* ---- columns ---------------------------------------------------------- */

struct coldef {
	const char *name;
	const char *type;
	const char *format;
	const char *desc;
	int priority;
};

#define D_NAME                                                                                    \
	"Name must be unique within a namespace. Is required when creating resources, although "  \
	"some resources may allow a client to request the generation of an appropriate name "     \
	"automatically. Name is primarily intended for creation idempotence and configuration "   \
	"definition. Cannot be updated. More info: "                                              \
	"https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names"
#define D_CREATED                                                                                 \
	"CreationTimestamp is a timestamp representing the server time when this object was "     \
	"created. It is not guaranteed to be set in happens-before order across separate "        \
	"operations. Clients may not set this value. It is represented in RFC3339 form and is in " \
	"UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: "                 \
	"https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"
#define D_CONTAINERS "Names of each container in the template."
#define D_IMAGES "Images referenced by each container in the template."

#define COL_NAME { "Name", "string", "name", D_NAME, 0 }
#define COL_AGE { "Age", "string", "", D_CREATED, 0 }
#define COL_CONTAINERS { "Containers", "string", "", D_CONTAINERS, 1 }
#define COL_IMAGES { "Images", "string", "", D_IMAGES, 1 }

static const struct coldef pod_cols[] = {
	COL_NAME,
	{ "Ready", "string", "", "The aggregate readiness state of this pod for accepting traffic.", 0 },
	{ "Status", "string", "", "The aggregate status of the containers in this pod.", 0 },
	{ "Restarts", "string", "",
	  "The number of times the containers in this pod have been restarted and when the last "
	  "container in this pod has restarted.", 0 },
	COL_AGE,
	{ "IP", "string", "",
	  "podIP address allocated to the pod. Routable at least within the cluster. Empty if not "
	  "yet allocated.", 1 },
	{ "Node", "string", "",
	  "NodeName indicates in which node this pod is scheduled. If empty, this pod is a "
	  "candidate for scheduling by the scheduler defined in schedulerName.", 1 },
	{ "Nominated Node", "string", "",
	  "nominatedNodeName is set only when this pod preempts other pods on the node, but it "
	  "cannot be scheduled right away as preemption victims receive their graceful "
	  "termination periods.", 1 },
	{ "Readiness Gates", "string", "",
	  "If specified, all readiness gates will be evaluated for pod readiness. A pod is ready "
	  "when all its containers are ready AND all conditions specified in the readiness gates "
	  "have status equal to \"True\"", 1 },
};

static const struct coldef deployment_cols[] = {
	COL_NAME,
	{ "Ready", "string", "", "Number of the pod with ready state", 0 },
	{ "Up-to-date", "integer", "",
	  "Total number of non-terminated pods targeted by this deployment that have the desired "
	  "template spec.", 0 },
	{ "Available", "integer", "",
	  "Total number of available pods (ready for at least minReadySeconds) targeted by this "
	  "deployment.", 0 },
	COL_AGE,
	COL_CONTAINERS,
	COL_IMAGES,
	{ "Selector", "string", "",
	  "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be "
	  "the ones affected by this deployment.", 1 },
};

static const struct coldef replicaset_cols[] = {
	COL_NAME,
	{ "Desired", "integer", "",
	  "Replicas is the number of desired replicas. This is a pointer to distinguish between "
	  "explicit zero and unspecified. Defaults to 1.", 0 },
	{ "Current", "integer", "", "Replicas is the most recently observed number of replicas.", 0 },
	{ "Ready", "integer", "",
	  "readyReplicas is the number of pods targeted by this ReplicaSet controller with a "
	  "Ready Condition.", 0 },
	COL_AGE,
	COL_CONTAINERS,
	COL_IMAGES,
	{ "Selector", "string", "",
	  "Selector is a label query over pods that should match the replica count. Label keys "
	  "and values that must match in order to be controlled by this replica set. It must "
	  "match the pod template's labels.", 1 },
};

static const struct coldef statefulset_cols[] = {
	COL_NAME,
	{ "Ready", "string", "", "Number of the pod with ready state", 0 },
	COL_AGE,
	COL_CONTAINERS,
	COL_IMAGES,
};

static const struct coldef daemonset_cols[] = {
	COL_NAME,
	{ "Desired", "integer", "",
	  "The total number of nodes that should be running the daemon pod (including nodes "
	  "correctly running the daemon pod).", 0 },
	{ "Current", "integer", "",
	  "The number of nodes that are running at least 1 daemon pod and are supposed to run "
	  "the daemon pod.", 0 },
	{ "Ready", "integer", "",
	  "numberReady is the number of nodes that should be running the daemon pod and have one "
	  "or more of the daemon pod running with a Ready Condition.", 0 },
	{ "Up-to-date", "integer", "",
	  "The total number of nodes that are running updated daemon pod", 0 },
	{ "Available", "integer", "",
	  "The number of nodes that should be running the daemon pod and have one or more of the "
	  "daemon pod running and available (ready for at least spec.minReadySeconds)", 0 },
	{ "Node Selector", "string", "",
	  "NodeSelector is a selector which must be true for the pod to fit on a node. Selector "
	  "which must match a node's labels for the pod to be scheduled on that node.", 0 },
	COL_AGE,
	COL_CONTAINERS,
	COL_IMAGES,
	{ "Selector", "string", "",
	  "A label query over pods that are managed by the daemon set. Must match in order to be "
	  "controlled. It must match the pod template's labels.", 1 },
};

static const struct coldef job_cols[] = {
	COL_NAME,
	{ "Status", "string", "", "Status of the job.", 0 },
	{ "Completions", "string", "", "The number of pods which reached phase Succeeded.", 0 },
	{ "Duration", "string", "", "Time required to complete the job.", 0 },
	COL_AGE,
	COL_CONTAINERS,
	COL_IMAGES,
	{ "Selector", "string", "",
	  "A label query over pods that should match the pod count. Normally, the system sets "
	  "this field for you.", 1 },
};

static const struct coldef service_cols[] = {
	COL_NAME,
	{ "Type", "string", "",
	  "type determines how the Service is exposed. Defaults to ClusterIP. Valid options are "
	  "ExternalName, ClusterIP, NodePort, and LoadBalancer.", 0 },
	{ "Cluster-IP", "string", "",
	  "clusterIP is the IP address of the service and is usually assigned randomly.", 0 },
	{ "External-IP", "string", "",
	  "externalIPs is a list of IP addresses for which nodes in the cluster will also accept "
	  "traffic for this service.", 0 },
	{ "Port(s)", "string", "", "The list of ports that are exposed by this service.", 0 },
	COL_AGE,
	{ "Selector", "string", "",
	  "Route service traffic to pods with label keys and values matching this selector.", 1 },
};

static const struct coldef endpoints_cols[] = {
	COL_NAME,
	{ "Endpoints", "string", "",
	  "The set of all endpoints is the union of all subsets. Addresses are placed into "
	  "subsets according to the IPs they share.", 0 },
	COL_AGE,
};

static const struct coldef configmap_cols[] = {
	COL_NAME,
	{ "Data", "integer", "",
	  "Data contains the configuration data. Each key must consist of alphanumeric "
	  "characters, '-', '_' or '.'.", 0 },
	COL_AGE,
};

static const struct coldef secret_cols[] = {
	COL_NAME,
	{ "Type", "string", "", "Used to facilitate programmatic handling of secret data.", 0 },
	{ "Data", "integer", "",
	  "Data contains the secret data. Each key must consist of alphanumeric characters, '-', "
	  "'_' or '.'.", 0 },
	COL_AGE,
};

static const struct coldef serviceaccount_cols[] = {
	COL_NAME,
	{ "Secrets", "integer", "",
	  "Secrets is a list of the secrets in the same namespace that pods running using this "
	  "ServiceAccount are allowed to use.", 0 },
	COL_AGE,
};

static const struct coldef namespace_cols[] = {
	COL_NAME,
	{ "Status", "string", "", "The status of the namespace", 0 },
	COL_AGE,
};

static const struct coldef event_cols[] = {
	{ "Last Seen", "string", "",
	  "The time at which the most recent occurrence of this event was recorded.", 0 },
	{ "Type", "string", "",
	  "Type of this event (Normal, Warning), new types could be added in the future", 0 },
	{ "Reason", "string", "",
	  "This should be a short, machine understandable string that gives the reason for the "
	  "transition into the object's current status.", 0 },
	{ "Object", "string", "", "The object that this event is about.", 0 },
	{ "Subobject", "string", "",
	  "If referring to a piece of an object instead of an entire object, this string should "
	  "contain a valid JSON/Go field access statement, such as "
	  "desiredState.manifest.containers[2].", 1 },
	{ "Source", "string", "",
	  "The component reporting this event. Should be a short machine understandable string.", 1 },
	{ "Message", "string", "", "A human-readable description of the status of this operation.", 0 },
	{ "First Seen", "string", "",
	  "The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)", 1 },
	{ "Count", "string", "", "The number of times this event has occurred.", 1 },
	{ "Name", "string", "name", D_NAME, 1 },
};

static const struct coldef pvc_cols[] = {
	COL_NAME,
	{ "Status", "string", "", "phase represents the current phase of PersistentVolumeClaim.", 0 },
	{ "Volume", "string", "",
	  "volumeName is the binding reference to the PersistentVolume backing this claim.", 0 },
	{ "Capacity", "string", "",
	  "capacity represents the actual resources of the underlying volume.", 0 },
	{ "Access Modes", "string", "",
	  "accessModes contains the actual access modes the volume backing the PVC has.", 0 },
	{ "StorageClass", "string", "", "StorageClass of the pvc", 0 },
	{ "VolumeAttributesClass", "string", "", "VolumeAttributesClass of the pvc", 0 },
	COL_AGE,
	{ "VolumeMode", "string", "",
	  "volumeMode defines what type of volume is required by the claim. Value of Filesystem "
	  "is implied when not included in claim spec.", 1 },
};

static const struct coldef priorityclass_cols[] = {
	COL_NAME,
	{ "Value", "integer", "",
	  "value represents the integer value of this priority class. This is the actual "
	  "priority that pods receive when they have the name of this class in their pod spec.", 0 },
	{ "Global-Default", "boolean", "",
	  "globalDefault specifies whether this PriorityClass should be considered as the default "
	  "priority for pods that do not have any priority class.", 0 },
	COL_AGE,
	{ "PreemptionPolicy", "string", "",
	  "preemptionPolicy is the Policy for preempting pods with lower priority. One of Never, "
	  "PreemptLowerPriority. Defaults to PreemptLowerPriority if unset.", 0 },
};

static const struct coldef created_at_cols[] = {
	COL_NAME,
	{ "Created At", "date", "", D_CREATED, 0 },
};

static const struct coldef rolebinding_cols[] = {
	COL_NAME,
	{ "Role", "string", "",
	  "RoleRef can reference a Role in the current namespace or a ClusterRole in the global "
	  "namespace.", 0 },
	COL_AGE,
	{ "Users", "string", "", "Users in the roleBinding", 1 },
	{ "Groups", "string", "", "Groups in the roleBinding", 1 },
	{ "ServiceAccounts", "string", "", "ServiceAccounts in the roleBinding", 1 },
};

static const struct coldef lease_cols[] = {
	COL_NAME,
	{ "Holder", "string", "",
	  "holderIdentity contains the identity of the holder of a current lease.", 0 },
	COL_AGE,
};

static const struct coldef node_cols[] = {
	COL_NAME,
	{ "Status", "string", "", "The status of the node", 0 },
	{ "Roles", "string", "", "The roles of the node", 0 },
	COL_AGE,
	{ "Version", "string", "", "Kubelet Version reported by the node.", 0 },
	{ "Internal-IP", "string", "", "List of addresses reachable to the node.", 1 },
	{ "External-IP", "string", "", "List of addresses reachable to the node.", 1 },
	{ "OS-Image", "string", "",
	  "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).", 1 },
	{ "Kernel-Version", "string", "",
	  "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", 1 },
	{ "Container-Runtime", "string", "",
	  "ContainerRuntime Version reported by the node through runtime remote API (e.g. "
	  "containerd://1.4.2).", 1 },
};

/* custom resources without additionalPrinterColumns, and anything else */
static const struct coldef default_cols[] = {
	COL_NAME,
	{ "Age", "date", "", D_CREATED, 0 },
};

static json_t *column(const char *name, const char *type, const char *format,
		      const char *desc, json_int_t priority)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:I}", "name", name, "type", type, "format",
			 format ? format : "", "description", desc ? desc : "", "priority",
			 priority);
}

/* ---- cells: core ------------------------------------------------------ */

static int restartable_init(const json_t *spec, const char *name)
{
	const json_t *c;
	size_t i;

	json_array_foreach(json_object_get(spec, "initContainers"), i, c)
		if (!strcmp(sget(c, "name"), name))
			return !strcmp(sget(c, "restartPolicy"), "Always");
	return 0;
}

/* a container's lastState.terminated.finishedAt, if later than *last */
static void later_restart(const json_t *cs, long long *last)
{
	long long t;

	if (get_time(path2(cs, "lastState", "terminated"), "finishedAt", &t) && t > *last)
		*last = t;
}

/* printPod, with options.Wide as the API server sets it */
static void pod_cells(json_t *cells, const json_t *pod, long long now)
{
	const json_t *spec = oget(pod, "spec"), *status = oget(pod, "status"), *cs, *cond, *g;
	const json_t *meta = oget(pod, "metadata");
	const json_t *inits = json_object_get(status, "initContainerStatuses");
	const json_t *ctrs = json_object_get(status, "containerStatuses");
	const char *phase = sget(status, "phase");
	struct buf reason = BUF_INIT, b = BUF_INIT;
	long long restarts = 0, rinit_restarts = 0, last = 0, rinit_last = 0;
	size_t total = json_array_size(json_object_get(spec, "containers")), ready = 0, i, j;
	size_t ninit = json_array_size(json_object_get(spec, "initContainers"));
	int initializing = 0, initialized = 0;

	buf_adds(&reason, phase);
	if (*sget(status, "reason")) {
		buf_reset(&reason);
		buf_adds(&reason, sget(status, "reason"));
	}
	json_array_foreach(json_object_get(status, "conditions"), i, cond) {
		if (!strcmp(sget(cond, "type"), "PodScheduled") &&
		    !strcmp(sget(cond, "reason"), "SchedulingGated")) {
			buf_reset(&reason);
			buf_adds(&reason, "SchedulingGated");
		}
		if (!strcmp(sget(cond, "type"), "Initialized") &&
		    !strcmp(sget(cond, "status"), "True"))
			initialized = 1;
	}
	json_array_foreach(json_object_get(spec, "initContainers"), i, g)
		if (!strcmp(sget(g, "restartPolicy"), "Always"))
			total++;

	json_array_foreach(inits, i, cs) {
		const json_t *term = path2(cs, "state", "terminated");
		const json_t *wait = path2(cs, "state", "waiting");
		int rinit = restartable_init(spec, sget(cs, "name"));

		restarts += iget(cs, "restartCount");
		later_restart(cs, &last);
		if (rinit) {
			rinit_restarts += iget(cs, "restartCount");
			later_restart(cs, &rinit_last);
		}
		if (json_is_object(term) && !iget(term, "exitCode"))
			continue;
		if (rinit && json_is_true(json_object_get(cs, "started"))) {
			if (json_is_true(json_object_get(cs, "ready")))
				ready++;
			continue;
		}
		buf_reset(&reason);
		if (json_is_object(term)) {
			if (!*sget(term, "reason")) {
				if (iget(term, "signal"))
					buf_addf(&reason, "Init:Signal:%" JSON_INTEGER_FORMAT,
						 iget(term, "signal"));
				else
					buf_addf(&reason, "Init:ExitCode:%" JSON_INTEGER_FORMAT,
						 iget(term, "exitCode"));
			} else {
				buf_addf(&reason, "Init:%s", sget(term, "reason"));
			}
		} else if (json_is_object(wait) && *sget(wait, "reason") &&
			   strcmp(sget(wait, "reason"), "PodInitializing")) {
			buf_addf(&reason, "Init:%s", sget(wait, "reason"));
		} else {
			buf_addf(&reason, "Init:%zu/%zu", i, ninit);
		}
		initializing = 1;
		break;
	}

	if (!initializing || initialized) {
		int has_running = 0;

		restarts = rinit_restarts;
		last = rinit_last;
		for (j = json_array_size(ctrs); j-- > 0;) {
			const json_t *term, *wait;

			cs = json_array_get(ctrs, j);
			term = path2(cs, "state", "terminated");
			wait = path2(cs, "state", "waiting");
			restarts += iget(cs, "restartCount");
			later_restart(cs, &last);
			if (json_is_object(wait) && *sget(wait, "reason")) {
				buf_reset(&reason);
				buf_adds(&reason, sget(wait, "reason"));
			} else if (json_is_object(term) && *sget(term, "reason")) {
				buf_reset(&reason);
				buf_adds(&reason, sget(term, "reason"));
			} else if (json_is_object(term)) {
				buf_reset(&reason);
				if (iget(term, "signal"))
					buf_addf(&reason, "Signal:%" JSON_INTEGER_FORMAT, iget(term, "signal"));
				else
					buf_addf(&reason, "ExitCode:%" JSON_INTEGER_FORMAT,
						 iget(term, "exitCode"));
			} else if (json_is_true(json_object_get(cs, "ready")) &&
				   json_is_object(path2(cs, "state", "running"))) {
				has_running = 1;
				ready++;
			}
		}
		if (buf_eq(&reason, "Completed") && has_running) {
			buf_reset(&reason);
			buf_adds(&reason, has_condition(status, "Ready") ? "Running" : "NotReady");
		}
	}

	if (json_is_string(json_object_get(meta, "deletionTimestamp"))) {
		if (!strcmp(sget(status, "reason"), "NodeLost")) {
			buf_reset(&reason);
			buf_adds(&reason, "Unknown");
		} else if (strcmp(phase, "Succeeded") && strcmp(phase, "Failed")) {
			buf_reset(&reason);
			buf_adds(&reason, "Terminating");
		}
	}

	push(cells, str(name_of(pod)));
	buf_addf(&b, "%zu/%zu", ready, total);
	push(cells, strbuf(&b));
	push(cells, strbuf(&reason));
	buf_addf(&b, "%lld", restarts);
	if (restarts && last) {
		buf_adds(&b, " (");
		clock_human_duration(&b, now - last);
		buf_adds(&b, " ago)");
	}
	push(cells, strbuf(&b));
	push(cells, age(pod, now));

	/* wide */
	g = json_object_get(json_array_get(json_object_get(status, "podIPs"), 0), "ip");
	if (json_string_value(g) && *json_string_value(g))
		push(cells, str(json_string_value(g)));
	else
		push(cells, str(*sget(status, "podIP") ? sget(status, "podIP") : "<none>"));
	push(cells, str(*sget(spec, "nodeName") ? sget(spec, "nodeName") : "<none>"));
	push(cells, str(*sget(status, "nominatedNodeName") ? sget(status, "nominatedNodeName") :
							    "<none>"));
	if (json_array_size(json_object_get(spec, "readinessGates"))) {
		size_t ok = 0;

		json_array_foreach(json_object_get(spec, "readinessGates"), i, g) {
			json_array_foreach(json_object_get(status, "conditions"), j, cond) {
				if (!strcmp(sget(cond, "type"), sget(g, "conditionType"))) {
					if (!strcmp(sget(cond, "status"), "True"))
						ok++;
					break;
				}
			}
		}
		buf_addf(&b, "%zu/%zu", ok, json_array_size(json_object_get(spec, "readinessGates")));
		push(cells, strbuf(&b));
	} else {
		push(cells, str("<none>"));
	}
}

/* getServiceExternalIP with wide set */
static json_t *service_external_ip(const json_t *spec, const json_t *status)
{
	const char *type = sget(spec, "type");
	const json_t *ext = json_object_get(spec, "externalIPs"), *ing, *v;
	struct buf b = BUF_INIT;
	size_t i;

	if (!strcmp(type, "ClusterIP") || !strcmp(type, "NodePort")) {
		json_array_foreach(ext, i, v)
			buf_addf(&b, "%s%s", i ? "," : "", json_string_value(v) ? json_string_value(v) : "");
		if (!b.len)
			buf_adds(&b, "<none>");
		return strbuf(&b);
	}
	if (!strcmp(type, "LoadBalancer")) {
		/* the ingress IPs or hostnames, as a sorted set */
		const json_t *list = path2(status, "loadBalancer", "ingress");
		const char **ips = xcalloc(json_array_size(list) + 1, sizeof(*ips));
		size_t n = 0, k;

		json_array_foreach(list, i, ing) {
			const char *s = *sget(ing, "ip") ? sget(ing, "ip") : sget(ing, "hostname");

			if (!*s)
				continue;
			for (k = 0; k < n && strcmp(ips[k], s); k++)
				;
			if (k == n)
				ips[n++] = s;
		}
		qsort(ips, n, sizeof(*ips), cmp_str);
		for (k = 0; k < n; k++)
			buf_addf(&b, "%s%s", k ? "," : "", ips[k]);
		free(ips);
		json_array_foreach(ext, i, v)
			buf_addf(&b, "%s%s", b.len ? "," : "",
				 json_string_value(v) ? json_string_value(v) : "");
		if (!b.len)
			buf_adds(&b, "<pending>");
		return strbuf(&b);
	}
	if (!strcmp(type, "ExternalName"))
		return str(sget(spec, "externalName"));
	return str("<unknown>");
}

static void service_cells(json_t *cells, const json_t *svc, long long now)
{
	const json_t *spec = oget(svc, "spec"), *p;
	const char *ip = json_string_value(json_array_get(json_object_get(spec, "clusterIPs"), 0));
	struct buf b = BUF_INIT;
	size_t i;

	if (!ip || !*ip)
		ip = *sget(spec, "clusterIP") ? sget(spec, "clusterIP") : "<none>";
	push(cells, str(name_of(svc)));
	push(cells, str(sget(spec, "type")));
	push(cells, str(ip));
	push(cells, service_external_ip(spec, oget(svc, "status")));
	json_array_foreach(json_object_get(spec, "ports"), i, p) {
		if (i)
			buf_addc(&b, ',');
		if (iget(p, "nodePort") > 0)
			buf_addf(&b, "%" JSON_INTEGER_FORMAT ":%" JSON_INTEGER_FORMAT "/%s",
				 iget(p, "port"), iget(p, "nodePort"), sget(p, "protocol"));
		else
			buf_addf(&b, "%" JSON_INTEGER_FORMAT "/%s", iget(p, "port"), sget(p, "protocol"));
	}
	if (!b.len)
		buf_adds(&b, "<none>");
	push(cells, strbuf(&b));
	push(cells, age(svc, now));
	push(cells, format_labels(json_object_get(spec, "selector")));
}

/* formatEndpoints with no port filter: at most 3, then "+ N more..." */
static void endpoints_cells(json_t *cells, const json_t *ep, long long now)
{
	const json_t *subsets = json_object_get(ep, "subsets"), *ss, *a, *p;
	struct buf b = BUF_INIT;
	size_t i, j, k, shown = 0, count = 0;
	int more = 0;

	json_array_foreach(subsets, i, ss) {
		const json_t *addrs = json_object_get(ss, "addresses");
		const json_t *ports = json_object_get(ss, "ports");

		if (!json_array_size(ports)) {
			count += json_array_size(addrs);
			json_array_foreach(addrs, j, a) {
				if (shown == 3) {
					more = 1;
					break;
				}
				buf_addf(&b, "%s%s", shown++ ? "," : "", sget(a, "ip"));
			}
			continue;
		}
		json_array_foreach(ports, k, p) {
			count += json_array_size(addrs);
			json_array_foreach(addrs, j, a) {
				const char *ipaddr = sget(a, "ip");

				if (shown == 3) {
					more = 1;
					break;
				}
				if (strchr(ipaddr, ':'))
					buf_addf(&b, "%s[%s]:%" JSON_INTEGER_FORMAT, shown++ ? "," : "",
						 ipaddr, iget(p, "port"));
				else
					buf_addf(&b, "%s%s:%" JSON_INTEGER_FORMAT, shown++ ? "," : "",
						 ipaddr, iget(p, "port"));
			}
		}
	}
	if (more)
		buf_addf(&b, " + %zu more...", count - 3);
	if (!json_array_size(subsets))
		buf_adds(&b, "<none>");
	push(cells, str(name_of(ep)));
	push(cells, strbuf(&b));
	push(cells, age(ep, now));
}

static void configmap_cells(json_t *cells, const json_t *cm, long long now)
{
	push(cells, str(name_of(cm)));
	push(cells, json_integer((json_int_t)(json_object_size(oget(cm, "data")) +
					      json_object_size(oget(cm, "binaryData")))));
	push(cells, age(cm, now));
}

static void secret_cells(json_t *cells, const json_t *s, long long now)
{
	push(cells, str(name_of(s)));
	push(cells, str(sget(s, "type")));
	push(cells, json_integer((json_int_t)json_object_size(oget(s, "data"))));
	push(cells, age(s, now));
}

static void serviceaccount_cells(json_t *cells, const json_t *sa, long long now)
{
	push(cells, str(name_of(sa)));
	push(cells, json_integer((json_int_t)json_array_size(json_object_get(sa, "secrets"))));
	push(cells, age(sa, now));
}

static void namespace_cells(json_t *cells, const json_t *ns, long long now)
{
	push(cells, str(name_of(ns)));
	push(cells, str(sget(oget(ns, "status"), "phase")));
	push(cells, age(ns, now));
}

static void event_cells(json_t *cells, const json_t *ev, long long now)
{
	const json_t *io = oget(ev, "involvedObject"), *src = oget(ev, "source");
	const json_t *series = oget(ev, "series");
	struct buf b = BUF_INIT, kind = BUF_INIT;
	json_t *first, *lastseen;
	json_int_t count = iget(ev, "count");
	const char *comp, *host, *p, *msg;
	long long t;
	size_t n;

	if (get_time(ev, "firstTimestamp", &t))
		first = since(ev, "firstTimestamp", now);
	else
		first = since(ev, "eventTime", now);
	if (get_time(ev, "lastTimestamp", &t))
		lastseen = since(ev, "lastTimestamp", now);
	else
		lastseen = json_deep_copy(first);
	if (series) {
		json_decref(lastseen);
		lastseen = since(series, "lastObservedTime", now);
		count = iget(series, "count");
	} else if (!count) {
		count = 1;
	}
	for (p = sget(io, "kind"); *p; p++)
		buf_addc(&kind, (*p >= 'A' && *p <= 'Z') ? (char)(*p + 32) : *p);
	if (*sget(io, "name"))
		buf_addf(&kind, "/%s", sget(io, "name"));
	comp = *sget(src, "component") ? sget(src, "component") : sget(ev, "reportingComponent");
	host = *sget(src, "host") ? sget(src, "host") : sget(ev, "reportingInstance");
	buf_adds(&b, comp);
	if (*host)
		buf_addf(&b, ", %s", host);
	/* strings.TrimSpace */
	msg = sget(ev, "message");
	while (*msg == ' ' || *msg == '\t' || *msg == '\n' || *msg == '\r')
		msg++;
	n = strlen(msg);
	while (n && strchr(" \t\n\r", msg[n - 1]))
		n--;

	push(cells, lastseen);
	push(cells, str(sget(ev, "type")));
	push(cells, str(sget(ev, "reason")));
	push(cells, strbuf(&kind));
	push(cells, str(sget(io, "fieldPath")));
	push(cells, strbuf(&b));
	push(cells, json_stringn(msg, n));
	push(cells, first);
	push(cells, json_integer(count));
	push(cells, str(name_of(ev)));
}

static void pvc_cells(json_t *cells, const json_t *pvc, long long now)
{
	static const struct {
		const char *mode, *abbrev;
	} modes[] = { { "ReadWriteOnce", "RWO" }, { "ReadOnlyMany", "ROX" },
		      { "ReadWriteMany", "RWX" }, { "ReadWriteOncePod", "RWOP" } };
	const json_t *spec = oget(pvc, "spec"), *status = oget(pvc, "status"), *m;
	const json_t *meta = oget(pvc, "metadata");
	const char *vol = sget(spec, "volumeName");
	const char *cls = sget(oget(meta, "annotations"), "volume.beta.kubernetes.io/storage-class");
	struct buf capacity = BUF_INIT, am = BUF_INIT;
	size_t i, k;

	if (*vol) {
		const json_t *cap = path2(status, "capacity", "storage");

		if (json_is_string(cap))
			buf_adds(&capacity, json_string_value(cap));
		else if (json_is_integer(cap))
			buf_addf(&capacity, "%" JSON_INTEGER_FORMAT, json_integer_value(cap));
		else
			buf_adds(&capacity, "0");
		for (k = 0; k < sizeof(modes) / sizeof(modes[0]); k++) {
			json_array_foreach(json_object_get(status, "accessModes"), i, m) {
				if (json_string_value(m) && !strcmp(json_string_value(m), modes[k].mode)) {
					buf_addf(&am, "%s%s", am.len ? "," : "", modes[k].abbrev);
					break;
				}
			}
		}
	}
	if (!json_object_get(oget(meta, "annotations"), "volume.beta.kubernetes.io/storage-class"))
		cls = sget(spec, "storageClassName");
	push(cells, str(name_of(pvc)));
	push(cells, str(json_is_string(json_object_get(meta, "deletionTimestamp")) ?
				"Terminating" : sget(status, "phase")));
	push(cells, str(vol));
	push(cells, strbuf(&capacity));
	push(cells, strbuf(&am));
	push(cells, str(cls));
	push(cells, str(*sget(spec, "volumeAttributesClassName") ?
				sget(spec, "volumeAttributesClassName") : "<unset>"));
	push(cells, age(pvc, now));
	push(cells, str(*sget(spec, "volumeMode") ? sget(spec, "volumeMode") : "<unset>"));
}

/* findNodeRoles: node-role.kubernetes.io/<role> and kubernetes.io/role */
static json_t *node_roles(const json_t *labels)
{
	static const char prefix[] = "node-role.kubernetes.io/";
	const char **roles = xcalloc(json_object_size(labels) + 1, sizeof(*roles));
	struct buf b = BUF_INIT;
	size_t n = 0, i, k;
	const char *key;
	json_t *v;

	json_object_foreach((json_t *)labels, key, v) {
		const char *role = NULL;

		if (!strncmp(key, prefix, sizeof(prefix) - 1) && key[sizeof(prefix) - 1])
			role = key + sizeof(prefix) - 1;
		else if (!strcmp(key, "kubernetes.io/role") && json_string_value(v) &&
			 *json_string_value(v))
			role = json_string_value(v);
		if (!role)
			continue;
		for (k = 0; k < n && strcmp(roles[k], role); k++)
			;
		if (k == n)
			roles[n++] = role;
	}
	qsort(roles, n, sizeof(*roles), cmp_str);
	for (i = 0; i < n; i++)
		buf_addf(&b, "%s%s", i ? "," : "", roles[i]);
	free(roles);
	if (!n)
		buf_adds(&b, "<none>");
	return strbuf(&b);
}

static json_t *node_address(const json_t *status, const char *type)
{
	const json_t *a;
	size_t i;

	json_array_foreach(json_object_get(status, "addresses"), i, a)
		if (!strcmp(sget(a, "type"), type))
			return str(sget(a, "address"));
	return str("<none>");
}

static void node_cells(json_t *cells, const json_t *node, long long now)
{
	const json_t *status = oget(node, "status"), *info = oget(status, "nodeInfo"), *c;
	struct buf b = BUF_INIT;
	size_t i;
	const char *s;

	json_array_foreach(json_object_get(status, "conditions"), i, c) {
		if (strcmp(sget(c, "type"), "Ready"))
			continue;
		buf_adds(&b, !strcmp(sget(c, "status"), "True") ? "Ready" : "NotReady");
	}
	if (!b.len)
		buf_adds(&b, "Unknown");
	if (json_is_true(path2(node, "spec", "unschedulable")))
		buf_adds(&b, ",SchedulingDisabled");
	push(cells, str(name_of(node)));
	push(cells, strbuf(&b));
	push(cells, node_roles(oget(oget(node, "metadata"), "labels")));
	push(cells, age(node, now));
	push(cells, str(sget(info, "kubeletVersion")));
	push(cells, node_address(status, "InternalIP"));
	push(cells, node_address(status, "ExternalIP"));
	s = sget(info, "osImage");
	push(cells, str(*s ? s : "<unknown>"));
	s = sget(info, "kernelVersion");
	push(cells, str(*s ? s : "<unknown>"));
	s = sget(info, "containerRuntimeVersion");
	push(cells, str(*s ? s : "<unknown>"));
}

/* ---- cells: workloads and the rest ------------------------------------ */

static void deployment_cells(json_t *cells, const json_t *d, long long now)
{
	const json_t *spec = oget(d, "spec"), *st = oget(d, "status");
	struct buf b = BUF_INIT;

	push(cells, str(name_of(d)));
	buf_addf(&b, "%" JSON_INTEGER_FORMAT "/%" JSON_INTEGER_FORMAT, iget(st, "readyReplicas"),
		 iget_def(spec, "replicas", 1));
	push(cells, strbuf(&b));
	push(cells, json_integer(iget(st, "updatedReplicas")));
	push(cells, json_integer(iget(st, "availableReplicas")));
	push(cells, age(d, now));
	container_cells(cells, template_spec(spec));
	push(cells, selector_string(json_object_get(spec, "selector")));
}

static void replicaset_cells(json_t *cells, const json_t *rs, long long now)
{
	const json_t *spec = oget(rs, "spec"), *st = oget(rs, "status");

	push(cells, str(name_of(rs)));
	push(cells, json_integer(iget_def(spec, "replicas", 1)));
	push(cells, json_integer(iget(st, "replicas")));
	push(cells, json_integer(iget(st, "readyReplicas")));
	push(cells, age(rs, now));
	container_cells(cells, template_spec(spec));
	push(cells, selector_string(json_object_get(spec, "selector")));
}

static void statefulset_cells(json_t *cells, const json_t *ss, long long now)
{
	const json_t *spec = oget(ss, "spec"), *st = oget(ss, "status");
	struct buf b = BUF_INIT;

	push(cells, str(name_of(ss)));
	buf_addf(&b, "%" JSON_INTEGER_FORMAT "/%" JSON_INTEGER_FORMAT, iget(st, "readyReplicas"),
		 iget_def(spec, "replicas", 1));
	push(cells, strbuf(&b));
	push(cells, age(ss, now));
	container_cells(cells, template_spec(spec));
}

static void daemonset_cells(json_t *cells, const json_t *ds, long long now)
{
	const json_t *spec = oget(ds, "spec"), *st = oget(ds, "status");

	push(cells, str(name_of(ds)));
	push(cells, json_integer(iget(st, "desiredNumberScheduled")));
	push(cells, json_integer(iget(st, "currentNumberScheduled")));
	push(cells, json_integer(iget(st, "numberReady")));
	push(cells, json_integer(iget(st, "updatedNumberScheduled")));
	push(cells, json_integer(iget(st, "numberAvailable")));
	push(cells, format_labels(json_object_get(template_spec(spec), "nodeSelector")));
	push(cells, age(ds, now));
	container_cells(cells, template_spec(spec));
	push(cells, selector_string(json_object_get(spec, "selector")));
}

static void job_cells(json_t *cells, const json_t *job, long long now)
{
	const json_t *spec = oget(job, "spec"), *st = oget(job, "status");
	struct buf b = BUF_INIT;
	long long start, end;
	const char *status;

	push(cells, str(name_of(job)));
	if (has_condition(st, "Complete"))
		status = "Complete";
	else if (has_condition(st, "Failed"))
		status = "Failed";
	else if (json_is_string(path2(job, "metadata", "deletionTimestamp")))
		status = "Terminating";
	else if (has_condition(st, "Suspended"))
		status = "Suspended";
	else if (has_condition(st, "FailureTarget"))
		status = "FailureTarget";
	else if (has_condition(st, "SuccessCriteriaMet"))
		status = "SuccessCriteriaMet";
	else
		status = "Running";
	push(cells, str(status));
	if (json_is_integer(json_object_get(spec, "completions")))
		buf_addf(&b, "%" JSON_INTEGER_FORMAT "/%" JSON_INTEGER_FORMAT, iget(st, "succeeded"),
			 iget(spec, "completions"));
	else if (iget(spec, "parallelism") > 1)
		buf_addf(&b, "%" JSON_INTEGER_FORMAT "/1 of %" JSON_INTEGER_FORMAT,
			 iget(st, "succeeded"), iget(spec, "parallelism"));
	else
		buf_addf(&b, "%" JSON_INTEGER_FORMAT "/1", iget(st, "succeeded"));
	push(cells, strbuf(&b));
	if (get_time(st, "startTime", &start)) {
		if (!get_time(st, "completionTime", &end))
			end = now;
		clock_human_duration(&b, end - start);
	}
	push(cells, strbuf(&b));
	push(cells, age(job, now));
	container_cells(cells, template_spec(spec));
	push(cells, selector_string(json_object_get(spec, "selector")));
}

static void priorityclass_cells(json_t *cells, const json_t *pc, long long now)
{
	push(cells, str(name_of(pc)));
	push(cells, json_integer(iget(pc, "value")));
	push(cells, json_boolean(json_is_true(json_object_get(pc, "globalDefault"))));
	push(cells, age(pc, now));
	push(cells, str(sget(pc, "preemptionPolicy")));
}

static void created_at_cells(json_t *cells, const json_t *obj, long long now)
{
	push(cells, str(name_of(obj)));
	push(cells, created_at(obj));
}

static void rolebinding_cells(json_t *cells, const json_t *rb, long long now)
{
	const json_t *ref = oget(rb, "roleRef"), *s;
	struct buf b = BUF_INIT, users = BUF_INIT, groups = BUF_INIT, sas = BUF_INIT;
	size_t i;

	buf_addf(&b, "%s/%s", sget(ref, "kind"), sget(ref, "name"));
	json_array_foreach(json_object_get(rb, "subjects"), i, s) {
		const char *kind = sget(s, "kind");

		if (!strcmp(kind, "User"))
			buf_addf(&users, "%s%s", users.len ? ", " : "", sget(s, "name"));
		else if (!strcmp(kind, "Group"))
			buf_addf(&groups, "%s%s", groups.len ? ", " : "", sget(s, "name"));
		else if (!strcmp(kind, "ServiceAccount"))
			buf_addf(&sas, "%s%s/%s", sas.len ? ", " : "", sget(s, "namespace"),
				 sget(s, "name"));
	}
	push(cells, str(name_of(rb)));
	push(cells, strbuf(&b));
	push(cells, age(rb, now));
	push(cells, strbuf(&users));
	push(cells, strbuf(&groups));
	push(cells, strbuf(&sas));
}

static void lease_cells(json_t *cells, const json_t *l, long long now)
{
	push(cells, str(name_of(l)));
	push(cells, str(sget(oget(l, "spec"), "holderIdentity")));
	push(cells, age(l, now));
}

static void default_cells(json_t *cells, const json_t *obj, long long now)
{
	push(cells, str(name_of(obj)));
	push(cells, age(obj, now));
}

/* ---- custom resources: simple JSONPath --------------------------------- */

/*
 * A subset of kubectl's JSONPath, enough for additionalPrinterColumns:
 * .field (with \. escapes), ['field'], ["field"], [n] (negative from the
 * end), [*], and [?(@.a.b == "x")] / != with string, number or bool
 * literals.  Evaluation returns the first match in document order, as
 * the CR table convertor keeps only results[0][0].
 */
static const json_t *jp_eval(const json_t *node, const char *p);

/* read a field name at p into name; returns the position after it */
static const char *jp_field(const char *p, struct buf *name)
{
	buf_reset(name);
	while (*p && *p != '.' && *p != '[') {
		if (*p == '\\' && p[1])
			p++;
		buf_addc(name, *p++);
	}
	return p;
}

/* the end of a bracket expression starting at '[' (quotes respected) */
static const char *jp_bracket_end(const char *p)
{
	char q = 0;

	for (p++; *p; p++) {
		if (q) {
			if (*p == '\\' && p[1])
				p++;
			else if (*p == q)
				q = 0;
		} else if (*p == '\'' || *p == '"') {
			q = *p;
		} else if (*p == ']') {
			return p;
		}
	}
	return NULL;
}

static int jp_filter_match(const json_t *elem, const char *expr, size_t n)
{
	struct buf lhs = BUF_INIT, rhs = BUF_INIT;
	const char *op = NULL, *e = expr + n, *s;
	const json_t *got;
	int neg = 0, r = 0;
	size_t i;

	for (s = expr; s + 1 < e; s++) {
		if ((s[0] == '=' || s[0] == '!') && s[1] == '=') {
			op = s;
			neg = s[0] == '!';
			break;
		}
	}
	if (!op)
		goto done;
	for (s = expr; s < op && *s == ' '; s++)
		;
	if (*s != '@')
		goto done;
	buf_add(&lhs, s + 1, (size_t)(op - s - 1));
	while (lhs.len && lhs.ptr[lhs.len - 1] == ' ')
		buf_setlen(&lhs, lhs.len - 1);
	for (s = op + 2; s < e && *s == ' '; s++)
		;
	buf_add(&rhs, s, (size_t)(e - s));
	while (rhs.len && rhs.ptr[rhs.len - 1] == ' ')
		buf_setlen(&rhs, rhs.len - 1);
	got = lhs.len ? jp_eval(elem, lhs.ptr) : elem;
	if (rhs.len >= 2 && (rhs.ptr[0] == '"' || rhs.ptr[0] == '\'') &&
	    rhs.ptr[rhs.len - 1] == rhs.ptr[0]) {
		struct buf lit = BUF_INIT;

		for (i = 1; i + 1 < rhs.len; i++) {
			if (rhs.ptr[i] == '\\' && i + 2 < rhs.len)
				i++;
			buf_addc(&lit, rhs.ptr[i]);
		}
		r = json_is_string(got) && !strcmp(json_string_value(got), lit.ptr);
		buf_release(&lit);
	} else if (!strcmp(rhs.ptr, "true") || !strcmp(rhs.ptr, "false")) {
		r = json_is_boolean(got) && json_is_true(got) == (rhs.ptr[0] == 't');
	} else {
		char *end;
		double d = strtod(rhs.ptr, &end);

		r = end != rhs.ptr && !*end && json_is_number(got) && json_number_value(got) == d;
	}
	r = neg ? (got != NULL && !r) : r;
done:
	buf_release(&lhs);
	buf_release(&rhs);
	return r;
}

static const json_t *jp_eval(const json_t *node, const char *p)
{
	struct buf name = BUF_INIT;
	const json_t *r = NULL, *e;
	const char *end;
	size_t i;

	if (!node)
		return NULL;
	while (*p == ' ')
		p++;
	if (!*p)
		return node;
	if (*p == '.') {
		if (p[1] == '.')
			return NULL; /* recursive descent: not supported */
		p = jp_field(p + 1, &name);
		if (!name.len) {
			r = jp_eval(node, p);
		} else if (!strcmp(name.ptr, "*")) {
			json_t *child;
			const char *k;

			if (json_is_object(node)) {
				json_object_foreach((json_t *)node, k, child)
					if ((r = jp_eval(child, p)))
						break;
			} else {
				json_array_foreach(node, i, e)
					if ((r = jp_eval(e, p)))
						break;
			}
		} else {
			r = jp_eval(json_object_get(node, name.ptr), p);
		}
		buf_release(&name);
		return r;
	}
	if (*p != '[' || !(end = jp_bracket_end(p)))
		return NULL;
	if (p[1] == '\'' || p[1] == '"') {
		const char *s;

		for (s = p + 2; s < end - 1; s++) {
			if (*s == '\\' && s + 1 < end - 1)
				s++;
			buf_addc(&name, *s);
		}
		r = jp_eval(json_object_get(node, name.ptr), end + 1);
	} else if (p[1] == '*' && p + 2 == end) {
		json_array_foreach(node, i, e)
			if ((r = jp_eval(e, end + 1)))
				break;
	} else if (p[1] == '?' && p[2] == '(' && end[-1] == ')') {
		json_array_foreach(node, i, e)
			if (jp_filter_match(e, p + 3, (size_t)(end - 1 - (p + 3))) &&
			    (r = jp_eval(e, end + 1)))
				break;
	} else {
		char *num_end;
		long long idx = strtoll(p + 1, &num_end, 10);
		long long n = json_is_array(node) ? (long long)json_array_size(node) : 0;

		if (num_end == end && num_end != p + 1) {
			if (idx < 0)
				idx += n;
			if (idx >= 0 && idx < n)
				r = jp_eval(json_array_get(node, (size_t)idx), end + 1);
		}
	}
	buf_release(&name);
	return r;
}

/* a printer column's path, with kubectl's optional surrounding braces */
static const json_t *jsonpath_first(const json_t *obj, const char *path)
{
	struct buf p = BUF_INIT;
	const json_t *r;
	size_t n;

	while (*path == ' ')
		path++;
	buf_adds(&p, path);
	n = p.len;
	while (n && p.ptr[n - 1] == ' ')
		n--;
	buf_setlen(&p, n);
	if (p.len >= 2 && p.ptr[0] == '{' && p.ptr[p.len - 1] == '}') {
		buf_setlen(&p, p.len - 1);
		r = jp_eval(obj, p.ptr + 1);
	} else {
		r = jp_eval(obj, p.ptr);
	}
	buf_release(&p);
	return r;
}

/*
 * fmt's %v of a float64: strconv.FormatFloat(f, 'g', -1, 64), the
 * shortest digits that read back, in %e form when the exponent is below
 * -4 or at least 6 (Go, like C, writes two exponent digits or more).
 */
static void go_float(struct buf *b, double d)
{
	char s[64];
	int prec, exp;

	if (isnan(d)) {
		buf_adds(b, "NaN");
		return;
	}
	if (isinf(d)) {
		buf_adds(b, d > 0 ? "+Inf" : "-Inf");
		return;
	}
	for (prec = 1; prec < 17; prec++) {
		snprintf(s, sizeof(s), "%.*e", prec - 1, d);
		if (strtod(s, NULL) == d)
			break;
	}
	snprintf(s, sizeof(s), "%.*e", prec - 1, d);
	exp = (int)strtol(strchr(s, 'e') + 1, NULL, 10);
	if (exp >= -4 && exp < 6)
		snprintf(s, sizeof(s), "%.*f", prec - 1 - exp > 0 ? prec - 1 - exp : 0, d);
	buf_adds(b, s);
}

/* fmt.Fprint of an unstructured value, as jsonpath prints it */
static void go_print(struct buf *b, const json_t *v)
{
	const char **keys;
	size_t n, i;
	const json_t *e;

	switch (json_typeof(v)) {
	case JSON_STRING: buf_add(b, json_string_value(v), json_string_length(v)); break;
	case JSON_INTEGER: buf_addf(b, "%" JSON_INTEGER_FORMAT, json_integer_value(v)); break;
	case JSON_REAL: go_float(b, json_real_value(v)); break;
	case JSON_TRUE: buf_adds(b, "true"); break;
	case JSON_FALSE: buf_adds(b, "false"); break;
	case JSON_NULL: buf_adds(b, "<nil>"); break;
	case JSON_ARRAY:
		buf_addc(b, '[');
		json_array_foreach(v, i, e) {
			if (i)
				buf_addc(b, ' ');
			go_print(b, e);
		}
		buf_addc(b, ']');
		break;
	case JSON_OBJECT:
		keys = sorted_keys(v, &n);
		buf_adds(b, "map[");
		for (i = 0; i < n; i++) {
			buf_addf(b, "%s%s:", i ? " " : "", keys[i]);
			go_print(b, json_object_get(v, keys[i]));
		}
		buf_addc(b, ']');
		free(keys);
		break;
	}
}

/* cellForJSONValue, and the string columns' printing */
static json_t *cr_cell(const char *type, const json_t *v, long long now)
{
	struct buf b = BUF_INIT;
	long long t;

	if (!v || json_is_null(v))
		return json_null();
	if (!strcmp(type, "string")) {
		go_print(&b, v);
		return strbuf(&b);
	}
	if (!strcmp(type, "integer")) {
		if (json_is_integer(v))
			return json_integer(json_integer_value(v));
		if (json_is_real(v))
			return json_integer((json_int_t)json_real_value(v));
	} else if (!strcmp(type, "number")) {
		if (json_is_number(v))
			return json_real(json_number_value(v));
	} else if (!strcmp(type, "boolean")) {
		if (json_is_boolean(v))
			return json_boolean(json_is_true(v));
	} else if (!strcmp(type, "date") && json_is_string(v)) {
		const char *s = json_string_value(v);

		if (!*s || !strcmp(s, "null"))
			return json_string("<unknown>");
		if (parse_time(s, &t))
			return json_string("<invalid>");
		clock_human_duration(&b, now - t);
		return strbuf(&b);
	}
	return json_null();
}

/* ---- dispatch --------------------------------------------------------- */

#define N(a) (sizeof(a) / sizeof((a)[0]))

struct printer {
	const char *group;
	const char *kind;
	const struct coldef *cols;
	size_t ncols;
	void (*cells)(json_t *cells, const json_t *obj, long long now);
};

static const struct printer printers[] = {
	{ "", "Pod", pod_cols, N(pod_cols), pod_cells },
	{ "", "Service", service_cols, N(service_cols), service_cells },
	{ "", "Endpoints", endpoints_cols, N(endpoints_cols), endpoints_cells },
	{ "", "ConfigMap", configmap_cols, N(configmap_cols), configmap_cells },
	{ "", "Secret", secret_cols, N(secret_cols), secret_cells },
	{ "", "ServiceAccount", serviceaccount_cols, N(serviceaccount_cols), serviceaccount_cells },
	{ "", "Namespace", namespace_cols, N(namespace_cols), namespace_cells },
	{ "", "Event", event_cols, N(event_cols), event_cells },
	{ "", "PersistentVolumeClaim", pvc_cols, N(pvc_cols), pvc_cells },
	{ "", "Node", node_cols, N(node_cols), node_cells },
	{ "apps", "Deployment", deployment_cols, N(deployment_cols), deployment_cells },
	{ "apps", "ReplicaSet", replicaset_cols, N(replicaset_cols), replicaset_cells },
	{ "apps", "StatefulSet", statefulset_cols, N(statefulset_cols), statefulset_cells },
	{ "apps", "DaemonSet", daemonset_cols, N(daemonset_cols), daemonset_cells },
	{ "batch", "Job", job_cols, N(job_cols), job_cells },
	{ "scheduling.k8s.io", "PriorityClass", priorityclass_cols, N(priorityclass_cols),
	  priorityclass_cells },
	{ "rbac.authorization.k8s.io", "Role", created_at_cols, N(created_at_cols), created_at_cells },
	{ "rbac.authorization.k8s.io", "ClusterRole", created_at_cols, N(created_at_cols),
	  created_at_cells },
	{ "rbac.authorization.k8s.io", "RoleBinding", rolebinding_cols, N(rolebinding_cols),
	  rolebinding_cells },
	{ "rbac.authorization.k8s.io", "ClusterRoleBinding", rolebinding_cols,
	  N(rolebinding_cols), rolebinding_cells },
	{ "coordination.k8s.io", "Lease", lease_cols, N(lease_cols), lease_cells },
	{ "apiextensions.k8s.io", "CustomResourceDefinition", created_at_cols,
	  N(created_at_cols), created_at_cells },
};

static const struct printer default_printer = { "", "", default_cols, N(default_cols),
						default_cells };

static const struct printer *printer_for(const char *group, const char *kind)
{
	size_t i;

	if (!group)
		group = "";
	for (i = 0; kind && i < N(printers); i++)
		if (!strcmp(printers[i].group, group) && !strcmp(printers[i].kind, kind))
			return &printers[i];
	return &default_printer;
}

static int use_printer_columns(const json_t *pc)
{
	return json_is_array(pc) && json_array_size(pc) > 0;
}

json_t *sim_table_columns(const char *group, const char *kind, const json_t *printer_columns)
{
	json_t *cols = json_array();
	const struct printer *p;
	const json_t *c;
	size_t i;

	if (use_printer_columns(printer_columns)) {
		json_array_append_new(cols, column("Name", "string", "name", D_NAME, 0));
		json_array_foreach(printer_columns, i, c) {
			struct buf desc = BUF_INIT;
			const char *d = json_string_value(json_object_get(c, "description"));

			if (d && *d)
				buf_adds(&desc, d);
			else
				buf_addf(&desc, "Custom resource definition column (in JSONPath format): %s",
					 sget(c, "jsonPath"));
			json_array_append_new(cols, column(sget(c, "name"), sget(c, "type"),
							   sget(c, "format"), desc.ptr,
							   iget(c, "priority")));
			buf_release(&desc);
		}
		return cols;
	}
	p = printer_for(group, kind);
	for (i = 0; i < p->ncols; i++)
		json_array_append_new(cols, column(p->cols[i].name, p->cols[i].type,
						   p->cols[i].format, p->cols[i].desc,
						   p->cols[i].priority));
	return cols;
}

json_t *sim_table_cells(const char *group, const char *kind, const json_t *printer_columns,
			const json_t *obj, long long now)
{
	json_t *cells = json_array();
	const json_t *c;
	size_t i;

	if (use_printer_columns(printer_columns)) {
		push(cells, str(name_of(obj)));
		json_array_foreach(printer_columns, i, c) {
			const char *jp = json_string_value(json_object_get(c, "jsonPath"));

			push(cells, cr_cell(sget(c, "type"), jp ? jsonpath_first(obj, jp) : NULL, now));
		}
		return cells;
	}
	printer_for(group, kind)->cells(cells, obj, now);
	return cells;
}
