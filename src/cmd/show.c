/*
 * show: see show.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "show.h"

void show_init(struct show *s, const char *cmd, int quiet)
{
	size_t i;

	memset(s, 0, sizeof(*s));
	s->cmd = cmd;
	s->quiet = quiet;
	cmd_term_init(&s->term, 2);
	for (i = 0; i < ARGO_COMPONENT_COUNT; i++)
		buf_init(&s->last[i], 0);
}

void show_release(struct show *s)
{
	size_t i;

	for (i = 0; i < ARGO_COMPONENT_COUNT; i++)
		buf_release(&s->last[i]);
}

void show_line(struct show *s, const char *fmt, ...)
{
	va_list ap;

	if (s->quiet)
		return;
	fprintf(stderr, "argolab %s: ", s->cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

const char *show_state_word(const struct show *s, enum kube_health_state st,
			    struct buf *tmp)
{
	static const char *const colour[] = { "32", "33", "31", "31" };

	return cmd_term_paint(&s->term, colour[st], kube_health_state_name(st), tmp);
}

void show_item(void *ctx, const struct kube_item *it)
{
	struct show *s = ctx;
	struct buf label = BUF_INIT;

	if (it->action == KUBE_UNCHANGED || it->action == KUBE_PENDING)
		return;
	if (it->action == KUBE_FAILED) {
		fprintf(stderr, "  %s\n", it->msg.ptr);
		return;
	}
	if (s->quiet)
		return;
	kube_item_label(it, &label);
	fprintf(stderr, "  %s %s\n", label.ptr, kube_action_name(it->action));
	buf_release(&label);
}

void show_stage(void *ctx, enum kube_stage st, int begin, size_t n)
{
	struct show *s = ctx;

	if (s->quiet || !begin)
		return;
	fprintf(stderr, "argolab %s: %s: %zu object%s\n", s->cmd, kube_stage_name(st), n,
		n == 1 ? "" : "s");
}

static void fmt_elapsed(struct buf *out, long ms)
{
	buf_reset(out);
	if (ms < 60000)
		buf_addf(out, "%.1fs", (double)ms / 1000);
	else
		buf_addf(out, "%ldm%02lds", ms / 60000, (ms / 1000) % 60);
}

void show_health(void *ctx, const struct argo_qs *qs)
{
	struct show *s = ctx;
	struct buf el = BUF_INIT, word = BUF_INIT;
	size_t i;

	if (s->quiet)
		return;
	if (s->term.tty) {
		if (s->block_lines)
			fprintf(stderr, "\033[%dA", s->block_lines);
		s->block_lines = 0;
		for (i = 0; i < ARGO_COMPONENT_COUNT; i++) {
			const struct argo_component *c = &qs->comp[i];

			if (!c->present)
				continue;
			fmt_elapsed(&el, c->ready_ms >= 0 ? c->ready_ms : qs->elapsed_ms);
			fprintf(stderr, "\033[2K  %-20s %-12s %7s  %.*s\n", c->name,
				show_state_word(s, c->state, &word), el.ptr, 100, c->reason.ptr);
			s->block_lines++;
		}
		fprintf(stderr, "\033[2K  %-20s %zu of %zu ready\n", "objects", qs->nready, qs->n);
		s->block_lines++;
	} else {
		for (i = 0; i < ARGO_COMPONENT_COUNT; i++) {
			const struct argo_component *c = &qs->comp[i];
			struct buf now = BUF_INIT;

			if (!c->present)
				continue;
			buf_addf(&now, "%s: %s", kube_health_state_name(c->state), c->reason.ptr);
			if (strcmp(now.ptr, s->last[i].ptr)) {
				fmt_elapsed(&el, qs->elapsed_ms);
				fprintf(stderr, "  [%6s] %s %s\n", el.ptr, c->name, now.ptr);
				buf_reset(&s->last[i]);
				buf_add(&s->last[i], now.ptr, now.len);
			}
			buf_release(&now);
		}
		if (qs->nready == qs->n && !s->items_ready_told) {
			fmt_elapsed(&el, qs->elapsed_ms);
			fprintf(stderr, "  [%6s] all %zu objects ready\n", el.ptr, qs->n);
			s->items_ready_told = 1;
		}
	}
	buf_release(&el);
	buf_release(&word);
}

void show_health_end(struct show *s)
{
	s->block_lines = 0;
}

void show_healthy(struct show *s, const struct argo_qs *qs)
{
	size_t i;
	int first = 1;

	(void)s;
	printf("healthy in %.1f s:", (double)qs->elapsed_ms / 1000);
	for (i = 0; i < ARGO_COMPONENT_COUNT; i++) {
		if (!qs->comp[i].present)
			continue;
		printf("%s %s (%s)", first ? "" : ",", qs->comp[i].name, qs->comp[i].reason.ptr);
		first = 0;
	}
	printf("%s%zu objects ready\n", first ? " " : "; ", qs->nready);
}

void show_counts(struct show *s, const struct kube_apply_result *r)
{
	(void)s;
	printf("summary: %zu objects: %zu created, %zu configured, %zu unchanged, %zu pruned",
	       r->n, r->counts[KUBE_CREATED], r->counts[KUBE_CONFIGURED],
	       r->counts[KUBE_UNCHANGED], r->counts[KUBE_PRUNED]);
	if (r->counts[KUBE_DELETED])
		printf(", %zu deleted", r->counts[KUBE_DELETED]);
	if (r->counts[KUBE_FAILED])
		printf(", %zu failed", r->counts[KUBE_FAILED]);
	printf("\n");
}
