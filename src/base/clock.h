/*
 * clock: real time, and the scalable clock of the simulated cluster.
 *
 * Real time comes in two kinds: monotonic (for measuring and waiting,
 * never jumps) and wall (for timestamps people read).  The scaled clock
 * maps real elapsed time to simulated elapsed time at a fixed speed, so
 * a 30-second probe delay at --speed 100 takes 300 ms: every simulated
 * duration in the program is measured on it, and every wait for a
 * simulated deadline is converted back to real time through it.
 * A scaled clock is read-only after init and safe to share.
 */
#ifndef BASE_CLOCK_H
#define BASE_CLOCK_H

#include <stdint.h>
#include <time.h>

#include "buf.h"

/* clock_mono_ns: monotonic nanoseconds (CLOCK_MONOTONIC). */
uint64_t clock_mono_ns(void);

/* clock_wall_ms: milliseconds since the Unix epoch (CLOCK_REALTIME). */
int64_t clock_wall_ms(void);

struct clock_scaled {
	double speed;    /* simulated seconds per real second, > 0 */
	uint64_t mono0;  /* real monotonic start */
};

/* clock_scaled_init: a scaled clock starting at 0 now. */
void clock_scaled_init(struct clock_scaled *c, double speed);

/* clock_scaled_ms: simulated milliseconds since init. */
int64_t clock_scaled_ms(const struct clock_scaled *c);

/*
 * clock_scaled_deadline: the absolute CLOCK_MONOTONIC time at which the
 * simulated clock reaches sim_ms (for pthread_cond_timedwait with a
 * monotonic condition variable).
 */
struct timespec clock_scaled_deadline(const struct clock_scaled *c,
				      int64_t sim_ms);

/* clock_mono_deadline: CLOCK_MONOTONIC now plus ms, as a timespec. */
struct timespec clock_mono_deadline(int64_t ms);

/*
 * clock_rfc3339: wall_ms as "2006-01-02T15:04:05Z" (UTC, whole seconds,
 * as Kubernetes writes metav1.Time) into out.
 */
void clock_rfc3339(int64_t wall_ms, char out[21]);

/*
 * clock_rfc3339_micro: the same with microseconds
 * ("2006-01-02T15:04:05.000000Z", metav1.MicroTime, used by Leases and
 * Events), into out.
 */
void clock_rfc3339_micro(int64_t wall_us, char out[28]);

/*
 * clock_parse_rfc3339: seconds since the epoch, or -1 if malformed.
 * Takes what Go's time.RFC3339 parses: optional fractional seconds
 * (dropped), then "Z" or a "+hh:mm"/"-hh:mm" offset.
 */
long long clock_parse_rfc3339(const char *s);

/*
 * clock_parse_duration_ms: a duration as people write it: a
 * non-negative number with the unit "ms", "s" or "m", or none for
 * seconds ("250ms", "1.5s", "2m", "30").  Milliseconds, or -1 when s
 * is NULL, empty, out of range or malformed.
 */
long long clock_parse_duration_ms(const char *s);

/*
 * clock_human_duration: secs as kubectl prints ages ("5s", "2m30s",
 * "3h", "4d"; k8s.io/apimachinery/pkg/util/duration.HumanDuration),
 * appended to out.  Below -1 gives "<invalid>"; -1 counts as 0 (clock
 * skew).
 */
void clock_human_duration(struct buf *out, long long secs);

#endif
