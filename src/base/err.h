/*
 * err: error codes and the per-thread last-error message.
 *
 * Fallible functions return 0 on success and a negative code from the
 * enum below on failure; the human-readable detail is left in a
 * per-thread buffer read with err_last() (libgit2's git_error_last).
 * The first message set for a failure is the root cause and is kept:
 * callers that only propagate a code must not overwrite it.  When a
 * caller handles an error it calls err_clear().
 *
 * The numeric values are part of our interface (tests assert them):
 * append new codes, never renumber.
 */
#ifndef BASE_ERR_H
#define BASE_ERR_H

#include <stdarg.h>

enum err_code {
	ERR_OK = 0,
	ERR_GENERIC = -1,     /* anything not listed below */
	ERR_NOTFOUND = -2,    /* a file, object or key does not exist */
	ERR_INVALID = -3,     /* malformed or semantically wrong input */
	ERR_CONFLICT = -4,    /* two things disagree (duplicates, versions) */
	ERR_TIMEOUT = -5,
	ERR_HTTP = -6,
	ERR_TOOBIG = -7,      /* input over a configured size cap */
	ERR_IO = -8,          /* the operating system refused a read/write */
	ERR_UNSUPPORTED = -9, /* valid input we deliberately do not handle */
	ERR_RESTRICTED = -10, /* a load outside the allowed root */
	ERR_CYCLE = -11,      /* a reference cycle between inputs */
};

/*
 * err_set: record a message for the current thread and return code, so
 * that `return err_set(ERR_INVALID, "...")` reads naturally.
 */
int err_set(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int err_setv(int code, const char *fmt, va_list ap);

/*
 * err_prefix: prepend context ("file.yaml: ") to the current message.
 * Used once at a boundary that knows the context the lower layer lacked.
 */
void err_prefix(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* err_last: the current thread's message, "" when none.  Borrowed. */
const char *err_last(void);
/* err_last_code: the code passed to the last err_set, 0 when cleared. */
int err_last_code(void);
void err_clear(void);

/* err_name: a stable short name for a code ("notfound"), for tests. */
const char *err_name(int code);

#endif
