/*
 * persist: see persist.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../base/alloc.h"
#include "../base/buf.h"
#include "../base/err.h"
#include "../base/fs.h"
#include "../doc/json.h"
#include "persist.h"
#include "store.h"

/* a state file larger than this is refused rather than read */
#define STATE_MAX ((size_t)4 << 30)

struct sim_persist {
	char *dir;
	int lock_fd;
	int wal_fd;
	atomic_ullong written; /* bytes appended */
	atomic_ullong synced;  /* bytes known durable */
	pthread_mutex_t sync_mu;
};

static void file_path(struct buf *out, const char *dir, const char *name)
{
	buf_reset(out);
	path_join(out, dir, name);
}

static int load_record(struct sim_store *s, const json_t *rec,
		       const char *file, size_t line)
{
	const char *b = json_string_value(json_object_get(rec, "b"));
	const char *k = json_string_value(json_object_get(rec, "k"));
	json_t *rvj = json_object_get(rec, "rv");
	json_t *o = json_object_get(rec, "o");

	if (!b || !k || !json_is_integer(rvj) || json_integer_value(rvj) <= 0 ||
	    (o && !json_is_object(o)))
		return err_set(ERR_INVALID,
			       "%s:%zu: not a state record (want rv, b, k and o)",
			       file, line);
	sim_store_restore(s, b, k, o ? json_incref(o) : NULL,
			  (uint64_t)json_integer_value(rvj));
	return 0;
}

static int load_snapshot(struct sim_store *s, const char *path)
{
	struct buf data = BUF_INIT;
	json_error_t jerr;
	json_t *root = NULL, *objs, *rec;
	size_t i;
	int err;

	err = fs_read_file(path, STATE_MAX, &data);
	if (err == ERR_NOTFOUND) {
		err = 0;
		goto done;
	}
	if (err < 0)
		goto done;
	root = doc_json_load(data.ptr, data.len, 0, &jerr);
	if (!root) {
		err = err_set(ERR_INVALID, "%s:%d:%d: %s", path, jerr.line,
			      jerr.column, jerr.text);
		goto done;
	}
	objs = json_object_get(root, "objects");
	if (!json_is_array(objs) || !json_is_integer(json_object_get(root, "rv"))) {
		err = err_set(ERR_INVALID, "%s: not a snapshot (want rv and objects)",
			      path);
		goto done;
	}
	json_array_foreach(objs, i, rec)
		if ((err = load_record(s, rec, path, i + 1)) < 0)
			goto done;
	if ((uint64_t)json_integer_value(json_object_get(root, "rv")) > s->rv)
		s->rv = (uint64_t)json_integer_value(json_object_get(root, "rv"));
done:
	json_decref(root);
	buf_release(&data);
	return err;
}

static int load_wal(struct sim_store *s, const char *path)
{
	struct buf data = BUF_INIT;
	size_t pos = 0, line = 0;
	int err;

	err = fs_read_file(path, STATE_MAX, &data);
	if (err == ERR_NOTFOUND) {
		err = 0;
		goto done;
	}
	if (err < 0)
		goto done;
	while (pos < data.len) {
		char *nl = memchr(data.ptr + pos, '\n', data.len - pos);
		json_error_t jerr;
		json_t *rec;

		line++;
		if (!nl)
			break; /* cut short by a kill: never acknowledged */
		rec = doc_json_load(data.ptr + pos, (size_t)(nl - (data.ptr + pos)), 0,
				    &jerr);
		if (!rec) {
			err = err_set(ERR_INVALID, "%s:%zu:%d: %s", path, line,
				      jerr.column, jerr.text);
			goto done;
		}
		err = load_record(s, rec, path, line);
		json_decref(rec);
		if (err < 0)
			goto done;
		pos = (size_t)(nl - data.ptr) + 1;
	}
done:
	buf_release(&data);
	return err;
}

struct snap {
	json_t *objs;
};

static int snap_one(void *ctx, const char *skey, const char *key,
		    const struct sim_obj *o)
{
	struct snap *sn = ctx;

	json_array_append_new(sn->objs,
			      json_pack("{s:I, s:s, s:s, s:O}", "rv",
					(json_int_t)o->rv, "b", skey, "k", key,
					"o", o->obj));
	return 0;
}

/* write the whole store as the snapshot, then empty the log */
static int compact(struct sim_store *s, struct sim_persist *p)
{
	struct buf path = BUF_INIT;
	struct snap sn;
	struct buf text = BUF_INIT;
	json_t *root;
	int err;

	sn.objs = json_array();
	sim_store_foreach(s, snap_one, &sn);
	root = json_pack("{s:I, s:o}", "rv", (json_int_t)s->rv, "objects", sn.objs);
	doc_json_dump(&text, root, 0);
	json_decref(root);
	file_path(&path, p->dir, "snapshot.json");
	err = fs_write_atomic(path.ptr, text.ptr, text.len, 0600);
	buf_release(&text);
	if (err < 0)
		goto done;
	if (ftruncate(p->wal_fd, 0) < 0 || lseek(p->wal_fd, 0, SEEK_SET) < 0 ||
	    fdatasync(p->wal_fd) < 0) {
		err = err_set(ERR_IO, "cannot empty %s/wal.jsonl: %s", p->dir,
			      strerror(errno));
		goto done;
	}
	atomic_store(&p->written, 0);
	atomic_store(&p->synced, 0);
done:
	buf_release(&path);
	return err;
}

static void persist_free(struct sim_persist *p)
{
	if (!p)
		return;
	if (p->wal_fd >= 0)
		close(p->wal_fd);
	if (p->lock_fd >= 0)
		close(p->lock_fd);
	pthread_mutex_destroy(&p->sync_mu);
	free(p->dir);
	free(p);
}

int sim_persist_open(struct sim_store *s, const char *dir)
{
	struct sim_persist *p = xcalloc(1, sizeof(*p));
	struct buf path = BUF_INIT;
	int err;

	p->dir = xstrdup(dir);
	p->lock_fd = p->wal_fd = -1;
	pthread_mutex_init(&p->sync_mu, NULL);
	if ((err = fs_mkdir_p(dir, 0700)) < 0)
		goto done;
	file_path(&path, dir, "lock");
	p->lock_fd = open(path.ptr, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (p->lock_fd < 0) {
		err = err_set(ERR_IO, "cannot open '%s': %s", path.ptr, strerror(errno));
		goto done;
	}
	if (flock(p->lock_fd, LOCK_EX | LOCK_NB) < 0) {
		err = err_set(ERR_CONFLICT,
			      "state directory '%s' is in use by another argolab sim", dir);
		goto done;
	}
	file_path(&path, dir, "snapshot.json");
	if ((err = load_snapshot(s, path.ptr)) < 0)
		goto done;
	file_path(&path, dir, "wal.jsonl");
	if ((err = load_wal(s, path.ptr)) < 0)
		goto done;
	p->wal_fd = open(path.ptr, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (p->wal_fd < 0) {
		err = err_set(ERR_IO, "cannot open '%s': %s", path.ptr, strerror(errno));
		goto done;
	}
	if ((err = compact(s, p)) < 0)
		goto done;
	s->persist = p;
	p = NULL;
done:
	persist_free(p);
	buf_release(&path);
	return err;
}

void sim_persist_close(struct sim_store *s)
{
	if (!s->persist)
		return;
	sim_persist_sync(s->persist);
	persist_free(s->persist);
	s->persist = NULL;
}

static int append(struct sim_persist *p, json_t *rec)
{
	struct buf line = BUF_INIT;
	size_t len, off = 0;
	int err = 0;

	doc_json_dump(&line, rec, 0);
	buf_addc(&line, '\n');
	json_decref(rec);
	len = line.len;
	while (off < len) {
		ssize_t n = write(p->wal_fd, line.ptr + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			err = err_set(ERR_IO, "cannot write %s/wal.jsonl: %s", p->dir,
				      strerror(errno));
			/* never leave half a line that a later line would follow */
			if (off && ftruncate(p->wal_fd, (off_t)atomic_load(&p->written)) < 0)
				err = err_set(ERR_IO, "%s/wal.jsonl is damaged: %s", p->dir,
					      strerror(errno));
			break;
		}
		off += (size_t)n;
	}
	if (!err)
		atomic_fetch_add(&p->written, len);
	buf_release(&line);
	return err;
}

int sim_persist_put(struct sim_persist *p, const char *bucket, const char *key,
		    const json_t *obj, unsigned long long rv)
{
	return append(p, json_pack("{s:I, s:s, s:s, s:O}", "rv", (json_int_t)rv,
				   "b", bucket, "k", key, "o", obj));
}

int sim_persist_del(struct sim_persist *p, const char *bucket, const char *key,
		    unsigned long long rv)
{
	return append(p, json_pack("{s:I, s:s, s:s}", "rv", (json_int_t)rv, "b",
				   bucket, "k", key));
}

int sim_persist_sync(struct sim_persist *p)
{
	unsigned long long want;
	int err = 0;

	if (!p)
		return 0;
	want = atomic_load(&p->written);
	if (atomic_load(&p->synced) >= want)
		return 0;
	/* one fdatasync covers every write before it: others wait here */
	pthread_mutex_lock(&p->sync_mu);
	if (atomic_load(&p->synced) < want) {
		unsigned long long now = atomic_load(&p->written);

		if (fdatasync(p->wal_fd) < 0)
			err = err_set(ERR_IO, "cannot sync %s/wal.jsonl: %s", p->dir,
				      strerror(errno));
		else
			atomic_store(&p->synced, now);
	}
	pthread_mutex_unlock(&p->sync_mu);
	return err;
}
