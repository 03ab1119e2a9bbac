/*
 * exec: client-go credential plugins (users[].user.exec), see config.h.
 *
 * The plugin runs as client-go runs it (staging/src/k8s.io/client-go/
 * plugin/pkg/client/auth/exec/exec.go): the command looked up in our
 * PATH when it has no '/', our environment with the configured env on
 * top and KUBERNETES_EXEC_INFO last, stdin from /dev/null (we never run
 * a plugin interactively), stderr passed through so its own complaints
 * reach the user, stdout read into a capped buffer.  It gets its own
 * process group, so that at the time limit the whole group (a shell
 * script and what it started) is killed; the child is always reaped.
 *
 * What it prints is parsed as client-go decodes it: an ExecCredential of
 * the apiVersion the stanza names, with a token or a certificate and key
 * pair.  Messages name the plugin and the user, never what it printed.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <openssl/crypto.h>

#include "../base/alloc.h"
#include "../base/base64.h"
#include "../base/buf.h"
#include "../base/clock.h"
#include "../base/err.h"
#include "../base/fs.h"
#include "../base/strutil.h"
#include "../doc/yaml.h"
#include "config.h"

#define EXEC_OUT_MAX ((size_t)1 << 20)
#define EXEC_TIMEOUT_MS 60000
#define EXEC_INFO "KUBERNETES_EXEC_INFO"

static void cred_init(struct kube_cred *cred)
{
	memset(cred, 0, sizeof(*cred));
	buf_init(&cred->cert_pem, 0);
	buf_init(&cred->key_pem, 0);
}

void kube_cred_release(struct kube_cred *cred)
{
	if (!cred)
		return;
	if (cred->token) {
		OPENSSL_cleanse(cred->token, strlen(cred->token));
		free(cred->token);
	}
	buf_release(&cred->cert_pem);
	if (cred->key_pem.alloc)
		OPENSSL_cleanse(cred->key_pem.ptr, cred->key_pem.alloc);
	buf_release(&cred->key_pem);
	cred_init(cred);
}

/* the limit: 60 s, or ARGOLAB_EXEC_TIMEOUT_MS (for tests) */
static long long timeout_ms(void)
{
	const char *s = getenv("ARGOLAB_EXEC_TIMEOUT_MS");
	char *end;
	long long v;

	if (!s || !*s)
		return EXEC_TIMEOUT_MS;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end || v <= 0)
		return EXEC_TIMEOUT_MS;
	return v < 86400000 ? v : 86400000;
}

/*
 * the file to run: cmd itself when it has a '/', else the first
 * executable file named cmd in an absolute directory of $PATH (as Go's
 * exec.LookPath, which refuses results relative to the current
 * directory).  ERR_NOTFOUND, without a message, when there is none.
 */
static int find_command(const char *cmd, struct buf *out)
{
	const char *p = getenv("PATH");

	buf_reset(out);
	if (strchr(cmd, '/')) {
		buf_adds(out, cmd);
		return fs_exists(cmd) ? 0 : ERR_NOTFOUND;
	}
	while (p && *p) {
		size_t n = strcspn(p, ":");

		if (n && p[0] == '/') {
			buf_reset(out);
			buf_add(out, p, n);
			buf_addc(out, '/');
			buf_adds(out, cmd);
			if (fs_is_file(out->ptr) && !access(out->ptr, X_OK))
				return 0;
		}
		p += n;
		if (*p == ':')
			p++;
	}
	return ERR_NOTFOUND;
}

/* KUBERNETES_EXEC_INFO: the ExecCredential the plugin is given */
static char *exec_info(const struct kube_config *c)
{
	const struct kube_exec *x = c->exec;
	json_t *root, *spec, *cluster;
	struct buf b64 = BUF_INIT, var = BUF_INIT;
	char *text;

	spec = json_pack("{s:b}", "interactive", 0);
	if (x->provide_cluster_info) {
		cluster = json_pack("{s:s}", "server", c->server ? c->server : "");
		if (c->tls_server_name)
			json_object_set_new(cluster, "tls-server-name",
					    json_string(c->tls_server_name));
		if (c->insecure)
			json_object_set_new(cluster, "insecure-skip-tls-verify",
					    json_true());
		if (c->ca_pem.len) {
			base64_encode(&b64, c->ca_pem.ptr, c->ca_pem.len);
			json_object_set_new(cluster, "certificate-authority-data",
					    json_string(b64.ptr));
		}
		if (c->proxy_url)
			json_object_set_new(cluster, "proxy-url",
					    json_string(c->proxy_url));
		json_object_set_new(spec, "cluster", cluster);
	}
	root = json_pack("{s:s, s:s, s:o}", "kind", "ExecCredential",
			 "apiVersion", x->api_version ? x->api_version : "", "spec",
			 spec);
	text = json_dumps(root, JSON_COMPACT);
	buf_addf(&var, EXEC_INFO "=%s", text ? text : "{}");
	free(text);
	json_decref(root);
	buf_release(&b64);
	return buf_detach(&var, NULL);
}

/* whether "NAME=..." entry e sets the name of one of the NAME=VALUE in v */
static int overridden(const char *e, char *const *v)
{
	size_t n = strcspn(e, "=");

	for (; *v; v++)
		if (!strncmp(*v, e, n) && (*v)[n] == '=')
			return 1;
	return 0;
}

/*
 * the child's environment: ours without what the stanza sets, then the
 * stanza's env, then info (all borrowed; free only the array)
 */
static char **child_env(const struct kube_exec *x, char *info)
{
	char *const last[] = { info, NULL };
	char **env = NULL, **e;
	size_t n = 0, alloc = 0, i;

	for (e = environ; e && *e; e++) {
		if (overridden(*e, x->env) || overridden(*e, last))
			continue;
		ALLOC_GROW(env, n + 1, alloc);
		env[n++] = *e;
	}
	for (i = 0; x->env[i]; i++) {
		if (overridden(x->env[i], last) || overridden(x->env[i], x->env + i + 1))
			continue;
		ALLOC_GROW(env, n + 1, alloc);
		env[n++] = x->env[i];
	}
	ALLOC_GROW(env, n + 2, alloc);
	env[n++] = info;
	env[n] = NULL;
	return env;
}

/* start path with argv and env: stdin /dev/null, stdout to out_fd */
static int spawn(const char *path, char **argv, char **env, int out_fd,
		 pid_t *pid)
{
	static const int defaults[] = { SIGPIPE, SIGINT, SIGQUIT, SIGTERM,
					SIGHUP,  SIGCHLD, SIGALRM };
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t none, def;
	size_t i;
	int rc;

	sigemptyset(&none);
	sigemptyset(&def);
	/* an ignored SIGPIPE (libcurl's) would be inherited through exec */
	for (i = 0; i < sizeof(defaults) / sizeof(defaults[0]); i++)
		sigaddset(&def, defaults[i]);
	posix_spawn_file_actions_init(&fa);
	posix_spawnattr_init(&attr);
	rc = posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	if (!rc)
		rc = posix_spawn_file_actions_adddup2(&fa, out_fd, 1);
	if (!rc)
		rc = posix_spawnattr_setsigmask(&attr, &none);
	if (!rc)
		rc = posix_spawnattr_setsigdefault(&attr, &def);
	if (!rc)
		rc = posix_spawnattr_setpgroup(&attr, 0);
	if (!rc)
		rc = posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK |
						      POSIX_SPAWN_SETSIGDEF |
						      POSIX_SPAWN_SETPGROUP);
	if (!rc)
		rc = posix_spawn(pid, path, &fa, &attr, argv, env);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	return rc;
}

static int ms_left(uint64_t deadline)
{
	uint64_t now = clock_mono_ns(), ms;

	if (now >= deadline)
		return 0;
	ms = (deadline - now + 999999) / 1000000;
	return ms > INT_MAX ? INT_MAX : (int)ms;
}

enum outcome { RAN = 0, TIMED_OUT, TOO_BIG, READ_FAILED };

/* read fd into out until end of file, the deadline or the cap */
static enum outcome collect(int fd, uint64_t deadline, struct buf *out)
{
	char chunk[16384];

	for (;;) {
		struct pollfd pfd = { fd, POLLIN, 0 };
		int left = ms_left(deadline), rc;
		ssize_t n;

		if (!left)
			return TIMED_OUT;
		rc = poll(&pfd, 1, left);
		if (rc < 0 && errno != EINTR)
			return READ_FAILED;
		if (rc <= 0)
			continue;
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n < 0)
			return READ_FAILED;
		if (n == 0)
			return RAN;
		if (buf_add(out, chunk, (size_t)n) < 0) {
			err_clear();
			OPENSSL_cleanse(chunk, sizeof(chunk));
			return TOO_BIG;
		}
	}
}

static void kill_group(pid_t pid)
{
	kill(-pid, SIGKILL);
	kill(pid, SIGKILL);
}

/*
 * wait for pid until the deadline, then kill it; always reaps it.  -1
 * when it cannot be waited for (SIGCHLD ignored: it reaped itself)
 */
static int reap(pid_t pid, uint64_t deadline, int kill_now, int *status,
		int *timed_out)
{
	if (kill_now)
		kill_group(pid);
	for (;;) {
		pid_t r = waitpid(pid, status, kill_now ? 0 : WNOHANG);

		if (r == pid)
			return 0;
		if (r < 0 && errno != EINTR)
			return -1;
		if (r == 0 && !ms_left(deadline)) {
			*timed_out = 1;
			kill_now = 1;
			kill_group(pid);
		} else if (r == 0) {
			struct timespec ts = { 0, 5 * 1000000 };

			nanosleep(&ts, NULL);
		}
	}
}

/* a string member of obj, NULL when absent, null or empty */
static int cred_str(const struct kube_config *c, const json_t *obj,
		    const char *key, const char **out)
{
	json_t *v = json_object_get(obj, key);

	*out = NULL;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return err_set(ERR_INVALID,
			       "exec plugin '%s' (user '%s') printed status.%s as %s, not a string",
			       c->exec->command, c->user_name, key,
			       doc_kind_name(v));
	if (json_string_length(v))
		*out = json_string_value(v);
	return 0;
}

static int parse_cred(const struct kube_config *c, const struct buf *text,
		      struct kube_cred *out)
{
	const char *cmd = c->exec->command, *user = c->user_name;
	const char *kind, *api, *token, *cert, *key, *exp;
	json_error_t je;
	json_t *root, *status;
	int err;

	root = json_loadb(text->ptr, text->len, 0, &je);
	if (!root)
		/* not je.text: it may quote what the plugin printed */
		return err_set(ERR_INVALID,
			       "exec plugin '%s' (user '%s') printed something that is not JSON (line %d, column %d); it must print an ExecCredential",
			       cmd, user, je.line, je.column);
	if (!json_is_object(root)) {
		err = err_set(ERR_INVALID,
			      "exec plugin '%s' (user '%s') printed %s, not an ExecCredential",
			      cmd, user, doc_kind_name(root));
		goto done;
	}
	kind = json_string_value(json_object_get(root, "kind"));
	api = json_string_value(json_object_get(root, "apiVersion"));
	if (!kind || strcmp(kind, "ExecCredential")) {
		err = err_set(ERR_INVALID,
			      "exec plugin '%s' (user '%s') printed kind '%.64s', not 'ExecCredential'",
			      cmd, user, kind ? kind : "");
		goto done;
	}
	if (!api || strcmp(api, c->exec->api_version)) {
		err = err_set(ERR_INVALID,
			      "exec plugin '%s' (user '%s') printed apiVersion '%.64s', but the kubeconfig asks for '%s'",
			      cmd, user, api ? api : "", c->exec->api_version);
		goto done;
	}
	status = json_object_get(root, "status");
	if (!json_is_object(status)) {
		err = err_set(ERR_INVALID,
			      "exec plugin '%s' (user '%s') printed an ExecCredential without a status",
			      cmd, user);
		goto done;
	}
	if ((err = cred_str(c, status, "token", &token)) < 0 ||
	    (err = cred_str(c, status, "clientCertificateData", &cert)) < 0 ||
	    (err = cred_str(c, status, "clientKeyData", &key)) < 0 ||
	    (err = cred_str(c, status, "expirationTimestamp", &exp)) < 0)
		goto done;
	if (!token && !cert && !key) {
		err = err_set(ERR_INVALID,
			      "exec plugin '%s' (user '%s') printed neither a token nor a client certificate and key",
			      cmd, user);
		goto done;
	}
	if (!cert != !key) {
		err = err_set(ERR_INVALID,
			      "exec plugin '%s' (user '%s') printed a client %s without a client %s",
			      cmd, user, cert ? "certificate" : "key",
			      cert ? "key" : "certificate");
		goto done;
	}
	if (token && str_has_ctl(token, json_string_length(json_object_get(status, "token")))) {
		err = err_set(ERR_INVALID,
			      "exec plugin '%s' (user '%s') printed a token with a control character",
			      cmd, user);
		goto done;
	}
	if (exp && (out->expires = clock_parse_rfc3339(exp)) < 0) {
		out->expires = 0;
		err = err_set(ERR_INVALID,
			      "exec plugin '%s' (user '%s') printed status.expirationTimestamp '%.64s', which is not an RFC 3339 time",
			      cmd, user, exp);
		goto done;
	}
	out->token = token ? xstrdup(token) : NULL;
	if (cert) {
		buf_adds(&out->cert_pem, cert);
		buf_adds(&out->key_pem, key);
	}
	err = 0;
done:
	json_decref(root);
	return err;
}

int kube_exec_run(const struct kube_config *c, struct kube_cred *out)
{
	const struct kube_exec *x = c->exec;
	const char *user = c->user_name ? c->user_name : "";
	struct buf path = BUF_INIT, text = BUF_INIT;
	char **argv = NULL, **env = NULL, *info = NULL;
	long long limit = timeout_ms();
	size_t nargs, i;
	int fds[2] = { -1, -1 }, status = 0, timed_out = 0, rc, err, read_errno,
	    waited;
	enum outcome got;
	uint64_t deadline;
	pid_t pid;

	cred_init(out);
	if (!x || !x->command || !x->api_version || !x->args || !x->env)
		return err_set(ERR_INVALID, "user '%s' has no usable exec plugin",
			       user);
	if (x->interactive == KUBE_EXEC_ALWAYS)
		return err_set(ERR_INVALID,
			       "exec plugin '%s' (user '%s') has interactiveMode Always, but argolab runs plugins non-interactively (no terminal on stdin); set interactiveMode to Never or IfAvailable, or get a token another way",
			       x->command, user);
	if (find_command(x->command, &path) < 0) {
		err = err_set(ERR_NOTFOUND,
			      "exec plugin '%s' (user '%s') is not installed%s%s%s",
			      x->command, user,
			      strchr(x->command, '/') ? "" : " (not found in PATH)",
			      x->install_hint ? ": " : "",
			      x->install_hint ? x->install_hint : "");
		goto done;
	}
	for (nargs = 0; x->args[nargs]; nargs++)
		;
	argv = xcalloc(nargs + 2, sizeof(*argv));
	argv[0] = x->command;
	for (i = 0; i < nargs; i++)
		argv[i + 1] = x->args[i];
	info = exec_info(c);
	env = child_env(x, info);
	if (pipe(fds) < 0 || fcntl(fds[0], F_SETFD, FD_CLOEXEC) < 0 ||
	    fcntl(fds[1], F_SETFD, FD_CLOEXEC) < 0) {
		err = err_set(ERR_IO, "cannot make a pipe for exec plugin '%s': %s",
			      x->command, strerror(errno));
		goto done;
	}
	rc = spawn(path.ptr, argv, env, fds[1], &pid);
	close(fds[1]);
	fds[1] = -1;
	if (rc) {
		err = err_set(rc == ENOENT ? ERR_NOTFOUND : ERR_GENERIC,
			      "cannot run exec plugin '%s' (user '%s'): %s%s%s",
			      x->command, user, strerror(rc),
			      rc == ENOENT && x->install_hint ? "; " : "",
			      rc == ENOENT && x->install_hint ? x->install_hint : "");
		goto done;
	}
	deadline = clock_mono_ns() + (uint64_t)limit * 1000000;
	buf_init(&text, EXEC_OUT_MAX);
	got = collect(fds[0], deadline, &text);
	read_errno = errno;
	close(fds[0]);
	fds[0] = -1;
	waited = reap(pid, deadline, got != RAN, &status, &timed_out);
	if (got == TIMED_OUT || timed_out)
		err = err_set(ERR_GENERIC,
			      "exec plugin '%s' (user '%s') did not finish within %lld %s and was killed",
			      x->command, user, limit % 1000 ? limit : limit / 1000,
			      limit % 1000 ? "ms" : "s");
	else if (got == TOO_BIG)
		err = err_set(ERR_TOOBIG,
			      "exec plugin '%s' (user '%s') printed more than %zu bytes",
			      x->command, user, EXEC_OUT_MAX);
	else if (got == READ_FAILED)
		err = err_set(ERR_IO, "cannot read the output of exec plugin '%s': %s",
			      x->command, strerror(read_errno));
	else if (waited < 0)
		err = err_set(ERR_GENERIC, "cannot wait for exec plugin '%s': %s",
			      x->command, strerror(errno));
	else if (WIFSIGNALED(status))
		err = err_set(ERR_GENERIC,
			      "exec plugin '%s' (user '%s') was killed by signal %d",
			      x->command, user, WTERMSIG(status));
	else if (!WIFEXITED(status) || WEXITSTATUS(status))
		err = err_set(ERR_GENERIC,
			      "exec plugin '%s' (user '%s') failed with exit status %d",
			      x->command, user,
			      WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	else
		err = parse_cred(c, &text, out);
done:
	if (fds[0] >= 0)
		close(fds[0]);
	if (fds[1] >= 0)
		close(fds[1]);
	if (err < 0)
		kube_cred_release(out);
	if (text.alloc)
		OPENSSL_cleanse(text.ptr, text.alloc);
	buf_release(&text);
	buf_release(&path);
	free(argv);
	free(env);
	free(info);
	return err;
}
