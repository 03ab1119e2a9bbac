/*
 * gitsrc: the files of a git repository at a pinned ref.  See gitsrc.h.
 *
 * Every URL has a bare repository of its own in the cache directory,
 * named by the first 16 hex digits of sha256(url), and a lock file next
 * to it that we hold (flock, exclusive) for the whole operation, so two
 * argolab runs never fetch into the same repository at once.
 *
 * Online, we connect once, list the remote's refs and fetch exactly the
 * one we need with a forced refspec (a tag to refs/tags/R, a branch to
 * refs/remotes/origin/R), never following tags and never pruning: the
 * cache only grows, and a tag that moved upstream overwrites our copy so
 * that the move is seen and compared with the lock's pin.  A commit id is
 * immutable: when the cache holds it we do not go to the network at all;
 * otherwise we fetch the branch or tag that points at it, else ask for it
 * by id (servers with allow-*-sha1-in-want), else fetch every branch and
 * tag and look for it there.  libgit2 1.5 cannot fetch shallow, so a ref
 * comes with its history.
 *
 * Offline, only the cache is read: the lock's commit when it is there,
 * else the ref as last fetched.
 *
 * The selected trees are walked with an explicit stack (no recursion on
 * untrusted depth).  Links and submodules are refused, since we never lay
 * them out; sizes are checked from the object header before a blob is
 * inflated.  Results go to a private set first, so the caller's set is
 * untouched on failure.
 *
 * libgit2 is initialised once per process and never shut down.  Its
 * errors (negative codes plus git_error_last) are translated here and
 * nowhere else.  TLS certificates are checked by libgit2's defaults: we
 * install no certificate callback.
 */
#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <unistd.h>

#include <git2.h>

#include "../base/alloc.h"
#include "../base/buf.h"
#include "../base/err.h"
#include "../base/fs.h"
#include "../base/sha256.h"
#include "../base/strmap.h"
#include "../base/strutil.h"
#include "files.h"
#include "gitsrc.h"

#define DEFAULT_MAX_TOTAL (1ULL << 30)
#define DEFAULT_MAX_FETCH (4ULL << 30)
/* an empty blob costs no bytes, yet a few shared trees can name millions */
#define MAX_FILES ((size_t)1 << 20)
#define MAX_PATH_LEN 4096
#define CACHE_KEY_LEN 16
#define SUGGEST_MAX 3

/* one gitsrc_fetch call */
struct op {
	const char *url;
	const char *ref;
	git_repository *repo;
	git_remote *remote;
	unsigned long long max_fetch;
	int abort_code; /* set by a callback that stopped libgit2 */
};

static pthread_once_t lg2_once = PTHREAD_ONCE_INIT;
static int lg2_init_rc;

static void lg2_init(void)
{
	lg2_init_rc = git_libgit2_init();
}

static int lg2_map(int rc, int klass, int net)
{
	switch (rc) {
	case GIT_ENOTFOUND:
		return ERR_NOTFOUND;
	case GIT_EAUTH:
	case GIT_ECERTIFICATE:
		return ERR_HTTP;
	case GIT_EINVALIDSPEC:
	case GIT_EINVALID:
		return ERR_INVALID;
	default:
		break;
	}
	switch (klass) {
	case GIT_ERROR_NET:
	case GIT_ERROR_HTTP:
	case GIT_ERROR_SSL:
	case GIT_ERROR_SSH:
		return ERR_HTTP;
	case GIT_ERROR_OS:
		/* talking to a remote, the OS refuses sockets (ECONNREFUSED) */
		return net ? ERR_HTTP : ERR_IO;
	default:
		return ERR_GENERIC;
	}
}

/*
 * lg2_vfail: turn libgit2's failure rc into our code, with the message
 * "<context>: <libgit2's message>".  net: the failure happened while
 * talking to the remote.
 */
static int lg2_vfail(int rc, int net, const char *fmt, va_list ap)
{
	const git_error *e = git_error_last();
	struct buf msg = BUF_INIT;
	int code;

	buf_vaddf(&msg, fmt, ap);
	buf_adds(&msg, ": ");
	buf_adds(&msg, e && e->message && *e->message ? e->message
						       : "unknown libgit2 error");
	while (msg.len && (msg.ptr[msg.len - 1] == '\n' ||
			   msg.ptr[msg.len - 1] == '.'))
		buf_setlen(&msg, msg.len - 1);
	code = lg2_map(rc, e ? e->klass : 0, net);
	err_set(code, "%s", msg.ptr);
	buf_release(&msg);
	return code;
}

static int lg2_fail(int rc, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static int lg2_fail(int rc, const char *fmt, ...)
{
	va_list ap;
	int code;

	va_start(ap, fmt);
	code = lg2_vfail(rc, 0, fmt, ap);
	va_end(ap);
	return code;
}

static int lg2_fail_net(int rc, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static int lg2_fail_net(int rc, const char *fmt, ...)
{
	va_list ap;
	int code;

	va_start(ap, fmt);
	code = lg2_vfail(rc, 1, fmt, ap);
	va_end(ap);
	return code;
}

static int lg2_setup(void)
{
	pthread_once(&lg2_once, lg2_init);
	if (lg2_init_rc < 0)
		return lg2_fail(lg2_init_rc, "cannot initialise libgit2");
	return 0;
}

static int is_hex40(const char *s)
{
	size_t i;

	for (i = 0; i < GITSRC_HEX_LEN; i++)
		if (!isxdigit((unsigned char)s[i]))
			return 0;
	return s[i] == '\0';
}

static int starts_with(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/* is_loopback: host (no port, no brackets) names this machine */
static int is_loopback(const char *host, size_t n)
{
	if ((n == 9 && !strncasecmp(host, "localhost", 9)) ||
	    (n == 3 && !strncmp(host, "::1", 3)))
		return 1;
	if (n < 4 || strncmp(host, "127.", 4))
		return 0;
	for (; n; host++, n--)
		if (!isdigit((unsigned char)*host) && *host != '.')
			return 0;
	return 1;
}

/* check_url: the transports we take, before anything touches the network */
static int check_url(const char *url)
{
	const char *sep, *host, *end;

	if (!*url)
		return err_set(ERR_INVALID, "the git url is empty; give an https url or a local path");
	if (starts_with(url, "https://") || starts_with(url, "file://"))
		return 0;
	if (starts_with(url, "http://")) {
		host = url + 7;
		end = host + strcspn(host, "/?#");
		sep = memchr(host, '@', (size_t)(end - host));
		if (sep)
			host = sep + 1;
		if (*host == '[') {
			host++;
			sep = memchr(host, ']', (size_t)(end - host));
			end = sep ? sep : host;
		} else {
			sep = memchr(host, ':', (size_t)(end - host));
			if (sep)
				end = sep;
		}
		if (is_loopback(host, (size_t)(end - host)))
			return 0;
		return err_set(ERR_INVALID,
			       "'%s': plain http is refused for hosts other than loopback; use https",
			       url);
	}
	sep = strstr(url, "://");
	if (sep || ((sep = strchr(url, ':')) && sep != url &&
		    !memchr(url, '/', (size_t)(sep - url))))
		return err_set(ERR_UNSUPPORTED,
			       "'%s': only https, file:// and local paths are supported for git (no ssh or git://); use the https url",
			       url);
	return 0;
}

/* check_ref: a name that makes a valid ref and cannot break a refspec */
static int check_ref(const char *url, const char *ref)
{
	struct buf name = BUF_INIT;
	int valid = 0, rc = 0;

	if (!ref || !*ref)
		return err_set(ERR_INVALID, "'%s': no ref given; name a tag, a branch or a commit id", url);
	if (is_hex40(ref))
		return 0;
	if (starts_with(ref, "refs/"))
		return err_set(ERR_INVALID,
			       "'%s': ref '%s' must be a plain tag or branch name; leave out the 'refs/...' prefix",
			       url, ref);
	buf_addf(&name, "refs/tags/%s", ref);
	if (ref[0] == '-' || git_reference_name_is_valid(&valid, name.ptr) < 0 ||
	    !valid)
		rc = err_set(ERR_INVALID,
			     "'%s': '%s' is not a valid ref; name a tag, a branch or a 40-hex commit id",
			     url, ref);
	buf_release(&name);
	return rc;
}

/*
 * norm_path: the repo-relative form of a selected path into out; empty
 * for the whole tree.  A trailing '/' is allowed.
 */
static int norm_path(const char *url, const char *p, struct buf *out)
{
	buf_reset(out);
	if (!strcmp(p, "") || !strcmp(p, ".") || !strcmp(p, "./"))
		return 0;
	buf_adds(out, p);
	while (out->len > 1 && out->ptr[out->len - 1] == '/')
		buf_setlen(out, out->len - 1);
	if (!fetch_path_is_clean(out->ptr))
		return err_set(ERR_INVALID,
			       "path '%s' of '%s' must be relative to the repository root, without empty, '.' or '..' parts",
			       p, url);
	return 0;
}

static int lock_take(const char *path, int *fd_out)
{
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);

	if (fd < 0)
		return err_set(ERR_IO, "cannot open the cache lock '%s': %s", path,
			       strerror(errno));
	while (flock(fd, LOCK_EX) < 0) {
		if (errno == EINTR)
			continue;
		err_set(ERR_IO, "cannot lock '%s': %s", path, strerror(errno));
		close(fd);
		return ERR_IO;
	}
	*fd_out = fd;
	return 0;
}

static int on_progress(const git_indexer_progress *st, void *payload)
{
	struct op *op = payload;

	if (st->received_bytes > op->max_fetch) {
		op->abort_code = err_set(ERR_TOOBIG,
			"'%s': the fetch of '%s' went over the limit of %llu bytes; raise the limit if the repository is really this large",
			op->url, op->ref, op->max_fetch);
		return GIT_EUSER;
	}
	return 0;
}

static void init_callbacks(struct op *op, git_remote_callbacks *cb)
{
	git_remote_init_callbacks(cb, GIT_REMOTE_CALLBACKS_VERSION);
	cb->transfer_progress = on_progress;
	cb->payload = op;
}

/* local_path: the directory a file:// url or a plain path names, or NULL */
static const char *local_path(const char *url)
{
	if (starts_with(url, "file:///"))
		return url + 7;
	if (strstr(url, "://"))
		return NULL;
	return url;
}

static int remote_connect(struct op *op)
{
	git_remote_create_options co;
	git_remote_callbacks cb;
	git_proxy_options proxy;
	const char *dir = local_path(op->url);
	int rc;

	/* libgit2 would say "unsupported URL protocol" */
	if (dir && !fs_is_dir(dir))
		return err_set(ERR_NOTFOUND,
			       "git repository '%s' not found: '%s' is not a directory; give the path of a repository or an https url",
			       op->url, dir);
	/*
	 * An in-memory remote that ignores url.*.insteadOf: the caller has
	 * applied our own mirror rewriting, and a user's rewrite to ssh must
	 * not undo the transport checks above.  (It also avoids a leak in
	 * libgit2 1.5's regex matching of those keys.)
	 */
	git_remote_create_options_init(&co, GIT_REMOTE_CREATE_OPTIONS_VERSION);
	co.repository = op->repo;
	co.flags = GIT_REMOTE_CREATE_SKIP_INSTEADOF |
		   GIT_REMOTE_CREATE_SKIP_DEFAULT_FETCHSPEC;
	rc = git_remote_create_with_opts(&op->remote, op->url, &co);
	if (rc < 0)
		return lg2_fail(rc, "'%s'", op->url);
	init_callbacks(op, &cb);
	git_proxy_options_init(&proxy, GIT_PROXY_OPTIONS_VERSION);
	proxy.type = GIT_PROXY_AUTO;
	rc = git_remote_connect(op->remote, GIT_DIRECTION_FETCH, &cb, &proxy, NULL);
	if (rc < 0 && op->abort_code)
		return op->abort_code;
	if (rc < 0)
		return lg2_fail_net(rc, "cannot reach '%s'", op->url);
	return 0;
}

/* do_fetch: fetch these refspecs, updating only the refs they name */
static int do_fetch(struct op *op, const char *const *specs, size_t n)
{
	git_fetch_options fo;
	git_strarray arr;
	int rc;

	git_fetch_options_init(&fo, GIT_FETCH_OPTIONS_VERSION);
	arr.strings = (char **)specs;
	arr.count = n;
	init_callbacks(op, &fo.callbacks);
	fo.prune = GIT_FETCH_NO_PRUNE;
	fo.update_fetchhead = 0;
	fo.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
	fo.proxy_opts.type = GIT_PROXY_AUTO;
	rc = git_remote_fetch(op->remote, &arr, &fo, "argolab fetch");
	if (rc < 0 && op->abort_code)
		return op->abort_code;
	if (rc < 0)
		return lg2_fail_net(rc, "cannot fetch '%s' from '%s'", op->ref,
				    op->url);
	return 0;
}

/* has_commit: whether the cache holds commit id */
static int has_commit(git_repository *repo, const git_oid *id)
{
	git_commit *c = NULL;

	if (git_commit_lookup(&c, repo, id) < 0) {
		git_error_clear();
		return 0;
	}
	git_commit_free(c);
	return 1;
}

/*
 * peel_ref: the commit a local ref finally names.  ERR_NOTFOUND without
 * a message when the ref does not exist.
 */
static int peel_ref(struct op *op, const char *name, git_oid *out)
{
	git_reference *ref = NULL;
	git_object *obj = NULL;
	int rc;

	rc = git_reference_lookup(&ref, op->repo, name);
	if (rc == GIT_ENOTFOUND) {
		git_error_clear();
		return ERR_NOTFOUND;
	}
	if (rc < 0)
		return lg2_fail(rc, "'%s' ref '%s' in the cache", op->url, op->ref);
	rc = git_reference_peel(&obj, ref, GIT_OBJECT_COMMIT);
	if (rc < 0) {
		rc = lg2_fail(rc, "'%s' ref '%s' does not name a commit", op->url,
			      op->ref);
		if (rc == ERR_NOTFOUND)
			rc = ERR_INVALID;
		goto done;
	}
	git_oid_cpy(out, git_object_id(obj));
done:
	git_object_free(obj);
	git_reference_free(ref);
	return rc;
}

/* resolve_cached: the ref as last fetched, offline */
static int resolve_cached(struct op *op, git_oid *out)
{
	struct buf name = BUF_INIT;
	int rc;

	if (is_hex40(op->ref)) {
		git_oid_fromstr(out, op->ref);
		rc = has_commit(op->repo, out) ? 0 : ERR_NOTFOUND;
		goto done;
	}
	buf_addf(&name, "refs/tags/%s", op->ref);
	rc = peel_ref(op, name.ptr, out);
	if (rc == ERR_NOTFOUND) {
		buf_reset(&name);
		buf_addf(&name, "refs/remotes/origin/%s", op->ref);
		rc = peel_ref(op, name.ptr, out);
	}
done:
	if (rc == ERR_NOTFOUND)
		err_set(ERR_NOTFOUND,
			"'%s' ref '%s' is not in the cache (offline); fetch once with the network",
			op->url, op->ref);
	buf_release(&name);
	return rc;
}

/* find_head: the advertised ref called name, or NULL */
static const git_remote_head *find_head(const git_remote_head **heads,
					size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(heads[i]->name, name))
			return heads[i];
	return NULL;
}

/* short_name: a branch or tag name without its prefix, or NULL */
static const char *short_name(const char *name)
{
	if (starts_with(name, "refs/tags/"))
		return name + 10;
	if (starts_with(name, "refs/heads/"))
		return name + 11;
	return NULL;
}

/* not_found: ERR_NOTFOUND for op->ref, naming a few close remote refs */
static int not_found(struct op *op, const git_remote_head **heads, size_t n)
{
	const char *best[SUGGEST_MAX];
	size_t dist[SUGGEST_MAX], nbest = 0, limit, i, j, d;
	struct buf msg = BUF_INIT;

	limit = strlen(op->ref) / 3;
	if (limit < 2)
		limit = 2;
	for (i = 0; i < n; i++) {
		const char *s = short_name(heads[i]->name);

		if (!s || strstr(s, "^{}"))
			continue;
		d = str_edit_distance(s, op->ref);
		if (d > limit || (nbest == SUGGEST_MAX && d >= dist[nbest - 1]))
			continue;
		for (j = 0; j < nbest; j++)
			if (!strcmp(best[j], s))
				break;
		if (j < nbest)
			continue; /* a tag and a branch of the same name */
		if (nbest < SUGGEST_MAX)
			nbest++;
		for (j = nbest - 1; j > 0 && dist[j - 1] > d; j--) {
			best[j] = best[j - 1];
			dist[j] = dist[j - 1];
		}
		best[j] = s;
		dist[j] = d;
	}
	buf_addf(&msg, "ref '%s' not found in '%s'", op->ref, op->url);
	for (i = 0; i < nbest; i++)
		buf_addf(&msg, "%s'%s'", i ? ", " : "; did you mean ", best[i]);
	buf_adds(&msg, nbest ? "?" : "; check the tag or branch name");
	err_set(ERR_NOTFOUND, "%s", msg.ptr);
	buf_release(&msg);
	return ERR_NOTFOUND;
}

/*
 * spec_for: the forced refspec that copies remote ref name into the
 * cache, and the local name it lands on.
 */
static void spec_for(const char *name, struct buf *spec, struct buf *local)
{
	buf_reset(spec);
	buf_reset(local);
	if (starts_with(name, "refs/tags/"))
		buf_adds(local, name);
	else
		buf_addf(local, "refs/remotes/origin/%s", name + 11);
	buf_addf(spec, "+%s:%s", name, local->ptr);
}

/* fetch_named: fetch a tag or branch and peel it */
static int fetch_named(struct op *op, git_oid *out)
{
	const git_remote_head **heads;
	const git_remote_head *h;
	struct buf name = BUF_INIT, spec = BUF_INIT, local = BUF_INIT;
	const char *specs[1];
	size_t n;
	int rc;

	if ((rc = remote_connect(op)) < 0)
		goto done;
	if ((rc = git_remote_ls(&heads, &n, op->remote)) < 0) {
		rc = lg2_fail(rc, "cannot list the refs of '%s'", op->url);
		goto done;
	}
	buf_addf(&name, "refs/tags/%s", op->ref);
	h = find_head(heads, n, name.ptr);
	if (!h) {
		buf_reset(&name);
		buf_addf(&name, "refs/heads/%s", op->ref);
		h = find_head(heads, n, name.ptr);
	}
	if (!h) {
		rc = not_found(op, heads, n);
		goto done;
	}
	spec_for(name.ptr, &spec, &local);
	specs[0] = spec.ptr;
	if ((rc = do_fetch(op, specs, 1)) < 0)
		goto done;
	rc = peel_ref(op, local.ptr, out);
	if (rc == ERR_NOTFOUND)
		rc = err_set(ERR_NOTFOUND,
			     "'%s' ref '%s' was fetched but is not in the cache",
			     op->url, op->ref);
done:
	buf_release(&name);
	buf_release(&spec);
	buf_release(&local);
	return rc;
}

/*
 * fetch_commit: bring commit id into the cache: through a branch or tag
 * that points at it, by id, or with every branch and tag.
 */
static int fetch_commit(struct op *op, const git_oid *id)
{
	static const char *const all[] = {
		"+refs/heads/*:refs/remotes/origin/*",
		"+refs/tags/*:refs/tags/*",
	};
	const git_remote_head **heads;
	struct buf name = BUF_INIT, spec = BUF_INIT, local = BUF_INIT;
	const char *specs[1];
	size_t n, i;
	int rc;

	if (has_commit(op->repo, id))
		return 0;
	if ((rc = remote_connect(op)) < 0)
		goto done;
	if ((rc = git_remote_ls(&heads, &n, op->remote)) < 0) {
		rc = lg2_fail(rc, "cannot list the refs of '%s'", op->url);
		goto done;
	}
	for (i = 0; i < n && !name.len; i++) {
		const char *s = heads[i]->name;
		size_t len = strlen(s);

		if (!git_oid_equal(&heads[i]->oid, id) || !short_name(s))
			continue;
		if (len > 3 && !strcmp(s + len - 3, "^{}"))
			len -= 3; /* an annotated tag pointing at it */
		buf_add(&name, s, len);
	}
	if (name.len) {
		/* heads belong to the connection: done with them from here */
		spec_for(name.ptr, &spec, &local);
		specs[0] = spec.ptr;
		if ((rc = do_fetch(op, specs, 1)) < 0)
			goto done;
		if (has_commit(op->repo, id))
			goto done;
	}
	specs[0] = op->ref; /* by id: servers that allow it */
	rc = do_fetch(op, specs, 1);
	if (rc < 0 && op->abort_code)
		goto done;
	err_clear();
	if (rc == 0 && has_commit(op->repo, id))
		goto done;
	if ((rc = do_fetch(op, all, 2)) < 0)
		goto done;
	if (!has_commit(op->repo, id))
		rc = err_set(ERR_NOTFOUND,
			     "commit %s not found in '%s' (no branch or tag reaches it); check the commit id",
			     op->ref, op->url);
done:
	buf_release(&name);
	buf_release(&spec);
	buf_release(&local);
	return rc;
}

/* resolve_remote: fetch what op->ref needs and name its commit */
static int resolve_remote(struct op *op, git_oid *out)
{
	if (is_hex40(op->ref)) {
		git_oid_fromstr(out, op->ref);
		return fetch_commit(op, out);
	}
	return fetch_named(op, out);
}

struct pending {
	git_tree *tree;
	char *prefix;
};

struct collect {
	struct op *op;
	const char *chex;
	git_odb *odb;
	struct fetch_files files;
	struct strmap seen;
	unsigned long long total, max;
	struct pending *stack;
	size_t nstack, astack;
};

static int take_blob(struct collect *c, const char *path, const git_oid *id)
{
	git_blob *blob = NULL;
	git_object_t type;
	size_t len, plen = strlen(path);
	int rc;

	if (strmap_get(&c->seen, path, plen))
		return 0;
	if (c->files.n >= MAX_FILES)
		return err_set(ERR_TOOBIG,
			       "commit %s of '%s' selects more than %zu files; select fewer paths",
			       c->chex, c->op->url, MAX_FILES);
	rc = git_odb_read_header(&len, &type, c->odb, id);
	if (rc < 0)
		return lg2_fail(rc, "'%s' in commit %s of '%s'", path, c->chex, c->op->url);
	if (len > c->max - c->total)
		return err_set(ERR_TOOBIG,
			       "'%s' in commit %s of '%s' takes the selected files over the limit of %llu bytes; select fewer paths",
			       path, c->chex, c->op->url, c->max);
	rc = git_blob_lookup(&blob, c->op->repo, id);
	if (rc < 0)
		return lg2_fail(rc, "'%s' in commit %s of '%s'", path, c->chex, c->op->url);
	len = (size_t)git_blob_rawsize(blob);
	if (len > c->max - c->total) {
		git_blob_free(blob);
		return err_set(ERR_TOOBIG,
			       "'%s' in commit %s of '%s' takes the selected files over the limit of %llu bytes; select fewer paths",
			       path, c->chex, c->op->url, c->max);
	}
	fetch_files_add(&c->files, path, git_blob_rawcontent(blob), len);
	c->total += len;
	strmap_put(&c->seen, path, plen, &c->seen);
	git_blob_free(blob);
	return 0;
}

/* take_entry: a blob is taken, a tree queued; links and submodules refused */
static int take_entry(struct collect *c, const char *path,
		      const git_tree_entry *e)
{
	git_tree *tree = NULL;
	int rc;

	switch (git_tree_entry_filemode(e)) {
	case GIT_FILEMODE_BLOB:
	case GIT_FILEMODE_BLOB_EXECUTABLE:
		return take_blob(c, path, git_tree_entry_id(e));
	case GIT_FILEMODE_TREE:
		rc = git_tree_lookup(&tree, c->op->repo, git_tree_entry_id(e));
		if (rc < 0)
			return lg2_fail(rc, "'%s' in commit %s of '%s'", path,
					c->chex, c->op->url);
		ALLOC_GROW(c->stack, c->nstack + 1, c->astack);
		c->stack[c->nstack].tree = tree;
		c->stack[c->nstack].prefix = xstrdup(path);
		c->nstack++;
		return 0;
	case GIT_FILEMODE_LINK:
		return err_set(ERR_UNSUPPORTED,
			       "'%s' in commit %s of '%s' is a symbolic link, which argolab does not lay out; select paths without it",
			       path, c->chex, c->op->url);
	case GIT_FILEMODE_COMMIT:
		return err_set(ERR_UNSUPPORTED,
			       "'%s' in commit %s of '%s' is a submodule, which argolab does not follow; add its repository as a source of its own",
			       path, c->chex, c->op->url);
	default:
		return err_set(ERR_INVALID, "'%s' in commit %s of '%s' has an unknown mode %o",
			       path, c->chex, c->op->url,
			       (unsigned)git_tree_entry_filemode_raw(e));
	}
}

/* drain: walk every queued tree */
static int drain(struct collect *c)
{
	struct buf path = BUF_INIT;
	int rc = 0;

	while (c->nstack && !rc) {
		struct pending p = c->stack[--c->nstack];
		size_t i, n = git_tree_entrycount(p.tree);

		for (i = 0; i < n && !rc; i++) {
			const git_tree_entry *e = git_tree_entry_byindex(p.tree, i);

			buf_reset(&path);
			if (*p.prefix)
				buf_addf(&path, "%s/", p.prefix);
			buf_adds(&path, git_tree_entry_name(e));
			if (path.len > MAX_PATH_LEN)
				rc = err_set(ERR_INVALID, "commit %s of '%s' has a path longer than %d bytes under '%s'",
					     c->chex, c->op->url, MAX_PATH_LEN, p.prefix);
			else if (!fetch_path_is_clean(path.ptr))
				rc = err_set(ERR_INVALID, "commit %s of '%s' has an unsafe path '%s'",
					     c->chex, c->op->url, path.ptr);
			else
				rc = take_entry(c, path.ptr, e);
		}
		git_tree_free(p.tree);
		free(p.prefix);
	}
	buf_release(&path);
	return rc;
}

static void collect_release(struct collect *c)
{
	while (c->nstack) {
		c->nstack--;
		git_tree_free(c->stack[c->nstack].tree);
		free(c->stack[c->nstack].prefix);
	}
	free(c->stack);
	strmap_release(&c->seen);
	fetch_files_release(&c->files);
	git_odb_free(c->odb);
}

/* collect_paths: the blobs under each path of the commit, into c->files */
static int collect_paths(struct collect *c, const git_oid *id,
			 const char *const *paths, size_t npaths)
{
	git_commit *commit = NULL;
	git_tree *root = NULL;
	git_tree_entry *e = NULL;
	struct buf p = BUF_INIT;
	size_t i;
	int rc;

	if ((rc = git_repository_odb(&c->odb, c->op->repo)) < 0 ||
	    (rc = git_commit_lookup(&commit, c->op->repo, id)) < 0 ||
	    (rc = git_commit_tree(&root, commit)) < 0) {
		rc = lg2_fail(rc, "commit %s of '%s'", c->chex, c->op->url);
		goto done;
	}
	for (i = 0; i < npaths && !rc; i++) {
		if ((rc = norm_path(c->op->url, paths[i], &p)) < 0)
			break;
		if (!p.len) {
			git_tree *t = NULL;

			if ((rc = git_tree_dup(&t, root)) < 0) {
				rc = lg2_fail(rc, "commit %s of '%s'", c->chex, c->op->url);
				break;
			}
			ALLOC_GROW(c->stack, c->nstack + 1, c->astack);
			c->stack[c->nstack].tree = t;
			c->stack[c->nstack].prefix = xstrdup("");
			c->nstack++;
		} else {
			rc = git_tree_entry_bypath(&e, root, p.ptr);
			if (rc == GIT_ENOTFOUND) {
				git_error_clear();
				rc = err_set(ERR_NOTFOUND,
					     "path '%s' is not in commit %s of '%s'; check the path",
					     p.ptr, c->chex, c->op->url);
				break;
			}
			if (rc < 0) {
				rc = lg2_fail(rc, "path '%s' in commit %s of '%s'",
					      p.ptr, c->chex, c->op->url);
				break;
			}
			rc = take_entry(c, p.ptr, e);
			git_tree_entry_free(e);
			e = NULL;
		}
		if (!rc)
			rc = drain(c);
	}
done:
	buf_release(&p);
	git_tree_free(root);
	git_commit_free(commit);
	return rc;
}

/* open_cache: the cache repository, created when create is set */
static int open_cache(struct op *op, const char *path, int create)
{
	int rc;

	if (fs_is_dir(path))
		rc = git_repository_open_bare(&op->repo, path);
	else if (create)
		rc = git_repository_init(&op->repo, path, 1);
	else
		return ERR_NOTFOUND;
	if (rc < 0)
		return lg2_fail(rc, "the git cache '%s' of '%s' cannot be used (remove it to start over)",
				path, op->url);
	return 0;
}

int gitsrc_fetch(const char *url, const char *ref, const char *want_commit,
		 const char *const *paths, size_t npaths,
		 const struct gitsrc_opts *o, char commit_out[GITSRC_HEX_LEN + 1],
		 struct fetch_files *out)
{
	struct op op;
	struct collect c;
	struct buf p = BUF_INIT, repo_path = BUF_INIT, lock_path = BUF_INIT;
	char key[SHA256_HEX_LEN + 1], have[GITSRC_HEX_LEN + 1];
	git_oid want, id;
	size_t i;
	int lock_fd = -1, rc;

	assert(url && o && o->cache_dir && out && commit_out && (paths || !npaths));
	memset(&op, 0, sizeof(op));
	memset(&c, 0, sizeof(c));
	op.url = url;
	op.ref = ref;
	op.max_fetch = o->max_fetch ? o->max_fetch : DEFAULT_MAX_FETCH;
	c.op = &op;
	c.chex = have;
	c.max = o->max_total ? o->max_total : DEFAULT_MAX_TOTAL;

	if ((rc = check_url(url)) < 0 || (rc = lg2_setup()) < 0 ||
	    (rc = check_ref(url, ref)) < 0)
		goto done;
	if (want_commit && (!is_hex40(want_commit) ||
			    git_oid_fromstr(&want, want_commit) < 0)) {
		rc = err_set(ERR_INVALID,
			     "'%s': the lock pins '%s', which is not a 40-hex commit id; fix or remove the lock entry",
			     url, want_commit);
		goto done;
	}
	for (i = 0; i < npaths; i++)
		if ((rc = norm_path(url, paths[i], &p)) < 0)
			goto done;

	sha256_hex(url, strlen(url), key);
	key[CACHE_KEY_LEN] = '\0';
	buf_addf(&repo_path, "%s/%s.git", o->cache_dir, key);
	buf_addf(&lock_path, "%s/%s.lock", o->cache_dir, key);
	if (o->offline && !fs_is_dir(repo_path.ptr)) {
		rc = err_set(ERR_NOTFOUND,
			     "'%s' ref '%s' is not in the cache (offline); fetch once with the network",
			     url, ref);
		goto done;
	}
	if ((rc = fs_mkdir_p(o->cache_dir, 0755)) < 0 ||
	    (rc = lock_take(lock_path.ptr, &lock_fd)) < 0 ||
	    (rc = open_cache(&op, repo_path.ptr, !o->offline)) < 0)
		goto done;

	if (o->offline && want_commit && has_commit(op.repo, &want))
		git_oid_cpy(&id, &want);
	else if (o->offline)
		rc = resolve_cached(&op, &id);
	else
		rc = resolve_remote(&op, &id);
	if (rc < 0)
		goto done;
	git_oid_tostr(have, sizeof(have), &id);
	if (want_commit && !git_oid_equal(&id, &want)) {
		char old[GITSRC_HEX_LEN + 1];

		git_oid_tostr(old, sizeof(old), &want);
		rc = err_set(ERR_CONFLICT,
			     "'%s' ref '%s' is now commit %s, but the lock pins %s (was the tag moved?); check upstream, then accept it with 'argolab fetch --update'",
			     url, ref, have, old);
		goto done;
	}
	if ((rc = collect_paths(&c, &id, paths, npaths)) < 0)
		goto done;

	fetch_files_sort(&c.files);
	for (i = 0; i < c.files.n; i++)
		fetch_files_add_take(out, c.files.v[i].path, c.files.v[i].data,
				     c.files.v[i].len);
	free(c.files.v);
	c.files = (struct fetch_files)FETCH_FILES_INIT;
	memcpy(commit_out, have, sizeof(have));
done:
	collect_release(&c);
	git_remote_free(op.remote);
	git_repository_free(op.repo);
	if (lock_fd >= 0)
		close(lock_fd);
	buf_release(&p);
	buf_release(&repo_path);
	buf_release(&lock_path);
	return rc;
}
