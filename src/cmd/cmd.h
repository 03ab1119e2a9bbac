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
int cmd_up(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_down(int argc, char **argv);

/*
 * cmd_sim_ensure: the kubeconfig path of the embedded simulator of
 * run_dir (NULL: the default run directory), starting one in the
 * background (at speed, with faults, state in memory) when none runs
 * (speed <= 0: never start one; that none runs is an error);
 * *started says whether it was started here.  Prints errors as cmd.
 * Returns EXIT_*.
 */
struct buf;
int cmd_sim_ensure(const char *cmd, const char *run_dir, double speed,
		   const char *faults, struct buf *kubeconfig, int *started);

/*
 * cmd_fetch_ensure: lay out the lock's pins as `argolab fetch` does
 * (nothing to do, and no source needed, when they are in place), with
 * ARGOLAB_MIRROR and mirror_specs (may be NULL).  Prints what it fetches
 * and errors as cmd.  Without a lock file that is an error only when
 * required.  Returns EXIT_*.
 */
int cmd_fetch_ensure(const char *cmd, const struct opt_list *mirror_specs, int required);

/* cmd_error: print "argolab NAME: error: MSG" for a module failure. */
void cmd_error(const char *name, const char *msg);
/*
 * cmd_write_stdout: write data to stdout and flush, reporting a failed
 * write (a closed pipe, a full disk) as an error.  Returns EXIT_*.
 */
int cmd_write_stdout(const char *name, const char *data, size_t len);

#endif
