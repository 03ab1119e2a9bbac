/*
 * opt: option parsing and help from one table.  See opt.h.
 */
#include <stdarg.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "../base/buf.h"
#include "opt.h"

static int is_end(const struct opt_spec *o)
{
	return !o->long_name && !o->short_name;
}

static const struct opt_spec *find_long(const struct cmd_spec *spec,
					const char *name, size_t len)
{
	const struct opt_spec *o;

	for (o = spec->opts; o && !is_end(o); o++)
		if (o->long_name && strlen(o->long_name) == len &&
		    !strncmp(o->long_name, name, len))
			return o;
	return NULL;
}

static const struct opt_spec *find_short(const struct cmd_spec *spec, char c)
{
	const struct opt_spec *o;

	for (o = spec->opts; o && !is_end(o); o++)
		if (o->short_name == c)
			return o;
	return NULL;
}

static int takes_arg(const struct opt_spec *o)
{
	return o->type == OPT_STRING || o->type == OPT_LIST ||
	       o->type == OPT_CHOICE;
}

static void opt_name(struct buf *b, const struct opt_spec *o)
{
	if (o->long_name)
		buf_addf(b, "--%s", o->long_name);
	else
		buf_addf(b, "-%c", o->short_name);
}

static enum opt_result usage_error(const struct cmd_spec *spec,
				   const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static enum opt_result usage_error(const struct cmd_spec *spec,
				   const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "argolab %s: ", spec->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	opt_print_usage(spec);
	fprintf(stderr, "Run 'argolab %s --help' for more.\n", spec->name);
	return OPT_EXIT_USAGE;
}

static enum opt_result store(const struct cmd_spec *spec,
			     const struct opt_spec *o, const char *value)
{
	struct buf name = BUF_INIT;
	enum opt_result r = OPT_OK;

	switch (o->type) {
	case OPT_FLAG:
		*(int *)o->target = 1;
		break;
	case OPT_COUNT:
		(*(int *)o->target)++;
		break;
	case OPT_STRING:
		*(const char **)o->target = value;
		break;
	case OPT_LIST: {
		struct opt_list *l = o->target;

		ALLOC_GROW(l->items, l->n + 1, l->alloc);
		l->items[l->n++] = value;
		break;
	}
	case OPT_CHOICE: {
		const char *const *c;
		struct buf all = BUF_INIT;

		for (c = o->choices; *c; c++)
			if (!strcmp(*c, value))
				break;
		if (*c) {
			*(const char **)o->target = value;
			break;
		}
		for (c = o->choices; *c; c++)
			buf_addf(&all, "%s%s", c == o->choices ? "" : ", ", *c);
		opt_name(&name, o);
		fprintf(stderr,
			"argolab %s: invalid value '%s' for %s (expected one of: %s)\n",
			spec->name, value, name.ptr, all.ptr);
		buf_release(&all);
		r = OPT_EXIT_USAGE;
		break;
	}
	}
	buf_release(&name);
	return r;
}

enum opt_result opt_parse(const struct cmd_spec *spec, int argc, char **argv,
			  char ***args, size_t *nargs)
{
	char **pos = xcalloc((size_t)argc + 1, sizeof(*pos));
	size_t npos = 0;
	int i, only_args = 0;
	enum opt_result r = OPT_OK;

	for (i = 1; i < argc && r == OPT_OK; i++) {
		char *a = argv[i];

		if (only_args || a[0] != '-' || !a[1]) {
			pos[npos++] = a;
			continue;
		}
		if (!strcmp(a, "--")) {
			only_args = 1;
			continue;
		}
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			opt_print_help(spec);
			r = OPT_EXIT_HELP;
			break;
		}
		if (a[1] == '-') {
			const char *name = a + 2;
			const char *eq = strchr(name, '=');
			size_t len = eq ? (size_t)(eq - name) : strlen(name);
			const struct opt_spec *o = find_long(spec, name, len);

			if (!o) {
				r = usage_error(spec, "unknown option '%s'", a);
				break;
			}
			if (takes_arg(o)) {
				const char *v = eq ? eq + 1 : NULL;

				if (!v) {
					if (i + 1 >= argc) {
						r = usage_error(spec,
								"option '--%s' needs a value",
								o->long_name);
						break;
					}
					v = argv[++i];
				}
				r = store(spec, o, v);
			} else {
				if (eq) {
					r = usage_error(spec,
							"option '--%s' takes no value",
							o->long_name);
					break;
				}
				r = store(spec, o, NULL);
			}
			continue;
		}
		/* short options, possibly bundled: -vv, -ojson, -o json */
		{
			const char *p;

			for (p = a + 1; *p && r == OPT_OK; p++) {
				const struct opt_spec *o = find_short(spec, *p);
				char flag[3] = { '-', *p, 0 };

				if (!o) {
					r = usage_error(spec, "unknown option '%s'",
							flag);
					break;
				}
				if (takes_arg(o)) {
					const char *v = p[1] ? p + 1 : NULL;

					if (!v) {
						if (i + 1 >= argc) {
							r = usage_error(spec,
									"option '%s' needs a value",
									flag);
							break;
						}
						v = argv[++i];
					}
					r = store(spec, o, v);
					break;
				}
				r = store(spec, o, NULL);
			}
		}
	}
	if (r == OPT_OK && npos < spec->min_args)
		r = usage_error(spec, "missing argument %s",
				spec->args ? spec->args : "");
	if (r == OPT_OK && npos > spec->max_args) {
		r = usage_error(spec, "unexpected argument '%s'",
				pos[spec->max_args]);
	}
	if (r != OPT_OK) {
		free(pos);
		*args = NULL;
		*nargs = 0;
		return r;
	}
	*args = pos;
	*nargs = npos;
	return OPT_OK;
}

void opt_print_usage(const struct cmd_spec *spec)
{
	fprintf(stderr, "usage: argolab %s [options]%s%s\n", spec->name,
		spec->args ? " " : "", spec->args ? spec->args : "");
}

void opt_print_help(const struct cmd_spec *spec)
{
	const struct opt_spec *o;
	struct buf b = BUF_INIT;

	printf("usage: argolab %s [options]%s%s\n\n", spec->name,
	       spec->args ? " " : "", spec->args ? spec->args : "");
	printf("%s\n", spec->summary);
	if (spec->description)
		printf("\n%s\n", spec->description);
	printf("\nOptions:\n");
	for (o = spec->opts; o && !is_end(o); o++) {
		buf_reset(&b);
		if (o->short_name)
			buf_addf(&b, "-%c", o->short_name);
		if (o->short_name && o->long_name)
			buf_adds(&b, ", ");
		else if (!o->short_name)
			buf_adds(&b, "    ");
		if (o->long_name)
			buf_addf(&b, "--%s", o->long_name);
		if (takes_arg(o))
			buf_addf(&b, " %s", o->arg_name ? o->arg_name : "VALUE");
		if (b.len < 28)
			printf("  %-28s%s\n", b.ptr, o->help);
		else
			printf("  %s\n  %-28s%s\n", b.ptr, "", o->help);
	}
	printf("  %-28s%s\n", "-h, --help", "show this help and exit");
	if (spec->examples)
		printf("\nExamples:\n%s\n", spec->examples);
	buf_release(&b);
}

void opt_list_release(struct opt_list *l)
{
	free(l->items);
	l->items = NULL;
	l->n = l->alloc = 0;
}

int opt_number(const char *cmd, const char *name, const char *s, double min,
	       double max, int whole, double *out)
{
	char *end;
	double v;

	if (!s)
		return 0;
	errno = 0;
	v = strtod(s, &end);
	if (!*s || *end || errno || v < min || v > max || (whole && v != (double)(long long)v)) {
		fprintf(stderr, "argolab %s: %s must be a %s from %g to %g, not '%s'\n", cmd,
			name, whole ? "whole number" : "number", min, max, s);
		return -1;
	}
	*out = v;
	return 0;
}

int opt_parse_cmd(const struct cmd_spec *spec, int argc, char **argv,
		  char ***args, size_t *nargs)
{
	switch (opt_parse(spec, argc, argv, args, nargs)) {
	case OPT_OK:
		return -1;
	case OPT_EXIT_HELP:
		return EXIT_OK;
	default:
		return EXIT_USAGE;
	}
}
