/*
 * log: level-gated trace output on stderr.  See log.h.
 */
#include <stdarg.h>
#include <stdio.h>

#include "clock.h"
#include "log.h"

static enum log_level current = LOG_QUIET;
static uint64_t t0; /* when the level was raised: the trace's time origin */

void log_set_level(enum log_level level)
{
	current = level;
	t0 = clock_mono_ns();
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
	if (current >= LOG_DEBUG)
		fprintf(stderr, "argolab: %8.3f %s: ", (double)(clock_mono_ns() - t0) / 1e9,
			func);
	else
		fprintf(stderr, "argolab: %s: ", func);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
