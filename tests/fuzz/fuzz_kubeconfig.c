/*
 * fuzz_kubeconfig: kube_config_load (src/kube/config.c) on arbitrary
 * bytes, written to a file in a private temporary directory and loaded
 * as --kubeconfig, so the one code path (file, YAML, both passes) is the
 * one users run.  Relative paths in the input resolve into that empty
 * directory; an input that could name a device or /proc file (which
 * could block or be huge) is skipped.
 *
 * Checked, besides the absence of crashes, leaks and sanitizer reports:
 *
 *   - a failure returns one of the documented codes and leaves a message;
 *     a malformed-input one (ERR_INVALID, ERR_UNSUPPORTED) starts with
 *     the file's name;
 *   - a loaded config names its context, cluster, server, namespace and
 *     source; the server is an http(s) URL without a trailing '/';
 *   - over http there are no credentials at all;
 *   - a token never holds a control byte, an exec stanza has a command,
 *     an apiVersion and NULL-terminated args and env;
 *   - kube_config_release leaves the struct empty (NULL pointers, empty
 *     buffers), after success or failure.
 *
 * A violated property calls abort() after printing what it saw.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "../../src/base/buf.h"
#include "../../src/base/err.h"
#include "../../src/base/fs.h"
#include "../../src/base/strutil.h"
#include "../../src/kube/config.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64];
static struct buf path = BUF_INIT;

static void fail(const char *why, const char *text)
{
	fprintf(stderr, "fuzz_kubeconfig: property violated: %s\n", why);
	if (text)
		fprintf(stderr, "---- text ----\n%s\n---- end ----\n", text);
	abort();
}

static void cleanup(void)
{
	if (dir[0])
		fs_remove_tree(dir);
	buf_release(&path);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(dir, sizeof(dir), "%s/fuzz-kubeconfig-XXXXXX",
		 tmp && *tmp && strlen(tmp) < 32 ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		exit(2);
	}
	path_join(&path, dir, "config");
	atexit(cleanup);
	return 0;
}

/*
 * whether (data, size) might name a file that blocks or never ends
 * (/dev/stdin, /proc/self/fd/0, ...), directly or through an escape or
 * a !!binary scalar; fuzz_yaml covers those parts of the loader
 */
static int risky(const uint8_t *data, size_t size)
{
	static const char *const words[] = { "dev/", "proc/", "\\", "binary", NULL };
	const char *const *w;

	for (w = words; *w; w++)
		if (memmem(data, size, *w, strlen(*w)))
			return 1;
	return 0;
}

static void check_config(const struct kube_config *c)
{
	size_t n, i;

	if (!c->context || !c->cluster_name || !c->server || !c->namespace ||
	    !c->source)
		fail("a loaded config without context, cluster, server, namespace or source",
		     c->server);
	if (!*c->namespace)
		fail("an empty namespace", NULL);
	if (strncasecmp(c->server, "https://", 8) && strncasecmp(c->server, "http://", 7))
		fail("a server that is not http(s)", c->server);
	n = strlen(c->server);
	if (n && c->server[n - 1] == '/')
		fail("a server with a trailing '/'", c->server);
	if (!kube_config_is_tls(c) &&
	    (c->token || c->token_file || c->username || c->password || c->exec ||
	     c->cert_pem.len || c->key_pem.len))
		fail("credentials for an http server", c->server);
	if (c->token && (!*c->token || str_has_ctl(c->token, strlen(c->token))))
		fail("an empty token or one with a control byte", NULL);
	if (c->exec) {
		if (!c->exec->command || !c->exec->api_version || !c->exec->args ||
		    !c->exec->env)
			fail("an exec stanza without command, apiVersion, args or env", NULL);
		for (i = 0; c->exec->args[i]; i++)
			;
		for (i = 0; c->exec->env[i]; i++)
			if (!strchr(c->exec->env[i], '=') || c->exec->env[i][0] == '=')
				fail("an exec env entry that is not NAME=VALUE", c->exec->env[i]);
		if (c->exec->interactive > KUBE_EXEC_ALWAYS)
			fail("an interactiveMode out of range", NULL);
	}
}

static void check_empty(const struct kube_config *c)
{
	if (c->context || c->cluster_name || c->user_name || c->server ||
	    c->namespace || c->source || c->tls_server_name || c->proxy_url ||
	    c->token || c->token_file || c->username || c->password || c->exec ||
	    c->insecure || c->ca_pem.len || c->ca_pem.alloc || c->cert_pem.len ||
	    c->cert_pem.alloc || c->key_pem.len || c->key_pem.alloc ||
	    !c->ca_pem.ptr || !c->cert_pem.ptr || !c->key_pem.ptr)
		fail("kube_config_release did not reset the config", NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kube_config_opts o = { NULL, NULL, NULL, "", "/nonexistent" };
	struct kube_config c;
	int err;

	if (risky(data, size))
		return 0;
	unlink(path.ptr);
	if (fs_write_file(path.ptr, data, size, 0600) < 0) {
		fprintf(stderr, "fuzz_kubeconfig: %s\n", err_last());
		abort();
	}
	o.kubeconfig = path.ptr;
	err_clear();
	err = kube_config_load(&o, &c);
	if (err < 0) {
		if (err != ERR_NOTFOUND && err != ERR_INVALID && err != ERR_TOOBIG &&
		    err != ERR_UNSUPPORTED)
			fail("an undocumented error code", err_last());
		if (!*err_last())
			fail("a failure without a message", NULL);
		if ((err == ERR_INVALID || err == ERR_UNSUPPORTED) &&
		    strncmp(err_last(), path.ptr, path.len))
			fail("a malformed-input message without the file name", err_last());
	} else {
		check_config(&c);
	}
	kube_config_release(&c);
	check_empty(&c);
	err_clear();
	return 0;
}
