/*
 * opt: table-driven option parsing, usage and --help for every command.
 *
 * Each command declares one `struct cmd_spec`: its name, synopsis, a
 * paragraph of description, its options and examples.  The same table
 * drives parsing, the usage line printed on errors, and `--help`
 * (libgit2's cli_opt_spec, git's parse-options).  Parsing accepts
 * `--name value`, `--name=value`, `-n value`, `-nvalue`, bundled short
 * flags, and `--` to end options; `-h`/`--help` is always understood.
 */
#ifndef CMD_OPT_H
#define CMD_OPT_H

#include <stddef.h>

enum opt_type {
	OPT_FLAG,   /* int *: set to 1 */
	OPT_STRING, /* const char **: last one wins */
	OPT_LIST,   /* struct opt_list *: every occurrence, in order */
	OPT_CHOICE, /* const char **: one of choices[] */
	OPT_COUNT,  /* int *: incremented (e.g. -v -v) */
};

struct opt_list {
	const char **items;
	size_t n, alloc;
};

struct opt_spec {
	const char *long_name;
	char short_name;
	enum opt_type type;
	void *target;
	const char *arg_name;
	const char *help;
	const char *const *choices; /* OPT_CHOICE only, NULL-terminated */
};

struct cmd_spec {
	const char *name;        /* "render" or "sim start" */
	const char *args;        /* "[DIR]" */
	const char *summary;     /* one line */
	const char *description; /* paragraphs, may be NULL */
	const struct opt_spec *opts; /* terminated by an entry with no names */
	const char *examples;    /* may be NULL */
	size_t min_args, max_args;
};

enum opt_result {
	OPT_OK = 0,
	OPT_EXIT_HELP = 1,   /* --help printed: exit 0 */
	OPT_EXIT_USAGE = 2,  /* error printed: exit 2 */
};

/*
 * opt_parse: parse argv[1] onwards (argv[0] is the command) against spec.
 * Positional arguments are left in args and nargs (pointers into argv).
 * Prints the error or the help itself.
 */
enum opt_result opt_parse(const struct cmd_spec *spec, int argc, char **argv,
			  char ***args, size_t *nargs);
/*
 * opt_parse_cmd: opt_parse for a command: -1 to go on; else the exit
 * code to return at once (EXIT_OK after --help, EXIT_USAGE after an
 * error, both printed).
 */
int opt_parse_cmd(const struct cmd_spec *spec, int argc, char **argv,
		  char ***args, size_t *nargs);
void opt_print_help(const struct cmd_spec *spec);
void opt_print_usage(const struct cmd_spec *spec);
void opt_list_release(struct opt_list *l);

/*
 * opt_number: the value of option name (as given in s) as a number from
 * min to max (a whole one when whole is set) into *out; s NULL leaves
 * *out alone.  Prints "argolab CMD: NAME must be ..." and returns -1 on
 * a bad value.
 */
int opt_number(const char *cmd, const char *name, const char *s, double min,
	       double max, int whole, double *out);

/* Exit codes of every command. */
enum cmd_exit {
	EXIT_OK = 0,
	EXIT_FAILED = 1,
	EXIT_USAGE = 2,
};

#endif
