/*
 * nameref: rewrite references to renamed objects (see nameref.c).
 */
#ifndef RENDER_NAMEREF_H
#define RENDER_NAMEREF_H

#include "res.h"

/* nameref_fix: ERR_CONFLICT when a reference is ambiguous. */
int nameref_fix(struct resmap *m);

#endif
