/*
 * select: kustomize's patch targets.
 *
 * A target selects resources by group, version, kind, name and
 * namespace, each a regular expression that must match the whole value
 * (name and namespace are tried against the original and the current
 * id), and by Kubernetes label and annotation selectors
 * ("tier=web,env!=dev,app in (a,b),!legacy").
 */
#ifndef RENDER_SELECT_H
#define RENDER_SELECT_H

#include <jansson.h>

#include "../doc/labelsel.h"

#include "res.h"

struct selector;

/*
 * selector_new: compile a target mapping (group, version, kind, name,
 * namespace, labelSelector, annotationSelector).  ERR_INVALID with a
 * message for a bad regular expression or selector; *bad_field (if not
 * NULL) then names the field at fault.
 */
int selector_new(const json_t *target, struct selector **out,
		 const char **bad_field);
void selector_free(struct selector *s);
int selector_matches(const struct selector *s, const struct res *r);
/* selector_describe: "kind=Deployment name=app", for messages. */
void selector_describe(const json_t *target, struct buf *out);


#endif
