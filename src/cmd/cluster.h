/*
 * cluster: what up, status, diff and down share: which cluster (the
 * embedded simulator or a kubeconfig context), the client and discovery
 * for it, and the profile to render.
 */
#ifndef CMD_CLUSTER_H
#define CMD_CLUSTER_H

#include <jansson.h>

#include "../base/buf.h"
#include "../kube/client.h"
#include "../kube/config.h"
#include "../kube/discovery.h"
#include "opt.h"

#define DEFAULT_INVENTORY "quickstart"
#define DEFAULT_PROFILE "default"

struct cluster_flags {
	const char *kubeconfig;
	const char *context;
	const char *namespace;
	const char *sim_dir;
	const char *inventory;
	int sim;
	int verbose;
};

/* the option table entries of struct cluster_flags f */
#define CLUSTER_OPTS(f)                                                                   \
	{ "sim", 0, OPT_FLAG, &(f).sim, NULL,                                             \
	  "use the embedded simulated cluster (argolab sim)", NULL },                     \
	{ "kubeconfig", 0, OPT_STRING, &(f).kubeconfig, "FILE",                           \
	  "the kubeconfig (default: $KUBECONFIG, else ~/.kube/config)", NULL },           \
	{ "context", 0, OPT_STRING, &(f).context, "NAME",                                 \
	  "the kubeconfig context (default: its current-context)", NULL },                \
	{ "namespace", 'n', OPT_STRING, &(f).namespace, "NS",                             \
	  "the namespace of objects that name none (default: the context's)", NULL },     \
	{ "inventory", 0, OPT_STRING, &(f).inventory, "NAME",                             \
	  "the inventory: what argolab applied, recorded in the cluster (default " DEFAULT_INVENTORY ")", NULL }, \
	{ "sim-dir", 0, OPT_STRING, &(f).sim_dir, "DIR",                                  \
	  "the simulator's run directory (default $XDG_STATE_HOME/argolab/sim)", NULL },  \
	{ "verbose", 'v', OPT_COUNT, &(f).verbose, NULL,                                  \
	  "log requests and retries (-vv: every request)", NULL }

struct cmd_cluster {
	struct kube_config cfg;
	struct kube_client *client;
	struct kube_discovery disc;
	struct buf kubeconfig;   /* the sim's, when --sim */
	int sim_started;         /* the simulator was started by this command */
	const char *inventory;
};

struct cluster_start {
	int start_sim;           /* with --sim: start a simulator when none runs */
	double sim_speed;
	const char *sim_faults;
	int parallel;            /* 0: the client's default */
};

/*
 * cmd_cluster_open: the cluster of f: with --sim the simulator's
 * kubeconfig (started as st says), else the kubeconfig and context of
 * f; the client and its discovery.  Prints errors as cmd.  EXIT_*.
 */
int cmd_cluster_open(const char *cmd, const struct cluster_flags *f,
		     const struct cluster_start *st, struct cmd_cluster *out);
void cmd_cluster_close(struct cmd_cluster *c);

/* cmd_cluster_name: "the simulated cluster" or "context NAME", for messages. */
const char *cmd_cluster_name(const struct cmd_cluster *c, struct buf *tmp);

/*
 * cmd_profile_dir: the kustomization to render: DIR when given (as it
 * is), else profiles/PROFILE (a plain name: no '/'), which must exist.
 * Prints errors as cmd.  EXIT_*.
 */
int cmd_profile_dir(const char *cmd, const char *profile, const char *dir,
		    struct buf *out);

/*
 * cmd_load_objects: the objects of a YAML or JSON stream, as kubectl
 * apply -f reads one (documents cut at "---" lines, the first of each
 * piece; List objects unwrapped; "-" is stdin), into a new array *out.
 * Prints errors as cmd.  EXIT_*.
 */
int cmd_load_objects(const char *cmd, const char *file, json_t **out);

/*
 * cmd_duration: the value of option name as a duration ("90s", "5m",
 * "250ms"; a bare number is seconds) in ms into *out; NULL leaves *out.
 * Prints the error; -1 on a bad value.
 */
int cmd_duration(const char *cmd, const char *name, const char *s, long *out);

/* cmd_term: how to print for people: on a terminal, with colour (NO_COLOR unset) */
struct cmd_term {
	int tty;
	int color;
};
void cmd_term_init(struct cmd_term *t, int fd);
/* cmd_term_paint: s in colour code ("32" green, "33" yellow, "31" red) when colour is on */
const char *cmd_term_paint(const struct cmd_term *t, const char *code, const char *s,
			   struct buf *tmp);

#endif
