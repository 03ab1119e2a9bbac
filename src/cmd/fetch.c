/*
 * fetch: argolab fetch [--verify | --update [UPSTREAM[@REF]]]
 *
 * Brings every pin of manifests/lock.yaml into place under
 * manifests/<upstream>/<ref>/, verified by sha256 (src/fetch/fetch.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../base/buf.h"
#include "../base/err.h"
#include "../base/fs.h"
#include "../base/log.h"
#include "../fetch/fetch.h"
#include "cmd.h"

struct ui {
	int quiet;
	int tty;        /* stderr is a terminal: draw progress */
	int drawn;      /* a progress line is on screen */
};

static void ui_clear(struct ui *u)
{
	if (u->drawn) {
		fprintf(stderr, "\r\033[K");
		u->drawn = 0;
	}
}

static void on_note(void *ctx, const char *line)
{
	struct ui *u = ctx;

	ui_clear(u);
	if (!u->quiet)
		printf("%s\n", line);
	fflush(stdout);
}

/* a progress bar for downloads over 1 MiB, on a terminal only */
static void on_progress(void *ctx, const char *url, unsigned long long now,
			unsigned long long total)
{
	struct ui *u = ctx;
	const char *name = strrchr(url, '/');
	int width = 30, filled;

	if (u->quiet || !u->tty || total < (1ULL << 20))
		return;
	filled = (int)(now * (unsigned long long)width / total);
	fprintf(stderr, "\r%-32.32s [%.*s%*s] %5.1f/%.1f MiB",
		name ? name + 1 : url, filled,
		"##############################", width - filled, "",
		(double)now / (1 << 20), (double)total / (1 << 20));
	u->drawn = 1;
	if (now >= total)
		ui_clear(u);
}

/* manifests/lock.yaml here or in the nearest parent directory */
static int find_lock(struct buf *out)
{
	struct buf dir = BUF_INIT, cand = BUF_INIT;
	int err = ERR_NOTFOUND;

	if (fs_realpath(".", &dir) < 0)
		return -1;
	for (;;) {
		buf_reset(&cand);
		buf_addf(&cand, "%s/manifests/lock.yaml", dir.ptr);
		if (fs_is_file(cand.ptr)) {
			buf_reset(out);
			buf_adds(out, cand.ptr);
			err = 0;
			break;
		}
		if (!strcmp(dir.ptr, "/"))
			break;
		path_dirname(&cand, dir.ptr);
		buf_reset(&dir);
		buf_adds(&dir, cand.len ? cand.ptr : "/");
	}
	buf_release(&dir);
	buf_release(&cand);
	if (err)
		err_set(ERR_NOTFOUND,
			"no manifests/lock.yaml in this directory or any parent (run argolab from a checkout of the project, or give --lock FILE)");
	return err;
}

/* a path as a person in cwd would write it */
static void show_path(struct buf *out, const char *p, const struct buf *cwd)
{
	if (p[0] == '/' && cwd->len)
		path_relative(out, p, cwd->ptr);
	else {
		buf_reset(out);
		buf_adds(out, p);
	}
}


/* the mirrors of ARGOLAB_MIRROR, then of --mirror (specs may be NULL); EXIT_* */
static int mirrors_from_options(const char *cmd, struct mirrors *m,
				const struct opt_list *specs)
{
	size_t i;

	if (getenv("ARGOLAB_MIRROR") && mirrors_add_list(m, getenv("ARGOLAB_MIRROR")) < 0) {
		fprintf(stderr, "argolab %s: error: ARGOLAB_MIRROR: %s\n", cmd, err_last());
		return EXIT_FAILED;
	}
	for (i = 0; specs && i < specs->n; i++)
		if (mirrors_add(m, specs->items[i]) < 0) {
			cmd_error(cmd, err_last());
			return EXIT_USAGE;
		}
	return EXIT_OK;
}

int cmd_fetch(int argc, char **argv)
{
	const char *lock_arg = NULL, *cache_dir = NULL, *timeout = NULL,
		   *retries = NULL, *cacert = NULL;
	int verify = 0, update = 0, offline = 0, quiet = 0, verbose = 0;
	struct opt_list mirror_specs = { NULL, 0, 0 };
	const struct opt_spec opts[] = {
		{ "verify", 0, OPT_FLAG, &verify, NULL,
		  "check what is laid out against the lock, offline; change nothing", NULL },
		{ "update", 0, OPT_FLAG, &update, NULL,
		  "resolve pins afresh from their sources (all, or the UPSTREAM[@REF] given), rewrite the lock and print what changed",
		  NULL },
		{ "offline", 0, OPT_FLAG, &offline, NULL,
		  "use only the cache (and what is laid out); never contact a source", NULL },
		{ "mirror", 0, OPT_LIST, &mirror_specs, "FROM=TO|DIR",
		  "rewrite URLs starting with FROM to start with TO (repeatable; longest FROM wins); DIR alone stands for https://raw.githubusercontent.com/argoproj/=DIR/. Also ARGOLAB_MIRROR (space-separated)",
		  NULL },
		{ "lock", 0, OPT_STRING, &lock_arg, "FILE",
		  "the lock file (default: manifests/lock.yaml here or in a parent directory); pins are laid out beside it", NULL },
		{ "cache-dir", 0, OPT_STRING, &cache_dir, "DIR",
		  "the download cache (default: $XDG_CACHE_HOME/argolab, else ~/.cache/argolab)", NULL },
		{ "http-timeout", 0, OPT_STRING, &timeout, "SECONDS",
		  "give up on a download when no data arrives for this long (default 30)", NULL },
		{ "cacert", 0, OPT_STRING, &cacert, "FILE",
		  "trust the certificate authorities in this PEM file for https, instead of the system's", NULL },
		{ "retries", 0, OPT_STRING, &retries, "N",
		  "attempts per download on 5xx, 429 and dropped connections (default 5)", NULL },
		{ "quiet", 'q', OPT_FLAG, &quiet, NULL, "print errors only", NULL },
		{ "verbose", 'v', OPT_COUNT, &verbose, NULL, "trace what is fetched from where", NULL },
		{ NULL, 0, OPT_FLAG, NULL, NULL, NULL, NULL },
	};
	const struct cmd_spec spec = {
		"fetch", "[UPSTREAM[@REF]]",
		"lay out the pinned upstream manifests, verified by sha256",
		"Brings every pin of manifests/lock.yaml into place under\n"
		"manifests/<upstream>/<ref>/ with a generated kustomization.yaml, so\n"
		"profiles can use it as a kustomize base.  Each file comes from the\n"
		"cache when it is there, else from its source (an https URL, a git\n"
		"repository or a release archive, through the mirrors), and is\n"
		"verified against its sha256 before anything is written.  A pin that\n"
		"is already in place is not touched and needs no source.  On any\n"
		"failure the previous layout is left exactly as it was.\n"
		"\n"
		"--update [UPSTREAM[@REF]] resolves pins afresh: with @REF, the pin of\n"
		"UPSTREAM at REF, else its only pin, else the one of the same release\n"
		"series (v4.1.x for v4.1.3) moves to REF.  The lock is rewritten\n"
		"atomically and every change (ref, commit, files, images) is printed.",
		opts,
		"  argolab fetch\n"
		"  argolab fetch --mirror ../shared/upstream\n"
		"  argolab fetch --verify\n"
		"  argolab fetch --update argo-workflows@v4.1.3\n"
		"  argolab fetch --mirror https://github.com/=file:///srv/git/",
		0, 1,
	};
	struct ui ui = { 0, 0, 0 };
	struct buf lock_path = BUF_INIT, layout = BUF_INIT, shown = BUF_INIT,
		   cwd = BUF_INIT, lshown = BUF_INIT;
	struct mirrors mirrors = MIRRORS_INIT;
	struct fetch_cache cache = { NULL };
	struct http_opts http;
	struct fetch_ctx ctx;
	struct lock lock;
	char **args = NULL;
	size_t nargs, problems = 0;
	double n;
	int rc, err;

	memset(&lock, 0, sizeof(lock));
	memset(&http, 0, sizeof(http));
	if ((rc = opt_parse_cmd(&spec, argc, argv, &args, &nargs)) >= 0)
		goto out;
	rc = EXIT_USAGE;
	if (verify + update > 1 || (nargs && !update) || (verify && offline)) {
		fprintf(stderr, "argolab fetch: %s\n",
			nargs && !update ? "UPSTREAM[@REF] goes with --update"
			: verify && offline ? "--verify is always offline; drop --offline"
					    : "give --verify or --update, not both");
		opt_print_usage(&spec);
		goto out;
	}
	if (update && offline) {
		fprintf(stderr, "argolab fetch: --update resolves refs from their sources; it cannot be --offline\n");
		goto out;
	}
	if (timeout) {
		if (opt_number("fetch", "--http-timeout", timeout, 1, 3600, 1, &n) < 0)
			goto out;
		http.stall_timeout_ms = (long)n * 1000;
	}
	if (retries) {
		if (opt_number("fetch", "--retries", retries, 1, 20, 1, &n) < 0)
			goto out;
		http.max_attempts = (int)n;
	}
	if (cacert && !fs_is_file(cacert)) {
		fprintf(stderr, "argolab fetch: --cacert '%s' is not a readable file\n", cacert);
		goto out;
	}
	http.ca_file = cacert;
	rc = EXIT_FAILED;
	if (verbose)
		log_set_level(verbose > 1 ? LOG_DEBUG : LOG_INFO);
	ui.quiet = quiet;
	ui.tty = isatty(2);
	http.progress = on_progress;
	http.progress_ctx = &ui;

	if ((rc = mirrors_from_options("fetch", &mirrors, &mirror_specs)) != EXIT_OK)
		goto out;
	rc = EXIT_FAILED;
	if (lock_arg) {
		buf_adds(&lock_path, lock_arg);
	} else if (find_lock(&lock_path) < 0) {
		cmd_error("fetch", err_last());
		goto out;
	}
	path_dirname(&layout, lock_path.ptr);
	if (fs_realpath(".", &cwd) < 0)
		buf_reset(&cwd);
	show_path(&shown, layout.ptr, &cwd);
	show_path(&lshown, lock_path.ptr, &cwd);
	err = lock_load(&lock, lock_path.ptr, lshown.ptr);
	if (err < 0) {
		cmd_error("fetch", err_last());
		goto out;
	}
	if (fetch_cache_open(&cache, cache_dir) < 0) {
		cmd_error("fetch", err_last());
		goto out;
	}
	memset(&ctx, 0, sizeof(ctx));
	ctx.layout_dir = layout.ptr;
	ctx.shown_layout = shown.ptr;
	ctx.shown_lock = lshown.ptr;
	ctx.cache = &cache;
	ctx.mirrors = &mirrors;
	ctx.http = &http;
	ctx.offline = offline;
	ctx.note = on_note;
	ctx.note_ctx = &ui;

	if (verify)
		err = fetch_verify(&ctx, &lock, &problems);
	else if (update)
		err = fetch_update(&ctx, &lock, nargs ? args[0] : NULL,
				   lock_path.ptr);
	else
		err = fetch_sync(&ctx, &lock);
	ui_clear(&ui);
	if (err < 0) {
		cmd_error("fetch", err_last());
		goto out;
	}
	rc = EXIT_OK;
out:
	free(args);
	opt_list_release(&mirror_specs);
	lock_release(&lock);
	mirrors_release(&mirrors);
	fetch_cache_close(&cache);
	buf_release(&lock_path);
	buf_release(&layout);
	buf_release(&shown);
	buf_release(&cwd);
	buf_release(&lshown);
	return rc;
}

/* the note callback of cmd_fetch_ensure: lines prefixed with the command */
static void ensure_note(void *ctx, const char *line)
{
	if (strstr(line, ": up to date in "))
		return; /* nothing was fetched: nothing to say */
	fprintf(stderr, "argolab %s: %s\n", (const char *)ctx, line);
}

int cmd_fetch_ensure(const char *cmd, const struct opt_list *mirror_specs, int required)
{
	struct buf lock_path = BUF_INIT, layout = BUF_INIT;
	struct mirrors mirrors = MIRRORS_INIT;
	struct fetch_cache cache = { NULL };
	struct fetch_ctx ctx;
	struct lock lock;
	int rc = EXIT_FAILED;

	memset(&lock, 0, sizeof(lock));
	if ((rc = mirrors_from_options(cmd, &mirrors, mirror_specs)) != EXIT_OK)
		goto out;
	rc = EXIT_FAILED;
	if (find_lock(&lock_path) < 0 && !required) {
		err_clear();
		rc = EXIT_OK;
		goto out;
	}
	if (!lock_path.len || lock_load(&lock, lock_path.ptr, lock_path.ptr) < 0 ||
	    fetch_cache_open(&cache, NULL) < 0) {
		cmd_error(cmd, err_last());
		goto out;
	}
	path_dirname(&layout, lock_path.ptr);
	memset(&ctx, 0, sizeof(ctx));
	ctx.layout_dir = layout.ptr;
	ctx.shown_layout = layout.ptr;
	ctx.shown_lock = lock_path.ptr;
	ctx.cache = &cache;
	ctx.mirrors = &mirrors;
	ctx.note = ensure_note;
	ctx.note_ctx = (void *)cmd;
	if (fetch_sync(&ctx, &lock) < 0) {
		cmd_error(cmd, err_last());
		goto out;
	}
	rc = EXIT_OK;
out:
	lock_release(&lock);
	mirrors_release(&mirrors);
	fetch_cache_close(&cache);
	buf_release(&lock_path);
	buf_release(&layout);
	return rc;
}
