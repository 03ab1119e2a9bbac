/*
 * Unit tests for base/diff.h: the unified diff.  The expected texts of
 * the table were made by GNU diff 3.8, `diff -U<ctx> --label a --label b`
 * (labels instead of file names keep timestamps out of the header), and
 * pasted in; diff_unified must print them byte for byte.  The other tests
 * check properties: the hunks patch a into b, the script is as short as
 * the longest common subsequence allows, and the bound on the search.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/base/alloc.h"
#include "../../src/base/buf.h"
#include "../../src/base/diff.h"

struct diff_case {
	const char *name;
	int ctx;
	const char *a, *b, *want;
};

static const struct diff_case cases[] = {
	{ "equal", 3,
	  "1\n2\n3\n4\n5\n",
	  "1\n2\n3\n4\n5\n",
	  "" },
	{ "one_line_in_long_file", 3,
	  "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16\n17\n"
	  "18\n19\n20\n21\n22\n23\n24\n25\n26\n27\n28\n29\n30\n31\n32\n"
	  "33\n34\n35\n36\n37\n38\n39\n40\n",
	  "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16\n17\n"
	  "18\n19\ntwenty\n21\n22\n23\n24\n25\n26\n27\n28\n29\n30\n31\n"
	  "32\n33\n34\n35\n36\n37\n38\n39\n40\n",
	  "--- a\n"
	  "+++ b\n"
	  "@@ -17,7 +17,7 @@\n"
	  " 17\n"
	  " 18\n"
	  " 19\n"
	  "-20\n"
	  "+twenty\n"
	  " 21\n"
	  " 22\n"
	  " 23\n" },
	{ "six_apart_share_a_hunk", 3,
	  "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16\n17\n"
	  "18\n19\n20\n21\n22\n23\n24\n25\n26\n27\n28\n29\n30\n",
	  "1\n2\n3\n4\n5\n6\n7\n8\n9\nX\n11\n12\n13\n14\n15\n16\nY\n"
	  "18\n19\n20\n21\n22\n23\n24\n25\n26\n27\n28\n29\n30\n",
	  "--- a\n"
	  "+++ b\n"
	  "@@ -7,14 +7,14 @@\n"
	  " 7\n"
	  " 8\n"
	  " 9\n"
	  "-10\n"
	  "+X\n"
	  " 11\n"
	  " 12\n"
	  " 13\n"
	  " 14\n"
	  " 15\n"
	  " 16\n"
	  "-17\n"
	  "+Y\n"
	  " 18\n"
	  " 19\n"
	  " 20\n" },
	{ "seven_apart_two_hunks", 3,
	  "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16\n17\n"
	  "18\n19\n20\n21\n22\n23\n24\n25\n26\n27\n28\n29\n30\n",
	  "1\n2\n3\n4\n5\n6\n7\n8\n9\nX\n11\n12\n13\n14\n15\n16\n17\n"
	  "Y\n19\n20\n21\n22\n23\n24\n25\n26\n27\n28\n29\n30\n",
	  "--- a\n"
	  "+++ b\n"
	  "@@ -7,7 +7,7 @@\n"
	  " 7\n"
	  " 8\n"
	  " 9\n"
	  "-10\n"
	  "+X\n"
	  " 11\n"
	  " 12\n"
	  " 13\n"
	  "@@ -15,7 +15,7 @@\n"
	  " 15\n"
	  " 16\n"
	  " 17\n"
	  "-18\n"
	  "+Y\n"
	  " 19\n"
	  " 20\n"
	  " 21\n" },
	{ "additions_only", 3,
	  "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n",
	  "1\n2\n3\n4\n5\nnew a\nnew b\n6\n7\n8\n9\n10\n",
	  "--- a\n"
	  "+++ b\n"
	  "@@ -3,6 +3,8 @@\n"
	  " 3\n"
	  " 4\n"
	  " 5\n"
	  "+new a\n"
	  "+new b\n"
	  " 6\n"
	  " 7\n"
	  " 8\n" },
	{ "deletions_only", 3,
	  "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n",
	  "1\n2\n3\n6\n7\n8\n9\n10\n",
	  "--- a\n"
	  "+++ b\n"
	  "@@ -1,8 +1,6 @@\n"
	  " 1\n"
	  " 2\n"
	  " 3\n"
	  "-4\n"
	  "-5\n"
	  " 6\n"
	  " 7\n"
	  " 8\n" },
	{ "empty_a", 3,
	  "",
	  "one\ntwo\nthree\n",
	  "--- a\n"
	  "+++ b\n"
	  "@@ -0,0 +1,3 @@\n"
	  "+one\n"
	  "+two\n"
	  "+three\n" },
	{ "empty_b", 3,
	  "one\ntwo\nthree\n",
	  "",
	  "--- a\n"
	  "+++ b\n"
	  "@@ -1,3 +0,0 @@\n"
	  "-one\n"
	  "-two\n"
	  "-three\n" },
	{ "empty_a_one_line", 3,
	  "",
	  "one\n",
	  "--- a\n"
	  "+++ b\n"
	  "@@ -0,0 +1 @@\n"
	  "+one\n" },
	{ "single_lines", 3,
	  "a\n",
	  "b\n",
	  "--- a\n"
	  "+++ b\n"
	  "@@ -1 +1 @@\n"
	  "-a\n"
	  "+b\n" },
	{ "change_at_start", 3,
	  "1\n2\n3\n4\n5\n6\n7\n8\n",
	  "first\n2\n3\n4\n5\n6\n7\n8\n",
	  "--- a\n"
	  "+++ b\n"
	  "@@ -1,4 +1,4 @@\n"
	  "-1\n"
	  "+first\n"
	  " 2\n"
	  " 3\n"
	  " 4\n" },
	{ "change_at_end", 3,
	  "1\n2\n3\n4\n5\n6\n7\n8\n",
	  "1\n2\n3\n4\n5\n6\n7\nlast\n",
	  "--- a\n"
	  "+++ b\n"
	  "@@ -5,4 +5,4 @@\n"
	  " 5\n"
	  " 6\n"
	  " 7\n"
	  "-8\n"
	  "+last\n" },
	{ "no_newline_a", 3,
	  "a\nb\nc",
	  "a\nb\nc\n",
	  "--- a\n"
	  "+++ b\n"
	  "@@ -1,3 +1,3 @@\n"
	  " a\n"
	  " b\n"
	  "-c\n"
	  "\\ No newline at end of file\n"
	  "+c\n" },
	{ "no_newline_b", 3,
	  "a\nb\nc\n",
	  "a\nb\nc",
	  "--- a\n"
	  "+++ b\n"
	  "@@ -1,3 +1,3 @@\n"
	  " a\n"
	  " b\n"
	  "-c\n"
	  "+c\n"
	  "\\ No newline at end of file\n" },
	{ "no_newline_both_differ", 3,
	  "a\nb\nc",
	  "a\nb\nd",
	  "--- a\n"
	  "+++ b\n"
	  "@@ -1,3 +1,3 @@\n"
	  " a\n"
	  " b\n"
	  "-c\n"
	  "\\ No newline at end of file\n"
	  "+d\n"
	  "\\ No newline at end of file\n" },
	{ "no_newline_both_context", 3,
	  "a\nb\nc\nd",
	  "a\nB\nc\nd",
	  "--- a\n"
	  "+++ b\n"
	  "@@ -1,4 +1,4 @@\n"
	  " a\n"
	  "-b\n"
	  "+B\n"
	  " c\n"
	  " d\n"
	  "\\ No newline at end of file\n" },
	{ "no_newline_empty_a", 3,
	  "",
	  "x",
	  "--- a\n"
	  "+++ b\n"
	  "@@ -0,0 +1 @@\n"
	  "+x\n"
	  "\\ No newline at end of file\n" },
	{ "no_newline_empty_b", 3,
	  "x",
	  "",
	  "--- a\n"
	  "+++ b\n"
	  "@@ -1 +0,0 @@\n"
	  "-x\n"
	  "\\ No newline at end of file\n" },
	{ "ctx0_two_changes", 0,
	  "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16\n17\n"
	  "18\n19\n20\n21\n22\n23\n24\n25\n26\n27\n28\n29\n30\n",
	  "1\n2\n3\n4\n5\n6\n7\n8\n9\nX\n11\nY\n13\n14\n15\n16\n17\n"
	  "18\n19\n20\n21\n22\n23\n24\n25\n26\n27\n28\n29\n30\n",
	  "--- a\n"
	  "+++ b\n"
	  "@@ -10 +10 @@\n"
	  "-10\n"
	  "+X\n"
	  "@@ -12 +12 @@\n"
	  "-12\n"
	  "+Y\n" },
	{ "ctx0_deletion", 0,
	  "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n",
	  "1\n2\n3\n4\n6\n7\n8\n9\n10\n",
	  "--- a\n"
	  "+++ b\n"
	  "@@ -5 +4,0 @@\n"
	  "-5\n" },
	{ "ctx0_addition", 0,
	  "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n",
	  "1\n2\n3\n4\n5\nnew\n6\n7\n8\n9\n10\n",
	  "--- a\n"
	  "+++ b\n"
	  "@@ -5,0 +6 @@\n"
	  "+new\n" },
	{ "ctx0_addition_at_start", 0,
	  "b\nc\n",
	  "a\nb\nc\n",
	  "--- a\n"
	  "+++ b\n"
	  "@@ -0,0 +1 @@\n"
	  "+a\n" },
	{ "ctx1_gap_two", 1,
	  "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n",
	  "1\n2\nX\n4\n5\nY\n7\n8\n9\n10\n",
	  "--- a\n"
	  "+++ b\n"
	  "@@ -2,6 +2,6 @@\n"
	  " 2\n"
	  "-3\n"
	  "+X\n"
	  " 4\n"
	  " 5\n"
	  "-6\n"
	  "+Y\n"
	  " 7\n" },
	{ "ctx1_gap_three", 1,
	  "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n",
	  "1\n2\nX\n4\n5\n6\nY\n8\n9\n10\n",
	  "--- a\n"
	  "+++ b\n"
	  "@@ -2,3 +2,3 @@\n"
	  " 2\n"
	  "-3\n"
	  "+X\n"
	  " 4\n"
	  "@@ -6,3 +6,3 @@\n"
	  " 6\n"
	  "-7\n"
	  "+Y\n"
	  " 8\n" },
	{ "ctx_past_both_ends", 10,
	  "1\n2\n3\n4\n",
	  "1\nX\n3\n4\n",
	  "--- a\n"
	  "+++ b\n"
	  "@@ -1,4 +1,4 @@\n"
	  " 1\n"
	  "-2\n"
	  "+X\n"
	  " 3\n"
	  " 4\n" },
	{ "deletion_among_repeats", 3,
	  "a\nb\nc\nb\nc\nd\n",
	  "a\nb\nc\nd\n",
	  "--- a\n"
	  "+++ b\n"
	  "@@ -1,6 +1,4 @@\n"
	  " a\n"
	  " b\n"
	  " c\n"
	  "-b\n"
	  "-c\n"
	  " d\n" },
	{ "deletions_slide_down", 0,
	  "c\na\na\n",
	  "b\na\nb\n",
	  "--- a\n"
	  "+++ b\n"
	  "@@ -1,2 +1 @@\n"
	  "-c\n"
	  "-a\n"
	  "+b\n"
	  "@@ -3,0 +3 @@\n"
	  "+b\n" },
	{ "additions_slide_down", 1,
	  "b\na\n",
	  "a\na\nb\n",
	  "--- a\n"
	  "+++ b\n"
	  "@@ -1,2 +1,3 @@\n"
	  "-b\n"
	  " a\n"
	  "+a\n"
	  "+b\n" },
	{ "slide_back_to_face_change", 3,
	  "b\nb\n",
	  "a\nb\n",
	  "--- a\n"
	  "+++ b\n"
	  "@@ -1,2 +1,2 @@\n"
	  "-b\n"
	  "+a\n"
	  " b\n" },
	{ "slide_back_to_face_change_ctx1", 1,
	  "a\na\n",
	  "c\na\n",
	  "--- a\n"
	  "+++ b\n"
	  "@@ -1,2 +1,2 @@\n"
	  "-a\n"
	  "+c\n"
	  " a\n" },
	{ "no_slide_into_common_first_lines", 0,
	  "b\na\n",
	  "b\nb\na\na\nb\n",
	  "--- a\n"
	  "+++ b\n"
	  "@@ -1,0 +2 @@\n"
	  "+b\n"
	  "@@ -2,0 +4,2 @@\n"
	  "+a\n"
	  "+b\n" },
	{ "no_slide_into_common_last_lines", 0,
	  "c\nb\nb\n",
	  "b\nb\na\nb\n",
	  "--- a\n"
	  "+++ b\n"
	  "@@ -1 +0,0 @@\n"
	  "-c\n"
	  "@@ -2,0 +2,2 @@\n"
	  "+b\n"
	  "+a\n" },
	{ "face_change_at_ctx0", 0,
	  "a\nx\nb\nx\nc\n",
	  "a\nx\nB\nc\n",
	  "--- a\n"
	  "+++ b\n"
	  "@@ -3,2 +3 @@\n"
	  "-b\n"
	  "-x\n"
	  "+B\n" },
	{ "repeated_lines", 3,
	  "a\nb\na\nb\na\n",
	  "b\na\nb\n",
	  "--- a\n"
	  "+++ b\n"
	  "@@ -1,5 +1,3 @@\n"
	  "-a\n"
	  " b\n"
	  " a\n"
	  " b\n"
	  "-a\n" },
};

Test(diff, cases_as_gnu_diff_prints_them)
{
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct diff_case *c = &cases[i];
		struct buf out = BUF_INIT;
		int rc;

		/* diff_unified appends: what was there stays */
		buf_adds(&out, "kept\n");
		rc = diff_unified(c->a, strlen(c->a), c->b, strlen(c->b), "a", "b",
				  c->ctx, &out);
		cr_expect_eq(rc, *c->want != '\0', "%s: returned %d", c->name, rc);
		cr_expect(!strncmp(out.ptr, "kept\n", 5), "%s", c->name);
		cr_expect_str_eq(out.ptr + 5, c->want, "%s", c->name);
		buf_release(&out);
	}
}

/* empty texts may come as NULL */
Test(diff, null_texts)
{
	struct buf out = BUF_INIT;

	cr_assert_eq(diff_unified(NULL, 0, NULL, 0, "a", "b", 3, &out), 0);
	cr_assert_eq(diff_unified(NULL, 0, "x\n", 2, "a", "b", 3, &out), 1);
	cr_assert_str_eq(out.ptr, "--- a\n+++ b\n@@ -0,0 +1 @@\n+x\n");
	buf_release(&out);
}

struct lines {
	const char **p;
	size_t *n; /* with the '\n' */
	long nr;
};

static void lines_split(struct lines *l, const char *s, size_t len)
{
	size_t i = 0, alloc = 0, alloc_n = 0;

	l->p = NULL;
	l->n = NULL;
	l->nr = 0;
	while (i < len) {
		const char *nl = memchr(s + i, '\n', len - i);
		size_t n = nl ? (size_t)(nl - (s + i)) + 1 : len - i;

		ALLOC_GROW(l->p, (size_t)l->nr + 1, alloc);
		ALLOC_GROW(l->n, (size_t)l->nr + 1, alloc_n);
		l->p[l->nr] = s + i;
		l->n[l->nr++] = n;
		i += n;
	}
}

static void lines_release(struct lines *l)
{
	free(l->p);
	free(l->n);
}

/* the numbers of a range "l" or "l,s"; end points past them */
static int parse_range(const char *p, char mark, long *first, long *count,
		       const char **end)
{
	char *e;

	if (*p != mark)
		return -1;
	*first = strtol(p + 1, &e, 10);
	*count = 1;
	if (*e == ',')
		*count = strtol(e + 1, &e, 10);
	*end = e;
	return 0;
}

/*
 * apply: patch a with the unified diff d as patch(1) would without fuzz:
 * every context and '-' line must be in a where the hunk says, the
 * counts of the header must match the body, hunks come in order.  The
 * result goes to out; *edits counts the '-' and '+' lines, *hunks the
 * hunks.  Returns 0, or -1 with a reason in *why.
 */
static int apply(const char *a, size_t alen, const char *d,
		 struct buf *out, long *edits, long *hunks, const char **why)
{
	struct lines la, ld;
	long ai = 0, di = 0, written = 0;
	int rc = -1;

	lines_split(&la, a, alen);
	lines_split(&ld, d, strlen(d));
	*edits = *hunks = 0;
	if (ld.nr < 2 || strncmp(ld.p[0], "--- ", 4) || strncmp(ld.p[1], "+++ ", 4)) {
		*why = "no header";
		goto done;
	}
	for (di = 2; di < ld.nr;) {
		long os, oc, ns, nc, at;
		const char *p = ld.p[di];

		if (strncmp(p, "@@ ", 3) || parse_range(p + 3, '-', &os, &oc, &p) ||
		    *p != ' ' || parse_range(p + 1, '+', &ns, &nc, &p) ||
		    strncmp(p, " @@\n", 4)) {
			*why = "bad hunk header";
			goto done;
		}
		(*hunks)++;
		di++;
		/* an empty range names the line before it */
		at = oc ? os - 1 : os;
		if (at < ai || at > la.nr || (nc ? ns - 1 : ns) != written + (at - ai)) {
			*why = "hunk out of place";
			goto done;
		}
		for (; ai < at; ai++, written++)
			buf_add(out, la.p[ai], la.n[ai]);
		while (oc > 0 || nc > 0) {
			const char *t;
			size_t n;
			char mark;

			if (di >= ld.nr) {
				*why = "hunk cut short";
				goto done;
			}
			mark = ld.p[di][0];
			t = ld.p[di] + 1;
			n = ld.n[di] - 1;
			di++;
			if (di < ld.nr && ld.p[di][0] == '\\') {
				if (strncmp(ld.p[di], "\\ No newline at end of file\n", ld.n[di])) {
					*why = "bad marker";
					goto done;
				}
				n--; /* the '\n' diff added */
				di++;
			}
			if (mark == ' ' || mark == '-') {
				if (ai >= la.nr || la.n[ai] != n || memcmp(la.p[ai], t, n)) {
					*why = "context or '-' line not in a";
					goto done;
				}
				ai++;
				oc--;
			}
			if (mark == ' ' || mark == '+') {
				buf_add(out, t, n);
				written++;
				nc--;
			}
			if (mark == '-' || mark == '+')
				(*edits)++;
			else if (mark != ' ') {
				*why = "bad line mark";
				goto done;
			}
			if (oc < 0 || nc < 0) {
				*why = "counts do not match the body";
				goto done;
			}
		}
	}
	for (; ai < la.nr; ai++)
		buf_add(out, la.p[ai], la.n[ai]);
	rc = 0;
done:
	lines_release(&la);
	lines_release(&ld);
	return rc;
}

/* the fewest '-' and '+' lines that turn a into b (O(N*M) on small texts) */
static long shortest_edits(const char *a, const char *b)
{
	struct lines la, lb;
	long i, j, *row, *prev, lcs, d;

	lines_split(&la, a, strlen(a));
	lines_split(&lb, b, strlen(b));
	row = xcalloc((size_t)lb.nr + 1, sizeof(*row));
	prev = xcalloc((size_t)lb.nr + 1, sizeof(*prev));
	for (i = 1; i <= la.nr; i++) {
		long *t;

		for (j = 1; j <= lb.nr; j++) {
			if (la.n[i - 1] == lb.n[j - 1] &&
			    !memcmp(la.p[i - 1], lb.p[j - 1], la.n[i - 1]))
				row[j] = prev[j - 1] + 1;
			else
				row[j] = row[j - 1] > prev[j] ? row[j - 1] : prev[j];
		}
		t = prev;
		prev = row;
		row = t;
	}
	lcs = prev[lb.nr];
	d = la.nr + lb.nr - 2 * lcs;
	free(row);
	free(prev);
	lines_release(&la);
	lines_release(&lb);
	return d;
}

static unsigned long long rng_state = 0x9e3779b97f4a7c15ULL;

static unsigned rnd(unsigned n)
{
	/* xorshift64* */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (unsigned)((rng_state * 2685821657736338717ULL) >> 33) % n;
}

static void random_text(struct buf *t, unsigned alphabet, unsigned maxlines)
{
	unsigned i, n = rnd(maxlines + 1);

	for (i = 0; i < n; i++) {
		buf_addc(t, (char)('a' + rnd(alphabet)));
		buf_addc(t, '\n');
	}
	if (t->len && !rnd(5))
		buf_setlen(t, t->len - 1);
}

/* b made from a by a few random insertions, deletions and replacements */
static void mutate(struct buf *b, const char *a, unsigned alphabet)
{
	struct lines l;
	long i;

	lines_split(&l, a, strlen(a));
	for (i = 0; i <= l.nr; i++) {
		unsigned r = rnd(10);

		if (r == 0) {
			buf_addc(b, (char)('a' + rnd(alphabet)));
			buf_addc(b, '\n');
		}
		if (i == l.nr)
			break;
		if (r == 1)
			continue;
		if (r == 2) {
			buf_addc(b, (char)('a' + rnd(alphabet)));
			buf_addc(b, '\n');
			continue;
		}
		buf_add(b, l.p[i], l.n[i]);
	}
	lines_release(&l);
}

Test(diff, random_pairs_patch_back_and_are_shortest)
{
	int round;

	for (round = 0; round < 500; round++) {
		struct buf a = BUF_INIT, b = BUF_INIT, d = BUF_INIT, got = BUF_INIT;
		unsigned alphabet = 2 + rnd(6);
		int ctx = (int)rnd(5), rc;
		long edits, hunks;
		const char *why = "";

		random_text(&a, alphabet, 30);
		if (rnd(2))
			mutate(&b, a.ptr, alphabet);
		else
			random_text(&b, alphabet, 30);
		rc = diff_unified(a.ptr, a.len, b.ptr, b.len, "a", "b", ctx, &d);
		cr_assert_eq(rc, strcmp(a.ptr, b.ptr) != 0, "round %d", round);
		if (rc) {
			cr_assert_eq(apply(a.ptr, a.len, d.ptr, &got, &edits, &hunks, &why),
				     0, "round %d: %s\n%s", round, why, d.ptr);
			cr_assert_str_eq(got.ptr, b.ptr, "round %d\n%s", round, d.ptr);
			cr_assert_eq(edits, shortest_edits(a.ptr, b.ptr), "round %d\n%s",
				     round, d.ptr);
		} else {
			cr_assert_eq(d.len, 0);
		}
		buf_release(&a);
		buf_release(&b);
		buf_release(&d);
		buf_release(&got);
	}
}

/*
 * A YAML-like text of n lines, most of them repeated throughout, as in a
 * CustomResourceDefinition.  With edit, every 3,000th line is changed in
 * one of three ways; each change uses lines found elsewhere in the text,
 * so the search has to place it.
 */
static void yamlish(struct buf *t, long n, int edit)
{
	static const char *const shapes[] = {
		NULL, /* "      - name: f<i>\n" */
		"        type: string\n",
		"        description: a field\n",
		"        type: object\n",
		"        properties:\n",
		"          x-kubernetes-preserve-unknown-fields: true\n",
	};
	long i;

	for (i = 0; i < n; i++) {
		long place = i % 3000 == 1501 ? i / 3000 : -1;

		if (edit && place % 3 == 0) {
			buf_adds(t, "        type: object\n"); /* for a type: string */
			continue;
		}
		if (edit && place % 3 == 1)
			continue; /* a type: string deleted */
		if (i % 6)
			buf_adds(t, shapes[i % 6]);
		else
			buf_addf(t, "      - name: f%ld\n", i / 6);
		if (edit && place % 3 == 2)
			buf_adds(t, "        properties:\n"); /* one added */
	}
}

Test(diff, large_texts_ten_changes)
{
	struct buf a = BUF_INIT, b = BUF_INIT, d = BUF_INIT, got = BUF_INIT;
	long edits, hunks;
	const char *why = "";

	yamlish(&a, 30000, 0);
	yamlish(&b, 30000, 1);
	cr_assert_eq(diff_unified(a.ptr, a.len, b.ptr, b.len, "a", "b", 3, &d), 1);
	cr_assert_eq(apply(a.ptr, a.len, d.ptr, &got, &edits, &hunks, &why), 0,
		     "%s", why);
	cr_assert_str_eq(got.ptr, b.ptr);
	cr_assert_eq(hunks, 10);
	/* four replacements (2 lines each), three deletions, three additions */
	cr_assert_eq(edits, 14);
	buf_release(&a);
	buf_release(&b);
	buf_release(&d);
	buf_release(&got);
}

/* a: n "x" lines then n "y"; b: the other way round; 2n edits at best */
static void swapped_halves(struct buf *a, struct buf *b, long n)
{
	long i;

	for (i = 0; i < 2 * n; i++) {
		buf_adds(a, i < n ? "x\n" : "y\n");
		buf_adds(b, i < n ? "y\n" : "x\n");
	}
}

static const struct {
	long n;        /* the search needs 2n edits */
	long edits;    /* '-' and '+' lines printed */
	long hunks;
	const char *header; /* of the first hunk */
} bound_cases[] = {
	/* within DIFF_MAX_EDITS: the shortest script, n lines kept */
	{ 4000, 8000, 2, "@@ -1,4003 +1,3 @@\n" },
	/* past it: everything replaced, in one hunk */
	{ 6000, 24000, 1, "@@ -1,12000 +1,12000 @@\n" },
};

Test(diff, search_bound_replaces_everything_past_it)
{
	size_t i;

	for (i = 0; i < sizeof(bound_cases) / sizeof(bound_cases[0]); i++) {
		struct buf a = BUF_INIT, b = BUF_INIT, d = BUF_INIT, got = BUF_INIT;
		long edits, hunks, n = bound_cases[i].n;
		const char *why = "";

		swapped_halves(&a, &b, n);
		cr_assert_eq(diff_unified(a.ptr, a.len, b.ptr, b.len, "a", "b", 3, &d), 1);
		cr_assert_eq(apply(a.ptr, a.len, d.ptr, &got, &edits, &hunks, &why), 0,
			     "n %ld: %s", n, why);
		cr_assert_str_eq(got.ptr, b.ptr);
		cr_expect_eq(edits, bound_cases[i].edits, "n %ld: %ld edits", n, edits);
		cr_expect_eq(hunks, bound_cases[i].hunks, "n %ld", n);
		cr_expect(!strncmp(d.ptr + strlen("--- a\n+++ b\n"),
				   bound_cases[i].header, strlen(bound_cases[i].header)),
			  "n %ld: %.60s", n, d.ptr);
		buf_release(&a);
		buf_release(&b);
		buf_release(&d);
		buf_release(&got);
	}
}
