/*
 * simload: a load generator for the simulated API server (make bench).
 *
 *   simload --kubeconfig FILE --path PATH [--method M] [--body FILE]
 *           [--content-type T] [--clients N] [--seconds S] [--requests N]
 *           [--vary]
 *
 * N threads, each with its own keep-alive connection (libcurl easy
 * handle), send the same request back to back for S seconds; prints
 * one line: clients, requests, requests per second, p50 and p99
 * latency in ms, and errors (non-2xx).  The server address, CA and
 * token come from the kubeconfig argolab sim writes.  --requests stops
 * after that many requests in all (then --seconds is only a limit).  With --vary, the
 * string @N@ in the path and body is replaced by a per-request counter
 * (to create many objects).
 */
#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct shared {
	const char *server, *path, *method, *body, *ctype, *token;
	const char *ca_file;
	double seconds;
	long requests; /* 0: no limit */
	int vary;
	long counter;
	pthread_mutex_t mu;
};

struct worker {
	struct shared *sh;
	pthread_t t;
	double *lat;
	size_t n, alloc;
	long errors;
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static size_t sink(char *p, size_t s, size_t n, void *ctx)
{
	(void)p;
	(void)ctx;
	return s * n;
}

/* the text with @N@ replaced by n (malloc'd) */
static char *vary(const char *text, long n)
{
	const char *at = strstr(text, "@N@");
	size_t len = strlen(text) + 32;
	char *out = malloc(len);

	if (!out)
		abort();
	if (!at) {
		snprintf(out, len, "%s", text);
		return out;
	}
	snprintf(out, len, "%.*s%ld%s", (int)(at - text), text, n, at + 3);
	return out;
}

static void *run(void *arg)
{
	struct worker *w = arg;
	struct shared *sh = w->sh;
	CURL *h = curl_easy_init();
	struct curl_slist *hdr = NULL;
	char auth[512], ct[256];
	double end = now_s() + sh->seconds;

	snprintf(auth, sizeof(auth), "Authorization: Bearer %s", sh->token);
	hdr = curl_slist_append(hdr, auth);
	hdr = curl_slist_append(hdr, "Accept: application/json");
	if (sh->ctype) {
		snprintf(ct, sizeof(ct), "Content-Type: %s", sh->ctype);
		hdr = curl_slist_append(hdr, ct);
	}
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
	curl_easy_setopt(h, CURLOPT_CAINFO, sh->ca_file);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, sink);
	curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, sh->method);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	while (now_s() < end) {
		char url[2048], *path, *body = NULL;
		double t0;
		long code = 0, n;

		pthread_mutex_lock(&sh->mu);
		n = sh->counter++;
		pthread_mutex_unlock(&sh->mu);
		if (sh->requests && n >= sh->requests)
			break;
		path = sh->vary ? vary(sh->path, n) : strdup(sh->path);
		snprintf(url, sizeof(url), "%s%s", sh->server, path);
		curl_easy_setopt(h, CURLOPT_URL, url);
		if (sh->body) {
			body = sh->vary ? vary(sh->body, n) : strdup(sh->body);
			curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
		}
		t0 = now_s();
		if (curl_easy_perform(h) == CURLE_OK)
			curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
		if (code < 200 || code > 299)
			w->errors++;
		if (w->n == w->alloc) {
			w->alloc = w->alloc ? w->alloc * 2 : 1024;
			w->lat = realloc(w->lat, w->alloc * sizeof(*w->lat));
			if (!w->lat)
				abort();
		}
		w->lat[w->n++] = (now_s() - t0) * 1000;
		free(path);
		free(body);
	}
	curl_slist_free_all(hdr);
	curl_easy_cleanup(h);
	return NULL;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* the value after "key: " on the first line holding it */
static int kc_value(const char *text, const char *key, char *out, size_t n)
{
	const char *p = strstr(text, key);
	size_t i = 0;

	if (!p)
		return -1;
	p += strlen(key);
	while (*p == ' ')
		p++;
	while (*p && *p != '\n' && i + 1 < n)
		out[i++] = *p++;
	out[i] = '\0';
	return 0;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long len;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = calloc(1, (size_t)len + 1);
	if (buf && fread(buf, 1, (size_t)len, f) != (size_t)len) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

int main(int argc, char **argv)
{
	struct shared sh;
	struct worker *w;
	const char *kc_path = NULL, *body_file = NULL;
	char server[256], token[256], ca_path[4096];
	char *kc;
	int clients = 1, i;
	double t0, elapsed, *all;
	size_t total = 0, k;
	long errors = 0;

	memset(&sh, 0, sizeof(sh));
	sh.method = "GET";
	sh.seconds = 3;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "--kubeconfig") && v)
			kc_path = argv[++i];
		else if (!strcmp(a, "--path") && v)
			sh.path = argv[++i];
		else if (!strcmp(a, "--method") && v)
			sh.method = argv[++i];
		else if (!strcmp(a, "--body") && v)
			body_file = argv[++i];
		else if (!strcmp(a, "--content-type") && v)
			sh.ctype = argv[++i];
		else if (!strcmp(a, "--clients") && v)
			clients = (int)strtol(argv[++i], NULL, 10);
		else if (!strcmp(a, "--seconds") && v)
			sh.seconds = strtod(argv[++i], NULL);
		else if (!strcmp(a, "--requests") && v)
			sh.requests = strtol(argv[++i], NULL, 10);
		else if (!strcmp(a, "--vary"))
			sh.vary = 1;
		else {
			fprintf(stderr, "simload: unknown argument '%s'\n", a);
			return 2;
		}
	}
	if (!kc_path || !sh.path || clients < 1) {
		fprintf(stderr, "usage: simload --kubeconfig FILE --path PATH [--method M] [--body FILE] [--content-type T] [--clients N] [--seconds S] [--vary]\n");
		return 2;
	}
	kc = slurp(kc_path);
	if (!kc || kc_value(kc, "server:", server, sizeof(server)) < 0 ||
	    kc_value(kc, "token:", token, sizeof(token)) < 0) {
		fprintf(stderr, "simload: cannot read server and token from %s\n", kc_path);
		return 1;
	}
	/* the CA sits beside the kubeconfig */
	snprintf(ca_path, sizeof(ca_path), "%s", kc_path);
	if (strrchr(ca_path, '/'))
		snprintf(strrchr(ca_path, '/') + 1, sizeof(ca_path) - (size_t)(strrchr(ca_path, '/') + 1 - ca_path), "ca.crt");
	else
		snprintf(ca_path, sizeof(ca_path), "ca.crt");
	sh.server = server;
	sh.token = token;
	sh.ca_file = ca_path;
	if (body_file && !(sh.body = slurp(body_file))) {
		fprintf(stderr, "simload: cannot read %s\n", body_file);
		return 1;
	}
	pthread_mutex_init(&sh.mu, NULL);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	w = calloc((size_t)clients, sizeof(*w));
	t0 = now_s();
	for (i = 0; i < clients; i++) {
		w[i].sh = &sh;
		pthread_create(&w[i].t, NULL, run, &w[i]);
	}
	for (i = 0; i < clients; i++) {
		pthread_join(w[i].t, NULL);
		total += w[i].n;
		errors += w[i].errors;
	}
	elapsed = now_s() - t0;
	all = malloc((total + 1) * sizeof(*all));
	for (i = 0, k = 0; i < clients; i++) {
		memcpy(all + k, w[i].lat, w[i].n * sizeof(*all));
		k += w[i].n;
		free(w[i].lat);
	}
	qsort(all, total, sizeof(*all), cmp);
	printf("clients %d requests %zu rps %.0f p50_ms %.2f p99_ms %.2f errors %ld\n", clients,
	       total, (double)total / elapsed, total ? all[total / 2] : 0,
	       total ? all[(size_t)((double)total * 0.99)] : 0, errors);
	free(all);
	free(w);
	free(kc);
	free((char *)sh.body);
	curl_global_cleanup();
	return errors && errors == (long)total ? 1 : 0;
}
