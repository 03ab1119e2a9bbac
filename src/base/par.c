/*
 * par: a tiny parallel-for over POSIX threads.  See par.h.
 */
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "alloc.h"
#include "par.h"

struct job {
	size_t n;
	size_t next;
	pthread_mutex_t lock;
	void (*fn)(size_t i, void *ctx);
	void *ctx;
};

int par_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	const char *env = getenv("ARGOLAB_THREADS");

	if (env && *env) {
		char *end;
		long v = strtol(env, &end, 10);

		if (!*end && v >= 1)
			n = v;
	}
	if (n < 1)
		n = 1;
	if (n > 4)
		n = 4;
	return (int)n;
}

/* set on the threads par_for runs jobs on: a par_for inside a job runs
 * on its caller's thread, so that nested loops do not multiply threads */
static __thread int in_job;

static void *worker(void *arg)
{
	struct job *j = arg;
	int was = in_job;

	in_job = 1;
	for (;;) {
		size_t i;

		pthread_mutex_lock(&j->lock);
		i = j->next++;
		pthread_mutex_unlock(&j->lock);
		if (i >= j->n)
			break;
		j->fn(i, j->ctx);
	}
	in_job = was;
	return NULL;
}

void par_for(size_t n, void (*fn)(size_t i, void *ctx), void *ctx)
{
	struct job j;
	pthread_t tids[4];
	int nthreads = par_threads(), started = 0, t;

	if ((size_t)nthreads > n)
		nthreads = (int)n;
	if (in_job)
		nthreads = 1;
	j.n = n;
	j.next = 0;
	j.fn = fn;
	j.ctx = ctx;
	pthread_mutex_init(&j.lock, NULL);
	/* the calling thread is one of the workers */
	for (t = 1; t < nthreads; t++)
		if (pthread_create(&tids[started], NULL, worker, &j) == 0)
			started++;
	worker(&j);
	for (t = 0; t < started; t++)
		pthread_join(tids[t], NULL);
	pthread_mutex_destroy(&j.lock);
}
