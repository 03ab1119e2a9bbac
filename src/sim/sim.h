/*
 * sim: the simulated cluster as a whole: the API server (server.c) and
 * the simulation behind it (the controllers of ctl_*.c and the
 * quick-start components of components.c), on one scalable clock.
 *
 * The simulation runs in one thread.  It is told of every committed
 * write (the store's observer, under the store lock) and keeps a queue
 * of objects to reconcile and a heap of timers on the simulated clock;
 * it reconciles with the store lock held, writing through
 * sim_api_write as any client would, so watches and persistence see
 * its writes like everyone else's.
 */
#ifndef SIM_SIM_H
#define SIM_SIM_H

#include <jansson.h>
#include <stdint.h>

#include "../base/buf.h"
#include "../base/clock.h"
#include "api.h"

struct sim_faults;

struct sim_options {
	int port;               /* 0: pick a free one */
	double speed;           /* simulated seconds per real second */
	const char *state_dir;  /* persist objects here (NULL: memory only) */
	const char *run_dir;    /* kubeconfig, certificates, token, pid */
	const char *faults;     /* fault injection spec (NULL: none) */
	int no_simulation;      /* a bare API server: no controllers */
};

struct sim_server;

/*
 * sim_server_start: start the simulated cluster: TLS material and
 * token (kept in run_dir, reused while valid), the store (loaded from
 * state_dir), the simulation thread and the HTTPS server on
 * 127.0.0.1.  Writes run_dir/kubeconfig (0600).  *out receives the
 * server; sim_server_port says where it listens.  Errors: ERR_CONFLICT
 * (state in use), ERR_IO (port taken, files), ERR_INVALID (bad state,
 * bad fault spec).
 */
int sim_server_start(const struct sim_options *o, struct sim_server **out);
int sim_server_port(const struct sim_server *s);
/* sim_server_stop: stop serving, end watches, flush state, free. */
void sim_server_stop(struct sim_server *s);

/* ------------------------------------------------------------------ */
/* the simulation, as the API server files see it                      */

struct sim_sim;

/* sim_sim_new: a simulation over store a->store, on clock (not started) */
struct sim_sim *sim_sim_new(struct sim_api *a, const struct clock_scaled *clock);
/* sim_sim_start: start its thread. */
int sim_sim_start(struct sim_sim *s);
/* sim_sim_free: stop the thread and free (NULL-safe). */
void sim_sim_free(struct sim_sim *s);

/* the store's observer (store lock held) */
void sim_sim_observe(void *ctx, const struct sim_event *ev);

/*
 * sim_component_http: answer req, proxied to port of pod (with the
 * scheme the client asked for: "http" or "https"), as the component
 * that the pod runs would: argo-server, workflow-controller, minio,
 * postgres, httpbin.  Store lock held.
 */
void sim_component_http(struct sim_sim *s, const json_t *pod, int port,
			const char *scheme, const struct sim_request *req,
			const char *path, struct sim_response *resp);

#endif
