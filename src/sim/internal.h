/*
 * internal: what the files of the simulated API server share among
 * themselves (rest.c, watch.c, discovery.c, proxy.c).  Not for callers
 * outside src/sim/.
 */
#ifndef SIM_INTERNAL_H
#define SIM_INTERNAL_H

#include "api.h"

/* query parameter, header (NULL when absent); "true"/"1" test */
const char *sim_q(const struct sim_request *req, const char *key);
const char *sim_h(const struct sim_request *req, const char *key);
int sim_q_true(const struct sim_request *req, const char *key);
/* whether the client asked for a meta.k8s.io Table */
int sim_wants_table(const struct sim_request *req);

/* a 404 NotFound Status for rt name */
void sim_not_found(struct sim_response *resp, const struct sim_rtype *rt,
		   const char *name);

struct fsel;

/* a request's label and field selectors */
struct sim_filter {
	const char *labels; /* borrowed from the request, or owned when copied */
	char *labels_owned;
	struct fsel *fields;
	size_t nfields;
};

/* sim_selectors: parse ?labelSelector and ?fieldSelector; -1 with a 400 in resp */
int sim_selectors(const struct sim_request *req, struct sim_response *resp,
		  const struct sim_rtype *rt, struct sim_filter *f);
int sim_filter_match(const struct sim_filter *f, const json_t *obj);
void sim_filter_release(struct sim_filter *f);

/*
 * sim_table_row: one row of a Table for obj (borrowed): its cells and
 * its metadata as a PartialObjectMetadata without managedFields (new
 * reference).  pc: the CRD version's additionalPrinterColumns, or NULL;
 * now: the wall time in Unix seconds.
 */
json_t *sim_table_row(const char *group, const char *kind, const json_t *pc,
		      const json_t *obj, long long now);

/* a Table response of objs */
void sim_table_response(struct sim_api *a, struct sim_response *resp,
			const struct sim_rtype *rt, json_t *const *objs,
			size_t n, const char *rv, const char *cont);

/* the stored object as rt's version presents it (new reference) */
json_t *sim_as_version(const struct sim_rtype *rt, const json_t *stored);

/* watch.c: answer a ?watch=true with a stream */
void sim_watch_start(struct sim_api *a, const struct sim_request *req,
		     struct sim_response *resp, const struct sim_rtype *rt,
		     const char *ns);

/* discovery.c: /api, /apis and their groups and versions; /openapi/... */
void sim_discovery(struct sim_api *a, const struct sim_request *req,
		   struct sim_response *resp, int core, const char *group,
		   const char *version);
void sim_openapi(struct sim_api *a, const struct sim_request *req,
		 struct sim_response *resp, char **seg, size_t n);

/* proxy.c: .../pods|services/NAME[:PORT]/proxy/REST and pods/NAME/log */
void sim_proxy(struct sim_api *a, const struct sim_request *req,
	       struct sim_response *resp, const struct sim_rtype *rt,
	       const char *ns, const char *name, char **rest, size_t nrest);
void sim_pod_log(struct sim_api *a, const struct sim_request *req,
		 struct sim_response *resp, const char *ns, const char *name);

#endif
