/*
 * validate: the create/update validation of kube-apiserver 1.32 for the
 * fields clients trip over, with the exact 422 texts it writes.
 *
 * The checks and their order follow pkg/apis/core/validation,
 * pkg/apis/apps/validation, pkg/apis/batch/validation and
 * k8s.io/apimachinery/pkg/api/validation: object metadata (name rule
 * per kind, labels, annotation keys and total size), pod specs
 * (containers, init containers, ports, volumes and mounts, policies),
 * workload selectors against their template labels, Service ports and
 * types, Job restart policies, CRD names.  It is not the whole of
 * Kubernetes validation; what is not checked is accepted.
 */
#ifndef SIM_VALIDATE_H
#define SIM_VALIDATE_H

#include <jansson.h>

/*
 * sim_validate: validate obj, an object of group/version/kind (group ""
 * or NULL for the core group; version is accepted for the API's shape
 * and not used: every kind here has one served version), as it is
 * about to be stored, that is after sim_defaults_apply.
 *
 * Returns 0 when valid, with *causes set to NULL.  Returns ERR_INVALID
 * when not, with *causes set to a new JSON array (the caller owns it)
 * of the Status causes in the API server's order, each
 * {"reason": "FieldValueRequired"|..., "message": "Required value",
 * "field": "spec.containers[0].image"}, and err_last() holding the
 * Status message, e.g.
 *   Deployment.apps "web" is invalid: spec.template.spec.containers[0].image: Required value
 * (several causes are joined as "[a, b]", identical ones once; the
 * last-error buffer cuts very long messages, the causes are whole).
 * causes may be NULL when the caller only wants the message.
 */
int sim_validate(const char *group, const char *version, const char *kind,
		 const json_t *obj, json_t **causes);

#endif
