/*
 * log: level-gated trace output on stderr.  See log.h.
 */
#include <stdarg.h>
#include <stdio.h>

#include "log.h"

static enum log_level current = LOG_QUIET;

void log_set_level(enum log_level level)
{
	current = level;
}

enum log_level log_get_level(void)
{
	return current;
}

void log_msg(enum log_level level, const char *func, const char *fmt, ...)
{
	va_list ap;

	if (level > current)
		return;
	fprintf(stderr, "argolab: %s: ", func);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
