/*
 * Unit tests for kube/config and kube/exec: kubeconfig loading, merging
 * and resolution on the fixtures in tests/kube/kubeconfig/, bad input
 * from a table of small files written to a temporary directory, and exec
 * plugins that are the shell scripts in tests/kube/exec/.  Paths are
 * relative to the top of the repository, where the tests run.
 */
#include <criterion/criterion.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../../src/base/base64.h"
#include "../../src/base/buf.h"
#include "../../src/base/err.h"
#include "../../src/base/fs.h"
#include "../../src/kube/config.h"

#define KC "tests/kube/kubeconfig/"
#define NO_HOME "/nonexistent/argolab-home"

/* values of secret fields in the fixtures: never in a message */
static const char *const secrets[] = { "s3cret", "tok-secret", "pw-b",
				       "tok-garbage", NULL };

static void assert_no_secret(const char *msg)
{
	const char *const *s;

	for (s = secrets; *s; s++)
		cr_assert_null(strstr(msg, *s), "a secret in: %s", msg);
}

/* --kubeconfig file (or NULL), KUBECONFIG env (NULL: unset), --context */
static int load(struct kube_config *c, const char *file, const char *env,
		const char *context, const char *ns)
{
	struct kube_config_opts o = { file, context, ns, env ? env : "", NO_HOME };

	return kube_config_load(&o, c);
}

/* write text to dir/name, making dir (a mkdtemp template) first */
static void put(char *dir, const char *name, const char *text, struct buf *path)
{
	size_t n = strlen(dir);

	if (n >= 6 && !strcmp(dir + n - 6, "XXXXXX"))
		cr_assert_not_null(mkdtemp(dir));
	path_join(path, dir, name);
	unlink(path->ptr);
	cr_assert_eq(fs_write_file(path->ptr, text, strlen(text), 0600), 0, "%s", err_last());
}

static void assert_buf(const struct buf *b, const char *want)
{
	cr_assert_eq(b->len, strlen(want), "length %zu, want %zu", b->len,
		     strlen(want));
	cr_assert_str_eq(b->ptr, want);
}

static void assert_file(const struct buf *b, const char *path)
{
	struct buf want = BUF_INIT;

	cr_assert_eq(fs_read_file(path, 0, &want), 0, "%s", err_last());
	assert_buf(b, want.ptr);
	buf_release(&want);
}

static void assert_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	cr_assert(n >= m && !strcmp(s + n - m, suffix), "'%s' does not end in '%s'",
		  s, suffix);
}

static void assert_no_credentials(const struct kube_config *c)
{
	cr_assert_null(c->token);
	cr_assert_null(c->token_file);
	cr_assert_null(c->username);
	cr_assert_null(c->password);
	cr_assert_null(c->exec);
	cr_assert_eq(c->cert_pem.len, 0);
	cr_assert_eq(c->key_pem.len, 0);
}

/* ------------------------------------------------------------------ */
/* one file                                                            */

Test(kubeconfig, single_file)
{
	struct kube_config c;

	cr_assert_eq(load(&c, KC "single.yaml", NULL, NULL, NULL), 0, "%s",
		     err_last());
	cr_assert_str_eq(c.context, "dev");
	cr_assert_str_eq(c.cluster_name, "dev-cluster");
	cr_assert_str_eq(c.user_name, "dev-user");
	cr_assert_str_eq(c.server, "https://127.0.0.1:6443");
	cr_assert_str_eq(c.namespace, "argo");
	cr_assert_str_eq(c.source, KC "single.yaml");
	assert_buf(&c.ca_pem, "-----BEGIN CERTIFICATE-----\ndummy certificate for single ca\n-----END CERTIFICATE-----\n");
	cr_assert_str_eq(c.tls_server_name, "kubernetes");
	cr_assert_str_eq(c.proxy_url, "http://proxy.example:3128");
	cr_assert_eq(c.insecure, 0);
	cr_assert_str_eq(c.token, "tok-single");
	cr_assert_null(c.token_file);
	cr_assert_null(c.exec);
	cr_assert(kube_config_is_tls(&c));
	kube_config_release(&c);
	cr_assert_null(c.server);
	kube_config_release(&c); /* twice is harmless */
}

static const struct {
	const char *context, *ns;
	const char *want_context, *want_ns, *want_user;
} selections[] = {
	/* namespace: the flag, else the context's, else "default" */
	{ NULL, NULL, "dev", "argo", "dev-user" },
	{ NULL, "flag-ns", "dev", "flag-ns", "dev-user" },
	{ "", "", "dev", "argo", "dev-user" },
	{ "other", NULL, "other", "default", "dev-user" },
	{ "other", "flag-ns", "other", "flag-ns", "dev-user" },
	{ "nouser", NULL, "nouser", "default", NULL },
};

Test(kubeconfig, context_flag_and_namespace_precedence)
{
	size_t i;

	for (i = 0; i < sizeof(selections) / sizeof(selections[0]); i++) {
		struct kube_config c;

		cr_assert_eq(load(&c, KC "single.yaml", NULL, selections[i].context,
				  selections[i].ns),
			     0, "case %zu: %s", i, err_last());
		cr_assert_str_eq(c.context, selections[i].want_context, "case %zu", i);
		cr_assert_str_eq(c.namespace, selections[i].want_ns, "case %zu", i);
		if (selections[i].want_user) {
			cr_assert_str_eq(c.user_name, selections[i].want_user);
			cr_assert_str_eq(c.token, "tok-single");
		} else {
			cr_assert_null(c.user_name, "case %zu", i);
			assert_no_credentials(&c);
		}
		kube_config_release(&c);
	}
}

Test(kubeconfig, unknown_context_lists_the_contexts)
{
	struct kube_config c;

	cr_assert_eq(load(&c, KC "single.yaml", NULL, "prod", NULL), ERR_NOTFOUND);
	cr_assert_str_eq(err_last(),
			 "context 'prod' is not defined in '" KC "single.yaml' (contexts: 'dev', 'other', 'nouser')");
	cr_assert_null(c.context);
	kube_config_release(&c);
}

/* ------------------------------------------------------------------ */
/* merging                                                             */

#define MERGED KC "merge-a.yaml:" KC "no-such.yaml::" KC "merge-b.yaml:" KC "merge-c.yaml"

Test(kubeconfig, merge_first_file_wins_each_stanza)
{
	struct kube_config c;

	/* current-context from merge-b, the first file that sets it */
	cr_assert_eq(load(&c, NULL, MERGED, NULL, NULL), 0, "%s", err_last());
	cr_assert_str_eq(c.context, "ctx-b");
	cr_assert_str_eq(c.source, KC "merge-b.yaml");
	cr_assert_str_eq(c.server, "https://b2.example:6443");
	cr_assert_str_eq(c.namespace, "ns-b");
	/* u1 is merge-a's whole stanza: its token, none of b's fields */
	cr_assert_str_eq(c.user_name, "u1");
	cr_assert_str_eq(c.token, "tok-a");
	cr_assert_null(c.username);
	cr_assert_null(c.password);
	kube_config_release(&c);

	/* ctx-a and c1 are merge-a's too */
	cr_assert_eq(load(&c, NULL, MERGED, "ctx-a", NULL), 0, "%s", err_last());
	cr_assert_str_eq(c.source, KC "merge-a.yaml");
	cr_assert_str_eq(c.server, "https://a.example:6443");
	cr_assert_str_eq(c.namespace, "default");
	kube_config_release(&c);

	/* a context only the third file has */
	cr_assert_eq(load(&c, NULL, MERGED, "ctx-c", NULL), 0, "%s", err_last());
	cr_assert_str_eq(c.server, "https://c.example");
	cr_assert_null(c.user_name);
	kube_config_release(&c);
}

Test(kubeconfig, merge_order_decides)
{
	struct kube_config c;

	cr_assert_eq(load(&c, NULL, KC "merge-b.yaml:" KC "merge-a.yaml", "ctx-a", NULL),
		     0, "%s", err_last());
	cr_assert_str_eq(c.server, "https://b2.example:6443");
	cr_assert_str_eq(c.namespace, "from-b");
	cr_assert_str_eq(c.token, "tok-b");
	cr_assert_str_eq(c.username, "bob");
	cr_assert_str_eq(c.password, "pw-b");
	kube_config_release(&c);

	/* current-context: merge-c is now the first to set one */
	cr_assert_eq(load(&c, NULL, KC "merge-a.yaml:" KC "merge-c.yaml:" KC "merge-b.yaml",
			  NULL, NULL),
		     0, "%s", err_last());
	cr_assert_str_eq(c.context, "ctx-c");
	kube_config_release(&c);
}

Test(kubeconfig, missing_files_in_the_list_are_skipped)
{
	struct kube_config c;

	cr_assert_eq(load(&c, NULL, KC "no-such.yaml:" KC "single.yaml:/nonexistent/x",
			  NULL, NULL),
		     0, "%s", err_last());
	cr_assert_str_eq(c.context, "dev");
	kube_config_release(&c);

	cr_assert_eq(load(&c, NULL, KC "no-such.yaml::/nonexistent/x", NULL, NULL),
		     ERR_NOTFOUND);
	cr_assert_str_eq(err_last(),
			 "no kubeconfig: no file in KUBECONFIG exists (tried '" KC
			 "no-such.yaml', '/nonexistent/x'); pass --kubeconfig FILE, or run 'argolab up --sim' for a simulated cluster");
	kube_config_release(&c);
}

Test(kubeconfig, a_bad_file_in_the_list_is_an_error)
{
	static const char text[] = "users:\n- name: x\n  user: {token: [tok-secret]}\n";
	char dir[] = "/tmp/argolab-kc-XXXXXX";
	struct buf env = BUF_INIT, bad = BUF_INIT;
	struct kube_config c;

	/* its user is never used, but client-go decodes every file */
	put(dir, "bad.yaml", text, &bad);
	buf_addf(&env, KC "single.yaml:%s", bad.ptr);
	cr_assert_eq(load(&c, NULL, env.ptr, NULL, NULL), ERR_INVALID);
	cr_assert(strstr(err_last(), "bad.yaml:3:17: users[0].user.token must be a string, not a list"),
		  "%s", err_last());
	assert_no_secret(err_last());
	kube_config_release(&c);

	/* a name twice in one file, even one an earlier file defines */
	put(dir, "twice.yaml", "users:\n- name: u1\n- name: u1\n", &bad);
	buf_reset(&env);
	buf_addf(&env, KC "merge-a.yaml:%s", bad.ptr);
	cr_assert_eq(load(&c, NULL, env.ptr, "ctx-a", NULL), ERR_INVALID);
	cr_assert(strstr(err_last(), "twice.yaml:3:9: user 'u1' is defined twice in this file (first at line 2)"),
		  "%s", err_last());
	kube_config_release(&c);

	fs_remove_tree(dir);
	buf_release(&env);
	buf_release(&bad);
}

Test(kubeconfig, kubeconfig_flag_is_one_file_that_must_exist)
{
	struct kube_config c;

	cr_assert_eq(load(&c, KC "merge-b.yaml", KC "merge-a.yaml", "ctx-a", NULL), 0,
		     "%s", err_last());
	cr_assert_str_eq(c.server, "https://b2.example:6443");
	cr_assert_str_eq(c.username, "bob");
	kube_config_release(&c);

	/* not merged with KUBECONFIG: merge-a's contexts are not there */
	cr_assert_eq(load(&c, KC "merge-c.yaml", KC "merge-a.yaml", "ctx-a", NULL),
		     ERR_NOTFOUND);
	cr_assert_str_eq(err_last(),
			 "context 'ctx-a' is not defined in '" KC "merge-c.yaml' (contexts: 'ctx-c')");
	kube_config_release(&c);

	cr_assert_eq(load(&c, KC "no-such.yaml", KC "single.yaml", NULL, NULL),
		     ERR_NOTFOUND);
	cr_assert_str_eq(err_last(), "kubeconfig '" KC "no-such.yaml' (--kubeconfig) does not exist");
	kube_config_release(&c);
}

Test(kubeconfig, home_kube_config_when_kubeconfig_is_unset)
{
	struct kube_config_opts o = { NULL, NULL, NULL, "", KC "home" };
	struct kube_config c;

	cr_assert_eq(kube_config_load(&o, &c), 0, "%s", err_last());
	cr_assert_str_eq(c.context, "home");
	cr_assert_str_eq(c.source, KC "home/.kube/config");
	kube_config_release(&c);

	o.home = NO_HOME;
	cr_assert_eq(kube_config_load(&o, &c), ERR_NOTFOUND);
	cr_assert_str_eq(err_last(),
			 "no kubeconfig: '" NO_HOME "/.kube/config' does not exist and KUBECONFIG is not set; pass --kubeconfig FILE, or run 'argolab up --sim' for a simulated cluster");
	kube_config_release(&c);

	o.home = "";
	cr_assert_eq(kube_config_load(&o, &c), ERR_NOTFOUND);
	cr_assert(strstr(err_last(), "KUBECONFIG and HOME are not set"), "%s", err_last());
	kube_config_release(&c);
}

/* ------------------------------------------------------------------ */
/* files named by a kubeconfig                                         */

Test(kubeconfig, relative_paths_resolve_against_the_defining_file)
{
	struct kube_config c;

	/* the context is in merge-a.yaml, its cluster and user in sub/ */
	cr_assert_eq(load(&c, NULL, KC "merge-a.yaml:" KC "sub/nested.yaml", "nested", NULL),
		     0, "%s", err_last());
	assert_file(&c.ca_pem, KC "sub/ca.crt");
	assert_file(&c.cert_pem, KC "sub/client.crt");
	assert_file(&c.key_pem, KC "sub/keys/client.key");
	cr_assert_str_eq(c.token, "tok-from-file");
	cr_assert_eq(c.token_file[0], '/');
	assert_suffix(c.token_file, "/tests/kube/kubeconfig/sub/token");
	kube_config_release(&c);
}

Test(kubeconfig, unreadable_certificate_authority_names_the_resolved_path)
{
	struct kube_config c;

	cr_assert_eq(load(&c, KC "sub/missing-ca.yaml", NULL, NULL, NULL), ERR_NOTFOUND);
	cr_assert(!strncmp(err_last(),
			   KC "sub/missing-ca.yaml:8:28: clusters[0].cluster.certificate-authority: cannot read '/",
			   strlen(KC "sub/missing-ca.yaml:8:28: clusters[0].cluster.certificate-authority: cannot read '/")),
		  "%s", err_last());
	cr_assert(strstr(err_last(), "/tests/kube/kubeconfig/sub/ca-b.crt': No such file"), "%s",
		  err_last());
	kube_config_release(&c);
}

Test(kubeconfig, data_wins_over_files_and_token_over_token_file)
{
	struct kube_config c;

	/* the files named beside the data do not exist: never read */
	cr_assert_eq(load(&c, KC "forms.yaml", NULL, "both", NULL), 0, "%s", err_last());
	assert_buf(&c.ca_pem, "-----BEGIN CERTIFICATE-----\ndummy certificate for inline ca\n-----END CERTIFICATE-----\n");
	assert_buf(&c.cert_pem, "-----BEGIN CERTIFICATE-----\ndummy certificate for inline client\n-----END CERTIFICATE-----\n");
	assert_buf(&c.key_pem, "-----BEGIN PRIVATE KEY-----\ndummy private key for inline client\n-----END PRIVATE KEY-----\n");
	cr_assert_str_eq(c.token, "tok-inline");
	cr_assert_null(c.token_file);
	kube_config_release(&c);

	cr_assert_eq(load(&c, KC "forms.yaml", NULL, "files", NULL), 0, "%s", err_last());
	assert_file(&c.ca_pem, KC "sub/ca.crt");
	assert_file(&c.cert_pem, KC "sub/client.crt");
	assert_file(&c.key_pem, KC "sub/keys/client.key");
	cr_assert_str_eq(c.token, "tok-from-file");
	assert_suffix(c.token_file, "/tests/kube/kubeconfig/sub/token");
	kube_config_release(&c);

	cr_assert_eq(load(&c, KC "forms.yaml", NULL, "basic", NULL), 0, "%s", err_last());
	cr_assert_str_eq(c.username, "alice");
	cr_assert_str_eq(c.password, "s3cret");
	cr_assert_null(c.token);
	kube_config_release(&c);

	cr_assert_eq(load(&c, KC "forms.yaml", NULL, "badtoken", NULL), ERR_NOTFOUND);
	cr_assert(strstr(err_last(), "forms.yaml:32:16: users[3].user.tokenFile: cannot read '/"),
		  "%s", err_last());
	assert_suffix(err_last(), "/tests/kube/kubeconfig/sub/no-such-token': No such file or directory");
	kube_config_release(&c);
}

Test(kubeconfig, plain_http_gets_no_credentials)
{
	struct kube_config c;

	cr_assert_eq(load(&c, KC "http.yaml", NULL, NULL, NULL), 0, "%s", err_last());
	cr_assert_str_eq(c.server, "http://127.0.0.1:8080");
	cr_assert(!kube_config_is_tls(&c));
	cr_assert_str_eq(c.user_name, "everything");
	cr_assert_str_eq(c.namespace, "argo");
	assert_no_credentials(&c);
	kube_config_release(&c);
}

static const struct {
	const char *file, *name, *server, *ca, *cert, *key;
} generated[] = {
	{ "kind.yaml", "kind-argolab", "https://127.0.0.1:39337", "kind ca", "kind admin",
	  "kind admin" },
	{ "docker-desktop.yaml", "docker-desktop", "https://kubernetes.docker.internal:6443",
	  "docker-desktop ca", "docker-desktop", "docker-desktop" },
};

Test(kubeconfig, kind_and_docker_desktop_shapes)
{
	size_t i;

	for (i = 0; i < sizeof(generated) / sizeof(generated[0]); i++) {
		struct buf path = BUF_INIT, want = BUF_INIT;
		struct kube_config c;

		buf_addf(&path, KC "%s", generated[i].file);
		cr_assert_eq(load(&c, path.ptr, NULL, NULL, NULL), 0, "%s", err_last());
		cr_assert_str_eq(c.context, generated[i].name);
		cr_assert_str_eq(c.cluster_name, generated[i].name);
		cr_assert_str_eq(c.user_name, generated[i].name);
		cr_assert_str_eq(c.server, generated[i].server);
		cr_assert_str_eq(c.namespace, "default");
		cr_assert(kube_config_is_tls(&c));
		buf_addf(&want, "-----BEGIN CERTIFICATE-----\ndummy certificate for %s\n-----END CERTIFICATE-----\n",
			 generated[i].ca);
		assert_buf(&c.ca_pem, want.ptr);
		buf_reset(&want);
		buf_addf(&want, "-----BEGIN CERTIFICATE-----\ndummy certificate for %s\n-----END CERTIFICATE-----\n",
			 generated[i].cert);
		assert_buf(&c.cert_pem, want.ptr);
		buf_reset(&want);
		buf_addf(&want, "-----BEGIN RSA PRIVATE KEY-----\ndummy rsa private key for %s\n-----END RSA PRIVATE KEY-----\n",
			 generated[i].key);
		assert_buf(&c.key_pem, want.ptr);
		cr_assert_null(c.token);
		cr_assert_null(c.exec);
		kube_config_release(&c);
		buf_release(&path);
		buf_release(&want);
	}
}

Test(kubeconfig, exec_stanzas)
{
	struct kube_config c;

	cr_assert_eq(load(&c, KC "exec.yaml", NULL, NULL, NULL), 0, "%s", err_last());
	cr_assert_not_null(c.exec);
	cr_assert_str_eq(c.exec->api_version, "client.authentication.k8s.io/v1");
	cr_assert_eq(c.exec->command[0], '/');
	assert_suffix(c.exec->command, "/tests/kube/exec/token.sh");
	cr_assert_str_eq(c.exec->args[0], "first");
	cr_assert_str_eq(c.exec->args[1], "second");
	cr_assert_null(c.exec->args[2]);
	cr_assert_str_eq(c.exec->env[0], "PLUGIN_GREETING=hello");
	cr_assert_str_eq(c.exec->env[1], "UNUSED=");
	cr_assert_null(c.exec->env[2]);
	cr_assert_eq(c.exec->interactive, KUBE_EXEC_NEVER);
	cr_assert_eq(c.exec->provide_cluster_info, 0);
	cr_assert_str_eq(c.exec->install_hint, "not shown");
	cr_assert_null(c.token);
	kube_config_release(&c);

	cr_assert_eq(load(&c, KC "exec.yaml", NULL, "certkey", NULL), 0, "%s", err_last());
	cr_assert_eq(c.exec->interactive, KUBE_EXEC_IF_AVAILABLE);
	cr_assert_null(c.exec->args[0]);
	cr_assert_null(c.exec->env[0]);
	cr_assert_null(c.exec->install_hint);
	kube_config_release(&c);

	cr_assert_eq(load(&c, KC "exec.yaml", NULL, "info", NULL), 0, "%s", err_last());
	cr_assert_eq(c.exec->provide_cluster_info, 1);
	kube_config_release(&c);

	cr_assert_eq(load(&c, KC "exec.yaml", NULL, "always", NULL), 0, "%s", err_last());
	cr_assert_eq(c.exec->interactive, KUBE_EXEC_ALWAYS);
	kube_config_release(&c);

	/* v1beta1 defaults interactiveMode to IfAvailable */
	cr_assert_eq(load(&c, KC "exec.yaml", NULL, "beta", NULL), 0, "%s", err_last());
	cr_assert_eq(c.exec->interactive, KUBE_EXEC_IF_AVAILABLE);
	kube_config_release(&c);

	/* no '/': left for the PATH lookup */
	cr_assert_eq(load(&c, KC "exec.yaml", NULL, "path", NULL), 0, "%s", err_last());
	cr_assert_str_eq(c.exec->command, "sh");
	cr_assert_str_eq(c.exec->args[0], "-c");
	kube_config_release(&c);

	cr_assert_eq(load(&c, KC "exec.yaml", NULL, "missing", NULL), 0, "%s", err_last());
	cr_assert_str_eq(c.exec->command, "argolab-no-such-plugin");
	cr_assert_str_eq(c.exec->install_hint,
			 "argolab-no-such-plugin is needed; install it with\n'go install example.com/argolab-no-such-plugin@latest'");
	kube_config_release(&c);
}

/* ------------------------------------------------------------------ */
/* bad input                                                           */

#define H "apiVersion: v1\nkind: Config\n"
/* a usable cluster and context around a user body (lines 3-7, user at 8) */
#define CTX(user)                                                         \
	H "current-context: ctx\n"                                        \
	  "clusters:\n- name: c\n  cluster: {server: 'https://h:6443'}\n" \
	  "contexts:\n- name: ctx\n  context: {cluster: c, user: u}\n"    \
	  "users:\n- name: u\n  user:\n" user

static const struct {
	const char *yaml;
	const char *context;
	int code;
	const char *msg; /* after "DIR/config" */
} bad[] = {
	/* YAML and types */
	{ H "clusters:\n- name: a\n  cluster: {server: [\n", NULL, ERR_INVALID,
	  ":6:1: did not find expected node content" },
	{ "- just\n- a list\n", NULL, ERR_INVALID, ":1:1: a kubeconfig must be a mapping, not a list" },
	{ H "users:\n- name: u\n  user:\n    token: 12345\n", NULL, ERR_INVALID,
	  ":6:12: users[0].user.token must be a string, not a number" },
	{ H "users:\n- name: u\n  user:\n    password: [s3cret]\n", NULL, ERR_INVALID,
	  ":6:15: users[0].user.password must be a string, not a list" },
	{ H "clusters:\n- name: c\n  cluster:\n    insecure-skip-tls-verify: \"yes\"\n", NULL,
	  ERR_INVALID, ":6:31: clusters[0].cluster.insecure-skip-tls-verify must be a boolean, not a string" },
	/* YAML 1.1, as sigs.k8s.io/yaml: an unquoted no is a boolean */
	{ H "contexts:\n- name: x\n  context: {cluster: c, namespace: no}\n", NULL, ERR_INVALID,
	  ":5:36: contexts[0].context.namespace must be a string, not a boolean" },
	{ H "clusters: {a: b}\n", NULL, ERR_INVALID, ":3:11: clusters must be a list, not a mapping" },
	{ H "contexts:\n- just-a-name\n", NULL, ERR_INVALID,
	  ":4:3: contexts[0] must be a mapping, not a string" },
	{ H "users:\n- user: {token: tok-secret}\n", NULL, ERR_INVALID, ":4:3: users[0] has no name" },
	{ H "users:\n- name: u\n  user: tok-secret\n", NULL, ERR_INVALID,
	  ":5:9: users[0].user must be a mapping, not a string" },
	{ H "clusters:\n- name: c\n  cluster:\n    certificate-authority-data: not*base64\n", NULL,
	  ERR_INVALID, ":6:33: clusters[0].cluster.certificate-authority-data is not valid base64" },
	{ H "users:\n- name: u\n  user:\n    client-key-data: tok-secret=\n", NULL, ERR_INVALID,
	  ":6:22: users[0].user.client-key-data is not valid base64" },
	{ H "users:\n- name: u\n  user: {}\n- name: v\n- name: u\n  user: {}\n", NULL, ERR_INVALID,
	  ":7:9: user 'u' is defined twice in this file (first at line 4)" },
	{ "apiVersion: v1\nkind: Pod\n", NULL, ERR_INVALID,
	  ":2:7: kind is 'Pod', not 'Config': this is not a kubeconfig" },
	{ "apiVersion: v2\nkind: Config\n", NULL, ERR_INVALID,
	  ":1:13: apiVersion 'v2' is not one kubectl reads (want 'v1')" },
	{ H "current-context: 7\n", NULL, ERR_INVALID,
	  ":3:18: current-context must be a string, not a number" },

	/* resolution */
	{ H "contexts:\n- name: ctx\n  context: {cluster: c}\n", NULL, ERR_NOTFOUND,
	  "no current-context is set in '" },
	{ H "current-context: gone\ncontexts:\n- name: ctx\n  context: {cluster: c}\n", NULL,
	  ERR_NOTFOUND, ":3:18: current-context 'gone' is not defined in '" },
	{ H "current-context: ctx\ncontexts:\n- name: ctx\n  context: {user: u}\n", NULL,
	  ERR_NOTFOUND, ":6:12: context 'ctx' names no cluster" },
	{ H "current-context: ctx\nclusters:\n- name: c\n  cluster: {server: 'https://h'}\n"
	    "contexts:\n- name: ctx\n  context: {cluster: c9}\n",
	  NULL, ERR_NOTFOUND, ":9:22: cluster 'c9' of context 'ctx' is not defined in '" },
	{ H "current-context: ctx\nclusters:\n- name: c\n  cluster: {server: 'https://h'}\n"
	    "contexts:\n- name: ctx\n  context: {cluster: c, user: u9}\n"
	    "users:\n- name: u\n",
	  NULL, ERR_NOTFOUND, ":9:31: user 'u9' of context 'ctx' is not defined in '" },
	{ H "current-context: ctx\nclusters:\n- name: c\n  cluster: {}\n"
	    "contexts:\n- name: ctx\n  context: {cluster: c}\n",
	  NULL, ERR_INVALID, ":6:12: cluster 'c' has no server" },
	{ H "current-context: ctx\nclusters:\n- name: c\n  cluster: {server: '127.0.0.1:6443'}\n"
	    "contexts:\n- name: ctx\n  context: {cluster: c}\n",
	  NULL, ERR_INVALID,
	  ":6:21: clusters[0].cluster.server '127.0.0.1:6443' is not an http(s) URL (want https://HOST[:PORT][/PREFIX])" },
	{ H "current-context: ctx\nclusters:\n- name: c\n  cluster: {server: 'https:///api'}\n"
	    "contexts:\n- name: ctx\n  context: {cluster: c}\n",
	  NULL, ERR_INVALID, ":6:21: clusters[0].cluster.server 'https:///api' is not an http(s) URL" },
	{ H "current-context: ctx\nclusters:\n- name: c\n  cluster: {server: 'https://admin:s3cret@h'}\n"
	    "contexts:\n- name: ctx\n  context: {cluster: c}\n",
	  NULL, ERR_INVALID, ":6:21: clusters[0].cluster.server is not an http(s) URL" },

	/* users */
	{ CTX("    client-certificate-data: Y2VydA==\n"), NULL, ERR_INVALID,
	  ":13:5: user 'u' has a client certificate but no client key" },
	{ CTX("    token: \"tok-secret\\r\\nX-Evil: 1\"\n"), NULL, ERR_INVALID,
	  ":13:12: users[0].user.token contains a control character" },
	{ CTX("    auth-provider: {name: oidc, config: {id-token: tok-secret}}\n"), NULL,
	  ERR_UNSUPPORTED, ":13:20: users[0].user.auth-provider: argolab does not support 'auth-provider' (user 'u')" },
	{ CTX("    token: t\n    as: admin\n"), NULL, ERR_UNSUPPORTED,
	  ":14:9: users[0].user.as: argolab does not support 'as' (user 'u')" },

	/* exec */
	{ CTX("    exec: {apiVersion: client.authentication.k8s.io/v1, interactiveMode: Never}\n"),
	  NULL, ERR_INVALID, ":13:11: users[0].user.exec has no command" },
	{ CTX("    exec: {command: p, interactiveMode: Never}\n"), NULL, ERR_INVALID,
	  ":13:11: users[0].user.exec has no apiVersion" },
	{ CTX("    exec: {apiVersion: client.authentication.k8s.io/v1alpha1, command: p}\n"), NULL,
	  ERR_INVALID,
	  ":13:24: users[0].user.exec.apiVersion 'client.authentication.k8s.io/v1alpha1' is not supported" },
	{ CTX("    exec: {apiVersion: client.authentication.k8s.io/v1, command: p}\n"), NULL,
	  ERR_INVALID, ":13:11: users[0].user.exec has no interactiveMode (Never, IfAvailable or Always)" },
	{ CTX("    exec: {apiVersion: client.authentication.k8s.io/v1, command: p, interactiveMode: Sometimes}\n"),
	  NULL, ERR_INVALID,
	  ":13:86: users[0].user.exec.interactiveMode 'Sometimes' is not one of Never, IfAvailable or Always" },
	{ CTX("    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: p\n"
	      "      interactiveMode: Never\n      env:\n      - {name: A, value: b}\n      - {value: tok-secret}\n"),
	  NULL, ERR_INVALID, ":19:9: users[0].user.exec.env[1] has no name" },
	{ CTX("    exec:\n      command: p\n      env: [{name: A, value: 1}]\n"), NULL, ERR_INVALID,
	  ":15:30: users[0].user.exec.env[0].value must be a string, not a number" },
	{ CTX("    exec: {command: p, args: --flag}\n"), NULL, ERR_INVALID,
	  ":13:30: users[0].user.exec.args must be a list, not a string" },
	{ CTX("    exec: {command: p, args: [ok, {a: b}]}\n"), NULL, ERR_INVALID,
	  ":13:35: users[0].user.exec.args[1] must be a string, not a mapping" },
	{ CTX("    exec: {command: p, provideClusterInfo: 'true'}\n"), NULL, ERR_INVALID,
	  ":13:44: users[0].user.exec.provideClusterInfo must be a boolean, not a string" },
};

Test(kubeconfig, bad_input)
{
	char dir[] = "/tmp/argolab-kc-XXXXXX";
	struct buf path = BUF_INIT;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct kube_config c;
		int err;

		put(dir, "config", bad[i].yaml, &path);
		err = load(&c, path.ptr, NULL, bad[i].context, NULL);
		cr_assert_eq(err, bad[i].code, "case %zu: %s (%s)", i, err_name(err), err_last());
		if (bad[i].msg[0] == ':')
			cr_assert(!strncmp(err_last(), path.ptr, path.len) &&
					  !strncmp(err_last() + path.len, bad[i].msg, strlen(bad[i].msg)),
				  "case %zu:\n got: %s\nwant: %s%s", i, err_last(), path.ptr,
				  bad[i].msg);
		else
			cr_assert(strstr(err_last(), bad[i].msg), "case %zu:\n got: %s\nwant: %s", i,
				  err_last(), bad[i].msg);
		assert_no_secret(err_last());
		kube_config_release(&c);
	}
	fs_remove_tree(dir);
	buf_release(&path);
}

Test(kubeconfig, an_http_server_skips_the_user_checks)
{
	char dir[] = "/tmp/argolab-kc-XXXXXX";
	static const char text[] =
		H "current-context: ctx\n"
		  "clusters:\n- name: c\n  cluster: {server: 'http://h'}\n"
		  "contexts:\n- name: ctx\n  context: {cluster: c, user: u}\n"
		  "users:\n- name: u\n  user:\n    exec: {command: p}\n    as: admin\n";
	struct buf path = BUF_INIT;
	struct kube_config c;

	put(dir, "config", text, &path);
	cr_assert_eq(load(&c, path.ptr, NULL, NULL, NULL), 0, "%s", err_last());
	assert_no_credentials(&c);
	kube_config_release(&c);
	fs_remove_tree(dir);
	buf_release(&path);
}

Test(kubeconfig, empty_multi_document_and_oversized_files)
{
	char dir[] = "/tmp/argolab-kc-XXXXXX";
	static const char two[] =
		H "current-context: ctx\n"
		  "clusters:\n- name: c\n  cluster: {server: 'https://h'}\n"
		  "contexts:\n- name: ctx\n  context: {cluster: c}\n"
		  "---\ncurrent-context: [not, read]\n";
	struct buf path = BUF_INIT;
	struct kube_config c;

	put(dir, "empty", "", &path);
	cr_assert_eq(load(&c, path.ptr, NULL, NULL, NULL), ERR_NOTFOUND);
	cr_assert(strstr(err_last(), "no current-context is set in '"), "%s", err_last());
	cr_assert(strstr(err_last(), "(contexts: none)"), "%s", err_last());
	kube_config_release(&c);

	/* sigs.k8s.io/yaml reads the first document only */
	put(dir, "two", two, &path);
	cr_assert_eq(load(&c, path.ptr, NULL, NULL, NULL), 0, "%s", err_last());
	cr_assert_str_eq(c.server, "https://h");
	kube_config_release(&c);

	put(dir, "big", "", &path);
	cr_assert_eq(truncate(path.ptr, ((off_t)16 << 20) + 1), 0);
	cr_assert_eq(load(&c, path.ptr, NULL, NULL, NULL), ERR_TOOBIG);
	kube_config_release(&c);

	fs_remove_tree(dir);
	buf_release(&path);
}

/* ------------------------------------------------------------------ */
/* exec plugins                                                        */

/* load context ctx of exec.yaml and run its plugin */
static int run(const char *ctx, struct kube_cred *cred)
{
	struct kube_config c;
	int err;

	cr_assert_eq(load(&c, KC "exec.yaml", NULL, ctx, NULL), 0, "%s", err_last());
	err = kube_exec_run(&c, cred);
	kube_config_release(&c);
	return err;
}

Test(exec, token_with_args_env_and_expiry)
{
	struct kube_cred cred;

	/* the configured env wins over ours */
	setenv("PLUGIN_GREETING", "from-parent", 1);
	cr_assert_eq(run("token", &cred), 0, "%s", err_last());
	cr_assert_str_eq(cred.token, "tok-hello-first-second");
	cr_assert_eq(cred.expires, 1893456000LL);
	cr_assert_eq(cred.cert_pem.len, 0);
	cr_assert_eq(cred.key_pem.len, 0);
	kube_cred_release(&cred);
	cr_assert_null(cred.token);
}

Test(exec, client_certificate_and_key)
{
	struct kube_cred cred;

	cr_assert_eq(run("certkey", &cred), 0, "%s", err_last());
	cr_assert_null(cred.token);
	assert_buf(&cred.cert_pem, "-----BEGIN CERTIFICATE-----\nexec cert\n-----END CERTIFICATE-----\n");
	assert_buf(&cred.key_pem, "-----BEGIN PRIVATE KEY-----\nexec key\n-----END PRIVATE KEY-----\n");
	cr_assert_eq(cred.expires, 1893456000LL);
	kube_cred_release(&cred);
}

Test(exec, cluster_info_only_when_asked)
{
	char dir[] = "/tmp/argolab-exec-XXXXXX";
	struct buf out = BUF_INIT, info = BUF_INIT, ca = BUF_INIT;
	struct kube_config c;
	struct kube_cred cred;
	json_t *j;

	cr_assert_not_null(mkdtemp(dir));
	path_join(&out, dir, "info.json");
	setenv("INFO_OUT", out.ptr, 1);
	cr_assert_eq(run("info", &cred), 0, "%s", err_last());
	cr_assert_str_eq(cred.token, "tok-info");
	kube_cred_release(&cred);

	cr_assert_eq(fs_read_file(out.ptr, 0, &info), 0);
	j = json_loads(info.ptr, 0, NULL);
	cr_assert_not_null(j, "%s", info.ptr);
	cr_assert_eq(load(&c, KC "exec.yaml", NULL, "info", NULL), 0);
	base64_encode(&ca, c.ca_pem.ptr, c.ca_pem.len);
	cr_assert_str_eq(json_string_value(json_object_get(j, "kind")), "ExecCredential");
	cr_assert_str_eq(json_string_value(json_object_get(j, "apiVersion")),
			 "client.authentication.k8s.io/v1");
	cr_assert(json_is_false(json_object_get(json_object_get(j, "spec"), "interactive")));
	json_t *cl = json_object_get(json_object_get(j, "spec"), "cluster");
	cr_assert_str_eq(json_string_value(json_object_get(cl, "server")), "https://127.0.0.1:6443");
	cr_assert_str_eq(json_string_value(json_object_get(cl, "certificate-authority-data")), ca.ptr);
	cr_assert_str_eq(json_string_value(json_object_get(cl, "tls-server-name")), "kubernetes.default");
	cr_assert_null(json_object_get(cl, "insecure-skip-tls-verify"));
	json_decref(j);
	kube_config_release(&c);

	/* without provideClusterInfo: no spec.cluster, so no token */
	cr_assert_eq(run("noinfo", &cred), ERR_INVALID);
	cr_assert(strstr(err_last(), "printed neither a token nor a client certificate and key"),
		  "%s", err_last());
	kube_cred_release(&cred);
	buf_reset(&info);
	cr_assert_eq(fs_read_file(out.ptr, 0, &info), 0);
	cr_assert_str_eq(info.ptr,
			 "{\"kind\":\"ExecCredential\",\"apiVersion\":\"client.authentication.k8s.io/v1\",\"spec\":{\"interactive\":false}}");

	fs_remove_tree(dir);
	buf_release(&out);
	buf_release(&info);
	buf_release(&ca);
}

static const struct {
	const char *context;
	int code;
	const char *msg;
} exec_failures[] = {
	{ "fail", ERR_GENERIC, "exec plugin '/" },
	{ "fail", ERR_GENERIC, "/tests/kube/exec/fail.sh' (user 'fail') failed with exit status 1" },
	{ "garbage", ERR_INVALID,
	  "(user 'garbage') printed something that is not JSON (line 1, column 5); it must print an ExecCredential" },
	{ "big", ERR_TOOBIG, "(user 'big') printed more than 1048576 bytes" },
	{ "missing", ERR_NOTFOUND,
	  "exec plugin 'argolab-no-such-plugin' (user 'missing') is not installed (not found in PATH): "
	  "argolab-no-such-plugin is needed; install it with\n'go install example.com/argolab-no-such-plugin@latest'" },
	{ "always", ERR_INVALID, "has interactiveMode Always, but argolab runs plugins non-interactively" },
	{ "apiver", ERR_INVALID,
	  "printed apiVersion 'client.authentication.k8s.io/v1beta1', but the kubeconfig asks for 'client.authentication.k8s.io/v1'" },
};

Test(exec, failures)
{
	size_t i;

	for (i = 0; i < sizeof(exec_failures) / sizeof(exec_failures[0]); i++) {
		struct kube_cred cred;
		int err = run(exec_failures[i].context, &cred);

		cr_assert_eq(err, exec_failures[i].code, "%s: %s (%s)", exec_failures[i].context,
			     err_name(err), err_last());
		cr_assert(strstr(err_last(), exec_failures[i].msg), "%s:\n got: %s\nwant: %s",
			  exec_failures[i].context, err_last(), exec_failures[i].msg);
		assert_no_secret(err_last());
		cr_assert_null(cred.token);
		kube_cred_release(&cred);
	}
}

Test(exec, v1beta1_and_path_lookup)
{
	struct kube_cred cred;

	cr_assert_eq(run("beta", &cred), 0, "%s", err_last());
	cr_assert_str_eq(cred.token, "tok---");
	kube_cred_release(&cred);
	cr_assert_eq(run("path", &cred), 0, "%s", err_last());
	cr_assert_str_eq(cred.token, "tok-from-sh");
	cr_assert_eq(cred.expires, 0);
	kube_cred_release(&cred);
}

Test(exec, time_limit_kills_the_plugin)
{
	struct kube_cred cred;
	struct timespec a, b;
	double secs;

	setenv("ARGOLAB_EXEC_TIMEOUT_MS", "300", 1);
	clock_gettime(CLOCK_MONOTONIC, &a);
	cr_assert_eq(run("sleep", &cred), ERR_GENERIC);
	clock_gettime(CLOCK_MONOTONIC, &b);
	secs = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
	cr_assert(strstr(err_last(), "(user 'sleep') did not finish within 300 ms and was killed"),
		  "%s", err_last());
	cr_assert(secs < 5, "took %.1f s", secs);
	kube_cred_release(&cred);
}
