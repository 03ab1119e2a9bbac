/*
 * config: kubeconfig files read as client-go's clientcmd reads them (see
 * config.h for the rules).
 *
 * Two passes.  The first reads every file named, in order, into stanzas:
 * each cluster, user and context is checked for the type of every field
 * we use and its base64 decoded, because client-go decodes every file it
 * loads and fails on any of them.  The first file that defines a name
 * keeps it; a later stanza of that name is checked, then dropped whole.
 * The second pass resolves the one context in use to its cluster and
 * user, and only there are the checks that kubectl also makes only for
 * the context in use (a server URL, an exec stanza that can run), and
 * only there are certificate, key and token files read.
 *
 * Every node is named by a JSON pointer into its file ("/0/users/2/user"),
 * which gives its position (doc_posmap) and, rewritten, the name a person
 * reads in a message ("users[2].user").  Messages quote names and paths,
 * never values of secret fields.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <jansson.h>
#include <openssl/crypto.h>

#include "../base/alloc.h"
#include "../base/base64.h"
#include "../base/err.h"
#include "../base/fs.h"
#include "../base/strmap.h"
#include "../base/strutil.h"
#include "../doc/yaml.h"
#include "config.h"

/* the cap on a kubeconfig and on every file it names */
#define KUBECONFIG_MAX ((size_t)16 << 20)
/* names listed in a message before "and N more" */
#define NAMES_SHOWN 20

struct kfile {
	char *path; /* as named, for messages */
	char *dir;  /* absolute and clean: relative paths resolve here */
	json_t *docs;
	struct doc_posmap *pos;
};

enum kind { K_CLUSTER, K_USER, K_CONTEXT, K_NKINDS };

static const struct {
	const char *list; /* "clusters" */
	const char *body; /* "cluster" */
} kinds[K_NKINDS] = {
	{ "clusters", "cluster" },
	{ "users", "user" },
	{ "contexts", "context" },
};

/*
 * One named cluster, user or context, its strings borrowed from its
 * file's document (NULL when absent, null or empty).  One struct for the
 * three kinds keeps the list code single; each kind fills its own part.
 */
struct stanza {
	const char *name;
	const struct kfile *f;
	char *ptr; /* the body: "/0/users/2/user" */

	/* clusters */
	const char *server, *ca_file, *tls_server_name, *proxy_url;
	struct buf ca_data;
	int insecure;

	/* users */
	const char *cert_file, *key_file, *token, *token_file;
	const char *username, *password;
	struct buf cert_data, key_data;
	struct kube_exec *exec;
	const char *exec_mode;   /* interactiveMode as written */
	const char *unsupported; /* a field we do not implement, set */

	/* contexts */
	const char *cluster, *user, *namespace;
};

struct stanzas {
	struct stanza **v;
	size_t n, alloc;
	struct strmap by_name;
};

struct loader {
	struct kfile **files;
	size_t nfiles, files_alloc;
	struct stanzas kinds[K_NKINDS];
	struct strmap in_file[K_NKINDS]; /* names seen in this file: line + 1 */
	const char *current; /* from the first file that sets it */
	const struct kfile *current_file;
	const struct kfile *f; /* the file of the node at ptr */
	struct buf ptr;
	struct buf field; /* scratch for field() */
};

/* ------------------------------------------------------------------ */
/* memory                                                              */

static void wipe_buf(struct buf *b)
{
	if (b->alloc)
		OPENSSL_cleanse(b->ptr, b->alloc);
	buf_release(b);
}

static void wipe_str(char *s)
{
	if (s) {
		OPENSSL_cleanse(s, strlen(s));
		free(s);
	}
}

static void strv_free(char **v)
{
	size_t i;

	for (i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

static void exec_free(struct kube_exec *x)
{
	if (!x)
		return;
	free(x->api_version);
	free(x->command);
	strv_free(x->args);
	strv_free(x->env);
	free(x->install_hint);
	free(x);
}

static void stanza_free(struct stanza *st)
{
	if (!st)
		return;
	free(st->ptr);
	buf_release(&st->ca_data);
	buf_release(&st->cert_data);
	wipe_buf(&st->key_data);
	exec_free(st->exec);
	free(st);
}

static void loader_release(struct loader *ld)
{
	size_t i, k;

	for (k = 0; k < K_NKINDS; k++) {
		for (i = 0; i < ld->kinds[k].n; i++)
			stanza_free(ld->kinds[k].v[i]);
		free(ld->kinds[k].v);
		strmap_release(&ld->kinds[k].by_name);
		strmap_release(&ld->in_file[k]);
	}
	for (i = 0; i < ld->nfiles; i++) {
		free(ld->files[i]->path);
		free(ld->files[i]->dir);
		json_decref(ld->files[i]->docs);
		doc_posmap_free(ld->files[i]->pos);
		free(ld->files[i]);
	}
	free(ld->files);
	buf_release(&ld->ptr);
	buf_release(&ld->field);
}

/* zeroed, with the buffers empty strings (never NULL) */
static void config_init(struct kube_config *c)
{
	memset(c, 0, sizeof(*c));
	buf_init(&c->ca_pem, 0);
	buf_init(&c->cert_pem, 0);
	buf_init(&c->key_pem, 0);
}

void kube_config_release(struct kube_config *c)
{
	if (!c)
		return;
	free(c->context);
	free(c->cluster_name);
	free(c->user_name);
	free(c->server);
	free(c->namespace);
	free(c->source);
	buf_release(&c->ca_pem);
	buf_release(&c->cert_pem);
	wipe_buf(&c->key_pem);
	free(c->tls_server_name);
	free(c->proxy_url);
	wipe_str(c->token);
	free(c->token_file);
	free(c->username);
	wipe_str(c->password);
	exec_free(c->exec);
	config_init(c);
}

int kube_config_is_tls(const struct kube_config *c)
{
	return c->server && !strncasecmp(c->server, "https://", 8);
}

/* ------------------------------------------------------------------ */
/* positions and messages                                              */

static void enter(struct loader *ld, const char *key)
{
	doc_pointer_append(&ld->ptr, key, strlen(key));
}

static void enter_index(struct loader *ld, size_t i)
{
	buf_addf(&ld->ptr, "/%zu", i);
}

/* point at a stanza's body, or at one of its fields */
static void at(struct loader *ld, const struct stanza *st, const char *key)
{
	ld->f = st->f;
	buf_reset(&ld->ptr);
	buf_adds(&ld->ptr, st->ptr);
	if (key)
		enter(ld, key);
}

/* ld->ptr as kubectl names a field: "/0/users/2/user" -> "users[2].user" */
static const char *field(struct loader *ld)
{
	const char *p = ld->ptr.len ? strchr(ld->ptr.ptr + 1, '/') : NULL;

	buf_reset(&ld->field);
	while (p && *p == '/') {
		const char *tok = p + 1;
		size_t n = strcspn(tok, "/"), i;

		if (n && strspn(tok, "0123456789") >= n) {
			buf_addf(&ld->field, "[%.*s]", (int)n, tok);
		} else {
			if (ld->field.len)
				buf_addc(&ld->field, '.');
			for (i = 0; i < n; i++) {
				if (tok[i] == '~' && i + 1 < n) {
					buf_addc(&ld->field, tok[i + 1] == '1' ? '/' : '~');
					i++;
				} else {
					buf_addc(&ld->field, tok[i]);
				}
			}
		}
		p = tok + n;
	}
	return ld->field.ptr;
}

static int fail(struct loader *ld, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* "FILE:LINE:COL: what", at the value of the node at ld->ptr */
static int fail(struct loader *ld, int code, const char *fmt, ...)
{
	struct doc_pos key, val;
	struct buf msg = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	doc_posmap_nearest(ld->f->pos, ld->ptr.ptr, &key, &val);
	if (val.line)
		err_set(code, "%s:%u:%u: %s", ld->f->path, val.line, val.col,
			msg.ptr);
	else
		err_set(code, "%s: %s", ld->f->path, msg.ptr);
	buf_release(&msg);
	return code;
}

/* "'a', 'b', 'c'", or "none", in the order of definition */
static void names(struct buf *out, const struct stanzas *ss)
{
	size_t i;

	buf_reset(out);
	if (!ss->n)
		buf_adds(out, "none");
	for (i = 0; i < ss->n && i < NAMES_SHOWN; i++)
		buf_addf(out, "%s'%s'", i ? ", " : "", ss->v[i]->name);
	if (ss->n > NAMES_SHOWN)
		buf_addf(out, " and %zu more", ss->n - NAMES_SHOWN);
}

/* the files read: "'a'" or "'a', 'b'" */
static void file_names(struct buf *out, const struct loader *ld)
{
	size_t i;

	buf_reset(out);
	for (i = 0; i < ld->nfiles; i++)
		buf_addf(out, "%s'%s'", i ? ", " : "", ld->files[i]->path);
}

/* ------------------------------------------------------------------ */
/* typed fields                                                        */

enum vtype { T_STR, T_BOOL, T_MAP, T_LIST };

/* whether v (the node at ld->ptr) is of type t; the error when not */
static int check(struct loader *ld, const json_t *v, enum vtype t)
{
	static const char *const want[] = { "a string", "a boolean",
					    "a mapping", "a list" };
	int ok = 0;

	switch (t) {
	case T_STR:
		ok = json_is_string(v);
		if (ok && strlen(json_string_value(v)) != json_string_length(v))
			return fail(ld, ERR_INVALID,
				    "%s must not contain a NUL byte", field(ld));
		break;
	case T_BOOL:
		ok = json_is_boolean(v);
		break;
	case T_MAP:
		ok = json_is_object(v);
		break;
	case T_LIST:
		ok = json_is_array(v);
		break;
	}
	if (!ok)
		return fail(ld, ERR_INVALID, "%s must be %s, not %s", field(ld),
			    want[t], doc_kind_name(v));
	return 0;
}

/* obj[key] checked to be of type t; *out NULL when absent or null */
static int get(struct loader *ld, const json_t *obj, const char *key,
	       enum vtype t, const json_t **out)
{
	json_t *v = json_object_get(obj, key);
	size_t saved = ld->ptr.len;
	int err;

	*out = NULL;
	if (!v || json_is_null(v))
		return 0;
	enter(ld, key);
	err = check(ld, v, t);
	buf_setlen(&ld->ptr, saved);
	if (err < 0)
		return err;
	*out = v;
	return 0;
}

/* a string field; an empty string counts as absent, as in client-go */
static int get_str(struct loader *ld, const json_t *obj, const char *key,
		   const char **out)
{
	const json_t *v;
	int err = get(ld, obj, key, T_STR, &v);

	*out = v && json_string_length(v) ? json_string_value(v) : NULL;
	return err;
}

static int get_bool(struct loader *ld, const json_t *obj, const char *key,
		    int *out)
{
	const json_t *v;
	int err = get(ld, obj, key, T_BOOL, &v);

	*out = v && json_is_true(v);
	return err;
}

/* a *-data field: base64 decoded into out */
static int get_data(struct loader *ld, const json_t *obj, const char *key,
		    struct buf *out)
{
	const char *s;
	size_t saved = ld->ptr.len;
	int err = get_str(ld, obj, key, &s);

	if (err < 0 || !s)
		return err;
	if (base64_decode(out, s, strlen(s)) < 0) {
		enter(ld, key);
		err = fail(ld, ERR_INVALID, "%s is not valid base64", field(ld));
		buf_setlen(&ld->ptr, saved);
	}
	return err;
}

/* a list of strings into a NULL-terminated vector (never NULL) */
static int get_strs(struct loader *ld, const json_t *obj, const char *key,
		    char ***out)
{
	const json_t *list;
	json_t *e;
	size_t saved = ld->ptr.len, i, alloc = 0;
	int err = get(ld, obj, key, T_LIST, &list);

	ALLOC_GROW(*out, 1, alloc);
	(*out)[0] = NULL;
	if (err < 0 || !list)
		return err;
	enter(ld, key);
	json_array_foreach(list, i, e) {
		size_t item = ld->ptr.len;

		enter_index(ld, i);
		if ((err = check(ld, e, T_STR)) < 0)
			break;
		buf_setlen(&ld->ptr, item);
		ALLOC_GROW(*out, i + 2, alloc);
		(*out)[i] = xstrdup(json_string_value(e));
		(*out)[i + 1] = NULL;
	}
	buf_setlen(&ld->ptr, saved);
	return err;
}

/* ------------------------------------------------------------------ */
/* pass 1: the stanzas of each file                                    */

static int read_cluster(struct loader *ld, const json_t *b, struct stanza *st)
{
	int err;

	if ((err = get_str(ld, b, "server", &st->server)) < 0 ||
	    (err = get_str(ld, b, "certificate-authority", &st->ca_file)) < 0 ||
	    (err = get_data(ld, b, "certificate-authority-data", &st->ca_data)) < 0 ||
	    (err = get_bool(ld, b, "insecure-skip-tls-verify", &st->insecure)) < 0 ||
	    (err = get_str(ld, b, "tls-server-name", &st->tls_server_name)) < 0 ||
	    (err = get_str(ld, b, "proxy-url", &st->proxy_url)) < 0)
		return err;
	return 0;
}

/* exec.env: [{name, value}] into "NAME=VALUE" strings */
static int read_env(struct loader *ld, const json_t *x, struct kube_exec *e)
{
	const json_t *list, *value;
	json_t *item;
	const char *name;
	size_t saved = ld->ptr.len, i, alloc = 0;
	int err = get(ld, x, "env", T_LIST, &list);

	ALLOC_GROW(e->env, 1, alloc);
	e->env[0] = NULL;
	if (err < 0 || !list)
		return err;
	enter(ld, "env");
	json_array_foreach(list, i, item) {
		struct buf kv = BUF_INIT;
		size_t at_item = ld->ptr.len;

		enter_index(ld, i);
		if ((err = check(ld, item, T_MAP)) < 0 ||
		    (err = get_str(ld, item, "name", &name)) < 0 ||
		    (err = get(ld, item, "value", T_STR, &value)) < 0)
			break;
		buf_setlen(&ld->ptr, at_item);
		/* a missing name is an error only for the user in use */
		buf_addf(&kv, "%s=%s", name ? name : "",
			 value ? json_string_value(value) : "");
		ALLOC_GROW(e->env, i + 2, alloc);
		e->env[i] = buf_detach(&kv, NULL);
		e->env[i + 1] = NULL;
	}
	buf_setlen(&ld->ptr, saved);
	return err;
}

static int read_exec(struct loader *ld, const json_t *x, struct stanza *st)
{
	struct kube_exec *e = xcalloc(1, sizeof(*e));
	const char *api, *cmd, *hint;
	int err;

	st->exec = e;
	if ((err = get_str(ld, x, "apiVersion", &api)) < 0 ||
	    (err = get_str(ld, x, "command", &cmd)) < 0 ||
	    (err = get_strs(ld, x, "args", &e->args)) < 0 ||
	    (err = read_env(ld, x, e)) < 0 ||
	    (err = get_str(ld, x, "interactiveMode", &st->exec_mode)) < 0 ||
	    (err = get_bool(ld, x, "provideClusterInfo", &e->provide_cluster_info)) < 0 ||
	    (err = get_str(ld, x, "installHint", &hint)) < 0)
		return err;
	e->api_version = api ? xstrdup(api) : NULL;
	e->command = cmd ? xstrdup(cmd) : NULL;
	e->install_hint = hint ? xstrdup(hint) : NULL;
	return 0;
}

/* fields client-go reads that change who we are, which we do not do */
static const char *const unsupported_user_keys[] = {
	"auth-provider", "as", "as-uid", "as-groups", "as-user-extra", NULL,
};

static int read_user(struct loader *ld, const json_t *b, struct stanza *st)
{
	const json_t *x;
	const char *const *k;
	int err;

	if ((err = get_str(ld, b, "client-certificate", &st->cert_file)) < 0 ||
	    (err = get_data(ld, b, "client-certificate-data", &st->cert_data)) < 0 ||
	    (err = get_str(ld, b, "client-key", &st->key_file)) < 0 ||
	    (err = get_data(ld, b, "client-key-data", &st->key_data)) < 0 ||
	    (err = get_str(ld, b, "token", &st->token)) < 0 ||
	    (err = get_str(ld, b, "tokenFile", &st->token_file)) < 0 ||
	    (err = get_str(ld, b, "username", &st->username)) < 0 ||
	    (err = get_str(ld, b, "password", &st->password)) < 0 ||
	    (err = get(ld, b, "exec", T_MAP, &x)) < 0)
		return err;
	if (x) {
		size_t saved = ld->ptr.len;

		enter(ld, "exec");
		err = read_exec(ld, x, st);
		buf_setlen(&ld->ptr, saved);
		if (err < 0)
			return err;
	}
	for (k = unsupported_user_keys; *k && !st->unsupported; k++) {
		json_t *v = json_object_get(b, *k);

		if (v && !json_is_null(v) &&
		    !(json_is_string(v) && !json_string_length(v)) &&
		    !(json_is_array(v) && !json_array_size(v)) &&
		    !(json_is_object(v) && !json_object_size(v)))
			st->unsupported = *k;
	}
	return 0;
}

static int read_context(struct loader *ld, const json_t *b, struct stanza *st)
{
	int err;

	if ((err = get_str(ld, b, "cluster", &st->cluster)) < 0 ||
	    (err = get_str(ld, b, "user", &st->user)) < 0 ||
	    (err = get_str(ld, b, "namespace", &st->namespace)) < 0)
		return err;
	return 0;
}

/* one item of clusters/users/contexts, at ld->ptr */
static int read_stanza(struct loader *ld, enum kind k, const json_t *item)
{
	struct stanzas *ss = &ld->kinds[k];
	struct stanza *st = NULL;
	void *first;
	const json_t *body;
	const char *name;
	struct doc_pos key, val;
	size_t saved = ld->ptr.len;
	int err;

	if ((err = check(ld, item, T_MAP)) < 0 ||
	    (err = get_str(ld, item, "name", &name)) < 0 ||
	    (err = get(ld, item, kinds[k].body, T_MAP, &body)) < 0)
		return err;
	if (!name)
		return fail(ld, ERR_INVALID, "%s has no name", field(ld));
	st = xcalloc(1, sizeof(*st));
	st->name = name;
	st->f = ld->f;
	doc_posmap_nearest(ld->f->pos, ld->ptr.ptr, &key, &val);
	enter(ld, kinds[k].body);
	st->ptr = xstrdup(ld->ptr.ptr);
	if (body && k == K_CLUSTER)
		err = read_cluster(ld, body, st);
	else if (body && k == K_USER)
		err = read_user(ld, body, st);
	else if (body)
		err = read_context(ld, body, st);
	buf_setlen(&ld->ptr, saved);
	if (err < 0)
		goto done;
	/* client-go refuses a name twice in one file */
	first = strmap_put(&ld->in_file[k], name, strlen(name),
			   (void *)(uintptr_t)(val.line + 1));
	if (first) {
		enter(ld, "name");
		err = fail(ld, ERR_INVALID,
			   "%s '%s' is defined twice in this file (first at line %u)",
			   kinds[k].body, name, (unsigned)((uintptr_t)first - 1));
		buf_setlen(&ld->ptr, saved);
	} else if (!strmap_get(&ss->by_name, name, strlen(name))) {
		/* the first file to define a name keeps the whole stanza */
		ALLOC_GROW(ss->v, ss->n + 1, ss->alloc);
		ss->v[ss->n++] = st;
		strmap_put(&ss->by_name, name, strlen(name), st);
		st = NULL;
	}
done:
	stanza_free(st);
	return err;
}

static int read_stanzas(struct loader *ld, const json_t *root, enum kind k)
{
	const json_t *list;
	json_t *item;
	size_t saved = ld->ptr.len, i;
	int err = get(ld, root, kinds[k].list, T_LIST, &list);

	if (err < 0 || !list)
		return err;
	enter(ld, kinds[k].list);
	json_array_foreach(list, i, item) {
		size_t at_list = ld->ptr.len;

		enter_index(ld, i);
		err = read_stanza(ld, k, item);
		buf_setlen(&ld->ptr, at_list);
		if (err < 0)
			break;
	}
	buf_setlen(&ld->ptr, saved);
	return err;
}

static int read_doc(struct loader *ld)
{
	const json_t *root = json_array_get(ld->f->docs, 0);
	const char *s;
	int err, k;

	buf_reset(&ld->ptr);
	buf_adds(&ld->ptr, "/0");
	for (k = 0; k < K_NKINDS; k++)
		strmap_release(&ld->in_file[k]);
	if (!root || json_is_null(root))
		return 0; /* an empty file is an empty config */
	if (!json_is_object(root))
		return fail(ld, ERR_INVALID, "a kubeconfig must be a mapping, not %s",
			    doc_kind_name(root));
	if ((err = get_str(ld, root, "kind", &s)) < 0)
		return err;
	if (s && strcmp(s, "Config")) {
		enter(ld, "kind");
		return fail(ld, ERR_INVALID,
			    "kind is '%s', not 'Config': this is not a kubeconfig", s);
	}
	if ((err = get_str(ld, root, "apiVersion", &s)) < 0)
		return err;
	if (s && strcmp(s, "v1")) {
		enter(ld, "apiVersion");
		return fail(ld, ERR_INVALID,
			    "apiVersion '%s' is not one kubectl reads (want 'v1')", s);
	}
	if ((err = get_str(ld, root, "current-context", &s)) < 0)
		return err;
	if (s && !ld->current) {
		ld->current = s;
		ld->current_file = ld->f;
	}
	for (k = 0; k < K_NKINDS; k++)
		if ((err = read_stanzas(ld, root, (enum kind)k)) < 0)
			return err;
	return 0;
}

/* the absolute, clean directory of path (not resolving symbolic links) */
static void abs_dir(struct buf *out, const char *path)
{
	struct buf dir = BUF_INIT;
	char cwd[4096];

	path_dirname(&dir, path);
	if (dir.ptr[0] != '/' && getcwd(cwd, sizeof(cwd))) {
		path_join(out, cwd, dir.ptr);
	} else {
		buf_reset(out);
		buf_add(out, dir.ptr, dir.len);
	}
	path_clean(out);
	buf_release(&dir);
}

/*
 * read one kubeconfig file into ld; a missing file is ERR_NOTFOUND and
 * leaves ld as it was, every other error is the file's
 */
static int load_file(struct loader *ld, const char *path)
{
	struct doc_load_opts opts = DOC_LOAD_OPTS_INIT;
	struct buf data = BUF_INIT, dir = BUF_INIT;
	struct kfile *f;
	int err;

	if ((err = fs_read_file(path, KUBECONFIG_MAX, &data)) < 0)
		goto done;
	f = xcalloc(1, sizeof(*f));
	ALLOC_GROW(ld->files, ld->nfiles + 1, ld->files_alloc);
	ld->files[ld->nfiles++] = f;
	f->path = xstrdup(path);
	abs_dir(&dir, path);
	f->dir = buf_detach(&dir, NULL);
	f->pos = doc_posmap_new();
	opts.name = path;
	opts.pos = f->pos;
	/* client-go reads a kubeconfig with sigs.k8s.io/yaml: YAML 1.1, and
	 * only the first document */
	opts.flags = DOC_LOAD_POSITIONS | DOC_LOAD_YAML11 | DOC_LOAD_FIRST_ONLY;
	if ((err = doc_yaml_load(data.ptr, data.len, &opts, &f->docs)) < 0)
		goto done;
	ld->f = f;
	err = read_doc(ld);
done:
	wipe_buf(&data);
	buf_release(&dir);
	return err;
}

#define NO_CONFIG_HINT \
	"pass --kubeconfig FILE, or run 'argolab up --sim' for a simulated cluster"

/* KUBECONFIG's files, or $HOME/.kube/config */
static int load_default(struct loader *ld, const struct kube_config_opts *o)
{
	const char *env = o->env_kubeconfig ? o->env_kubeconfig
					    : getenv("KUBECONFIG");
	const char *home = o->home ? o->home : getenv("HOME");
	struct buf one = BUF_INIT, tried = BUF_INIT;
	struct strmap seen = STRMAP_INIT;
	const char *p;
	int err = 0;

	if (!env || !*env) {
		if (!home || !*home) {
			err = err_set(ERR_NOTFOUND,
				      "no kubeconfig: KUBECONFIG and HOME are not set; " NO_CONFIG_HINT);
			goto done;
		}
		path_join(&one, home, ".kube/config");
		err = load_file(ld, one.ptr);
		if (err == ERR_NOTFOUND)
			err = err_set(ERR_NOTFOUND,
				      "no kubeconfig: '%s' does not exist and KUBECONFIG is not set; " NO_CONFIG_HINT,
				      one.ptr);
		goto done;
	}
	for (p = env; *p; p += *p == ':') {
		size_t n = strcspn(p, ":");

		buf_reset(&one);
		buf_add(&one, p, n);
		p += n;
		/* empty entries are skipped and repeated ones read once */
		if (!n || strmap_get(&seen, one.ptr, one.len))
			continue;
		strmap_put(&seen, one.ptr, one.len, &seen);
		err = load_file(ld, one.ptr);
		if (err == ERR_NOTFOUND) {
			err_clear();
			err = 0;
			buf_addf(&tried, "%s'%s'", tried.len ? ", " : "", one.ptr);
		} else if (err < 0) {
			goto done;
		}
	}
	if (!ld->nfiles)
		err = err_set(ERR_NOTFOUND,
			      "no kubeconfig: no file in KUBECONFIG exists (tried %s); " NO_CONFIG_HINT,
			      tried.len ? tried.ptr : "nothing");
done:
	buf_release(&one);
	buf_release(&tried);
	strmap_release(&seen);
	return err;
}

/* ------------------------------------------------------------------ */
/* pass 2: the context in use                                          */

static struct stanza *find(struct loader *ld, enum kind k, const char *name)
{
	return strmap_get(&ld->kinds[k].by_name, name, strlen(name));
}

/* a path from st's file: relative ones against that file's directory */
static void resolve_path(struct buf *out, const struct stanza *st,
			 const char *p)
{
	path_join(out, st->f->dir, p);
	if (p[0] != '/')
		path_clean(out);
}

/*
 * read the file named by st's field key into out (its resolved path into
 * *resolved when asked): ERR_NOTFOUND when it cannot be read, ERR_TOOBIG
 * over the cap, with the field's position
 */
static int read_named_file(struct loader *ld, const struct stanza *st,
			   const char *key, const char *p, struct buf *out,
			   char **resolved)
{
	struct buf path = BUF_INIT, why = BUF_INIT;
	int err;

	resolve_path(&path, st, p);
	err = fs_read_file(path.ptr, KUBECONFIG_MAX, out);
	if (err < 0) {
		buf_adds(&why, err_last());
		at(ld, st, key);
		err = fail(ld, err == ERR_TOOBIG ? ERR_TOOBIG : ERR_NOTFOUND,
			   "%s: %s", field(ld), why.ptr);
	} else if (resolved) {
		*resolved = buf_detach(&path, NULL);
	}
	buf_release(&path);
	buf_release(&why);
	return err;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	       c == '\f';
}

/*
 * http(s)://HOST[:PORT][/PREFIX], nothing else: no user:password@ (Go
 * would send it as basic auth, over http too), no query or fragment
 */
static int server_ok(const char *s)
{
	size_t skip, host;

	if (!strncasecmp(s, "https://", 8))
		skip = 8;
	else if (!strncasecmp(s, "http://", 7))
		skip = 7;
	else
		return 0;
	host = strcspn(s + skip, "/");
	if (!host || memchr(s + skip, '@', host))
		return 0;
	for (; *s; s++)
		if ((unsigned char)*s <= ' ' || *s == 0x7f || *s == '?' ||
		    *s == '#')
			return 0;
	return 1;
}

static int resolve_cluster(struct loader *ld, const struct stanza *cl,
			   struct kube_config *out)
{
	size_t n;

	if (!cl->server) {
		at(ld, cl, NULL);
		return fail(ld, ERR_INVALID, "cluster '%s' has no server",
			    cl->name);
	}
	if (!server_ok(cl->server)) {
		at(ld, cl, "server");
		/* a URL with user:password@ is not shown */
		if (strchr(cl->server, '@'))
			return fail(ld, ERR_INVALID,
				    "%s is not an http(s) URL (want https://HOST[:PORT][/PREFIX])",
				    field(ld));
		return fail(ld, ERR_INVALID,
			    "%s '%s' is not an http(s) URL (want https://HOST[:PORT][/PREFIX])",
			    field(ld), cl->server);
	}
	n = strlen(cl->server);
	while (n && cl->server[n - 1] == '/')
		n--;
	out->server = xstrndup(cl->server, n);
	out->insecure = cl->insecure;
	out->tls_server_name = cl->tls_server_name ? xstrdup(cl->tls_server_name) : NULL;
	out->proxy_url = cl->proxy_url ? xstrdup(cl->proxy_url) : NULL;
	if (cl->ca_data.len) {
		buf_add(&out->ca_pem, cl->ca_data.ptr, cl->ca_data.len);
		return 0;
	}
	if (cl->ca_file)
		return read_named_file(ld, cl, "certificate-authority", cl->ca_file,
				       &out->ca_pem, NULL);
	return 0;
}

/* the PEM of a *-data field, else of the file it names */
static int pem(struct loader *ld, const struct stanza *u, const char *key,
	       const struct buf *data, const char *file, struct buf *out)
{
	if (data->len)
		return buf_add(out, data->ptr, data->len);
	if (file)
		return read_named_file(ld, u, key, file, out, NULL);
	return 0;
}

static int resolve_token(struct loader *ld, const struct stanza *u,
			 struct kube_config *out)
{
	struct buf tok = BUF_INIT;
	size_t b = 0, e;
	int err = 0;

	if (u->token) {
		if (str_has_ctl(u->token, strlen(u->token))) {
			at(ld, u, "token");
			return fail(ld, ERR_INVALID, "%s contains a control character",
				    field(ld));
		}
		out->token = xstrdup(u->token);
		return 0;
	}
	if (!u->token_file)
		return 0;
	err = read_named_file(ld, u, "tokenFile", u->token_file, &tok,
			      &out->token_file);
	if (err < 0)
		goto done;
	e = tok.len;
	while (b < e && is_space(tok.ptr[b]))
		b++;
	while (e > b && is_space(tok.ptr[e - 1]))
		e--;
	if (str_has_ctl(tok.ptr + b, e - b)) {
		at(ld, u, "tokenFile");
		err = fail(ld, ERR_INVALID, "%s: the token in '%s' contains a control character",
			   field(ld), out->token_file);
		goto done;
	}
	if (e > b)
		out->token = xstrndup(tok.ptr + b, e - b);
done:
	wipe_buf(&tok);
	return err;
}

/* the checks client-go makes of the exec stanza of the user in use */
static int resolve_exec(struct loader *ld, struct stanza *u,
			struct kube_config *out)
{
	struct kube_exec *x = u->exec;
	struct buf path = BUF_INIT;
	size_t i;
	int beta;

	at(ld, u, "exec");
	if (!x->command)
		return fail(ld, ERR_INVALID, "%s has no command", field(ld));
	if (!x->api_version)
		return fail(ld, ERR_INVALID,
			    "%s has no apiVersion (client.authentication.k8s.io/v1)",
			    field(ld));
	beta = !strcmp(x->api_version, "client.authentication.k8s.io/v1beta1");
	if (!beta && strcmp(x->api_version, "client.authentication.k8s.io/v1")) {
		enter(ld, "apiVersion");
		return fail(ld, ERR_INVALID,
			    "%s '%s' is not supported (want client.authentication.k8s.io/v1 or v1beta1)",
			    field(ld), x->api_version);
	}
	if (!u->exec_mode && beta) {
		x->interactive = KUBE_EXEC_IF_AVAILABLE; /* v1beta1's default */
	} else if (!u->exec_mode) {
		return fail(ld, ERR_INVALID,
			    "%s has no interactiveMode (Never, IfAvailable or Always), which client.authentication.k8s.io/v1 requires",
			    field(ld));
	} else if (!strcmp(u->exec_mode, "Never")) {
		x->interactive = KUBE_EXEC_NEVER;
	} else if (!strcmp(u->exec_mode, "IfAvailable")) {
		x->interactive = KUBE_EXEC_IF_AVAILABLE;
	} else if (!strcmp(u->exec_mode, "Always")) {
		x->interactive = KUBE_EXEC_ALWAYS;
	} else {
		enter(ld, "interactiveMode");
		return fail(ld, ERR_INVALID,
			    "%s '%s' is not one of Never, IfAvailable or Always",
			    field(ld), u->exec_mode);
	}
	for (i = 0; x->env[i]; i++)
		if (x->env[i][0] == '=') {
			enter(ld, "env");
			enter_index(ld, i);
			return fail(ld, ERR_INVALID, "%s has no name", field(ld));
		}
	if (strchr(x->command, '/') && x->command[0] != '/') {
		resolve_path(&path, u, x->command);
		free(x->command);
		x->command = buf_detach(&path, NULL);
	}
	out->exec = x;
	u->exec = NULL;
	return 0;
}

static int resolve_user(struct loader *ld, struct stanza *u,
			struct kube_config *out)
{
	int err;

	if (u->unsupported) {
		at(ld, u, u->unsupported);
		return fail(ld, ERR_UNSUPPORTED,
			    "%s: argolab does not support '%s' (user '%s'); use a token, a client certificate or an exec plugin",
			    field(ld), u->unsupported, u->name);
	}
	if ((err = pem(ld, u, "client-certificate", &u->cert_data, u->cert_file,
		       &out->cert_pem)) < 0 ||
	    (err = pem(ld, u, "client-key", &u->key_data, u->key_file,
		       &out->key_pem)) < 0)
		return err;
	if (!out->cert_pem.len != !out->key_pem.len) {
		at(ld, u, NULL);
		return fail(ld, ERR_INVALID,
			    "user '%s' has a client %s but no client %s",
			    u->name, out->cert_pem.len ? "certificate" : "key",
			    out->cert_pem.len ? "key" : "certificate");
	}
	if ((err = resolve_token(ld, u, out)) < 0)
		return err;
	out->username = u->username ? xstrdup(u->username) : NULL;
	out->password = u->password ? xstrdup(u->password) : NULL;
	if (u->exec)
		return resolve_exec(ld, u, out);
	return 0;
}

/* the cluster or user that context ctx names, or ERR_NOTFOUND listing those there are */
static int named_by(struct loader *ld, const struct stanza *ctx, enum kind k,
		    const char *name, struct stanza **out)
{
	struct buf list = BUF_INIT, where = BUF_INIT;
	int err;

	if ((*out = find(ld, k, name)))
		return 0;
	names(&list, &ld->kinds[k]);
	file_names(&where, ld);
	at(ld, ctx, kinds[k].body); /* the context's field is named as the kind */
	err = fail(ld, ERR_NOTFOUND, "%s '%s' of context '%s' is not defined in %s (%s: %s)",
		   kinds[k].body, name, ctx->name, where.ptr, kinds[k].list, list.ptr);
	buf_release(&list);
	buf_release(&where);
	return err;
}

static int resolve(struct loader *ld, const struct kube_config_opts *o,
		   struct kube_config *out)
{
	const char *name = o->context && *o->context ? o->context : ld->current;
	struct stanza *ctx, *cl, *u;
	struct buf list = BUF_INIT, where = BUF_INIT;
	int err = 0;

	file_names(&where, ld);
	if (!name) {
		names(&list, &ld->kinds[K_CONTEXT]);
		err = err_set(ERR_NOTFOUND,
			      "no current-context is set in %s and no --context was given (contexts: %s)",
			      where.ptr, list.ptr);
		goto done;
	}
	ctx = find(ld, K_CONTEXT, name);
	if (!ctx) {
		names(&list, &ld->kinds[K_CONTEXT]);
		if (name == ld->current) {
			ld->f = ld->current_file;
			buf_reset(&ld->ptr);
			buf_adds(&ld->ptr, "/0/current-context");
			err = fail(ld, ERR_NOTFOUND,
				   "current-context '%s' is not defined in %s (contexts: %s)",
				   name, where.ptr, list.ptr);
		} else {
			err = err_set(ERR_NOTFOUND,
				      "context '%s' is not defined in %s (contexts: %s)",
				      name, where.ptr, list.ptr);
		}
		goto done;
	}
	out->context = xstrdup(name);
	out->source = xstrdup(ctx->f->path);
	out->namespace = xstrdup(o->namespace && *o->namespace ? o->namespace
				 : ctx->namespace	       ? ctx->namespace
							       : "default");
	if (!ctx->cluster) {
		at(ld, ctx, NULL);
		err = fail(ld, ERR_NOTFOUND, "context '%s' names no cluster", name);
		goto done;
	}
	if ((err = named_by(ld, ctx, K_CLUSTER, ctx->cluster, &cl)) < 0)
		goto done;
	out->cluster_name = xstrdup(cl->name);
	if ((err = resolve_cluster(ld, cl, out)) < 0 || !ctx->user)
		goto done;
	if ((err = named_by(ld, ctx, K_USER, ctx->user, &u)) < 0)
		goto done;
	out->user_name = xstrdup(u->name);
	/* as client-go: no credentials at all unless the transport is TLS */
	if (kube_config_is_tls(out))
		err = resolve_user(ld, u, out);
done:
	buf_release(&list);
	buf_release(&where);
	return err;
}

int kube_config_load(const struct kube_config_opts *o, struct kube_config *out)
{
	struct loader ld;
	int err;

	config_init(out);
	memset(&ld, 0, sizeof(ld));
	buf_init(&ld.ptr, 0);
	buf_init(&ld.field, 0);
	if (o->kubeconfig && *o->kubeconfig) {
		err = load_file(&ld, o->kubeconfig);
		if (err == ERR_NOTFOUND)
			err = err_set(ERR_NOTFOUND,
				      "kubeconfig '%s' (--kubeconfig) does not exist",
				      o->kubeconfig);
	} else {
		err = load_default(&ld, o);
	}
	if (err == 0)
		err = resolve(&ld, o, out);
	loader_release(&ld);
	return err;
}
