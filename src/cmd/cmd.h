/*
 * cmd: the subcommands of argolab, one file each under src/cmd/.
 *
 * How to add a subcommand:
 *   1. write src/cmd/<name>.c with a `static const struct cmd_spec` that
 *      describes it (see opt.h) and one exported function
 *      `int cmd_<name>(int argc, char **argv)` returning an EXIT_* code;
 *   2. declare it below and add one line to the table in src/main.c;
 *   3. add tests/cli/tNNNN-<name>-*.sh; t0001 checks that every command
 *      in `argolab --help` answers --help.
 * A command file is glue: parse options, call the module, print.  The
 * logic lives in the module so other commands and tests can reuse it.
 */
#ifndef CMD_CMD_H
#define CMD_CMD_H

#include "opt.h"

int cmd_fetch(int argc, char **argv);
int cmd_render(int argc, char **argv);
int cmd_sim(int argc, char **argv);

/* cmd_error: print "argolab NAME: error: MSG" for a module failure. */
void cmd_error(const char *name, const char *msg);
/*
 * cmd_write_stdout: write data to stdout and flush, reporting a failed
 * write (a closed pipe, a full disk) as an error.  Returns EXIT_*.
 */
int cmd_write_stdout(const char *name, const char *data, size_t len);

#endif
