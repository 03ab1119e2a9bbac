/*
 * sim: argolab sim start | stop | status | kubeconfig
 *
 * The embedded simulated cluster (src/sim/sim.h).  Its run directory,
 * $XDG_STATE_HOME/argolab/sim (~/.local/state/argolab/sim), holds the
 * kubeconfig (0600), the CA and serving certificate, the token (0600),
 * the pid and info.json (port, speed, state) of the running simulator,
 * and sim.log when detached.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "../base/buf.h"
#include "../base/clock.h"
#include "../base/err.h"
#include "../base/fs.h"
#include "../base/log.h"
#include "../sim/sim.h"
#include "cmd.h"

static void default_run_dir(struct buf *out)
{
	const char *x = getenv("XDG_STATE_HOME"), *home = getenv("HOME");

	buf_reset(out);
	if (x && *x)
		buf_addf(out, "%s/argolab/sim", x);
	else
		buf_addf(out, "%s/.local/state/argolab/sim", home && *home ? home : ".");
}

static void run_file(struct buf *out, const char *dir, const char *name)
{
	buf_reset(out);
	path_join(out, dir, name);
}

/* the pid of a live simulator of this run dir, or 0 */
static pid_t running_pid(const char *dir)
{
	struct buf p = BUF_INIT, text = BUF_INIT;
	pid_t pid = 0;

	run_file(&p, dir, "pid");
	if (fs_read_file(p.ptr, 64, &text) == 0) {
		long v = strtol(text.ptr, NULL, 10);

		if (v > 0 && (kill((pid_t)v, 0) == 0 || errno == EPERM))
			pid = (pid_t)v;
	}
	err_clear();
	buf_release(&p);
	buf_release(&text);
	return pid;
}

static json_t *read_info(const char *dir)
{
	struct buf p = BUF_INIT, text = BUF_INIT;
	json_t *info = NULL;

	run_file(&p, dir, "info.json");
	if (fs_read_file(p.ptr, 1 << 16, &text) == 0)
		info = json_loadb(text.ptr, text.len, 0, NULL);
	err_clear();
	buf_release(&p);
	buf_release(&text);
	return info;
}

static int write_info(const char *dir, int port, double speed, const char *state)
{
	struct buf p = BUF_INIT, pidtext = BUF_INIT;
	char now[21];
	json_t *info;
	char *text;
	int err;

	clock_rfc3339(clock_wall_ms(), now);
	info = json_pack("{s:i, s:i, s:f, s:s?, s:s, s:s}", "pid", (int)getpid(), "port", port,
			 "speed", speed, "stateDir", state, "started", now, "server", "");
	{
		struct buf url = BUF_INIT;

		buf_addf(&url, "https://127.0.0.1:%d", port);
		json_object_set_new(info, "server", json_string(url.ptr));
		buf_release(&url);
	}
	text = json_dumps(info, JSON_INDENT(2));
	json_decref(info);
	run_file(&p, dir, "info.json");
	err = fs_write_atomic(p.ptr, text, strlen(text), 0644);
	free(text);
	if (!err) {
		buf_addf(&pidtext, "%d\n", (int)getpid());
		run_file(&p, dir, "pid");
		err = fs_write_atomic(p.ptr, pidtext.ptr, pidtext.len, 0644);
	}
	buf_release(&p);
	buf_release(&pidtext);
	return err;
}

/*
 * Remove the pid and info files, but only those of process owner (0:
 * whoever wrote them): a simulator that is slow to exit must not remove
 * the files of the one started after it.
 */
static void remove_run_files(const char *dir, pid_t owner)
{
	struct buf p = BUF_INIT, text = BUF_INIT;

	run_file(&p, dir, "pid");
	if (owner && (fs_read_file(p.ptr, 64, &text) < 0 ||
		      strtol(text.ptr, NULL, 10) != (long)owner)) {
		err_clear();
		goto done;
	}
	unlink(p.ptr);
	run_file(&p, dir, "info.json");
	unlink(p.ptr);
done:
	buf_release(&p);
	buf_release(&text);
}

/* ------------------------------------------------------------------ */
/* start                                                               */


/* serve until SIGINT or SIGTERM; ready_fd (if >= 0) hears "ok PORT" or the error */
static int serve(const struct sim_options *o, int ready_fd, int quiet)
{
	struct sim_server *srv = NULL;
	sigset_t set;
	int sig = 0, err;
	struct buf kc = BUF_INIT, line = BUF_INIT;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	err = sim_server_start(o, &srv);
	if (err < 0) {
		if (ready_fd >= 0) {
			buf_addf(&line, "error %s", err_last());
			if (write(ready_fd, line.ptr, line.len) < 0)
				err = -1;
			close(ready_fd);
		} else {
			cmd_error("sim start", err_last());
		}
		buf_release(&line);
		return EXIT_FAILED;
	}
	write_info(o->run_dir, sim_server_port(srv), o->speed, o->state_dir);
	run_file(&kc, o->run_dir, "kubeconfig");
	if (ready_fd >= 0) {
		buf_addf(&line, "ok %d", sim_server_port(srv));
		if (write(ready_fd, line.ptr, line.len) < 0)
			err = -1;
		close(ready_fd);
	} else if (!quiet) {
		printf("argolab sim: serving the Kubernetes API on https://127.0.0.1:%d (speed %gx%s%s)\n"
		       "  export KUBECONFIG=%s\n"
		       "  kubectl get nodes\n"
		       "Stop with Ctrl-C or 'argolab sim stop'.\n",
		       sim_server_port(srv), o->speed, o->state_dir ? ", state in " : "",
		       o->state_dir ? o->state_dir : "", kc.ptr);
		fflush(stdout);
	}
	while (sigwait(&set, &sig) == 0 && sig == SIGHUP)
		;
	sim_server_stop(srv);
	remove_run_files(o->run_dir, getpid());
	buf_release(&kc);
	buf_release(&line);
	return EXIT_OK;
}

/*
 * Fork a simulator that serves o in the background (its own session,
 * output to run_dir/sim.log) and wait until it serves or fails; *port
 * receives where it listens.  Prints errors as cmd.  EXIT_*.
 */
static int start_detached(const char *cmd, const struct sim_options *o, int *port)
{
	int fds[2];
	pid_t pid;
	char msg[1024];
	ssize_t n;

	if (pipe(fds) < 0) {
		cmd_error(cmd, strerror(errno));
		return EXIT_FAILED;
	}
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		cmd_error(cmd, strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return EXIT_FAILED;
	}
	if (pid == 0) {
		struct buf logp = BUF_INIT;
		int fd, devnull;

		close(fds[0]);
		setsid();
		run_file(&logp, o->run_dir, "sim.log");
		fd = open(logp.ptr, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
		devnull = open("/dev/null", O_RDONLY);
		if (devnull >= 0)
			dup2(devnull, 0);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		buf_release(&logp);
		_exit(serve(o, fds[1], 1));
	}
	close(fds[1]);
	n = read(fds[0], msg, sizeof(msg) - 1);
	close(fds[0]);
	msg[n > 0 ? n : 0] = '\0';
	if (strncmp(msg, "ok ", 3)) {
		int status;

		waitpid(pid, &status, 0);
		fprintf(stderr, "argolab %s: error: %s\n", cmd,
			n > 6 ? msg + 6 : "the simulator exited before serving");
		return EXIT_FAILED;
	}
	*port = (int)strtol(msg + 3, NULL, 10);
	return EXIT_OK;
}

int cmd_sim_ensure(const char *cmd, const char *run_dir, double speed,
		   const char *faults, struct buf *kubeconfig, int *started)
{
	struct sim_options o;
	struct buf dir = BUF_INIT;
	int rc = EXIT_OK, port = 0;

	*started = 0;
	if (run_dir)
		buf_adds(&dir, run_dir);
	else
		default_run_dir(&dir);
	buf_reset(kubeconfig);
	run_file(kubeconfig, dir.ptr, "kubeconfig");
	if (running_pid(dir.ptr))
		goto done;
	if (speed <= 0) {
		fprintf(stderr, "argolab %s: error: no simulator is running in %s; start one with 'argolab up --sim' or 'argolab sim start --detach'\n",
			cmd, dir.ptr);
		rc = EXIT_FAILED;
		goto done;
	}
	if (fs_mkdir_p(dir.ptr, 0700) < 0) {
		cmd_error(cmd, err_last());
		rc = EXIT_FAILED;
		goto done;
	}
	memset(&o, 0, sizeof(o));
	o.speed = speed;
	o.run_dir = dir.ptr;
	o.faults = faults;
	rc = start_detached(cmd, &o, &port);
	if (rc == EXIT_OK)
		*started = 1;
done:
	buf_release(&dir);
	return rc;
}

static int cmd_sim_start(int argc, char **argv)
{
	const char *port = NULL, *speed = NULL, *state = NULL, *faults = NULL, *dir = NULL;
	int detach = 0, quiet = 0, verbose = 0, nosim = 0;
	const struct opt_spec opts[] = {
		{ "port", 'p', OPT_STRING, &port, "N", "listen on 127.0.0.1:N (default 0: a free port)", NULL },
		{ "speed", 0, OPT_STRING, &speed, "X", "run the simulated clock X times faster than real time (default 1)", NULL },
		{ "state", 0, OPT_STRING, &state, "DIR", "keep the objects in DIR, durably, across restarts (default: memory only)", NULL },
		{ "detach", 'd', OPT_FLAG, &detach, NULL, "run in the background; return once it serves", NULL },
		{ "faults", 0, OPT_STRING, &faults, "SPEC", "inject faults: seed=N,rate=F,kinds=500:503:429:drop:latency,latency=D,paths=P", NULL },
		{ "no-simulation", 0, OPT_FLAG, &nosim, NULL, "serve the API only: no controllers, pods never start", NULL },
		{ "dir", 0, OPT_STRING, &dir, "DIR", "the run directory (default $XDG_STATE_HOME/argolab/sim)", NULL },
		{ "quiet", 'q', OPT_FLAG, &quiet, NULL, "print errors only", NULL },
		{ "verbose", 'v', OPT_COUNT, &verbose, NULL, "log requests (-vv: every request)", NULL },
		{ NULL, 0, OPT_FLAG, NULL, NULL, NULL, NULL },
	};
	const struct cmd_spec spec = {
		"sim start", "",
		"start the embedded simulated cluster",
		"Serves the Kubernetes API on 127.0.0.1 over HTTPS (a CA and a\n"
		"certificate made for it; a bearer token), well enough for the real\n"
		"kubectl, and simulates what runs on it: Deployments, ReplicaSets,\n"
		"StatefulSets, DaemonSets, Jobs and their pods, Services and their\n"
		"Endpoints, namespaces, garbage collection, and the Argo quick-start's\n"
		"components (argo-server, workflow-controller, postgres, minio).  The\n"
		"kubeconfig (context argolab-sim) is written to the run directory.\n"
		"Everything simulated is marked as such; nothing here claims a result\n"
		"about a real cluster.",
		opts,
		"  argolab sim start --detach --speed 100\n"
		"  export KUBECONFIG=$(argolab sim kubeconfig)\n"
		"  argolab sim start --state ~/.local/state/argolab/objects",
		0, 0,
	};
	struct sim_options o;
	struct buf rundir = BUF_INIT;
	char **args = NULL;
	size_t nargs;
	double d;
	int rc;
	pid_t other;

	memset(&o, 0, sizeof(o));
	rc = opt_parse_cmd(&spec, argc, argv, &args, &nargs);
	free(args);
	if (rc >= 0)
		return rc;
	o.speed = 1;
	if (port) {
		if (opt_number("sim start", "--port", port, 0, 65535, 1, &d) < 0)
			return EXIT_USAGE;
		o.port = (int)d;
	}
	if (speed && opt_number("sim start", "--speed", speed, 0.01, 100000, 0, &o.speed) < 0)
		return EXIT_USAGE;
	if (dir)
		buf_adds(&rundir, dir);
	else
		default_run_dir(&rundir);
	o.run_dir = rundir.ptr;
	o.state_dir = state;
	o.faults = faults;
	o.no_simulation = nosim;
	if (verbose)
		log_set_level(verbose > 1 ? LOG_DEBUG : LOG_INFO);
	if ((other = running_pid(rundir.ptr))) {
		json_t *info = read_info(rundir.ptr);

		fprintf(stderr,
			"argolab sim start: error: a simulator is already running (pid %d, %s); stop it with 'argolab sim stop'\n",
			(int)other, json_string_value(json_object_get(info, "server")) ?: "port unknown");
		json_decref(info);
		buf_release(&rundir);
		return EXIT_FAILED;
	}
	if (fs_mkdir_p(rundir.ptr, 0700) < 0) {
		cmd_error("sim start", err_last());
		buf_release(&rundir);
		return EXIT_FAILED;
	}
	if (detach) {
		int bound = 0;

		rc = start_detached("sim start", &o, &bound);
		if (rc == EXIT_OK && !quiet)
			printf("argolab sim: serving on https://127.0.0.1:%d (speed %gx)\n"
			       "  export KUBECONFIG=%s/kubeconfig\n",
			       bound, o.speed, rundir.ptr);
		buf_release(&rundir);
		return rc;
	}
	rc = serve(&o, -1, quiet);
	buf_release(&rundir);
	return rc;
}

/* ------------------------------------------------------------------ */
/* stop, status, kubeconfig                                            */

/*
 * The options of a subcommand, and its run directory (--dir, else the
 * default) into rundir.  Returns -1 to go on, else the exit code.
 */
static int parse_sub(const struct cmd_spec *spec, int argc, char **argv,
		     const char *const *dir, struct buf *rundir)
{
	char **args = NULL;
	size_t nargs;
	int rc = opt_parse_cmd(spec, argc, argv, &args, &nargs);

	free(args);
	if (rc >= 0)
		return rc;
	if (*dir)
		buf_adds(rundir, *dir);
	else
		default_run_dir(rundir);
	return -1;
}

static const char *dir_opt_help = "the run directory (default $XDG_STATE_HOME/argolab/sim)";

static int cmd_sim_stop(int argc, char **argv)
{
	const char *dir = NULL, *timeout = NULL;
	const struct opt_spec opts[] = {
		{ "dir", 0, OPT_STRING, &dir, "DIR", dir_opt_help, NULL },
		{ "timeout", 0, OPT_STRING, &timeout, "SECONDS", "how long to wait before killing it (default 30)", NULL },
		{ NULL, 0, OPT_FLAG, NULL, NULL, NULL, NULL },
	};
	const struct cmd_spec spec = { "sim stop", "", "stop the simulated cluster",
		"Asks the running simulator to stop (SIGTERM) and waits until it has:\n"
		"watches end, state is flushed.  After the timeout it is killed.",
		opts, "  argolab sim stop", 0, 0 };
	struct buf rundir = BUF_INIT;
	double secs = 30;
	pid_t pid;
	int rc, i;

	if ((rc = parse_sub(&spec, argc, argv, &dir, &rundir)) >= 0)
		return rc;
	if (timeout && opt_number("sim stop", "--timeout", timeout, 0, 3600, 0, &secs) < 0) {
		buf_release(&rundir);
		return EXIT_USAGE;
	}
	pid = running_pid(rundir.ptr);
	if (!pid) {
		printf("argolab sim: not running\n");
		remove_run_files(rundir.ptr, 0);
		buf_release(&rundir);
		return EXIT_OK;
	}
	kill(pid, SIGTERM);
	for (i = 0; i < (int)(secs * 20); i++) {
		struct timespec ts = { 0, 50000000L };

		if (kill(pid, 0) < 0 && errno == ESRCH)
			break;
		nanosleep(&ts, NULL);
	}
	if (kill(pid, 0) == 0) {
		kill(pid, SIGKILL);
		fprintf(stderr, "argolab sim stop: pid %d did not stop in %gs; killed it\n",
			(int)pid, secs);
	}
	remove_run_files(rundir.ptr, pid);
	printf("argolab sim: stopped (pid %d)\n", (int)pid);
	buf_release(&rundir);
	return EXIT_OK;
}

static int cmd_sim_status(int argc, char **argv)
{
	const char *dir = NULL, *output = NULL;
	static const char *const formats[] = { "text", "json", NULL };
	const struct opt_spec opts[] = {
		{ "dir", 0, OPT_STRING, &dir, "DIR", dir_opt_help, NULL },
		{ "output", 'o', OPT_CHOICE, &output, "FORMAT", "text or json", formats },
		{ NULL, 0, OPT_FLAG, NULL, NULL, NULL, NULL },
	};
	const struct cmd_spec spec = { "sim status", "", "say whether the simulated cluster runs, and where",
		"Exit code 0 when a simulator is running, 1 when not.", opts,
		"  argolab sim status -o json", 0, 0 };
	struct buf rundir = BUF_INIT, kc = BUF_INIT;
	json_t *info;
	pid_t pid;
	int rc;

	if ((rc = parse_sub(&spec, argc, argv, &dir, &rundir)) >= 0)
		return rc;
	run_file(&kc, rundir.ptr, "kubeconfig");
	pid = running_pid(rundir.ptr);
	info = pid ? read_info(rundir.ptr) : NULL;
	if (output && !strcmp(output, "json")) {
		json_t *o = json_pack("{s:b, s:s}", "running", pid != 0, "kubeconfig", kc.ptr);
		char *text;

		if (info)
			json_object_update(o, info);
		text = json_dumps(o, JSON_INDENT(2));
		printf("%s\n", text);
		free(text);
		json_decref(o);
	} else if (pid) {
		printf("argolab sim: running (pid %d) on %s, speed %gx, since %s\n"
		       "  state: %s\n  kubeconfig: %s\n",
		       (int)pid, json_string_value(json_object_get(info, "server")) ?: "?",
		       json_number_value(json_object_get(info, "speed")),
		       json_string_value(json_object_get(info, "started")) ?: "?",
		       json_string_value(json_object_get(info, "stateDir")) ?: "in memory only",
		       kc.ptr);
	} else {
		printf("argolab sim: not running (start it with 'argolab sim start --detach')\n");
	}
	json_decref(info);
	buf_release(&rundir);
	buf_release(&kc);
	return pid ? EXIT_OK : EXIT_FAILED;
}

static int cmd_sim_kubeconfig(int argc, char **argv)
{
	const char *dir = NULL;
	const struct opt_spec opts[] = {
		{ "dir", 0, OPT_STRING, &dir, "DIR", dir_opt_help, NULL },
		{ NULL, 0, OPT_FLAG, NULL, NULL, NULL, NULL },
	};
	const struct cmd_spec spec = { "sim kubeconfig", "", "print the path of the simulated cluster's kubeconfig",
		NULL, opts, "  export KUBECONFIG=$(argolab sim kubeconfig)", 0, 0 };
	struct buf rundir = BUF_INIT, kc = BUF_INIT;
	int rc;

	if ((rc = parse_sub(&spec, argc, argv, &dir, &rundir)) >= 0)
		return rc;
	run_file(&kc, rundir.ptr, "kubeconfig");
	rc = EXIT_OK;
	if (!fs_is_file(kc.ptr)) {
		fprintf(stderr, "argolab sim kubeconfig: no kubeconfig at %s; start the simulator first\n",
			kc.ptr);
		rc = EXIT_FAILED;
	} else {
		printf("%s\n", kc.ptr);
	}
	buf_release(&rundir);
	buf_release(&kc);
	return rc;
}

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
} subs[] = {
	{ "start", cmd_sim_start, "start the simulated cluster (--detach to run in the background)" },
	{ "stop", cmd_sim_stop, "stop it" },
	{ "status", cmd_sim_status, "say whether it runs, and where" },
	{ "kubeconfig", cmd_sim_kubeconfig, "print the path of its kubeconfig" },
	{ NULL, NULL, NULL },
};

int cmd_sim(int argc, char **argv)
{
	size_t i;

	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		printf("usage: argolab sim COMMAND [options]\n\n"
		       "The embedded simulated cluster: a Kubernetes API server that the real\n"
		       "kubectl uses, with simulated workloads and Argo components.\n\nCommands:\n");
		for (i = 0; subs[i].name; i++)
			printf("  %-12s%s\n", subs[i].name, subs[i].summary);
		printf("\nRun 'argolab sim COMMAND --help' for the options of a command.\n");
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	for (i = 0; subs[i].name; i++)
		if (!strcmp(subs[i].name, argv[1]))
			return subs[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "argolab sim: '%s' is not a sim command; see 'argolab sim --help'\n",
		argv[1]);
	return EXIT_USAGE;
}
