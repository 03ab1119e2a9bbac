/*
 * Unit tests for sim/defaults, sim/validate and sim/table: the server
 * defaults, validation messages and `kubectl get` columns of
 * kube-apiserver 1.32 that the emulator reproduces.  Expected texts are
 * the API server's (k8s.io/apimachinery validation, printers.go).
 */
#include <criterion/criterion.h>
#include <string.h>

#include "../../src/base/alloc.h"
#include "../../src/base/buf.h"
#include "../../src/base/err.h"
#include "../../src/sim/defaults.h"
#include "../../src/sim/table.h"
#include "../../src/sim/validate.h"

/*
 * JSON with ' for " so the tables stay readable; none of the fixtures
 * needs a real apostrophe.
 */
static json_t *J(const char *text)
{
	struct buf b = BUF_INIT;
	json_error_t e;
	json_t *v;
	const char *p;

	for (p = text; *p; p++)
		buf_addc(&b, *p == '\'' ? '"' : *p);
	v = json_loads(b.ptr, JSON_DECODE_ANY, &e);
	cr_assert(v, "bad fixture: %s: %s", e.text, b.ptr);
	buf_release(&b);
	return v;
}

static char *dump(const json_t *v)
{
	return json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
}

static void assert_json_eq(const json_t *got, const char *want_text, const char *what)
{
	json_t *want = J(want_text);
	char *g = dump(got), *w = dump(want);

	cr_assert(json_equal(got, want), "%s:\n got %s\nwant %s", what, g, w);
	free(g);
	free(w);
	json_decref(want);
}

/* ---- defaults --------------------------------------------------------- */

/* the pod template every workload gets when it has none */
#define EMPTY_TEMPLATE                                                                   \
	"'template':{'spec':{'restartPolicy':'Always','terminationGracePeriodSeconds':30,"  \
	"'dnsPolicy':'ClusterFirst','securityContext':{},'schedulerName':'default-scheduler'}}"

static const struct {
	const char *group, *kind, *in, *out;
} default_cases[] = {
	/* the minimal Deployment of the README */
	{ "apps", "Deployment",
	  "{'metadata':{'name':'web'},'spec':{'selector':{'matchLabels':{'app':'web'}},"
	  "'template':{'metadata':{'labels':{'app':'web'}},'spec':{'containers':"
	  "[{'name':'web','image':'nginx:1.25','ports':[{'containerPort':80}]}]}}}}",
	  "{'metadata':{'name':'web'},'spec':{'selector':{'matchLabels':{'app':'web'}},"
	  "'template':{'metadata':{'labels':{'app':'web'}},'spec':{'containers':"
	  "[{'name':'web','image':'nginx:1.25','ports':[{'containerPort':80,'protocol':'TCP'}],"
	  "'resources':{},'terminationMessagePath':'/dev/termination-log',"
	  "'terminationMessagePolicy':'File','imagePullPolicy':'IfNotPresent'}],"
	  "'restartPolicy':'Always','terminationGracePeriodSeconds':30,'dnsPolicy':'ClusterFirst',"
	  "'securityContext':{},'schedulerName':'default-scheduler'}},"
	  "'replicas':1,'strategy':{'type':'RollingUpdate','rollingUpdate':"
	  "{'maxUnavailable':'25%','maxSurge':'25%'}},'revisionHistoryLimit':10,"
	  "'progressDeadlineSeconds':600}}" },
	{ "", "Service",
	  "{'metadata':{'name':'argo-server'},'spec':{'selector':{'app':'argo-server'},"
	  "'ports':[{'name':'web','port':2746}]}}",
	  "{'metadata':{'name':'argo-server'},'spec':{'selector':{'app':'argo-server'},"
	  "'ports':[{'name':'web','port':2746,'protocol':'TCP','targetPort':2746}],"
	  "'type':'ClusterIP','sessionAffinity':'None','ipFamilies':['IPv4'],"
	  "'ipFamilyPolicy':'SingleStack','internalTrafficPolicy':'Cluster'}}" },
	/* NodePort: external traffic policy; a named targetPort stays */
	{ "", "Service",
	  "{'spec':{'type':'NodePort','ports':[{'port':80,'targetPort':'http','nodePort':30080}]}}",
	  "{'spec':{'type':'NodePort','sessionAffinity':'None','ports':[{'port':80,"
	  "'targetPort':'http','nodePort':30080,'protocol':'TCP'}],"
	  "'externalTrafficPolicy':'Cluster','ipFamilies':['IPv4'],'ipFamilyPolicy':'SingleStack',"
	  "'internalTrafficPolicy':'Cluster'}}" },
	/* headless without a selector asks for both families */
	{ "", "Service", "{'spec':{'clusterIP':'None'}}",
	  "{'spec':{'clusterIP':'None','type':'ClusterIP','sessionAffinity':'None',"
	  "'ipFamilyPolicy':'RequireDualStack','ipFamilies':['IPv4'],"
	  "'internalTrafficPolicy':'Cluster'}}" },
	{ "", "Service", "{'spec':{'type':'ExternalName','externalName':'example.com'}}",
	  "{'spec':{'type':'ExternalName','externalName':'example.com','sessionAffinity':'None'}}" },
	{ "", "Service",
	  "{'spec':{'type':'LoadBalancer','sessionAffinity':'ClientIP','ports':[{'port':443,'targetPort':0}]}}",
	  "{'spec':{'type':'LoadBalancer','sessionAffinity':'ClientIP','ports':[{'port':443,"
	  "'targetPort':443,'protocol':'TCP'}],'sessionAffinityConfig':{'clientIP':"
	  "{'timeoutSeconds':10800}},'externalTrafficPolicy':'Cluster','ipFamilies':['IPv4'],"
	  "'ipFamilyPolicy':'SingleStack','allocateLoadBalancerNodePorts':true,"
	  "'internalTrafficPolicy':'Cluster'}}" },
	/* a bare Pod: the admission plugins and the initial status too */
	{ "", "Pod",
	  "{'metadata':{'name':'minio'},'spec':{'containers':[{'name':'main','image':'minio/minio',"
	  "'resources':{'limits':{'cpu':'1','memory':'1Gi'}},"
	  "'readinessProbe':{'httpGet':{'port':9000}},'livenessProbe':{'grpc':{'port':9001},"
	  "'periodSeconds':5},'env':[{'name':'N','valueFrom':{'fieldRef':{'fieldPath':'metadata.name'}}}]}],"
	  "'volumes':[{'name':'data'},{'name':'cfg','configMap':{'name':'c'}},"
	  "{'name':'s','secret':{'secretName':'s','defaultMode':256}},"
	  "{'name':'h','hostPath':{'path':'/tmp'}}]}}",
	  "{'metadata':{'name':'minio'},'spec':{'containers':[{'name':'main','image':'minio/minio',"
	  "'resources':{'limits':{'cpu':'1','memory':'1Gi'},'requests':{'cpu':'1','memory':'1Gi'}},"
	  "'readinessProbe':{'httpGet':{'port':9000,'path':'/','scheme':'HTTP'},"
	  "'timeoutSeconds':1,'periodSeconds':10,'successThreshold':1,'failureThreshold':3},"
	  "'livenessProbe':{'grpc':{'port':9001,'service':''},'periodSeconds':5,'timeoutSeconds':1,"
	  "'successThreshold':1,'failureThreshold':3},"
	  "'env':[{'name':'N','valueFrom':{'fieldRef':{'fieldPath':'metadata.name','apiVersion':'v1'}}}],"
	  "'terminationMessagePath':'/dev/termination-log','terminationMessagePolicy':'File',"
	  "'imagePullPolicy':'Always'}],"
	  "'volumes':[{'name':'data','emptyDir':{}},{'name':'cfg','configMap':{'name':'c',"
	  "'defaultMode':420}},{'name':'s','secret':{'secretName':'s','defaultMode':256}},"
	  "{'name':'h','hostPath':{'path':'/tmp','type':''}}],"
	  "'restartPolicy':'Always','terminationGracePeriodSeconds':30,'dnsPolicy':'ClusterFirst',"
	  "'serviceAccountName':'default','serviceAccount':'default','securityContext':{},"
	  "'schedulerName':'default-scheduler','tolerations':["
	  "{'key':'node.kubernetes.io/not-ready','operator':'Exists','effect':'NoExecute','tolerationSeconds':300},"
	  "{'key':'node.kubernetes.io/unreachable','operator':'Exists','effect':'NoExecute','tolerationSeconds':300}],"
	  "'priority':0,'preemptionPolicy':'PreemptLowerPriority','enableServiceLinks':true},"
	  "'status':{'phase':'Pending','qosClass':'Guaranteed'}}" },
	/* hostNetwork ports, a tolerate-everything toleration, a known class */
	{ "", "Pod",
	  "{'spec':{'hostNetwork':true,'priorityClassName':'system-node-critical',"
	  "'serviceAccountName':'argo','tolerations':[{'operator':'Exists'}],"
	  "'containers':[{'name':'a','image':'x:1','ports':[{'containerPort':53}],"
	  "'resources':{'requests':{'cpu':'100m'}}}]}}",
	  "{'spec':{'hostNetwork':true,'priorityClassName':'system-node-critical',"
	  "'serviceAccountName':'argo','tolerations':[{'operator':'Exists'}],"
	  "'containers':[{'name':'a','image':'x:1','ports':[{'containerPort':53,'protocol':'TCP',"
	  "'hostPort':53}],'resources':{'requests':{'cpu':'100m'}},"
	  "'terminationMessagePath':'/dev/termination-log','terminationMessagePolicy':'File',"
	  "'imagePullPolicy':'IfNotPresent'}],'restartPolicy':'Always',"
	  "'terminationGracePeriodSeconds':30,'dnsPolicy':'ClusterFirst','serviceAccount':'argo',"
	  "'securityContext':{},'schedulerName':'default-scheduler','priority':2000001000,"
	  "'preemptionPolicy':'PreemptLowerPriority','enableServiceLinks':true},"
	  "'status':{'phase':'Pending','qosClass':'Burstable'}}" },
	{ "apps", "StatefulSet",
	  "{'spec':{'serviceName':'db','selector':{'matchLabels':{'a':'b'}},'template':{'spec':"
	  "{'containers':[]}},'volumeClaimTemplates':[{'metadata':{'name':'data'},'spec':"
	  "{'accessModes':['ReadWriteOnce']}}]}}",
	  "{'spec':{'serviceName':'db','selector':{'matchLabels':{'a':'b'}},'template':{'spec':"
	  "{'containers':[],'restartPolicy':'Always','terminationGracePeriodSeconds':30,"
	  "'dnsPolicy':'ClusterFirst','securityContext':{},'schedulerName':'default-scheduler'}},"
	  "'volumeClaimTemplates':[{'metadata':{'name':'data'},'spec':{'accessModes':"
	  "['ReadWriteOnce'],'volumeMode':'Filesystem'},'status':{'phase':'Pending'}}],"
	  "'podManagementPolicy':'OrderedReady','updateStrategy':{'type':'RollingUpdate',"
	  "'rollingUpdate':{'partition':0}},'persistentVolumeClaimRetentionPolicy':"
	  "{'whenDeleted':'Retain','whenScaled':'Retain'},'replicas':1,'revisionHistoryLimit':10}}" },
	/* an explicit type gets no rollingUpdate, as in SetDefaults_StatefulSet */
	{ "apps", "StatefulSet", "{'spec':{'updateStrategy':{'type':'RollingUpdate'}}}",
	  "{'spec':{" EMPTY_TEMPLATE ",'podManagementPolicy':'OrderedReady','updateStrategy':{'type':'RollingUpdate'},"
	  "'persistentVolumeClaimRetentionPolicy':{'whenDeleted':'Retain','whenScaled':'Retain'},"
	  "'replicas':1,'revisionHistoryLimit':10}}" },
	{ "apps", "DaemonSet", "{}",
	  "{'spec':{" EMPTY_TEMPLATE ",'updateStrategy':{'type':'RollingUpdate','rollingUpdate':{'maxUnavailable':1,"
	  "'maxSurge':0}},'revisionHistoryLimit':10}}" },
	{ "apps", "ReplicaSet", "{'spec':{}}", "{'spec':{" EMPTY_TEMPLATE ",'replicas':1}}" },
	/* Job: selector and labels from the uid, labels copied to the Job */
	{ "batch", "Job",
	  "{'metadata':{'name':'pi','uid':'u-1'},'spec':{'template':{'spec':{'restartPolicy':'Never',"
	  "'containers':[{'name':'pi','image':'perl:5.34.0'}]}}}}",
	  "{'metadata':{'name':'pi','uid':'u-1','labels':{'job-name':'pi',"
	  "'batch.kubernetes.io/job-name':'pi','controller-uid':'u-1',"
	  "'batch.kubernetes.io/controller-uid':'u-1'}},'spec':{'template':{'metadata':{'labels':"
	  "{'job-name':'pi','batch.kubernetes.io/job-name':'pi','controller-uid':'u-1',"
	  "'batch.kubernetes.io/controller-uid':'u-1'}},'spec':{'restartPolicy':'Never',"
	  "'containers':[{'name':'pi','image':'perl:5.34.0','resources':{},"
	  "'terminationMessagePath':'/dev/termination-log','terminationMessagePolicy':'File',"
	  "'imagePullPolicy':'IfNotPresent'}],'terminationGracePeriodSeconds':30,"
	  "'dnsPolicy':'ClusterFirst','securityContext':{},'schedulerName':'default-scheduler'}},"
	  "'completions':1,'parallelism':1,'backoffLimit':6,'completionMode':'NonIndexed',"
	  "'suspend':false,'podReplacementPolicy':'TerminatingOrFailed','selector':{'matchLabels':"
	  "{'batch.kubernetes.io/controller-uid':'u-1'}}}}" },
	/* parallel Job without completions; manual selector left alone */
	{ "batch", "Job",
	  "{'metadata':{'name':'w','uid':'u','labels':{'team':'x'}},'spec':{'parallelism':3,"
	  "'manualSelector':true,'podFailurePolicy':{'rules':[{'onPodConditions':[{'type':'DisruptionTarget'}]}]}}}",
	  "{'metadata':{'name':'w','uid':'u','labels':{'team':'x'}},'spec':{'parallelism':3,"
	  EMPTY_TEMPLATE ",'manualSelector':true,'podFailurePolicy':{'rules':[{'onPodConditions':"
	  "[{'type':'DisruptionTarget','status':'True'}]}]},'backoffLimit':6,"
	  "'completionMode':'NonIndexed','suspend':false,'podReplacementPolicy':'Failed'}}" },
	{ "", "PersistentVolumeClaim", "{'spec':{'resources':{'requests':{'storage':'1Gi'}}}}",
	  "{'spec':{'resources':{'requests':{'storage':'1Gi'}},'volumeMode':'Filesystem'},"
	  "'status':{'phase':'Pending'}}" },
	{ "", "Namespace", "{'metadata':{'name':'argo'}}",
	  "{'metadata':{'name':'argo','labels':{'kubernetes.io/metadata.name':'argo'}},"
	  "'spec':{'finalizers':['kubernetes']},'status':{'phase':'Active'}}" },
	{ "", "Namespace",
	  "{'metadata':{'name':'argo','labels':{'kubernetes.io/metadata.name':'x'}},"
	  "'spec':{'finalizers':[]},'status':{'phase':'Terminating'}}",
	  "{'metadata':{'name':'argo','labels':{'kubernetes.io/metadata.name':'argo'}},"
	  "'spec':{'finalizers':[]},'status':{'phase':'Terminating'}}" },
	{ "", "Secret", "{'data':{}}", "{'data':{},'type':'Opaque'}" },
	{ "", "Secret", "{'type':'kubernetes.io/tls'}", "{'type':'kubernetes.io/tls'}" },
	{ "", "ConfigMap", "{'data':{'a':'b'}}", "{'data':{'a':'b'}}" },
	{ "", "ServiceAccount", "{'metadata':{'name':'argo'}}", "{'metadata':{'name':'argo'}}" },
	{ "scheduling.k8s.io", "PriorityClass", "{'value':1000}",
	  "{'value':1000,'preemptionPolicy':'PreemptLowerPriority'}" },
	{ "apiextensions.k8s.io", "CustomResourceDefinition",
	  "{'spec':{'group':'argoproj.io','names':{'kind':'Workflow','plural':'workflows'},"
	  "'versions':[{'name':'v1alpha1','served':true,'storage':true}]}}",
	  "{'spec':{'group':'argoproj.io','names':{'kind':'Workflow','plural':'workflows',"
	  "'singular':'workflow','listKind':'WorkflowList'},'versions':[{'name':'v1alpha1',"
	  "'served':true,'storage':true}],'conversion':{'strategy':'None'}},"
	  "'status':{'storedVersions':['v1alpha1']}}" },
	{ "batch", "CronJob",
	  "{'spec':{'schedule':'* * * * *','jobTemplate':{'spec':{'template':{'spec':"
	  "{'restartPolicy':'OnFailure','serviceAccount':'old'}}}}}}",
	  "{'spec':{'schedule':'* * * * *','jobTemplate':{'spec':{'template':{'spec':"
	  "{'restartPolicy':'OnFailure','serviceAccount':'old','serviceAccountName':'old',"
	  "'terminationGracePeriodSeconds':30,'dnsPolicy':'ClusterFirst','securityContext':{},"
	  "'schedulerName':'default-scheduler'}}}},'concurrencyPolicy':'Allow','suspend':false,"
	  "'successfulJobsHistoryLimit':3,'failedJobsHistoryLimit':1}}" },
	{ "", "Endpoints", "{'subsets':[{'ports':[{'port':80},{'port':53,'protocol':'UDP'}]}]}",
	  "{'subsets':[{'ports':[{'port':80,'protocol':'TCP'},{'port':53,'protocol':'UDP'}]}]}" },
	{ "argoproj.io", "Workflow", "{'spec':{'entrypoint':'main'}}",
	  "{'spec':{'entrypoint':'main'}}" },
	/* null counts as unset; wrong shapes are left for validation */
	{ "apps", "Deployment", "{'spec':{'replicas':null,'strategy':'x','template':7}}",
	  "{'spec':{'replicas':1,'strategy':'x','template':7,'revisionHistoryLimit':10,"
	  "'progressDeadlineSeconds':600}}" },
};

Test(defaults, kinds)
{
	size_t i;

	for (i = 0; i < sizeof(default_cases) / sizeof(default_cases[0]); i++) {
		json_t *obj = J(default_cases[i].in);
		char what[64];

		snprintf(what, sizeof(what), "case %zu (%s)", i, default_cases[i].kind);
		sim_defaults_apply(default_cases[i].group, default_cases[i].kind, obj);
		assert_json_eq(obj, default_cases[i].out, what);
		/* applying again changes nothing */
		sim_defaults_apply(default_cases[i].group, default_cases[i].kind, obj);
		assert_json_eq(obj, default_cases[i].out, what);
		json_decref(obj);
	}
}

/* new keys go at the end, in the order the API server's structs use */
Test(defaults, key_order)
{
	json_t *svc = J("{'metadata':{'name':'s'},'spec':{'ports':[{'port':80}]}}");
	char *s;

	sim_defaults_apply(NULL, "Service", svc);
	s = json_dumps(svc, JSON_COMPACT);
	cr_assert_str_eq(s, "{\"metadata\":{\"name\":\"s\"},\"spec\":{\"ports\":[{\"port\":80,"
			    "\"protocol\":\"TCP\",\"targetPort\":80}],\"type\":\"ClusterIP\","
			    "\"sessionAffinity\":\"None\",\"ipFamilies\":[\"IPv4\"],"
			    "\"ipFamilyPolicy\":\"SingleStack\",\"internalTrafficPolicy\":\"Cluster\"}}");
	free(s);
	json_decref(svc);
}

/* everything the user set survives, zero values of pointer fields included */
Test(defaults, never_overwrites)
{
	static const char *const user =
		"{'spec':{'replicas':0,'revisionHistoryLimit':0,'progressDeadlineSeconds':60,"
		"'strategy':{'type':'Recreate'},'template':{'spec':{'restartPolicy':'OnFailure',"
		"'dnsPolicy':'None','schedulerName':'mine','terminationGracePeriodSeconds':0,"
		"'securityContext':{'runAsUser':1000},'containers':[{'name':'a','image':'a',"
		"'imagePullPolicy':'Never','terminationMessagePath':'/t','terminationMessagePolicy':"
		"'FallbackToLogsOnError','resources':{'limits':{'cpu':'1'}},'ports':[{'containerPort':53,"
		"'protocol':'UDP'}],'startupProbe':{'exec':{'command':['true']},'timeoutSeconds':5,"
		"'periodSeconds':2,'successThreshold':1,'failureThreshold':30}}]}}}}";
	json_t *obj = J(user);

	sim_defaults_apply("apps", "Deployment", obj);
	/* only what was missing is added: nothing at all here */
	assert_json_eq(obj, user, "deployment");
	json_decref(obj);
}

Test(defaults, image_pull_policy)
{
	static const struct {
		const char *image, *policy;
	} cases[] = {
		{ "nginx", "Always" },
		{ "nginx:latest", "Always" },
		{ "nginx:1.25", "IfNotPresent" },
		{ "quay.io/argoproj/argocli:v3.6.2", "IfNotPresent" },
		{ "localhost:5000/app", "Always" },
		{ "localhost:5000/app:7", "IfNotPresent" },
		{ "app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
		  "IfNotPresent" },
		{ "app:latest@sha256:0123", "Always" },
		{ "App:latest", "IfNotPresent" }, /* not a valid reference */
		{ "", "IfNotPresent" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_t *spec = json_pack("{s:[{s:s, s:s}]}", "containers", "name", "c", "image",
					 cases[i].image);

		sim_defaults_apply_podspec(spec);
		cr_assert_str_eq(json_string_value(json_object_get(
					 json_array_get(json_object_get(spec, "containers"), 0),
					 "imagePullPolicy")),
				 cases[i].policy, "%s", cases[i].image);
		json_decref(spec);
	}
}

/* templates do not get the Pod-only defaults */
Test(defaults, podspec_only)
{
	json_t *spec = J("{'containers':[{'name':'a','image':'a','resources':{'limits':{'cpu':'1'}}}]}");

	sim_defaults_apply_podspec(spec);
	cr_assert_null(json_object_get(spec, "enableServiceLinks"));
	cr_assert_null(json_object_get(spec, "serviceAccountName"));
	cr_assert_null(json_object_get(spec, "tolerations"));
	cr_assert_null(json_object_get(json_object_get(
		json_object_get(json_array_get(json_object_get(spec, "containers"), 0), "resources"),
		"requests"), "cpu"));
	json_decref(spec);
	/* ignores what is not an object */
	sim_defaults_apply_podspec(NULL);
	sim_defaults_apply("apps", "Deployment", NULL);
	sim_defaults_apply(NULL, NULL, NULL);
}

Test(defaults, qos)
{
	static const struct {
		const char *containers, *qos;
	} cases[] = {
		{ "[{'name':'a'}]", "BestEffort" },
		{ "[{'name':'a','resources':{'requests':{'cpu':'0'}}}]", "BestEffort" },
		{ "[{'name':'a','resources':{'limits':{'cpu':'500m','memory':'128Mi'}}}]", "Guaranteed" },
		{ "[{'name':'a','resources':{'limits':{'cpu':'1','memory':'1G'},"
		  "'requests':{'cpu':'1000m','memory':'1000M'}}}]", "Guaranteed" },
		{ "[{'name':'a','resources':{'limits':{'cpu':'1','memory':'1Gi'},"
		  "'requests':{'cpu':'500m'}}}]", "Burstable" },
		{ "[{'name':'a','resources':{'limits':{'cpu':'1'}}}]", "Burstable" },
		{ "[{'name':'a','resources':{'limits':{'cpu':'1','memory':'1Gi'}}},{'name':'b'}]",
		  "Burstable" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct buf b = BUF_INIT;
		json_t *pod;

		buf_addf(&b, "{'spec':{'containers':%s}}", cases[i].containers);
		pod = J(b.ptr);
		sim_defaults_apply("", "Pod", pod);
		cr_assert_str_eq(json_string_value(json_object_get(json_object_get(pod, "status"),
								   "qosClass")),
				 cases[i].qos, "%s", cases[i].containers);
		json_decref(pod);
		buf_release(&b);
	}
}

/* ---- validate --------------------------------------------------------- */

#define POD_SPEC "'spec':{'containers':[{'name':'main','image':'busybox:1.36'}]}"
#define DEPLOY(meta, spec) "{'metadata':" meta ",'spec':" spec "}"
#define TEMPLATE(labels, containers) \
	"'template':{'metadata':{'labels':" labels "},'spec':{'containers':" containers "}}"
#define WEB_CTR "[{'name':'web','image':'nginx:1.25'}]"

#define LABEL_VALUE_MSG                                                                      \
	"a valid label must be an empty string or consist of alphanumeric characters, '-', '_' " \
	"or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or "   \
	"'my_value',  or '12345', regex used for validation is "                                 \
	"'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
#define QNAME_MSG                                                                           \
	"must consist of alphanumeric characters, '-', '_' or '.', and must start and end with " \
	"an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used "  \
	"for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
#define SUBDOMAIN_MSG                                                                          \
	"a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' " \
	"or '.', and must start and end with an alphanumeric character (e.g. 'example.com', "    \
	"regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*"    \
	"[a-z0-9])?)*')"
#define LABEL_MSG                                                                              \
	"a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', " \
	"and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', " \
	"regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
#define DNS1035_MSG                                                                            \
	"a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with " \
	"an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or " \
	"'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"

/*
 * Each rule has a good and a bad case.  msg NULL means valid; reason and
 * field are those of the first cause.  Objects are defaulted first, as
 * the store does.
 */
static const struct vcase {
	const char *group, *kind, *obj, *msg, *reason, *field;
} vcases[] = {
	/* metadata.name */
	{ "", "Pod", "{'metadata':{'name':'minio'}," POD_SPEC "}", NULL, NULL, NULL },
	{ "", "Pod", "{'metadata':{}," POD_SPEC "}",
	  "Pod \"\" is invalid: metadata.name: Required value: name or generateName is required",
	  "FieldValueRequired", "metadata.name" },
	{ "", "Pod", "{'metadata':{'generateName':'wf-'}," POD_SPEC "}",
	  "Pod \"\" is invalid: metadata.name: Required value: name or generateName is required",
	  "FieldValueRequired", "metadata.name" },
	{ "", "ConfigMap", "{'metadata':{'name':'argo.workflow-controller'}}", NULL, NULL, NULL },
	{ "", "ConfigMap", "{'metadata':{'name':'My_CM'}}",
	  "ConfigMap \"My_CM\" is invalid: metadata.name: Invalid value: \"My_CM\": " SUBDOMAIN_MSG,
	  "FieldValueInvalid", "metadata.name" },
	{ "", "Namespace", "{'metadata':{'name':'argo'}}", NULL, NULL, NULL },
	{ "", "Namespace", "{'metadata':{'name':'argo.prod'}}",
	  "Namespace \"argo.prod\" is invalid: metadata.name: Invalid value: \"argo.prod\": " LABEL_MSG,
	  "FieldValueInvalid", "metadata.name" },
	{ "", "Service", "{'metadata':{'name':'argo-server'},'spec':{'ports':[{'port':2746}]}}",
	  NULL, NULL, NULL },
	{ "", "Service", "{'metadata':{'name':'1-server'},'spec':{'ports':[{'port':2746}]}}",
	  "Service \"1-server\" is invalid: metadata.name: Invalid value: \"1-server\": " DNS1035_MSG,
	  "FieldValueInvalid", "metadata.name" },
	{ "apps", "StatefulSet",
	  DEPLOY("{'name':'db.x'}", "{'selector':{'matchLabels':{'a':'b'}}," TEMPLATE("{'a':'b'}", WEB_CTR) "}"),
	  "StatefulSet.apps \"db.x\" is invalid: metadata.name: Invalid value: \"db.x\": " LABEL_MSG,
	  "FieldValueInvalid", "metadata.name" },
	{ "rbac.authorization.k8s.io", "ClusterRole", "{'metadata':{'name':'system:argo'}}", NULL,
	  NULL, NULL },
	{ "rbac.authorization.k8s.io", "ClusterRole", "{'metadata':{'name':'a/b'}}",
	  "ClusterRole.rbac.authorization.k8s.io \"a/b\" is invalid: metadata.name: Invalid value: "
	  "\"a/b\": may not contain '/'", "FieldValueInvalid", "metadata.name" },
	{ "", "ConfigMap", "{'metadata':{'name':'x','generateName':'-x-'}}",
	  "ConfigMap \"x\" is invalid: metadata.generateName: Invalid value: \"-x-\": " SUBDOMAIN_MSG,
	  "FieldValueInvalid", "metadata.generateName" },
	/* labels */
	{ "", "ConfigMap",
	  "{'metadata':{'name':'c','labels':{'app.kubernetes.io/name':'argo','tier':'','x':'A-1.b_2'}}}",
	  NULL, NULL, NULL },
	{ "", "ConfigMap", "{'metadata':{'name':'c','labels':{'tier':'x y'}}}",
	  "ConfigMap \"c\" is invalid: metadata.labels: Invalid value: \"x y\": " LABEL_VALUE_MSG,
	  "FieldValueInvalid", "metadata.labels" },
	{ "", "ConfigMap",
	  "{'metadata':{'name':'c','labels':{'v':'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'}}}",
	  "ConfigMap \"c\" is invalid: metadata.labels: Invalid value: "
	  "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\": must be no more "
	  "than 63 characters", "FieldValueInvalid", "metadata.labels" },
	{ "", "ConfigMap", "{'metadata':{'name':'c','labels':{'-tier':'a'}}}",
	  "ConfigMap \"c\" is invalid: metadata.labels: Invalid value: \"-tier\": name part " QNAME_MSG,
	  "FieldValueInvalid", "metadata.labels" },
	{ "", "ConfigMap", "{'metadata':{'name':'c','labels':{'a/b/c':'a'}}}",
	  "ConfigMap \"c\" is invalid: metadata.labels: Invalid value: \"a/b/c\": a qualified name "
	  QNAME_MSG " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
	  "FieldValueInvalid", "metadata.labels" },
	{ "", "ConfigMap", "{'metadata':{'name':'c','labels':{'Example.com/x':'a'}}}",
	  "ConfigMap \"c\" is invalid: metadata.labels: Invalid value: \"Example.com/x\": prefix "
	  "part " SUBDOMAIN_MSG, "FieldValueInvalid", "metadata.labels" },
	{ "", "ConfigMap", "{'metadata':{'name':'c','labels':{'example.com/':'a'}}}",
	  "ConfigMap \"c\" is invalid: [metadata.labels: Invalid value: \"example.com/\": name part "
	  "must be non-empty, metadata.labels: Invalid value: \"example.com/\": name part " QNAME_MSG "]",
	  "FieldValueInvalid", "metadata.labels" },
	/* a YAML 1.1 boolean that reached us unquoted */
	{ "", "ConfigMap", "{'metadata':{'name':'c','labels':{'tier':true}}}",
	  "ConfigMap \"c\" is invalid: metadata.labels: Invalid value: true: json: cannot unmarshal "
	  "bool into Go struct field ObjectMeta.metadata.labels of type string",
	  "FieldValueInvalid", "metadata.labels" },
	{ "apps", "Deployment",
	  DEPLOY("{'name':'web'}", "{'selector':{'matchLabels':{'a':'b'}}," TEMPLATE("{'a':'b','n':3}", WEB_CTR) "}"),
	  "Deployment.apps \"web\" is invalid: spec.template.labels: Invalid value: 3: json: "
	  "cannot unmarshal number into Go struct field ObjectMeta.spec.template.metadata.labels "
	  "of type string", "FieldValueInvalid", "spec.template.labels" },
	/* identical errors are listed once in the message, kept in causes */
	{ "", "ConfigMap", "{'metadata':{'name':'c','labels':{'k1':'x y','k2':'x y'}}}",
	  "ConfigMap \"c\" is invalid: metadata.labels: Invalid value: \"x y\": " LABEL_VALUE_MSG,
	  "FieldValueInvalid", "metadata.labels" },
	/* annotations */
	{ "", "Secret", "{'metadata':{'name':'s','annotations':{'Kubectl.Kubernetes.io/x':'y'}}}",
	  NULL, NULL, NULL },
	{ "", "Secret", "{'metadata':{'name':'s','annotations':{'a b':'y'}}}",
	  "Secret \"s\" is invalid: metadata.annotations: Invalid value: \"a b\": name part " QNAME_MSG,
	  "FieldValueInvalid", "metadata.annotations" },
	/* containers */
	{ "apps", "Deployment",
	  DEPLOY("{'name':'web'}", "{'selector':{'matchLabels':{'app':'web'}}," TEMPLATE("{'app':'web'}", "[{'name':'web'}]") "}"),
	  "Deployment.apps \"web\" is invalid: spec.template.spec.containers[0].image: Required value",
	  "FieldValueRequired", "spec.template.spec.containers[0].image" },
	{ "apps", "Deployment",
	  DEPLOY("{'name':'web'}", "{'selector':{'matchLabels':{'app':'web'}}," TEMPLATE("{'app':'web'}", WEB_CTR) "}"),
	  NULL, NULL, NULL },
	{ "", "Pod", "{'metadata':{'name':'p'},'spec':{'containers':[{'image':'x'}]}}",
	  "Pod \"p\" is invalid: spec.containers[0].name: Required value", "FieldValueRequired",
	  "spec.containers[0].name" },
	{ "", "Pod", "{'metadata':{'name':'p'},'spec':{'containers':[]}}",
	  "Pod \"p\" is invalid: spec.containers: Required value", "FieldValueRequired",
	  "spec.containers" },
	{ "", "Pod",
	  "{'metadata':{'name':'p'},'spec':{'containers':[{'name':'a','image':'x'},{'name':'a','image':'y'}]}}",
	  "Pod \"p\" is invalid: spec.containers[1].name: Duplicate value: \"a\"",
	  "FieldValueDuplicate", "spec.containers[1].name" },
	{ "", "Pod",
	  "{'metadata':{'name':'p'},'spec':{'initContainers':[{'name':'a','image':'x'}],"
	  "'containers':[{'name':'a','image':'y'}]}}",
	  "Pod \"p\" is invalid: spec.initContainers[0].name: Duplicate value: \"a\"",
	  "FieldValueDuplicate", "spec.initContainers[0].name" },
	{ "", "Pod", "{'metadata':{'name':'p'},'spec':{'containers':[{'name':'Main','image':'x'}]}}",
	  "Pod \"p\" is invalid: spec.containers[0].name: Invalid value: \"Main\": " LABEL_MSG,
	  "FieldValueInvalid", "spec.containers[0].name" },
	{ "", "Pod",
	  "{'metadata':{'name':'p'},'spec':{'containers':[{'name':'a','image':'x','ports':"
	  "[{'containerPort':70000},{'containerPort':80,'protocol':'ICMP','name':'http'},"
	  "{'containerPort':81,'name':'http'}]}]}}",
	  "Pod \"p\" is invalid: [spec.containers[0].ports[0].containerPort: Invalid value: 70000: "
	  "must be between 1 and 65535, inclusive, spec.containers[0].ports[1].protocol: Unsupported "
	  "value: \"ICMP\": supported values: \"SCTP\", \"TCP\", \"UDP\", "
	  "spec.containers[0].ports[2].name: Duplicate value: \"http\"]",
	  "FieldValueInvalid", "spec.containers[0].ports[0].containerPort" },
	{ "", "Pod",
	  "{'metadata':{'name':'p'},'spec':{'volumes':[{'name':'data'}],'containers':[{'name':'a',"
	  "'image':'x','volumeMounts':[{'name':'data','mountPath':'/d'},{'name':'tmp','mountPath':'/d'}]}]}}",
	  "Pod \"p\" is invalid: [spec.containers[0].volumeMounts[1].name: Not found: \"tmp\", "
	  "spec.containers[0].volumeMounts[1].mountPath: Invalid value: \"/d\": must be unique]",
	  "FieldValueNotFound", "spec.containers[0].volumeMounts[1].name" },
	{ "", "Pod",
	  "{'metadata':{'name':'p'},'spec':{'restartPolicy':'Sometimes','containers':[{'name':'a',"
	  "'image':'x','imagePullPolicy':'Maybe'}]}}",
	  "Pod \"p\" is invalid: [spec.containers[0].imagePullPolicy: Unsupported value: \"Maybe\": "
	  "supported values: \"Always\", \"IfNotPresent\", \"Never\", spec.restartPolicy: "
	  "Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\"]",
	  "FieldValueNotSupported", "spec.containers[0].imagePullPolicy" },
	/* workload selectors */
	{ "apps", "Deployment", DEPLOY("{'name':'web'}", "{" TEMPLATE("{'app':'web'}", WEB_CTR) "}"),
	  "Deployment.apps \"web\" is invalid: [spec.selector: Required value, "
	  "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"web\"}: "
	  "`selector` does not match template `labels`]",
	  "FieldValueRequired", "spec.selector" },
	{ "apps", "Deployment",
	  DEPLOY("{'name':'web'}", "{'selector':{'matchLabels':{'app':'api'}}," TEMPLATE("{'app':'web','tier':'fe'}", WEB_CTR) "}"),
	  "Deployment.apps \"web\" is invalid: spec.template.metadata.labels: Invalid value: "
	  "map[string]string{\"app\":\"web\", \"tier\":\"fe\"}: `selector` does not match template "
	  "`labels`", "FieldValueInvalid", "spec.template.metadata.labels" },
	{ "apps", "Deployment",
	  DEPLOY("{'name':'web'}", "{'selector':{'matchExpressions':[{'key':'app','operator':'In',"
				    "'values':['web','api']}]}," TEMPLATE("{'app':'web'}", WEB_CTR) "}"),
	  NULL, NULL, NULL },
	{ "apps", "Deployment", DEPLOY("{'name':'web'}", "{'selector':{}," TEMPLATE("{'app':'web'}", WEB_CTR) "}"),
	  "Deployment.apps \"web\" is invalid: spec.selector: Invalid value: "
	  "&LabelSelector{MatchLabels:map[string]string{},MatchExpressions:[]LabelSelectorRequirement{},}: "
	  "empty selector is invalid for deployment", "FieldValueInvalid", "spec.selector" },
	{ "apps", "Deployment",
	  DEPLOY("{'name':'web'}", "{'selector':{'matchExpressions':[{'key':'app','operator':'Has'}]},"
				    TEMPLATE("{'app':'web'}", WEB_CTR) "}"),
	  "Deployment.apps \"web\" is invalid: [spec.selector.matchExpressions[0].operator: Invalid "
	  "value: \"Has\": not a valid selector operator, spec.selector: Invalid value: "
	  "&LabelSelector{MatchLabels:map[string]string{},MatchExpressions:[]LabelSelectorRequirement"
	  "{LabelSelectorRequirement{Key:app,Operator:Has,Values:[],},},}: invalid label selector]",
	  "FieldValueInvalid", "spec.selector.matchExpressions[0].operator" },
	{ "apps", "ReplicaSet", DEPLOY("{'name':'rs'}", "{'selector':{'matchLabels':{'a':'b'}}," TEMPLATE("{'a':'c'}", WEB_CTR) "}"),
	  "ReplicaSet.apps \"rs\" is invalid: spec.template.metadata.labels: Invalid value: "
	  "map[string]string{\"a\":\"c\"}: `selector` does not match template `labels`",
	  "FieldValueInvalid", "spec.template.metadata.labels" },
	{ "apps", "StatefulSet",
	  DEPLOY("{'name':'db'}", "{'selector':{'matchLabels':{'a':'b'}}," TEMPLATE("{'a':'b'}", WEB_CTR) "}"),
	  NULL, NULL, NULL },
	/* StatefulSets check their template's metadata only, as upstream */
	{ "apps", "StatefulSet",
	  DEPLOY("{'name':'db'}", "{'selector':{'matchLabels':{'a':'b'}}," TEMPLATE("null", "[{'name':'db'}]") "}"),
	  "StatefulSet.apps \"db\" is invalid: spec.template.metadata.labels: Invalid value: "
	  "map[string]string(nil): `selector` does not match template `labels`",
	  "FieldValueInvalid", "spec.template.metadata.labels" },
	{ "apps", "DaemonSet", DEPLOY("{'name':'ds'}", "{" TEMPLATE("{'a':'b'}", WEB_CTR) "}"),
	  "DaemonSet.apps \"ds\" is invalid: spec.template.metadata.labels: Invalid value: "
	  "map[string]string{\"a\":\"b\"}: `selector` does not match template `labels`",
	  "FieldValueInvalid", "spec.template.metadata.labels" },
	{ "apps", "DaemonSet",
	  DEPLOY("{'name':'ds'}", "{'selector':{'matchLabels':{'a':'b'}}," TEMPLATE("{'a':'b'}", WEB_CTR) "}"),
	  NULL, NULL, NULL },
	{ "apps", "Deployment",
	  DEPLOY("{'name':'web'}", "{'selector':{'matchLabels':{'app':'web'}},'strategy':{'type':'Blue'},"
				    TEMPLATE("{'app':'web'}", WEB_CTR) "}"),
	  "Deployment.apps \"web\" is invalid: spec.strategy: Unsupported value: "
	  "apps.DeploymentStrategy{Type:\"Blue\", RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}: "
	  "supported values: \"Recreate\", \"RollingUpdate\"", "FieldValueNotSupported", "spec.strategy" },
	{ "apps", "Deployment",
	  DEPLOY("{'name':'web'}", "{'replicas':-1,'selector':{'matchLabels':{'app':'web'}},"
				    TEMPLATE("{'app':'web'}", WEB_CTR) "}"),
	  "Deployment.apps \"web\" is invalid: spec.replicas: Invalid value: -1: must be greater "
	  "than or equal to 0", "FieldValueInvalid", "spec.replicas" },
	/* Service ports */
	{ "", "Service", "{'metadata':{'name':'s'},'spec':{'ports':[{'port':70000}]}}",
	  "Service \"s\" is invalid: [spec.ports[0].port: Invalid value: 70000: must be between 1 "
	  "and 65535, inclusive, spec.ports[0].targetPort: Invalid value: 70000: must be between 1 "
	  "and 65535, inclusive]", "FieldValueInvalid", "spec.ports[0].port" },
	{ "", "Service", "{'metadata':{'name':'s'},'spec':{'ports':[{'port':80,'targetPort':8080}]}}",
	  NULL, NULL, NULL },
	{ "", "Service", "{'metadata':{'name':'s'},'spec':{}}",
	  "Service \"s\" is invalid: spec.ports: Required value", "FieldValueRequired", "spec.ports" },
	{ "", "Service", "{'metadata':{'name':'s'},'spec':{'clusterIP':'None'}}", NULL, NULL, NULL },
	{ "", "Service",
	  "{'metadata':{'name':'s'},'spec':{'ports':[{'port':80},{'name':'b','port':80,'nodePort':30000}]}}",
	  "Service \"s\" is invalid: [spec.ports[0].name: Required value, "
	  "spec.ports[1].nodePort: Forbidden: may not be used when `type` is 'ClusterIP', "
	  "spec.ports[1]: Duplicate value: core.ServicePort{Name:\"\", Protocol:\"TCP\", "
	  "AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, "
	  "StrVal:\"\"}, NodePort:0}]", "FieldValueRequired", "spec.ports[0].name" },
	{ "", "Service", "{'metadata':{'name':'s'},'spec':{'type':'Internal','ports':[{'port':80}]}}",
	  "Service \"s\" is invalid: spec.type: Unsupported value: \"Internal\": supported values: "
	  "\"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\"",
	  "FieldValueNotSupported", "spec.type" },
	{ "", "Service", "{'metadata':{'name':'s'},'spec':{'type':'ExternalName'}}",
	  "Service \"s\" is invalid: spec.externalName: Required value", "FieldValueRequired",
	  "spec.externalName" },
	/* Job restart policy */
	{ "batch", "Job",
	  "{'metadata':{'name':'pi','uid':'u1'},'spec':{'template':{'spec':{'restartPolicy':'Never',"
	  "'containers':[{'name':'pi','image':'perl'}]}}}}", NULL, NULL, NULL },
	{ "batch", "Job",
	  "{'metadata':{'name':'pi','uid':'u1'},'spec':{'template':{'spec':{'containers':[{'name':'pi','image':'perl'}]}}}}",
	  "Job.batch \"pi\" is invalid: spec.template.spec.restartPolicy: Required value: valid "
	  "values: \"OnFailure\", \"Never\"", "FieldValueRequired", "spec.template.spec.restartPolicy" },
	{ "batch", "Job",
	  "{'metadata':{'name':'pi'},'spec':{'template':{'spec':{'restartPolicy':'Always',"
	  "'containers':[{'name':'pi','image':'perl'}]}}}}",
	  "Job.batch \"pi\" is invalid: spec.template.spec.restartPolicy: Required value: valid "
	  "values: \"OnFailure\", \"Never\"", "FieldValueRequired", "spec.template.spec.restartPolicy" },
	{ "batch", "Job",
	  "{'metadata':{'name':'pi','uid':'u1'},'spec':{'manualSelector':true,'selector':{'matchLabels':"
	  "{'x':'y'}},'template':{'spec':{'restartPolicy':'OnFailure','containers':[{'name':'pi','image':'perl'}]}}}}",
	  "Job.batch \"pi\" is invalid: spec.template.metadata.labels: Invalid value: "
	  "map[string]string(nil): `selector` does not match template `labels`",
	  "FieldValueInvalid", "spec.template.metadata.labels" },
	/* CRD names */
	{ "apiextensions.k8s.io", "CustomResourceDefinition",
	  "{'metadata':{'name':'workflows.argoproj.io'},'spec':{'group':'argoproj.io','names':"
	  "{'plural':'workflows','kind':'Workflow'}}}", NULL, NULL, NULL },
	{ "apiextensions.k8s.io", "CustomResourceDefinition",
	  "{'metadata':{'name':'workflow.argoproj.io'},'spec':{'group':'argoproj.io','names':"
	  "{'plural':'workflows','kind':'Workflow'}}}",
	  "CustomResourceDefinition.apiextensions.k8s.io \"workflow.argoproj.io\" is invalid: "
	  "metadata.name: Invalid value: \"workflow.argoproj.io\": must be "
	  "spec.names.plural+\".\"+spec.group", "FieldValueInvalid", "metadata.name" },
	/* what Go decodes as empty structs gets defaulted, then validated */
	{ "", "Pod", "{'metadata':{'name':'p'}}",
	  "Pod \"p\" is invalid: spec.containers: Required value", "FieldValueRequired",
	  "spec.containers" },
	{ "apps", "Deployment", "{'metadata':{'name':'web'},'spec':{'selector':{'matchLabels':{'a':'b'}}}}",
	  "Deployment.apps \"web\" is invalid: [spec.template.metadata.labels: Invalid value: "
	  "map[string]string(nil): `selector` does not match template `labels`, "
	  "spec.template.spec.containers: Required value]", "FieldValueInvalid",
	  "spec.template.metadata.labels" },
	{ "batch", "Job", "{'metadata':{'name':'pi','uid':'u1'}}",
	  "Job.batch \"pi\" is invalid: [spec.template.spec.containers: Required value, "
	  "spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\"]",
	  "FieldValueRequired", "spec.template.spec.containers" },
	/* custom resources: metadata only */
	{ "argoproj.io", "Workflow", "{'metadata':{'name':'hello-x7k2p'},'spec':{}}", NULL, NULL, NULL },
};

Test(validate, rules)
{
	size_t i;

	for (i = 0; i < sizeof(vcases) / sizeof(vcases[0]); i++) {
		const struct vcase *c = &vcases[i];
		json_t *obj = J(c->obj), *causes = (json_t *)1, *first;
		int rc;

		sim_defaults_apply(c->group, c->kind, obj);
		err_clear();
		rc = sim_validate(c->group, "v1", c->kind, obj, &causes);
		if (!c->msg) {
			cr_assert_eq(rc, 0, "case %zu: %s", i, err_last());
			cr_assert_null(causes, "case %zu", i);
		} else {
			cr_assert_eq(rc, ERR_INVALID, "case %zu (%s) valid", i, c->obj);
			cr_assert_str_eq(err_last(), c->msg, "case %zu", i);
			cr_assert(json_is_array(causes) && json_array_size(causes) > 0);
			first = json_array_get(causes, 0);
			cr_assert_str_eq(json_string_value(json_object_get(first, "reason")), c->reason,
					 "case %zu", i);
			cr_assert_str_eq(json_string_value(json_object_get(first, "field")), c->field,
					 "case %zu", i);
			/* the message is "field: message" of the causes */
			cr_assert(strstr(err_last(), json_string_value(json_object_get(first, "message"))),
				  "case %zu", i);
		}
		json_decref(causes);
		json_decref(obj);
	}
}

Test(validate, causes_shape)
{
	static const char msg[] = "Invalid value: \"x y\": " LABEL_VALUE_MSG;
	json_t *obj = J("{'metadata':{'name':'c','labels':{'k1':'x y','k2':'x y'}}}"), *causes;
	json_t *want = json_pack("[{s:s, s:s, s:s}, {s:s, s:s, s:s}]", "reason",
				 "FieldValueInvalid", "message", msg, "field", "metadata.labels",
				 "reason", "FieldValueInvalid", "message", msg, "field",
				 "metadata.labels");

	cr_assert_eq(sim_validate("", "v1", "ConfigMap", obj, &causes), ERR_INVALID);
	cr_assert(json_equal(causes, want));
	json_decref(causes);
	json_decref(want);
	/* causes may be NULL */
	cr_assert_eq(sim_validate(NULL, "v1", "ConfigMap", obj, NULL), ERR_INVALID);
	json_decref(obj);
}

Test(validate, annotations_size)
{
	static const size_t sizes[] = { 262143, 262144 };
	size_t i;

	/* key "a" plus the value: 262144 bytes pass, 262145 do not */
	for (i = 0; i < 2; i++) {
		char *val = xcalloc(sizes[i] + 1, 1);
		json_t *obj, *causes;
		int rc;

		memset(val, 'x', sizes[i]);
		obj = json_pack("{s:{s:s, s:{s:s}}}", "metadata", "name", "big", "annotations", "a", val);
		rc = sim_validate("", "v1", "ConfigMap", obj, &causes);
		if (!i) {
			cr_assert_eq(rc, 0, "%s", err_last());
		} else {
			cr_assert_eq(rc, ERR_INVALID);
			cr_assert_str_eq(err_last(), "ConfigMap \"big\" is invalid: "
				"metadata.annotations: Too long: may not be more than 262144 bytes");
			cr_assert_str_eq(json_string_value(json_object_get(json_array_get(causes, 0),
									   "reason")),
					 "FieldValueTooLong");
			json_decref(causes);
		}
		json_decref(obj);
		free(val);
	}
}

Test(validate, odd_input)
{
	static const char prefix[] = "Secret \"a\\\"b\\n\" is invalid: metadata.name: Invalid "
				     "value: \"a\\\"b\\n\": a lowercase";
	json_t *causes, *arr = json_array();

	cr_assert_eq(sim_validate("", "v1", "Pod", arr, &causes), ERR_INVALID);
	cr_assert_eq(json_array_size(causes), 1);
	json_decref(causes);
	json_decref(arr);
	/* a name with quotes is quoted the Go way in the message */
	arr = J("{'metadata':{'name':'a\\u0022b\\n'}}");
	cr_assert_eq(sim_validate("", "v1", "Secret", arr, NULL), ERR_INVALID);
	cr_assert(!strncmp(err_last(), prefix, strlen(prefix)), "%s", err_last());
	json_decref(arr);
}

/* ---- table ------------------------------------------------------------ */

#define NOW 1733940842LL /* 2024-12-11T18:14:02Z */
#define CREATED "'metadata':{'name':'x','creationTimestamp':'2024-12-11T18:14:02Z'}"

static json_t *cells_of(const char *group, const char *kind, const char *obj, long long now)
{
	json_t *o = J(obj), *cells = sim_table_cells(group, kind, NULL, o, now);

	json_decref(o);
	return cells;
}

static const char *cell(const json_t *cells, size_t i)
{
	const char *s = json_string_value(json_array_get(cells, i));

	cr_assert(s, "cell %zu is not a string", i);
	return s;
}

Test(table, age)
{
	static const struct {
		long long secs;
		const char *age;
	} cases[] = {
		{ 0, "0s" }, { 59, "59s" }, { 119, "119s" }, { 120, "2m" }, { 125, "2m5s" },
		{ 599, "9m59s" }, { 600, "10m" }, { 10799, "179m" }, { 10800, "3h" },
		{ 3 * 3600 + 4 * 60, "3h4m" }, { 8 * 3600, "8h" }, { 47 * 3600 + 59 * 60, "47h" },
		{ 48 * 3600, "2d" }, { 51 * 3600, "2d3h" }, { 5 * 86400, "5d" }, { 8 * 86400, "8d" },
		{ 400 * 86400LL, "400d" }, { 730 * 86400LL, "2y" }, { 740 * 86400LL, "2y10d" },
		{ 8 * 365 * 86400LL, "8y" }, { 20 * 365 * 86400LL, "20y" }, { -1, "0s" },
		{ -2, "<invalid>" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_t *c = cells_of("", "ConfigMap", "{" CREATED ",'data':{'a':'1','b':'2'}}",
				     NOW + cases[i].secs);

		cr_assert_str_eq(cell(c, 2), cases[i].age, "%lld s", cases[i].secs);
		cr_assert_eq(json_integer_value(json_array_get(c, 1)), 2);
		json_decref(c);
	}
}

Test(table, timestamps)
{
	static const struct {
		const char *ts, *age;
	} cases[] = {
		{ "2024-12-11T18:13:02Z", "60s" },
		{ "2024-12-11T18:13:02.999999Z", "60s" },
		{ "2024-12-11T19:13:02+01:00", "60s" },
		{ "2024-12-11T17:13:02-01:00", "60s" },
		{ "2024-02-29T18:14:02Z", "286d" },
		{ "yesterday", "<unknown>" },
		{ "", "<unknown>" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_t *cm = json_pack("{s:{s:s, s:s}}", "metadata", "name", "x", "creationTimestamp",
				       cases[i].ts);
		json_t *c = sim_table_cells(NULL, "ConfigMap", NULL, cm, NOW);

		cr_assert_str_eq(cell(c, 2), cases[i].age, "%s", cases[i].ts);
		json_decref(c);
		json_decref(cm);
	}
	/* no timestamp at all */
	{
		json_t *c = cells_of("", "ConfigMap", "{'metadata':{'name':'x'}}", NOW);

		cr_assert_str_eq(cell(c, 2), "<unknown>");
		json_decref(c);
	}
}

#define CS(state) "{'name':'main','ready':false,'restartCount':0,'state':" state "}"
#define CS_READY "{'name':'main','ready':true,'restartCount':0,'state':{'running':{}}}"

static const struct {
	const char *pod, *ready, *status, *restarts;
} pod_cases[] = {
	{ "{'spec':{'containers':[{'name':'main'}]},'status':{'phase':'Pending'}}", "0/1",
	  "Pending", "0" },
	{ "{'spec':{'containers':[{'name':'main'}]},'status':{'phase':'Pending','containerStatuses':"
	  "[" CS("{'waiting':{'reason':'ContainerCreating'}}") "]}}", "0/1", "ContainerCreating", "0" },
	{ "{'spec':{'containers':[{'name':'main'}]},'status':{'phase':'Running','containerStatuses':"
	  "[" CS_READY "]}}", "1/1", "Running", "0" },
	{ "{'spec':{'containers':[{'name':'main'}]},'status':{'phase':'Succeeded','containerStatuses':"
	  "[" CS("{'terminated':{'reason':'Completed','exitCode':0}}") "]}}", "0/1", "Completed", "0" },
	{ "{'spec':{'containers':[{'name':'main'}]},'status':{'phase':'Running','containerStatuses':"
	  "[{'name':'main','ready':false,'restartCount':3,'state':{'waiting':{'reason':"
	  "'CrashLoopBackOff'}},'lastState':{'terminated':{'exitCode':1,'reason':'Error',"
	  "'finishedAt':'2024-12-11T18:13:50Z'}}}]}}", "0/1", "CrashLoopBackOff", "3 (12s ago)" },
	/* restarts without a finish time */
	{ "{'spec':{'containers':[{'name':'main'}]},'status':{'phase':'Running','containerStatuses':"
	  "[{'name':'main','ready':true,'restartCount':2,'state':{'running':{}}}]}}", "1/1",
	  "Running", "2" },
	{ "{'spec':{'containers':[{'name':'main'}]},'status':{'phase':'Failed','containerStatuses':"
	  "[" CS("{'terminated':{'reason':'Error','exitCode':1}}") "]}}", "0/1", "Error", "0" },
	{ "{'spec':{'containers':[{'name':'main'}]},'status':{'phase':'Failed','containerStatuses':"
	  "[" CS("{'terminated':{'exitCode':2}}") "]}}", "0/1", "ExitCode:2", "0" },
	{ "{'spec':{'containers':[{'name':'main'}]},'status':{'phase':'Failed','containerStatuses':"
	  "[" CS("{'terminated':{'exitCode':137,'signal':9}}") "]}}", "0/1", "Signal:9", "0" },
	{ "{'metadata':{'deletionTimestamp':'2024-12-11T18:14:00Z'},'spec':{'containers':"
	  "[{'name':'main'}]},'status':{'phase':'Running','containerStatuses':[" CS_READY "]}}",
	  "1/1", "Terminating", "0" },
	{ "{'metadata':{'deletionTimestamp':'2024-12-11T18:14:00Z'},'spec':{'containers':"
	  "[{'name':'main'}]},'status':{'phase':'Succeeded'}}", "0/1", "Succeeded", "0" },
	{ "{'metadata':{'deletionTimestamp':'2024-12-11T18:14:00Z'},'spec':{'containers':"
	  "[{'name':'main'}]},'status':{'phase':'Running','reason':'NodeLost'}}", "0/1", "Unknown", "0" },
	{ "{'spec':{'containers':[{'name':'main'}]},'status':{'phase':'Failed','reason':'Evicted'}}",
	  "0/1", "Evicted", "0" },
	{ "{'spec':{'containers':[{'name':'main'}]},'status':{'phase':'Pending','conditions':"
	  "[{'type':'PodScheduled','status':'False','reason':'SchedulingGated'}]}}", "0/1",
	  "SchedulingGated", "0" },
	/* init containers */
	{ "{'spec':{'initContainers':[{'name':'i1'},{'name':'i2'}],'containers':[{'name':'main'}]},"
	  "'status':{'phase':'Pending','initContainerStatuses':[{'name':'i1','restartCount':0,"
	  "'state':{'waiting':{'reason':'PodInitializing'}}},{'name':'i2','restartCount':0,"
	  "'state':{'waiting':{}}}],'containerStatuses':[" CS("{'waiting':{'reason':'PodInitializing'}}") "]}}",
	  "0/1", "Init:0/2", "0" },
	{ "{'spec':{'initContainers':[{'name':'i1'},{'name':'i2'}],'containers':[{'name':'main'}]},"
	  "'status':{'phase':'Pending','initContainerStatuses':[{'name':'i1','restartCount':0,"
	  "'state':{'terminated':{'exitCode':0,'reason':'Completed'}}},{'name':'i2','restartCount':0,"
	  "'state':{'running':{}}}]}}", "0/1", "Init:1/2", "0" },
	{ "{'spec':{'initContainers':[{'name':'i1'}],'containers':[{'name':'main'}]},"
	  "'status':{'phase':'Pending','initContainerStatuses':[{'name':'i1','restartCount':4,"
	  "'state':{'waiting':{'reason':'CrashLoopBackOff'}},'lastState':{'terminated':{'exitCode':1,"
	  "'finishedAt':'2024-12-11T18:09:02Z'}}}]}}", "0/1", "Init:CrashLoopBackOff", "4 (5m ago)" },
	{ "{'spec':{'initContainers':[{'name':'i1'}],'containers':[{'name':'main'}]},"
	  "'status':{'phase':'Failed','initContainerStatuses':[{'name':'i1','restartCount':0,"
	  "'state':{'terminated':{'exitCode':1,'reason':'Error'}}}]}}", "0/1", "Init:Error", "0" },
	{ "{'spec':{'initContainers':[{'name':'i1'}],'containers':[{'name':'main'}]},"
	  "'status':{'phase':'Failed','initContainerStatuses':[{'name':'i1','restartCount':0,"
	  "'state':{'terminated':{'exitCode':3}}}]}}", "0/1", "Init:ExitCode:3", "0" },
	{ "{'spec':{'initContainers':[{'name':'i1'}],'containers':[{'name':'main'}]},"
	  "'status':{'phase':'Failed','initContainerStatuses':[{'name':'i1','restartCount':0,"
	  "'state':{'terminated':{'exitCode':143,'signal':15}}}]}}", "0/1", "Init:Signal:15", "0" },
	/* a sidecar (restartable init container) counts towards READY */
	{ "{'spec':{'initContainers':[{'name':'proxy','restartPolicy':'Always'}],'containers':"
	  "[{'name':'main'}]},'status':{'phase':'Running','conditions':[{'type':'Initialized',"
	  "'status':'True'}],'initContainerStatuses':[{'name':'proxy','ready':true,'started':true,"
	  "'restartCount':1,'state':{'running':{}},'lastState':{'terminated':{'exitCode':1,"
	  "'finishedAt':'2024-12-11T17:14:02Z'}}}],'containerStatuses':[" CS_READY "]}}",
	  "2/2", "Running", "1 (60m ago)" },
	/* one container done, another running: Running only if the pod is Ready */
	{ "{'spec':{'containers':[{'name':'a'},{'name':'main'}]},'status':{'phase':'Running',"
	  "'conditions':[{'type':'Ready','status':'True'}],'containerStatuses':[{'name':'a',"
	  "'ready':false,'restartCount':0,'state':{'terminated':{'exitCode':0,'reason':'Completed'}}},"
	  CS_READY "]}}", "1/2", "Running", "0" },
	{ "{'spec':{'containers':[{'name':'a'},{'name':'main'}]},'status':{'phase':'Running',"
	  "'containerStatuses':[{'name':'a','ready':false,'restartCount':0,'state':{'terminated':"
	  "{'exitCode':0,'reason':'Completed'}}}," CS_READY "]}}", "1/2", "NotReady", "0" },
	{ "{'spec':{'containers':[{'name':'main'},{'name':'wait'}]},'status':{'phase':'Pending',"
	  "'containerStatuses':[" CS_READY ",{'name':'wait','ready':false,'restartCount':0,'state':"
	  "{'waiting':{'reason':'ImagePullBackOff'}}}]}}", "1/2", "ImagePullBackOff", "0" },
};

Test(table, pod_status)
{
	size_t i;

	for (i = 0; i < sizeof(pod_cases) / sizeof(pod_cases[0]); i++) {
		json_t *c = cells_of("", "Pod", pod_cases[i].pod, NOW);

		cr_assert_eq(json_array_size(c), 9, "case %zu", i);
		cr_assert_str_eq(cell(c, 1), pod_cases[i].ready, "case %zu", i);
		cr_assert_str_eq(cell(c, 2), pod_cases[i].status, "case %zu", i);
		cr_assert_str_eq(cell(c, 3), pod_cases[i].restarts, "case %zu", i);
		json_decref(c);
	}
}

/* the columns without their descriptions, which must all be set */
static void assert_columns(json_t *cols, const char *want)
{
	json_t *c;
	size_t i;

	json_array_foreach(cols, i, c) {
		const char *d = json_string_value(json_object_get(c, "description"));

		cr_assert(d && *d, "column %zu has no description", i);
		json_object_del(c, "description");
	}
	assert_json_eq(cols, want, "columns");
	json_decref(cols);
}

static void assert_cells(const char *group, const char *kind, const char *obj, const char *want)
{
	json_t *c = cells_of(group, kind, obj, NOW);

	assert_json_eq(c, want, kind);
	json_decref(c);
}

Test(table, pod_row)
{
	assert_columns(sim_table_columns("", "Pod", NULL),
		       "[{'name':'Name','type':'string','format':'name','priority':0},"
		       "{'name':'Ready','type':'string','format':'','priority':0},"
		       "{'name':'Status','type':'string','format':'','priority':0},"
		       "{'name':'Restarts','type':'string','format':'','priority':0},"
		       "{'name':'Age','type':'string','format':'','priority':0},"
		       "{'name':'IP','type':'string','format':'','priority':1},"
		       "{'name':'Node','type':'string','format':'','priority':1},"
		       "{'name':'Nominated Node','type':'string','format':'','priority':1},"
		       "{'name':'Readiness Gates','type':'string','format':'','priority':1}]");
	assert_cells("", "Pod",
		     "{'metadata':{'name':'minio','creationTimestamp':'2024-12-11T18:09:02Z'},"
		     "'spec':{'nodeName':'sim','containers':[{'name':'main'}],"
		     "'readinessGates':[{'conditionType':'x/ok'},{'conditionType':'x/no'}]},"
		     "'status':{'phase':'Running','podIP':'10.0.0.9','podIPs':[{'ip':'10.0.0.9'}],"
		     "'conditions':[{'type':'x/ok','status':'True'}],'containerStatuses':[" CS_READY "]}}",
		     "['minio','1/1','Running','0','5m','10.0.0.9','sim','<none>','1/2']");
	assert_cells("", "Pod", "{'metadata':{'name':'p'},'spec':{'containers':[{'name':'a'}]}}",
		     "['p','0/1','','0','<unknown>','<none>','<none>','<none>','<none>']");
}

Test(table, workloads)
{
	assert_columns(sim_table_columns("apps", "Deployment", NULL),
		       "[{'name':'Name','type':'string','format':'name','priority':0},"
		       "{'name':'Ready','type':'string','format':'','priority':0},"
		       "{'name':'Up-to-date','type':'integer','format':'','priority':0},"
		       "{'name':'Available','type':'integer','format':'','priority':0},"
		       "{'name':'Age','type':'string','format':'','priority':0},"
		       "{'name':'Containers','type':'string','format':'','priority':1},"
		       "{'name':'Images','type':'string','format':'','priority':1},"
		       "{'name':'Selector','type':'string','format':'','priority':1}]");
	assert_cells("apps", "Deployment",
		     "{" CREATED ",'spec':{'replicas':2,'selector':{'matchLabels':{'app':'web','a':'1'},"
		     "'matchExpressions':[{'key':'tier','operator':'NotIn','values':['z','b']},"
		     "{'key':'canary','operator':'DoesNotExist'},{'key':'b','operator':'Exists'}]},"
		     "'template':{'spec':{'containers':[{'name':'web','image':'nginx'},"
		     "{'name':'log','image':'busybox'}]}}},'status':{'readyReplicas':1,"
		     "'updatedReplicas':2,'availableReplicas':1}}",
		     "['x','1/2',2,1,'0s','web,log','nginx,busybox',"
		     "'a=1,app=web,b,!canary,tier notin (b,z)']");
	assert_cells("apps", "Deployment", "{'metadata':{'name':'d'},'spec':{'selector':"
		     "{'matchExpressions':[{'key':'a','operator':'In','values':[]}]}}}",
		     "['d','0/1',0,0,'<unknown>','','','<invalid>']");
	assert_columns(sim_table_columns("apps", "StatefulSet", NULL),
		       "[{'name':'Name','type':'string','format':'name','priority':0},"
		       "{'name':'Ready','type':'string','format':'','priority':0},"
		       "{'name':'Age','type':'string','format':'','priority':0},"
		       "{'name':'Containers','type':'string','format':'','priority':1},"
		       "{'name':'Images','type':'string','format':'','priority':1}]");
	assert_cells("apps", "StatefulSet",
		     "{" CREATED ",'spec':{'replicas':3,'template':{'spec':{'containers':"
		     "[{'name':'db','image':'postgres:16'}]}}},'status':{'readyReplicas':3}}",
		     "['x','3/3','0s','db','postgres:16']");
	assert_cells("apps", "ReplicaSet",
		     "{" CREATED ",'spec':{'replicas':3,'selector':{'matchLabels':{'a':'b'}}},"
		     "'status':{'replicas':3,'readyReplicas':2}}",
		     "['x',3,3,2,'0s','','','a=b']");
	assert_cells("apps", "DaemonSet",
		     "{" CREATED ",'spec':{'template':{'spec':{'nodeSelector':{'os':'linux','arch':'amd64'},"
		     "'containers':[{'name':'agent','image':'a:1'}]}}},'status':{"
		     "'desiredNumberScheduled':1,'currentNumberScheduled':1,'numberReady':1,"
		     "'updatedNumberScheduled':1,'numberAvailable':1}}",
		     "['x',1,1,1,1,1,'arch=amd64,os=linux','0s','agent','a:1','']");
	assert_cells("apps", "DaemonSet", "{" CREATED "}",
		     "['x',0,0,0,0,0,'<none>','0s','','','']");
}

Test(table, jobs)
{
	static const struct {
		const char *job, *status, *completions, *duration;
	} cases[] = {
		{ "{'spec':{'completions':1,'parallelism':1},'status':{}}", "Running", "0/1", "" },
		{ "{'spec':{'completions':3},'status':{'succeeded':3,'startTime':"
		  "'2024-12-11T18:10:00Z','completionTime':'2024-12-11T18:12:05Z','conditions':"
		  "[{'type':'Complete','status':'True'}]}}", "Complete", "3/3", "2m5s" },
		{ "{'spec':{'parallelism':4},'status':{'succeeded':1,'startTime':"
		  "'2024-12-11T18:13:02Z'}}", "Running", "1/1 of 4", "60s" },
		{ "{'spec':{},'status':{'conditions':[{'type':'Failed','status':'True'}]}}", "Failed",
		  "0/1", "" },
		{ "{'spec':{'suspend':true},'status':{'conditions':[{'type':'Suspended','status':'True'}]}}",
		  "Suspended", "0/1", "" },
		{ "{'metadata':{'deletionTimestamp':'2024-12-11T18:14:00Z'},'spec':{},'status':{}}",
		  "Terminating", "0/1", "" },
		{ "{'spec':{},'status':{'conditions':[{'type':'Complete','status':'False'},"
		  "{'type':'FailureTarget','status':'True'}]}}", "FailureTarget", "0/1", "" },
	};
	size_t i;

	assert_columns(sim_table_columns("batch", "Job", NULL),
		       "[{'name':'Name','type':'string','format':'name','priority':0},"
		       "{'name':'Status','type':'string','format':'','priority':0},"
		       "{'name':'Completions','type':'string','format':'','priority':0},"
		       "{'name':'Duration','type':'string','format':'','priority':0},"
		       "{'name':'Age','type':'string','format':'','priority':0},"
		       "{'name':'Containers','type':'string','format':'','priority':1},"
		       "{'name':'Images','type':'string','format':'','priority':1},"
		       "{'name':'Selector','type':'string','format':'','priority':1}]");
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_t *c = cells_of("batch", "Job", cases[i].job, NOW);

		cr_assert_str_eq(cell(c, 1), cases[i].status, "case %zu", i);
		cr_assert_str_eq(cell(c, 2), cases[i].completions, "case %zu", i);
		cr_assert_str_eq(cell(c, 3), cases[i].duration, "case %zu", i);
		json_decref(c);
	}
}

Test(table, services)
{
	assert_columns(sim_table_columns(NULL, "Service", NULL),
		       "[{'name':'Name','type':'string','format':'name','priority':0},"
		       "{'name':'Type','type':'string','format':'','priority':0},"
		       "{'name':'Cluster-IP','type':'string','format':'','priority':0},"
		       "{'name':'External-IP','type':'string','format':'','priority':0},"
		       "{'name':'Port(s)','type':'string','format':'','priority':0},"
		       "{'name':'Age','type':'string','format':'','priority':0},"
		       "{'name':'Selector','type':'string','format':'','priority':1}]");
	assert_cells("", "Service",
		     "{" CREATED ",'spec':{'type':'ClusterIP','clusterIP':'10.96.0.10','clusterIPs':"
		     "['10.96.0.10'],'selector':{'app':'argo-server'},'ports':[{'port':2746,'protocol':'TCP'}]}}",
		     "['x','ClusterIP','10.96.0.10','<none>','2746/TCP','0s','app=argo-server']");
	assert_cells("", "Service",
		     "{" CREATED ",'spec':{'type':'NodePort','clusterIP':'10.96.0.11','ports':"
		     "[{'port':2746,'nodePort':30746,'protocol':'TCP'},{'port':53,'protocol':'UDP'}]}}",
		     "['x','NodePort','10.96.0.11','<none>','2746:30746/TCP,53/UDP','0s','<none>']");
	assert_cells("", "Service",
		     "{" CREATED ",'spec':{'type':'LoadBalancer','clusterIP':'10.96.0.12',"
		     "'externalIPs':['1.2.3.4'],'ports':[]},'status':{'loadBalancer':{'ingress':"
		     "[{'ip':'5.6.7.8'},{'hostname':'lb.example.com'},{'ip':'5.6.7.8'}]}}}",
		     "['x','LoadBalancer','10.96.0.12','5.6.7.8,lb.example.com,1.2.3.4','<none>',"
		     "'0s','<none>']");
	assert_cells("", "Service", "{" CREATED ",'spec':{'type':'LoadBalancer','ports':[]}}",
		     "['x','LoadBalancer','<none>','<pending>','<none>','0s','<none>']");
	assert_cells("", "Service",
		     "{" CREATED ",'spec':{'type':'ExternalName','externalName':'db.example.com'}}",
		     "['x','ExternalName','<none>','db.example.com','<none>','0s','<none>']");
	assert_cells("", "Endpoints",
		     "{" CREATED ",'subsets':[{'addresses':[{'ip':'10.0.0.1'},{'ip':'10.0.0.2'}],"
		     "'ports':[{'port':80},{'port':443}]}]}",
		     "['x','10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 1 more...','0s']");
	assert_cells("", "Endpoints", "{" CREATED ",'subsets':[{'addresses':[{'ip':'fd00::1'}],"
		     "'ports':[{'port':80}]}]}", "['x','[fd00::1]:80','0s']");
	assert_cells("", "Endpoints", "{" CREATED "}", "['x','<none>','0s']");
}

Test(table, core_misc)
{
	assert_cells("", "Secret", "{" CREATED ",'type':'Opaque','data':{'a':'eA==','b':''}}",
		     "['x','Opaque',2,'0s']");
	assert_cells("", "ConfigMap", "{" CREATED ",'data':{'a':'1'},'binaryData':{'b':'AA=='}}",
		     "['x',2,'0s']");
	assert_cells("", "ServiceAccount", "{" CREATED ",'secrets':[{'name':'t'}]}", "['x',1,'0s']");
	assert_cells("", "Namespace", "{" CREATED ",'status':{'phase':'Active'}}",
		     "['x','Active','0s']");
	assert_cells("", "PersistentVolumeClaim",
		     "{" CREATED ",'spec':{'storageClassName':'standard','volumeMode':'Filesystem',"
		     "'volumeName':'pv-1'},'status':{'phase':'Bound','capacity':{'storage':'1Gi'},"
		     "'accessModes':['ReadWriteMany','ReadWriteOnce']}}",
		     "['x','Bound','pv-1','1Gi','RWO,RWX','standard','<unset>','0s','Filesystem']");
	assert_cells("", "PersistentVolumeClaim",
		     "{'metadata':{'name':'x','annotations':{'volume.beta.kubernetes.io/storage-class':"
		     "'old'}},'spec':{'storageClassName':'new'},'status':{'phase':'Pending'}}",
		     "['x','Pending','','','','old','<unset>','<unknown>','<unset>']");
	assert_cells("", "Event",
		     "{'metadata':{'name':'web.1'},'type':'Normal','reason':'Scheduled',"
		     "'message':' Successfully assigned argo/web to sim\\n','involvedObject':{'kind':'Pod',"
		     "'name':'web','fieldPath':'spec.containers{main}'},'source':{'component':"
		     "'default-scheduler'},'count':2,'firstTimestamp':'2024-12-11T18:04:02Z',"
		     "'lastTimestamp':'2024-12-11T18:13:02Z'}",
		     "['60s','Normal','Scheduled','pod/web','spec.containers{main}','default-scheduler',"
		     "'Successfully assigned argo/web to sim','10m',2,'web.1']");
	assert_cells("", "Event",
		     "{'metadata':{'name':'e'},'type':'Warning','reason':'X','involvedObject':"
		     "{'kind':'Node'},'reportingComponent':'kubelet','reportingInstance':'sim',"
		     "'eventTime':'2024-12-11T18:13:52.000000Z'}",
		     "['10s','Warning','X','node','','kubelet, sim','','10s',1,'e']");
	assert_cells("", "Node",
		     "{" CREATED ",'metadata':{'name':'sim','labels':{'node-role.kubernetes.io/control-plane':'',"
		     "'kubernetes.io/role':'worker'}},'spec':{'unschedulable':true},'status':{'conditions':"
		     "[{'type':'Ready','status':'True'}],'addresses':[{'type':'InternalIP','address':"
		     "'10.0.0.1'}],'nodeInfo':{'kubeletVersion':'v1.32.4'}}}",
		     "['sim','Ready,SchedulingDisabled','control-plane,worker','<unknown>','v1.32.4',"
		     "'10.0.0.1','<none>','<unknown>','<unknown>','<unknown>']");
}

Test(table, other_groups)
{
	assert_columns(sim_table_columns("rbac.authorization.k8s.io", "ClusterRole", NULL),
		       "[{'name':'Name','type':'string','format':'name','priority':0},"
		       "{'name':'Created At','type':'date','format':'','priority':0}]");
	assert_cells("rbac.authorization.k8s.io", "Role",
		     "{'metadata':{'name':'r','creationTimestamp':'2024-12-11T19:14:02+01:00'}}",
		     "['r','2024-12-11T18:14:02Z']");
	assert_cells("rbac.authorization.k8s.io", "Role", "{'metadata':{'name':'r'}}",
		     "['r','0001-01-01T00:00:00Z']");
	assert_cells("apiextensions.k8s.io", "CustomResourceDefinition",
		     "{'metadata':{'name':'workflows.argoproj.io','creationTimestamp':'1999-12-31T23:59:59Z'}}",
		     "['workflows.argoproj.io','1999-12-31T23:59:59Z']");
	assert_cells("rbac.authorization.k8s.io", "ClusterRoleBinding",
		     "{" CREATED ",'roleRef':{'kind':'ClusterRole','name':'argo'},'subjects':["
		     "{'kind':'ServiceAccount','namespace':'argo','name':'argo'},{'kind':'User','name':'a'},"
		     "{'kind':'User','name':'b'},{'kind':'Group','name':'g'}]}",
		     "['x','ClusterRole/argo','0s','a, b','g','argo/argo']");
	assert_cells("coordination.k8s.io", "Lease",
		     "{" CREATED ",'spec':{'holderIdentity':'workflow-controller-1'}}",
		     "['x','workflow-controller-1','0s']");
	assert_cells("scheduling.k8s.io", "PriorityClass",
		     "{" CREATED ",'value':1000000,'globalDefault':false,'preemptionPolicy':'Never'}",
		     "['x',1000000,false,'0s','Never']");
	/* anything else, custom resources without columns included */
	assert_columns(sim_table_columns("argoproj.io", "Workflow", NULL),
		       "[{'name':'Name','type':'string','format':'name','priority':0},"
		       "{'name':'Age','type':'date','format':'','priority':0}]");
	assert_cells("policy", "PodDisruptionBudget", "{" CREATED "}", "['x','0s']");
}

/* Argo's Workflow columns, plus the other column types */
#define WF_COLUMNS                                                                             \
	"[{'jsonPath':'.status.phase','name':'Status','type':'string','description':"          \
	"'Status of the workflow'},{'jsonPath':'.status.startedAt','format':'date-time',"       \
	"'name':'Age','type':'date','description':'When the workflow was started'},"            \
	"{'jsonPath':'.status.message','name':'Message','type':'string','priority':1},"         \
	"{'jsonPath':'{.status.conditions[?(@.type==\\u0022Ready\\u0022)].status}','name':'Ready','type':'string'},"  \
	"{'jsonPath':'.spec.parallelism','name':'Parallel','type':'integer'},"                \
	"{'jsonPath':'.status.progress','name':'Progress','type':'number'},"                  \
	"{'jsonPath':'.spec.suspend','name':'Suspended','type':'boolean'},"                  \
	"{'jsonPath':'.spec.templates[-1].name','name':'Last','type':'string'},"              \
	"{'jsonPath':'.metadata.labels.workflows\\\\.argoproj\\\\.io/phase','name':'Label','type':'string'},"  \
	"{'jsonPath':'.spec.arguments','name':'Args','type':'string'},"                      \
	"{'jsonPath':'.metadata.annotations[\\u0027a.b/c\\u0027]','name':'Ann','type':'string'}]"

Test(table, printer_columns)
{
	json_t *pc = J(WF_COLUMNS), *c, *wf;

	assert_columns(sim_table_columns("argoproj.io", "Workflow", pc),
		       "[{'name':'Name','type':'string','format':'name','priority':0},"
		       "{'name':'Status','type':'string','format':'','priority':0},"
		       "{'name':'Age','type':'date','format':'date-time','priority':0},"
		       "{'name':'Message','type':'string','format':'','priority':1},"
		       "{'name':'Ready','type':'string','format':'','priority':0},"
		       "{'name':'Parallel','type':'integer','format':'','priority':0},"
		       "{'name':'Progress','type':'number','format':'','priority':0},"
		       "{'name':'Suspended','type':'boolean','format':'','priority':0},"
		       "{'name':'Last','type':'string','format':'','priority':0},"
		       "{'name':'Label','type':'string','format':'','priority':0},"
		       "{'name':'Args','type':'string','format':'','priority':0},"
		       "{'name':'Ann','type':'string','format':'','priority':0}]");
	c = sim_table_columns("argoproj.io", "Workflow", pc);
	cr_assert_str_eq(json_string_value(json_object_get(json_array_get(c, 1), "description")),
			 "Status of the workflow");
	cr_assert_str_eq(json_string_value(json_object_get(json_array_get(c, 3), "description")),
			 "Custom resource definition column (in JSONPath format): .status.message");
	json_decref(c);

	wf = J("{'metadata':{'name':'hello-x7k2p','labels':{'workflows.argoproj.io/phase':'Running'},"
	       "'annotations':{'a.b/c':'d'}},'spec':{'parallelism':2.7,'suspend':false,"
	       "'templates':[{'name':'main'},{'name':'exit'}],'arguments':{'parameters':"
	       "[{'name':'n','value':'1'}]}},'status':{'phase':'Running','startedAt':"
	       "'2024-12-11T18:11:00Z','progress':0.5,'conditions':[{'type':'PodRunning',"
	       "'status':'True'},{'type':'Ready','status':'False'}]}}");
	c = sim_table_cells("argoproj.io", "Workflow", pc, wf, NOW);
	assert_json_eq(c, "['hello-x7k2p','Running','3m2s',null,'False',2,0.5,false,'exit',"
		       "'Running','map[parameters:[map[name:n value:1]]]','d']", "workflow");
	json_decref(c);
	json_decref(wf);
	/* everything missing: null cells, and an unknown date */
	wf = J("{'metadata':{'name':'w'},'status':{'startedAt':'soon'}}");
	c = sim_table_cells("argoproj.io", "Workflow", pc, wf, NOW);
	assert_json_eq(c, "['w',null,'<invalid>',null,null,null,null,null,null,null,null,null]",
		       "empty");
	json_decref(c);
	json_decref(wf);
	json_decref(pc);
}

Test(table, cr_value_printing)
{
	static const struct {
		const char *value, *text;
	} cases[] = {
		{ "1", "1" }, { "1.5", "1.5" }, { "2.0", "2" }, { "1000000.0", "1e+06" },
		{ "123456.0", "123456" }, { "0.0001", "0.0001" }, { "0.00001", "1e-05" },
		{ "true", "true" }, { "[1,'a',null]", "[1 a <nil>]" }, { "{'b':1,'a':[]}", "map[a:[] b:1]" },
		{ "'x'", "x" },
	};
	json_t *pc = J("[{'name':'V','type':'string','jsonPath':'.v'}]");
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct buf b = BUF_INIT;
		json_t *obj, *c;

		buf_addf(&b, "{'metadata':{'name':'n'},'v':%s}", cases[i].value);
		obj = J(b.ptr);
		c = sim_table_cells("example.com", "Widget", pc, obj, NOW);
		cr_assert_str_eq(cell(c, 1), cases[i].text, "%s", cases[i].value);
		json_decref(c);
		json_decref(obj);
		buf_release(&b);
	}
	json_decref(pc);
}

/* every printer's rows have as many cells as it has columns */
Test(table, cells_match_columns)
{
	static const struct {
		const char *group, *kind;
	} kinds[] = {
		{ "", "Pod" }, { "", "Service" }, { "", "Endpoints" }, { "", "ConfigMap" },
		{ "", "Secret" }, { "", "ServiceAccount" }, { "", "Namespace" }, { "", "Event" },
		{ "", "PersistentVolumeClaim" }, { "", "Node" }, { "apps", "Deployment" },
		{ "apps", "ReplicaSet" }, { "apps", "StatefulSet" }, { "apps", "DaemonSet" },
		{ "batch", "Job" }, { "scheduling.k8s.io", "PriorityClass" },
		{ "rbac.authorization.k8s.io", "Role" }, { "rbac.authorization.k8s.io", "ClusterRole" },
		{ "rbac.authorization.k8s.io", "RoleBinding" },
		{ "rbac.authorization.k8s.io", "ClusterRoleBinding" }, { "coordination.k8s.io", "Lease" },
		{ "apiextensions.k8s.io", "CustomResourceDefinition" }, { "example.com", "Widget" },
		{ NULL, NULL },
	};
	static const char *const objs[] = { "{}", "null", "{'metadata':7,'spec':[],'status':'x'}" };
	size_t i, j;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		json_t *cols = sim_table_columns(kinds[i].group, kinds[i].kind, NULL);

		for (j = 0; j < sizeof(objs) / sizeof(objs[0]); j++) {
			json_t *o = J(objs[j]);
			json_t *c = sim_table_cells(kinds[i].group, kinds[i].kind, NULL, o, NOW);

			cr_assert_eq(json_array_size(c), json_array_size(cols), "%s %s",
				     kinds[i].kind ? kinds[i].kind : "(null)", objs[j]);
			json_decref(c);
			json_decref(o);
		}
		json_decref(cols);
	}
}
