/*
 * clock: see clock.h.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"

uint64_t clock_mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

int64_t clock_wall_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void clock_scaled_init(struct clock_scaled *c, double speed)
{
	c->speed = speed > 0 ? speed : 1;
	c->mono0 = clock_mono_ns();
}

int64_t clock_scaled_ms(const struct clock_scaled *c)
{
	double real_ms = (double)(clock_mono_ns() - c->mono0) / 1e6;

	return (int64_t)(real_ms * c->speed);
}

static struct timespec from_ns(uint64_t ns)
{
	struct timespec ts;

	ts.tv_sec = (time_t)(ns / 1000000000ULL);
	ts.tv_nsec = (long)(ns % 1000000000ULL);
	return ts;
}

struct timespec clock_scaled_deadline(const struct clock_scaled *c,
				      int64_t sim_ms)
{
	double real_ns = (double)(sim_ms < 0 ? 0 : sim_ms) * 1e6 / c->speed;

	if (real_ns > 1e18)
		real_ns = 1e18;
	return from_ns(c->mono0 + (uint64_t)real_ns);
}

struct timespec clock_mono_deadline(int64_t ms)
{
	return from_ns(clock_mono_ns() + (uint64_t)(ms < 0 ? 0 : ms) * 1000000ULL);
}

void clock_rfc3339(int64_t wall_ms, char out[21])
{
	time_t t = (time_t)(wall_ms / 1000);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void clock_rfc3339_micro(int64_t wall_us, char out[28])
{
	time_t t = (time_t)(wall_us / 1000000);
	long us = (long)(wall_us % 1000000);
	struct tm tm;
	int i;

	gmtime_r(&t, &tm);
	strftime(out, 20, "%Y-%m-%dT%H:%M:%S", &tm);
	out[19] = '.';
	for (i = 25; i >= 20; i--) {
		out[i] = (char)('0' + us % 10);
		us /= 10;
	}
	out[26] = 'Z';
	out[27] = '\0';
}

long long clock_parse_rfc3339(const char *s)
{
	struct tm tm;
	const char *end;

	if (!s)
		return -1;
	memset(&tm, 0, sizeof(tm));
	end = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
	if (!end)
		return -1;
	if (*end == '.') {
		end++;
		while (*end >= '0' && *end <= '9')
			end++;
	}
	if (!strcmp(end, "Z"))
		return (long long)timegm(&tm);
	/* a numeric offset, as Go's time.RFC3339 reads it: +hh:mm or -hh:mm */
	if ((end[0] == '+' || end[0] == '-') && isdigit((unsigned char)end[1]) &&
	    isdigit((unsigned char)end[2]) && end[3] == ':' &&
	    isdigit((unsigned char)end[4]) && isdigit((unsigned char)end[5]) &&
	    !end[6]) {
		int h = (end[1] - '0') * 10 + (end[2] - '0');
		int m = (end[4] - '0') * 10 + (end[5] - '0');
		long long off = (long long)(h * 60 + m) * 60;

		if (h > 23 || m > 59)
			return -1;
		return (long long)timegm(&tm) - (end[0] == '+' ? off : -off);
	}
	return -1;
}

long long clock_parse_duration_ms(const char *s)
{
	char *end;
	double d;

	if (!s || !*s)
		return -1;
	errno = 0;
	d = strtod(s, &end);
	if (errno || end == s || d < 0)
		return -1;
	if (!strcmp(end, "ms"))
		return (long long)d;
	if (!strcmp(end, "m"))
		return (long long)(d * 60000);
	if (!*end || !strcmp(end, "s"))
		return (long long)(d * 1000);
	return -1;
}

/* k8s.io/apimachinery/pkg/util/duration.HumanDuration */
void clock_human_duration(struct buf *b, long long secs)
{
	long long minutes, hours;

	if (secs < -1) {
		buf_adds(b, "<invalid>");
		return;
	}
	if (secs < 0)
		secs = 0;
	if (secs < 120) {
		buf_addf(b, "%llds", secs);
		return;
	}
	minutes = secs / 60;
	if (minutes < 10) {
		if (secs % 60)
			buf_addf(b, "%lldm%llds", minutes, secs % 60);
		else
			buf_addf(b, "%lldm", minutes);
		return;
	}
	if (minutes < 180) {
		buf_addf(b, "%lldm", minutes);
		return;
	}
	hours = secs / 3600;
	if (hours < 8) {
		if (minutes % 60)
			buf_addf(b, "%lldh%lldm", hours, minutes % 60);
		else
			buf_addf(b, "%lldh", hours);
	} else if (hours < 48) {
		buf_addf(b, "%lldh", hours);
	} else if (hours < 24 * 8) {
		if (hours % 24)
			buf_addf(b, "%lldd%lldh", hours / 24, hours % 24);
		else
			buf_addf(b, "%lldd", hours / 24);
	} else if (hours < 24 * 365 * 2) {
		buf_addf(b, "%lldd", hours / 24);
	} else if (hours < 24 * 365 * 8) {
		if ((hours / 24) % 365)
			buf_addf(b, "%lldy%lldd", hours / 24 / 365, (hours / 24) % 365);
		else
			buf_addf(b, "%lldy", hours / 24 / 365);
	} else {
		buf_addf(b, "%lldy", hours / 24 / 365);
	}
}
