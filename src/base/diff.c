/*
 * diff: unified line diff.  See diff.h.
 *
 * The steps, each over whole lines:
 *
 *  1. Split both texts into lines (a line keeps its '\n'; the last one
 *     may lack it, and then differs from the same text with one, as in
 *     GNU diff) and intern them: each distinct line gets a small integer,
 *     so that every later comparison is one integer compare.
 *  2. Set aside the common first and last lines, and mark as changed
 *     every line of the rest that does not occur on the other side: it is
 *     a change in every edit script, so the search need not see it.  On a
 *     rewritten YAML object most changed lines are of this kind.
 *  3. Run Myers' linear-space search ("An O(ND) Difference Algorithm and
 *     Its Variations", 1986, section 4b) on what remains: find the middle
 *     snake of a shortest edit script by searching from both corners at
 *     once, recurse on the two halves.  Time O((N+M)D), memory O(N+M).
 *     When the top-level search passes DIFF_MAX_EDITS edits it stops and
 *     the whole remaining region is marked changed (one replace hunk), so
 *     the work is at most O((N+M) * DIFF_MAX_EDITS) on any input.
 *  4. Slide each run of changed lines down as far as equal lines allow,
 *     merging with runs it meets, then back up to the last position where
 *     it faces a change on the other side.  A shortest script is not
 *     unique ("a\nb\na\n" against "a\n": which "a" went?); this is the
 *     choice GNU diff makes, so our hunks are the ones it prints.
 *  5. Print the hunks: changes at most 2 * ctx unchanged lines apart share
 *     a hunk; within a change the '-' lines come before the '+' lines.
 *
 * Steps 2 and 4 look only ctx lines into the common first and last lines,
 * because GNU diff reads no further; with that, its output and ours agree
 * byte for byte on every pair of texts we have tried, but for one kind:
 * where its own speed-ups (for lines with many matches, or a costly
 * search) settle for a longer edit script, ours is the shorter one.
 *
 * The changed flags are the whole state between the steps: a[i] is
 * deleted when sa.chg[i], b[j] inserted when sb.chg[j], and the unchanged
 * lines of a and b pair up in order.
 */
#include <assert.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "diff.h"
#include "strmap.h"

struct line {
	const char *p;
	size_t n; /* with its '\n' when it has one */
};

struct side {
	struct line *line;
	long nr;
	long *id;  /* equivalence class of each line (step 1) */
	char *chg; /* line deleted (a) or inserted (b) */
	long lo, hi; /* the window changes stay in (mark_changes) */
};

static void side_split(struct side *s, const char *p, size_t len)
{
	const char *end, *nl;
	long nr = 0;

	s->id = NULL;
	if (!len) {
		/* p may be NULL */
		s->nr = s->lo = s->hi = 0;
		s->line = xcalloc(1, sizeof(*s->line));
		s->chg = xcalloc(1, 1);
		return;
	}
	end = p + len;
	for (nl = p; nl < end && (nl = memchr(nl, '\n', (size_t)(end - nl))); nl++)
		nr++;
	if (p[len - 1] != '\n')
		nr++;
	s->nr = nr;
	s->lo = 0;
	s->hi = nr;
	s->line = xcalloc((size_t)nr + 1, sizeof(*s->line));
	s->chg = xcalloc((size_t)nr + 1, 1);
	for (nr = 0; p < end; nr++) {
		nl = memchr(p, '\n', (size_t)(end - p));
		s->line[nr].p = p;
		s->line[nr].n = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);
		p += s->line[nr].n;
	}
}

static void side_release(struct side *s)
{
	free(s->line);
	free(s->id);
	free(s->chg);
}

static void intern(struct strmap *m, struct side *s, long *nclass)
{
	long i;

	s->id = xreallocarray(NULL, (size_t)s->nr + 1, sizeof(*s->id));
	for (i = 0; i < s->nr; i++) {
		const struct line *l = &s->line[i];
		struct strmap_entry *e = strmap_find(m, l->p, l->n);

		if (e) {
			s->id[i] = (long)(intptr_t)e->value - 1;
		} else {
			s->id[i] = (*nclass)++;
			strmap_put(m, l->p, l->n, (void *)(intptr_t)(s->id[i] + 1));
		}
	}
}

/*
 * The search of step 3 over the lines it sees: xv/yv their classes,
 * xchg/ychg where it marks them changed.  fd and bd hold, per diagonal
 * k = x - y, the furthest x a forward (from the top left) or backward
 * (from the bottom right) path with the current number of edits reaches.
 */
struct myers {
	const long *xv, *yv;
	char *xchg, *ychg;
	long *fd, *bd; /* offset so that any diagonal, -1 and +1, indexes them */
	long max_cost; /* edits from each end before the search gives up */
};

/*
 * split: find where a shortest edit script of x[xoff, xlim) into
 * y[yoff, ylim) crosses its middle, searching forward and backward one
 * edit at a time until the two frontiers meet on a diagonal.  Both ranges
 * are non-empty and differ at both ends.  Sets (*xmid, *ymid), a point of
 * a shortest script strictly inside the box; -1 when the search would take
 * more than max_cost edits from each end.
 */
static int split(const struct myers *m, long xoff, long xlim, long yoff,
		 long ylim, long *xmid, long *ymid)
{
	const long *xv = m->xv, *yv = m->yv;
	long *fd = m->fd, *bd = m->bd;
	long dmin = xoff - ylim, dmax = xlim - yoff; /* diagonals in the box */
	long fmid = xoff - yoff, bmid = xlim - ylim; /* the corners' */
	long flo = fmid, fhi = fmid, blo = bmid, bhi = bmid;
	int odd = (int)((fmid - bmid) & 1);
	long c, k, x, y;

	fd[fmid] = xoff;
	bd[bmid] = xlim;
	for (c = 1; c <= m->max_cost; c++) {
		long plo = flo, phi = fhi;

		/*
		 * Forward, edit c: the diagonals reached widen by one each
		 * way until a side of the box stops them; past it the parity
		 * flips, so the range shrinks by one instead.
		 */
		flo = flo > dmin ? flo - 1 : flo + 1;
		fhi = fhi < dmax ? fhi + 1 : fhi - 1;
		for (k = fhi; k >= flo; k -= 2) {
			/* a deletion from k - 1 or an insertion from k + 1 */
			long del = k - 1 >= plo ? fd[k - 1] + 1 : -1;
			long ins = k + 1 <= phi ? fd[k + 1] : -1;

			x = del > ins ? del : ins;
			y = x - k;
			while (x < xlim && y < ylim && xv[x] == yv[y])
				x++, y++;
			fd[k] = x;
			if (odd && k >= blo && k <= bhi && bd[k] <= x) {
				*xmid = x;
				*ymid = y;
				return 0;
			}
		}

		/* backward, edit c, the mirror image */
		plo = blo;
		phi = bhi;
		blo = blo > dmin ? blo - 1 : blo + 1;
		bhi = bhi < dmax ? bhi + 1 : bhi - 1;
		for (k = bhi; k >= blo; k -= 2) {
			/* a deletion from k + 1 or an insertion from k - 1 */
			long del = k + 1 <= phi ? bd[k + 1] - 1 : LONG_MAX;
			long ins = k - 1 >= plo ? bd[k - 1] : LONG_MAX;

			x = del < ins ? del : ins;
			y = x - k;
			while (x > xoff && y > yoff && xv[x - 1] == yv[y - 1])
				x--, y--;
			bd[k] = x;
			if (!odd && k >= flo && k <= fhi && x <= fd[k]) {
				*xmid = x;
				*ymid = y;
				return 0;
			}
		}
	}
	return -1;
}

/*
 * compare: mark the changes of a shortest edit script of x[xoff, xlim)
 * into y[yoff, ylim).  -1 when split gave up (the marks are then partial).
 * The halves of a split need at most half the edits, so the recursion is
 * O(log D) deep and only the first split can give up.
 */
static int compare(const struct myers *m, long xoff, long xlim, long yoff,
		   long ylim)
{
	long xmid, ymid;

	while (xoff < xlim && yoff < ylim && m->xv[xoff] == m->yv[yoff])
		xoff++, yoff++;
	while (xlim > xoff && ylim > yoff && m->xv[xlim - 1] == m->yv[ylim - 1])
		xlim--, ylim--;
	if (xoff == xlim || yoff == ylim) {
		memset(m->xchg + xoff, 1, (size_t)(xlim - xoff));
		memset(m->ychg + yoff, 1, (size_t)(ylim - yoff));
		return 0;
	}
	if (split(m, xoff, xlim, yoff, ylim, &xmid, &ymid) < 0)
		return -1;
	assert(xoff <= xmid && xmid <= xlim && yoff <= ymid && ymid <= ylim);
	assert((xmid > xoff || ymid > yoff) && (xmid < xlim || ymid < ylim));
	if (compare(m, xoff, xmid, yoff, ymid) < 0)
		return -1;
	return compare(m, xmid, xlim, ymid, ylim);
}

/*
 * The lines of s in [lo, hi) that occur in o's window go into the search
 * (keep[] their indexes in s, ids[] their classes); the others are marked
 * changed.  Returns how many were kept.
 */
static long keep_matched(struct side *s, long lo, long hi, const long *ocount,
			 long *keep, long *ids)
{
	long i, n = 0;

	for (i = lo; i < hi; i++) {
		if (ocount[s->id[i]]) {
			keep[n] = i;
			ids[n++] = s->id[i];
		} else {
			s->chg[i] = 1;
		}
	}
	return n;
}

static long *count_classes(const struct side *s, long nclass)
{
	long *cnt = xcalloc((size_t)nclass, sizeof(*cnt)), i;

	for (i = s->lo; i < s->hi; i++)
		cnt[s->id[i]]++;
	return cnt;
}

/*
 * steps 2 and 3: mark the changed lines of sa and sb (classes set) and
 * set their windows: the lines between the common first and last ones,
 * and ctx more each way.  GNU diff reads no further into the common lines
 * than the context it prints, so what it counts and slides stays there.
 */
static void mark_changes(struct side *sa, struct side *sb, long nclass,
			 long ctx)
{
	long lo = 0, ahi = sa->nr, bhi = sb->nr, nx, ny, i, *cnt_a, *cnt_b;
	long *xkeep, *ykeep, *xv, *yv;
	struct myers m;
	int gave_up;

	while (lo < ahi && lo < bhi && sa->id[lo] == sb->id[lo])
		lo++;
	while (ahi > lo && bhi > lo && sa->id[ahi - 1] == sb->id[bhi - 1])
		ahi--, bhi--;
	sa->lo = sb->lo = lo > ctx ? lo - ctx : 0;
	sa->hi = sa->nr - ahi > ctx ? ahi + ctx : sa->nr;
	sb->hi = sb->nr - bhi > ctx ? bhi + ctx : sb->nr;

	cnt_a = count_classes(sa, nclass);
	cnt_b = count_classes(sb, nclass);
	xkeep = xreallocarray(NULL, (size_t)(ahi - lo) + 1, sizeof(*xkeep));
	ykeep = xreallocarray(NULL, (size_t)(bhi - lo) + 1, sizeof(*ykeep));
	xv = xreallocarray(NULL, (size_t)(ahi - lo) + 1, sizeof(*xv));
	yv = xreallocarray(NULL, (size_t)(bhi - lo) + 1, sizeof(*yv));
	nx = keep_matched(sa, lo, ahi, cnt_b, xkeep, xv);
	ny = keep_matched(sb, lo, bhi, cnt_a, ykeep, yv);

	m.xv = xv;
	m.yv = yv;
	m.xchg = xcalloc((size_t)nx + 1, 1);
	m.ychg = xcalloc((size_t)ny + 1, 1);
	/* diagonals run from -ny to nx; one more on each side for k +- 1 */
	m.fd = xreallocarray(NULL, (size_t)(nx + ny + 3), sizeof(*m.fd));
	m.bd = xreallocarray(NULL, (size_t)(nx + ny + 3), sizeof(*m.bd));
	m.fd += ny + 1;
	m.bd += ny + 1;
	/* D = 2c - 1 or 2c edits meet after c from each end */
	m.max_cost = (DIFF_MAX_EDITS + 1) / 2;
	gave_up = compare(&m, 0, nx, 0, ny) < 0;

	for (i = 0; i < nx; i++)
		if (gave_up || m.xchg[i])
			sa->chg[xkeep[i]] = 1;
	for (i = 0; i < ny; i++)
		if (gave_up || m.ychg[i])
			sb->chg[ykeep[i]] = 1;

	free(m.fd - (ny + 1));
	free(m.bd - (ny + 1));
	free(m.xchg);
	free(m.ychg);
	free(xv);
	free(yv);
	free(xkeep);
	free(ykeep);
	free(cnt_a);
	free(cnt_b);
}

/*
 * step 4 for the runs of s, within its window, o being the other side.
 * u counts the unchanged lines of s before the run; the run faces a
 * change in o when the gap between o's unchanged lines u - 1 and u is
 * not empty.
 */
static void slide(struct side *s, const struct side *o)
{
	long *ounch = xreallocarray(NULL, (size_t)o->nr + 1, sizeof(*ounch));
	long nu = 0, i = 0, u = 0, start, end, len, faced;

	for (start = 0; start < o->nr; start++)
		if (!o->chg[start])
			ounch[nu++] = start;
	ounch[nu] = o->nr;

#define FACES(u) (ounch[(u)] > 0 && o->chg[ounch[(u)] - 1])
	for (;;) {
		while (i < s->nr && !s->chg[i])
			i++, u++;
		if (i == s->nr)
			break;
		start = i;
		while (i < s->nr && s->chg[i])
			i++;
		end = i;

		do {
			len = end - start;
			/* up, merging with the runs above */
			while (start > s->lo && s->id[start - 1] == s->id[end - 1]) {
				s->chg[--start] = 1;
				s->chg[--end] = 0;
				u--;
				while (start > 0 && s->chg[start - 1])
					start--;
			}
			/* then down as far as it goes, noting where it faces a change */
			faced = FACES(u) ? end : -1;
			while (end < s->hi && s->id[start] == s->id[end]) {
				s->chg[start++] = 0;
				s->chg[end++] = 1;
				u++;
				while (end < s->nr && s->chg[end])
					end++;
				if (FACES(u))
					faced = end;
			}
		} while (len != end - start);

		/* the last pass merged nothing, so this retraces it */
		while (faced >= 0 && end > faced) {
			s->chg[--start] = 1;
			s->chg[--end] = 0;
			u--;
		}
		i = end;
	}
#undef FACES
	free(ounch);
}

static void add_line(struct buf *out, char mark, const struct line *l)
{
	buf_addc(out, mark);
	buf_add(out, l->p, l->n);
	if (!l->n || l->p[l->n - 1] != '\n')
		buf_adds(out, "\n\\ No newline at end of file\n");
}

/* a hunk's range: "l,s" from the 0-based first line and the count */
static void add_range(struct buf *out, char mark, long first, long count)
{
	if (count == 0)
		buf_addf(out, "%c%ld,0", mark, first);
	else if (count == 1)
		buf_addf(out, "%c%ld", mark, first + 1);
	else
		buf_addf(out, "%c%ld,%ld", mark, first + 1, count);
}

/* one change: a[a0, a1) replaced by b[b0, b1) */
struct change {
	long a0, a1, b0, b1;
};

static long find_changes(const struct side *sa, const struct side *sb,
			 struct change **out)
{
	long i = 0, j = 0, n = 0;
	size_t alloc = 0;
	struct change *v = NULL;

	for (;;) {
		while (i < sa->nr && j < sb->nr && !sa->chg[i] && !sb->chg[j])
			i++, j++;
		if (i == sa->nr && j == sb->nr)
			break;
		ALLOC_GROW(v, (size_t)n + 1, alloc);
		v[n].a0 = i;
		v[n].b0 = j;
		while (i < sa->nr && sa->chg[i])
			i++;
		while (j < sb->nr && sb->chg[j])
			j++;
		v[n].a1 = i;
		v[n].b1 = j;
		/* the unchanged lines pair up, so a change is never empty */
		assert(v[n].a1 > v[n].a0 || v[n].b1 > v[n].b0);
		n++;
	}
	*out = v;
	return n;
}

static void print_hunks(const struct side *sa, const struct side *sb,
			const struct change *v, long n, long ctx,
			struct buf *out)
{
	long h, e, k, i;

	for (h = 0; h < n; h = e) {
		long pre, post, a0, a1, b0;

		/* changes whose gap is at most 2 * ctx lines share a hunk */
		for (e = h + 1; e < n && v[e].a0 - v[e - 1].a1 <= 2 * ctx; e++)
			;
		pre = v[h].a0 < ctx ? v[h].a0 : ctx;
		post = sa->nr - v[e - 1].a1 < ctx ? sa->nr - v[e - 1].a1 : ctx;
		a0 = v[h].a0 - pre;
		a1 = v[e - 1].a1 + post;
		b0 = v[h].b0 - pre;
		buf_adds(out, "@@ ");
		add_range(out, '-', a0, a1 - a0);
		buf_addc(out, ' ');
		add_range(out, '+', b0, v[e - 1].b1 + post - b0);
		buf_adds(out, " @@\n");

		i = a0;
		for (k = h; k < e; k++) {
			for (; i < v[k].a0; i++)
				add_line(out, ' ', &sa->line[i]);
			for (; i < v[k].a1; i++)
				add_line(out, '-', &sa->line[i]);
			for (i = v[k].b0; i < v[k].b1; i++)
				add_line(out, '+', &sb->line[i]);
			i = v[k].a1;
		}
		for (; i < a1; i++)
			add_line(out, ' ', &sa->line[i]);
	}
}

int diff_unified(const char *a, size_t alen, const char *b, size_t blen,
		 const char *label_a, const char *label_b, int ctx, struct buf *out)
{
	struct side sa, sb;
	struct change *v = NULL;
	long n;

	assert(ctx >= 0);
	if (alen == blen && (!alen || !memcmp(a, b, alen)))
		return 0;
	side_split(&sa, a, alen);
	side_split(&sb, b, blen);
	if (!sa.nr || !sb.nr) {
		/* nothing to search: everything is added or removed */
		memset(sa.chg, 1, (size_t)sa.nr);
		memset(sb.chg, 1, (size_t)sb.nr);
	} else {
		struct strmap classes = STRMAP_INIT;
		long nclass = 0;

		intern(&classes, &sa, &nclass);
		intern(&classes, &sb, &nclass);
		strmap_release(&classes);
		mark_changes(&sa, &sb, nclass, ctx);
		slide(&sa, &sb);
		slide(&sb, &sa);
	}

	n = find_changes(&sa, &sb, &v);
	if (n) {
		buf_addf(out, "--- %s\n+++ %s\n", label_a, label_b);
		print_hunks(&sa, &sb, v, n, ctx, out);
	}
	free(v);
	side_release(&sa);
	side_release(&sb);
	return n > 0;
}
