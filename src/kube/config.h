/*
 * config: kubeconfig files as kubectl (client-go's clientcmd) reads them,
 * resolved to the one cluster and user a client talks to.
 *
 * Loading rules (kube-api.md section 9.1, observed with kubectl 1.32):
 *   - --kubeconfig names exactly one file, which must exist; no merging.
 *   - Otherwise KUBECONFIG, a ':'-separated list: missing files are
 *     skipped silently; for each named cluster, user and context the
 *     first file that defines the name wins the whole stanza (fields are
 *     never merged); current-context comes from the first file that sets
 *     it.  With KUBECONFIG unset (or empty), $HOME/.kube/config.
 *   - Relative paths (certificate-authority, client-certificate,
 *     client-key, tokenFile, exec command with a '/') resolve against
 *     the directory of the file whose stanza holds them.
 *   - The *-data forms win over the path forms; token wins over tokenFile.
 *   - Namespace: the --namespace flag, else the context's namespace,
 *     else "default".
 *   - As client-go does, credentials are only used over TLS: a server URL
 *     with http:// gets none of the user's credentials.
 *
 * Everything a request needs is read at load time (files read, base64
 * decoded), so the client never touches the file system except to run an
 * exec plugin or re-read a token file.  A malformed file is an error that
 * names the file, line and column.  Nothing here prints; secrets never
 * reach a message.
 */
#ifndef KUBE_CONFIG_H
#define KUBE_CONFIG_H

#include <stddef.h>
#include "../base/buf.h"

enum kube_exec_interactive {
	KUBE_EXEC_NEVER = 0,
	KUBE_EXEC_IF_AVAILABLE,
	KUBE_EXEC_ALWAYS,
};

/* users[].user.exec: a client.authentication.k8s.io credential plugin */
struct kube_exec {
	char *api_version;  /* client.authentication.k8s.io/v1 or v1beta1 */
	char *command;      /* resolved: a relative path with '/' made absolute */
	char **args;        /* NULL-terminated, may be empty */
	char **env;         /* "NAME=VALUE", NULL-terminated, may be empty */
	enum kube_exec_interactive interactive;
	int provide_cluster_info;
	char *install_hint; /* may be NULL */
};

struct kube_config {
	char *context;      /* the context's name */
	char *cluster_name;
	char *user_name;    /* may be NULL: a context with no user */
	char *server;       /* "https://host:port[/prefix]", no trailing '/' */
	char *namespace;
	char *source;       /* the file the context came from, for messages */

	/* TLS: PEM bytes, len 0 when not given (the system's trust store) */
	struct buf ca_pem;
	struct buf cert_pem;
	struct buf key_pem;
	int insecure;          /* insecure-skip-tls-verify */
	char *tls_server_name; /* may be NULL */
	char *proxy_url;       /* may be NULL */

	/* credentials (all NULL for an http:// server) */
	char *token;        /* token, or the contents of tokenFile (trimmed) */
	char *token_file;   /* the resolved tokenFile path, may be NULL */
	char *username;
	char *password;
	struct kube_exec *exec; /* may be NULL */
};

struct kube_config_opts {
	const char *kubeconfig; /* --kubeconfig FILE: exactly that file */
	const char *context;    /* --context NAME (NULL: current-context) */
	const char *namespace;  /* --namespace NS (NULL: the context's) */
	/* the environment, so tests need not change it; NULL: getenv() */
	const char *env_kubeconfig; /* as $KUBECONFIG; "" counts as unset */
	const char *home;           /* as $HOME */
};

/*
 * kube_config_load: read the kubeconfig file(s) chosen by o and resolve
 * the context into *out (zeroed first; release with kube_config_release
 * even on failure).  Errors:
 *   ERR_NOTFOUND  no kubeconfig file at all (the message says which paths
 *                 were tried and suggests --kubeconfig or `argolab up
 *                 --sim`); the context, its cluster or its user is not
 *                 defined (the message lists the contexts there are); no
 *                 current-context and no --context; a file it names
 *                 (certificate, key, token file) cannot be read
 *   ERR_INVALID   malformed YAML, a field of the wrong type, bad base64,
 *                 a server that is not an http(s) URL, an exec stanza
 *                 without command or apiVersion, an unknown
 *                 interactiveMode: "FILE:LINE:COL: what" where a position
 *                 is known
 *   ERR_TOOBIG    a file over 16 MiB
 *   ERR_UNSUPPORTED  the user in use (over TLS) sets auth-provider or
 *                 impersonation (as, as-uid, as-groups, as-user-extra),
 *                 which argolab does not implement: ignoring them would
 *                 act as someone else
 */
int kube_config_load(const struct kube_config_opts *o, struct kube_config *out);
void kube_config_release(struct kube_config *c);

/* kube_config_is_tls: whether the server URL is https. */
int kube_config_is_tls(const struct kube_config *c);

/* ------------------------------------------------------------------ */
/* exec credential plugins                                             */

/* what a plugin hands back (PEM strings for a client certificate) */
struct kube_cred {
	char *token;          /* may be NULL */
	struct buf cert_pem;  /* len 0 when none */
	struct buf key_pem;
	long long expires;    /* Unix seconds; 0: no expiry given */
};

/*
 * kube_exec_run: run the plugin of c->exec as client-go does: the
 * configured args and env on top of ours, KUBERNETES_EXEC_INFO set to an
 * ExecCredential (with spec.cluster when provideClusterInfo is set,
 * spec.interactive false), stdin from /dev/null (we never run plugins
 * interactively: interactiveMode Always is an error), stdout captured
 * (capped at 1 MiB), stderr passed through, a 60-second limit.  Parses
 * the ExecCredential it prints into *out (zeroed first; release with
 * kube_cred_release).  Errors: ERR_NOTFOUND (the command does not
 * exist: the message carries installHint), ERR_GENERIC (non-zero exit,
 * killed, timed out), ERR_INVALID (output that is not an ExecCredential
 * of the expected apiVersion, or one with neither a token nor a
 * certificate and key; interactiveMode Always), ERR_TOOBIG (more than
 * 1 MiB of output).  The message never contains the credential.
 * ARGOLAB_EXEC_TIMEOUT_MS, when set, replaces the 60-second limit (for
 * tests).
 */
int kube_exec_run(const struct kube_config *c, struct kube_cred *out);
void kube_cred_release(struct kube_cred *cred);

#endif
