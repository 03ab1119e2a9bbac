/*
 * show: how up, down and status tell a person what happens.
 *
 * On a terminal the components' states are one live block, a line per
 * component with its state and elapsed time, redrawn in place; colour
 * unless NO_COLOR is set.  Otherwise (a pipe, a log) every change is one
 * plain line.  Results go to stdout; progress goes to stderr, so that
 * `argolab up > log` keeps the summary.
 */
#ifndef CMD_SHOW_H
#define CMD_SHOW_H

#include <stdio.h>
#include "../argo/quickstart.h"
#include "../kube/apply.h"
#include "cluster.h"

struct show {
	const char *cmd;
	int quiet;
	struct cmd_term term;   /* of stderr */
	int block_lines;        /* lines of the live block drawn last */
	struct buf last[ARGO_COMPONENT_COUNT]; /* plain mode: what each said last */
	int items_ready_told;
};

void show_init(struct show *s, const char *cmd, int quiet);
void show_release(struct show *s);

/* show_line: "argolab CMD: ..." on stderr, unless quiet */
void show_line(struct show *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* kube_apply_opts callbacks (ctx: struct show *) */
void show_item(void *ctx, const struct kube_item *it);
void show_stage(void *ctx, enum kube_stage st, int begin, size_t n);

/* argo_qs_opts callback (ctx: struct show *), and the end of a wait */
void show_health(void *ctx, const struct argo_qs *qs);
void show_health_end(struct show *s);
/* one line saying the quick-start is healthy, and each component's word */
void show_healthy(struct show *s, const struct argo_qs *qs);

/* "summary: N objects: a created, b configured, ..." on stdout */
void show_counts(struct show *s, const struct kube_apply_result *r);

/* show_state_word: a state, painted for the terminal */
const char *show_state_word(const struct show *s, enum kube_health_state st,
			    struct buf *tmp);

#endif
