/*
 * err: per-thread last-error message.  See err.h.
 *
 * The message lives in a fixed per-thread array: setting an error never
 * allocates, so it works on every path, and an over-long message is cut,
 * not lost.
 */
#include <stdio.h>
#include <string.h>

#include "err.h"

#define ERR_MSG_MAX 4096

static _Thread_local char last_msg[ERR_MSG_MAX];
static _Thread_local int last_code;

int err_setv(int code, const char *fmt, va_list ap)
{
	vsnprintf(last_msg, sizeof(last_msg), fmt, ap);
	last_code = code;
	return code;
}

int err_set(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_setv(code, fmt, ap);
	va_end(ap);
	return code;
}

void err_prefix(const char *fmt, ...)
{
	char old[ERR_MSG_MAX];
	size_t n;
	va_list ap;

	memcpy(old, last_msg, sizeof(old));
	va_start(ap, fmt);
	vsnprintf(last_msg, sizeof(last_msg), fmt, ap);
	va_end(ap);
	n = strlen(last_msg);
	if (n < sizeof(last_msg) - 1) {
		size_t m = strlen(old);

		if (m > sizeof(last_msg) - 1 - n)
			m = sizeof(last_msg) - 1 - n;
		memcpy(last_msg + n, old, m);
		last_msg[n + m] = '\0';
	}
}

const char *err_last(void)
{
	return last_msg;
}

int err_last_code(void)
{
	return last_code;
}

void err_clear(void)
{
	last_msg[0] = '\0';
	last_code = 0;
}

const char *err_name(int code)
{
	switch (code) {
	case ERR_OK:
		return "ok";
	case ERR_GENERIC:
		return "generic";
	case ERR_NOTFOUND:
		return "notfound";
	case ERR_INVALID:
		return "invalid";
	case ERR_CONFLICT:
		return "conflict";
	case ERR_TIMEOUT:
		return "timeout";
	case ERR_HTTP:
		return "http";
	case ERR_TOOBIG:
		return "toobig";
	case ERR_IO:
		return "io";
	case ERR_UNSUPPORTED:
		return "unsupported";
	case ERR_RESTRICTED:
		return "restricted";
	case ERR_CYCLE:
		return "cycle";
	}
	return "unknown";
}
