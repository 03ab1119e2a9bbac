/*
 * par: run independent jobs on the machine's cores.
 *
 * par_for calls fn(i, ctx) for every i in [0, n), from a few threads
 * that take the next index as they finish (so uneven jobs balance), and
 * returns when all are done.  Jobs must not share mutable state; each
 * thread has its own last-error message (err.h), so jobs record their
 * own outcome in ctx.  With one core, or one job, everything runs on the
 * calling thread; so does a par_for called from inside a job.
 */
#ifndef BASE_PAR_H
#define BASE_PAR_H

#include <stddef.h>

void par_for(size_t n, void (*fn)(size_t i, void *ctx), void *ctx);

/* par_threads: how many threads par_for uses (cores, capped at 4). */
int par_threads(void);

#endif
