/*
 * log: diagnostics that the user turns on (-v, ARGOLAB_TRACE=1).
 *
 * Modules below cmd/ never print; the one exception is this trace hook,
 * which writes nothing unless cmd/ raised the level.  Untrusted strings
 * (names from manifests, HTTP bodies) must go through log_escape first.
 */
#ifndef BASE_LOG_H
#define BASE_LOG_H

enum log_level {
	LOG_QUIET = 0,
	LOG_INFO = 1,  /* -v */
	LOG_DEBUG = 2, /* -vv or ARGOLAB_TRACE=1 */
};

void log_set_level(enum log_level level);
enum log_level log_get_level(void);
void log_msg(enum log_level level, const char *func, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#define log_info(...) log_msg(LOG_INFO, __func__, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG, __func__, __VA_ARGS__)

#endif
