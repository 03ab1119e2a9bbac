/*
 * labelsel: Kubernetes label selectors, in both of their forms.
 *
 * The string form is the one of k8s.io/apimachinery/pkg/labels, used by
 * ?labelSelector= and by kustomize's patch targets: "a=b", "a==b",
 * "a!=b", "a in (x,y)", "a notin (x)", "a" (exists), "!a" (absent),
 * "a>3", "a<3", joined by commas (AND).  The object form is a
 * metav1.LabelSelector: {matchLabels: {...}, matchExpressions: [{key,
 * operator: In|NotIn|Exists|DoesNotExist, values}]}.
 */
#ifndef DOC_LABELSEL_H
#define DOC_LABELSEL_H

#include <jansson.h>

/*
 * label_selector_matches: parse sel (the string form) and test it
 * against labels (a JSON object, may be NULL).  1, 0, or ERR_INVALID
 * with a message naming the selector and where it went wrong.
 */
int label_selector_matches(const char *sel, const json_t *labels);

/*
 * label_selector_obj_matches: test a LabelSelector object against labels.
 * An empty selector ({} or no keys) matches everything, as in the API's
 * LabelSelectorAsSelector; a NULL selector matches nothing.  1, 0, or
 * ERR_INVALID for an unknown operator or a malformed expression.
 */
int label_selector_obj_matches(const json_t *selector, const json_t *labels);

#endif
