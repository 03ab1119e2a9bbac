/*
 * main: the command table and dispatch.
 *
 * argolab COMMAND [options] [args].  Every command answers --help; the
 * exit codes are 0 (ok), 1 (failed) and 2 (usage).
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/err.h"
#include "base/log.h"
#include "base/strutil.h"
#include "cmd/cmd.h"

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{ "fetch", cmd_fetch,
	  "lay out the pinned upstream manifests, verified by sha256" },
	{ "render", cmd_render,
	  "build a kustomization (or a profile) and print the YAML" },
	{ "up", cmd_up,
	  "bring the quick-start up on a cluster (or --sim) and wait until healthy" },
	{ "status", cmd_status,
	  "say whether the quick-start is healthy, and why not" },
	{ "diff", cmd_diff,
	  "show what up would change, as a unified diff" },
	{ "down", cmd_down,
	  "delete what up applied, and wait until it is gone" },
	{ "sim", cmd_sim,
	  "the embedded simulated cluster: start, stop, status, kubeconfig" },
	{ NULL, NULL, NULL },
};

static void print_help(void)
{
	const struct command *c;

	printf("usage: argolab [--version] [--help] COMMAND [options] [args]\n\n");
	printf("argolab sets up an Argo Workflows quick-start on a local Kubernetes\n"
	       "cluster, checks that it is healthy and runs behaviour experiments.\n\n");
	printf("Commands:\n");
	for (c = commands; c->name; c++)
		printf("  %-12s%s\n", c->name, c->summary);
	printf("\nRun 'argolab COMMAND --help' for the options of a command.\n");
	printf("Exit codes: 0 ok, 1 failed, 2 usage error.\n");
}

static void print_version(void)
{
	printf("argolab %s (%s)\n", ARGOLAB_VERSION, ARGOLAB_GIT);
}

void cmd_error(const char *name, const char *msg)
{
	fprintf(stderr, "argolab %s: error: %s\n", name, msg);
}

int cmd_write_stdout(const char *name, const char *data, size_t len)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = write(1, data + done, len - done);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EPIPE)
				return EXIT_FAILED;
			fprintf(stderr, "argolab %s: error: cannot write output: %s\n",
				name, strerror(errno));
			return EXIT_FAILED;
		}
		done += (size_t)n;
	}
	return EXIT_OK;
}

int main(int argc, char **argv)
{
	const struct command *c;
	const char *name;

	alloc_setup_libraries();
	signal(SIGPIPE, SIG_IGN);
	if (getenv("ARGOLAB_TRACE") && *getenv("ARGOLAB_TRACE") &&
	    strcmp(getenv("ARGOLAB_TRACE"), "0"))
		log_set_level(LOG_DEBUG);

	if (argc < 2) {
		print_help();
		return EXIT_USAGE;
	}
	name = argv[1];
	if (!strcmp(name, "--help") || !strcmp(name, "-h") ||
	    !strcmp(name, "help")) {
		if (!strcmp(name, "help") && argc > 2) {
			char *sub[] = { argv[2], (char *)"--help", NULL };

			for (c = commands; c->name; c++)
				if (!strcmp(c->name, argv[2]))
					return c->fn(2, sub);
		}
		print_help();
		return EXIT_OK;
	}
	if (!strcmp(name, "--version") || !strcmp(name, "version")) {
		print_version();
		return EXIT_OK;
	}
	for (c = commands; c->name; c++)
		if (!strcmp(c->name, name))
			return c->fn(argc - 1, argv + 1);

	fprintf(stderr, "argolab: '%s' is not a command; see 'argolab --help'\n",
		name);
	for (c = commands; c->name; c++) {
		if (str_edit_distance(c->name, name) <= 2) {
			fprintf(stderr, "\nThe most similar command is\n\t%s\n",
				c->name);
			break;
		}
	}
	return EXIT_USAGE;
}
