/*
 * fuzz_simreq: the simulated API server's request path, without HTTP.
 *
 * Input: "METHOD PATH[?QUERY]\nCONTENT-TYPE\nACCEPT\nBODY".  The
 * request goes to sim_api_handle on a store shared by every run (so
 * earlier inputs leave objects for later ones to trip over, as a real
 * server's clients do).  Properties: no crash or sanitizer report; the
 * status is a real HTTP status; a JSON answer parses as JSON and an
 * error answer is a Status with the same code.  Watch streams are
 * opened and closed unread.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/base/alloc.h"
#include "../../src/base/buf.h"
#include "../../src/base/clock.h"
#include "../../src/base/strutil.h"
#include "../../src/sim/api.h"

#define MAX_INPUT (256 * 1024)

struct fctx {
	char *query;   /* "a=b&c=d", decoded lazily */
	const char *ctype, *accept;
	char values[16][512];
	int nvalues;
};

static const char *get_query(void *ctx, const char *key)
{
	struct fctx *f = ctx;
	const char *p = f->query;
	size_t klen = strlen(key);

	while (p && *p) {
		size_t n = strcspn(p, "&");

		if (n > klen && !strncmp(p, key, klen) && p[klen] == '=' && f->nvalues < 16) {
			char *out = f->values[f->nvalues++];
			size_t i, j = 0;

			for (i = klen + 1; i < n && j + 1 < 512; i++) {
				if (p[i] == '%' && i + 2 < n && str_hex_digit(p[i + 1]) >= 0 &&
				    str_hex_digit(p[i + 2]) >= 0) {
					out[j++] = (char)(str_hex_digit(p[i + 1]) * 16 + str_hex_digit(p[i + 2]));
					i += 2;
				} else {
					out[j++] = p[i] == '+' ? ' ' : p[i];
				}
			}
			out[j] = '\0';
			return out;
		}
		p += n;
		if (*p == '&')
			p++;
	}
	return NULL;
}

static const char *get_header(void *ctx, const char *key)
{
	struct fctx *f = ctx;

	if (!strcmp(key, "Content-Type"))
		return *f->ctype ? f->ctype : NULL;
	if (!strcmp(key, "Accept"))
		return *f->accept ? f->accept : NULL;
	if (!strcmp(key, "User-Agent"))
		return "fuzz/1";
	return NULL;
}

static struct sim_store store;
static struct sim_api api;
static struct clock_scaled clk;

/*
 * One store serves many inputs, so that later ones meet what earlier
 * ones made; it starts afresh every RESET_EVERY inputs to keep the
 * fuzzer's memory bounded.
 */
#define RESET_EVERY 2000

static void setup(void)
{
	static int done;
	static unsigned long runs;

	if (done && ++runs % RESET_EVERY == 0) {
		sim_store_release(&store);
		sim_store_init(&store, 2000);
	}
	if (done)
		return;
	done = 1;
	alloc_setup_libraries();
	sim_store_init(&store, 2000);
	clock_scaled_init(&clk, 1);
	api.store = &store;
	api.clock = &clk;
}

/* the next line of (p, n) as a NUL-terminated copy; advances */
static char *line(const char **p, size_t *n)
{
	const char *nl = memchr(*p, '\n', *n);
	size_t len = nl ? (size_t)(nl - *p) : *n;
	char *s = xstrndup(*p, len);

	*p += len + (nl ? 1 : 0);
	*n -= len + (nl ? 1 : 0);
	return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data;
	size_t n = size;
	char *first, *ctype, *accept, *sp, *q;
	struct sim_request req;
	struct sim_response resp;
	struct fctx f;

	if (size > MAX_INPUT)
		return 0;
	setup();
	first = line(&p, &n);
	ctype = line(&p, &n);
	accept = line(&p, &n);
	memset(&f, 0, sizeof(f));
	memset(&req, 0, sizeof(req));
	sp = strchr(first, ' ');
	if (!sp || strlen(first) > 4096)
		goto out;
	*sp = '\0';
	q = strchr(sp + 1, '?');
	if (q)
		*q++ = '\0';
	f.query = q;
	f.ctype = ctype;
	f.accept = accept;
	req.method = first;
	req.path = sp + 1;
	req.query = get_query;
	req.header = get_header;
	req.ctx = &f;
	req.body = p;
	req.body_len = n;
	req.user = "fuzz";
	sim_response_init(&resp);
	sim_api_handle(&api, &req, &resp);
	if (resp.status < 100 || resp.status > 599) {
		fprintf(stderr, "fuzz_simreq: status %d\n", resp.status);
		abort();
	}
	if (!resp.stream && !strncmp(resp.content_type, "application/json", 16)) {
		json_error_t jerr;
		/* \u0000 is valid JSON (Go writes it for a NUL in a string) */
		json_t *v = json_loadb(resp.body.ptr, resp.body.len, JSON_ALLOW_NUL, &jerr);

		if (!v) {
			fprintf(stderr, "fuzz_simreq: a JSON answer that is not JSON (%s): %.200s\n",
				jerr.text, resp.body.ptr);
			abort();
		}
		if (resp.status >= 400 &&
		    (!json_is_integer(json_object_get(v, "code")) ||
		     json_integer_value(json_object_get(v, "code")) != resp.status)) {
			fprintf(stderr, "fuzz_simreq: error %d is not a Status of that code: %.200s\n",
				resp.status, resp.body.ptr);
			abort();
		}
		json_decref(v);
	}
	sim_response_release(&resp);
out:
	free(first);
	free(ctype);
	free(accept);
	return 0;
}
