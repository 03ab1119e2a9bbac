/*
 * faults: see faults.h.
 */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../base/alloc.h"
#include "../base/clock.h"
#include "../base/err.h"
#include "faults.h"

#define KIND_LATENCY 1

struct sim_faults {
	pthread_mutex_t mu;
	uint64_t state;
	double rate;
	int kinds[8];
	int nkinds;
	long latency_ms;
	char *paths;
};

static uint64_t next(struct sim_faults *f)
{
	/* splitmix64: small, and the same everywhere */
	uint64_t z = (f->state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void sim_faults_free(struct sim_faults *f)
{
	if (!f)
		return;
	pthread_mutex_destroy(&f->mu);
	free(f->paths);
	free(f);
}

static int parse_kinds(struct sim_faults *f, const char *v, size_t n)
{
	f->nkinds = 0;
	while (n) {
		size_t len = 0;
		int k;

		while (len < n && v[len] != ':')
			len++;
		if (len == 3 && !strncmp(v, "500", 3))
			k = 500;
		else if (len == 3 && !strncmp(v, "503", 3))
			k = 503;
		else if (len == 3 && !strncmp(v, "429", 3))
			k = 429;
		else if (len == 4 && !strncmp(v, "drop", 4))
			k = SIM_FAULT_DROP;
		else if (len == 7 && !strncmp(v, "latency", 7))
			k = KIND_LATENCY;
		else
			return err_set(ERR_INVALID,
				       "--faults: unknown kind '%.*s' (want 500, 503, 429, drop or latency)",
				       (int)len, v);
		if (f->nkinds == 8)
			return err_set(ERR_INVALID, "--faults: too many kinds");
		f->kinds[f->nkinds++] = k;
		v += len;
		n -= len;
		if (n) {
			v++;
			n--;
		}
	}
	return f->nkinds ? 0 : err_set(ERR_INVALID, "--faults: kinds is empty");
}

int sim_faults_parse(const char *spec, struct sim_faults **out)
{
	struct sim_faults *f = xcalloc(1, sizeof(*f));
	const char *p = spec;
	int err = 0;

	*out = NULL;
	pthread_mutex_init(&f->mu, NULL);
	f->state = 1;
	f->latency_ms = 100;
	f->paths = xstrdup("/api");
	parse_kinds(f, "500:503:429:drop", 16);
	while (*p) {
		size_t len = strcspn(p, ","), klen;
		const char *eq = memchr(p, '=', len), *v;
		size_t vlen;
		char num[64], *end;

		if (!eq) {
			err = err_set(ERR_INVALID, "--faults: '%.*s' is not key=value", (int)len, p);
			goto done;
		}
		klen = (size_t)(eq - p);
		v = eq + 1;
		vlen = len - klen - 1;
		if (vlen >= sizeof(num)) {
			err = err_set(ERR_INVALID, "--faults: value of '%.*s' is too long", (int)klen, p);
			goto done;
		}
		memcpy(num, v, vlen);
		num[vlen] = '\0';
		if (klen == 4 && !strncmp(p, "seed", 4)) {
			f->state = strtoull(num, &end, 10);
			if (*end || !vlen)
				goto bad;
		} else if (klen == 4 && !strncmp(p, "rate", 4)) {
			f->rate = strtod(num, &end);
			if (*end || !vlen || f->rate < 0 || f->rate > 1)
				goto bad;
		} else if (klen == 5 && !strncmp(p, "kinds", 5)) {
			if ((err = parse_kinds(f, v, vlen)) < 0)
				goto done;
		} else if (klen == 7 && !strncmp(p, "latency", 7)) {
			long long ms = clock_parse_duration_ms(num);

			if (ms < 0)
				goto bad;
			f->latency_ms = (long)ms;
		} else if (klen == 5 && !strncmp(p, "paths", 5)) {
			free(f->paths);
			f->paths = xstrdup(num);
		} else {
			err = err_set(ERR_INVALID,
				      "--faults: unknown key '%.*s' (want seed, rate, kinds, latency, paths)",
				      (int)klen, p);
			goto done;
		}
		p += len;
		if (*p == ',')
			p++;
		continue;
bad:
		err = err_set(ERR_INVALID, "--faults: bad value '%s' for '%.*s'", num,
			      (int)klen, p);
		goto done;
	}
	*out = f;
	f = NULL;
done:
	sim_faults_free(f);
	return err;
}

int sim_faults_draw(struct sim_faults *f, const char *path)
{
	uint64_t a, b;
	int kind;

	if (strncmp(path, f->paths, strlen(f->paths)))
		return SIM_FAULT_NONE;
	pthread_mutex_lock(&f->mu);
	a = next(f);
	b = next(f);
	pthread_mutex_unlock(&f->mu);
	if ((double)(a >> 11) / (double)(1ULL << 53) >= f->rate)
		return SIM_FAULT_NONE;
	kind = f->kinds[b % (uint64_t)f->nkinds];
	if (kind == KIND_LATENCY) {
		struct timespec ts = { f->latency_ms / 1000, (f->latency_ms % 1000) * 1000000L };

		while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
			;
		return SIM_FAULT_NONE;
	}
	return kind;
}
