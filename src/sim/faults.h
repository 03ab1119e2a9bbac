/*
 * faults: seeded, reproducible fault injection for the simulated API
 * server (--faults SPEC), for testing clients' retries.
 *
 * SPEC is comma-separated key=value pairs:
 *   seed=N        the PRNG seed (default 1): the same seed and the same
 *                 sequence of requests give the same faults
 *   rate=F        the fraction of requests that get a fault (0..1)
 *   kinds=K:K...  what a fault is, drawn uniformly: 500, 503, 429,
 *                 drop (close the connection unanswered), latency
 *                 (answer normally after a delay); default 500:503:429:drop
 *   latency=D     the delay of a latency fault (e.g. 200ms, 2s; default 100ms)
 *   paths=P       only requests whose path starts with P (default /api)
 * Informational paths (/version, /healthz, ...) never get faults.
 */
#ifndef SIM_FAULTS_H
#define SIM_FAULTS_H

struct sim_faults;

enum { SIM_FAULT_NONE = 0, SIM_FAULT_DROP = -1 };

/* sim_faults_parse: ERR_INVALID with a message naming the bad part. */
int sim_faults_parse(const char *spec, struct sim_faults **out);
void sim_faults_free(struct sim_faults *f);

/*
 * sim_faults_draw: the fault for a request to path: SIM_FAULT_NONE,
 * SIM_FAULT_DROP or an HTTP status; a latency fault sleeps here and
 * returns SIM_FAULT_NONE.  Thread-safe.
 */
int sim_faults_draw(struct sim_faults *f, const char *path);

#endif
