/*
 * defaults: the server-side defaults kube-apiserver 1.32 fills in on
 * create and update, applied in place to a JSON object.
 *
 * kubectl and SSA clients see these fields in every object they read
 * back (imagePullPolicy, terminationMessagePath, Service targetPort,
 * StatefulSet updateStrategy, ...); list-map keys such as a port's
 * protocol must exist before server-side apply merges lists, and
 * `kubectl rollout status` refuses a StatefulSet without an
 * updateStrategy.  See defaults.c for the sources of each rule.
 */
#ifndef SIM_DEFAULTS_H
#define SIM_DEFAULTS_H

#include <jansson.h>

/*
 * sim_defaults_apply: fill in the defaults for an object of group/kind
 * (group "" or NULL for the core group) in place.  Only what is missing
 * (absent, null, or the Go zero value of a non-pointer field) is added;
 * new keys go at the end of the object they belong to.  Kinds with no
 * defaults (ConfigMap, ServiceAccount, custom resources...) are left
 * alone.  Malformed parts (a "spec" that is a string) are skipped, not
 * repaired: validation reports them.
 *
 * Two rules need server-assigned data: a Job's generated selector and
 * pod template labels use metadata.uid, so call this after the uid is
 * set.  The Pod rules include those of the admission plugins a real
 * cluster runs on every pod (ServiceAccount, Priority,
 * DefaultTolerationSeconds) and the pod strategy's initial status.
 *
 * Ownership: obj is modified in place; nothing is returned.  Never
 * fails (out of memory dies in the allocator).
 */
void sim_defaults_apply(const char *group, const char *kind, json_t *obj);

/*
 * sim_defaults_apply_podspec: the PodSpec defaults shared by Pods and
 * every pod template (dnsPolicy, restartPolicy, securityContext,
 * schedulerName, containers, probes, volumes), applied in place to a
 * PodSpec object.  The Pod-only rules (enableServiceLinks,
 * serviceAccountName, tolerations, status...) are not applied: use
 * sim_defaults_apply("", "Pod", pod) for a whole Pod.
 */
void sim_defaults_apply_podspec(json_t *podspec);

#endif
