/*
 * diff: the line-based unified diff of two texts, byte for byte as GNU
 * diff -u prints it, for `argolab diff` (what `argolab up` would change
 * in objects rendered as YAML).
 *
 * The edit script is Myers' O((N+M)D) shortest edit script in its
 * linear-space form; a search that needs more than DIFF_MAX_EDITS edits
 * gives up and replaces the whole differing region instead, so that time
 * and memory stay bounded on any input.  See diff.c.
 */
#ifndef BASE_DIFF_H
#define BASE_DIFF_H

#include <stddef.h>

#include "buf.h"

/*
 * The largest edit distance searched for, counted over the lines that occur
 * on both sides (a line found on one side only is a change in any script
 * and costs no search).  Beyond it the result is one hunk that removes
 * everything between the common first and last lines and adds the new.
 */
#define DIFF_MAX_EDITS 10000

/*
 * diff_unified: append to out the unified diff of text a (label_a) and b
 * (label_b), line by line, with ctx lines of context (3 in diff -u):
 * "--- label_a\n+++ label_b\n" then hunks "@@ -l,s +l,s @@\n" with ' ', '-', '+'
 * lines, exactly as GNU diff -u prints them (including the ",s" omission when
 * s == 1, "-0,0"/"+0,0" forms for empty sides, and "\ No newline at end of file"
 * when the last line lacks a newline).  Returns 1 when the texts differ,
 * 0 when they are equal (nothing is appended then).
 *
 * a and b are borrowed and need not be NUL-terminated; out must have no
 * size cap (out of memory dies in xmalloc).  ctx must not be negative.
 */
int diff_unified(const char *a, size_t alen, const char *b, size_t blen,
		 const char *label_a, const char *label_b, int ctx, struct buf *out);

#endif
