/*
 * pods: the simulated kubelet and scheduler.
 *
 * Each pod gets the life a real one has, on the simulated clock:
 * scheduled onto the one node, images pulled (the first time an image
 * is seen on the node), init containers run in order, then the
 * containers start; a container runs what its component does
 * (components.c) and may exit, after which the restart policy decides:
 * restarted after the kubelet's back-off (10 s doubling to 5 min,
 * CrashLoopBackOff while waiting) or left terminated.  Readiness follows
 * the readiness probe's initialDelaySeconds.  A pod being deleted gets
 * its containers stopped (SIGTERM), killed at the end of the grace
 * period if they have not stopped, and is then removed.
 *
 * The status written is computed from this state alone, every time, and
 * written only when it differs from what is stored, with the phase,
 * conditions and container states kubelet writes (kube-api.md 7.3) and
 * the Events it records (Scheduled, Pulling, Pulled, Created, Started,
 * BackOff, Killing).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "../base/err.h"
#include "../base/log.h"
#include "../base/sha256.h"
#include "simint.h"

#define PULL_MS 2000            /* an image pull */
#define START_MS 300            /* create and start a container */
#define STOP_MS 400             /* a process's reaction to SIGTERM */
#define BACKOFF_MS 10000        /* the kubelet's first restart back-off */
#define BACKOFF_MAX_MS 300000

enum cstate { CS_WAITING, CS_PULLING, CS_STARTING, CS_RUNNING, CS_EXITED, CS_BACKOFF };

struct csim {
	char *name, *image;
	int init;
	enum cstate st;
	int64_t until;    /* when the current state ends by itself; -1 never */
	int64_t ready_at; /* when the readiness probe first passes; -1 never */
	int64_t probe_at; /* the next failing readiness probe (an Unhealthy event); -1 none */
	int code;
	const char *reason;
	int restarts;
	char started_at[21], finished_at[21];
	int has_last;
	int last_code;
	const char *last_reason;
	char last_started[21], last_finished[21];
	struct buf log, prev_log;
	enum component comp;
	char id[65];
};

struct podsim {
	char uid[37];
	size_t nc, ninit;
	struct csim *c;
	int ip;
	char start_time[21];
	int terminating;
	int64_t kill_at;
};

static void csim_release(struct csim *c)
{
	free(c->name);
	free(c->image);
	buf_release(&c->log);
	buf_release(&c->prev_log);
}

static void podsim_free(struct podsim *p)
{
	size_t i;

	if (!p)
		return;
	for (i = 0; i < p->nc; i++)
		csim_release(&p->c[i]);
	free(p->c);
	free(p);
}

void sim_pods_forget_all(struct sim_sim *s)
{
	struct strmap_entry *e;

	strmap_foreach(&s->pods, e)
		podsim_free(e->value);
	strmap_release(&s->pods);
}

int sim_pod_ready(const json_t *pod)
{
	const json_t *c = sim_find_condition(pod, "Ready");

	return c && !strcmp(sim_str(c, "status") ?: "", "True");
}

const char *sim_pod_phase(const json_t *pod)
{
	return sim_str(pod, "status.phase") ?: "Pending";
}

/* a containerd id: 32 random bytes in hex */
static void container_id(struct sim_sim *s, struct csim *c)
{
	unsigned char b[(sizeof(c->id) - 1) / 2];

	sim_store_random(s->st, b, sizeof(b));
	hex_encode(b, sizeof(b), c->id);
}

static struct podsim *podsim_new(struct sim_sim *s, const json_t *pod)
{
	struct podsim *p = xcalloc(1, sizeof(*p));
	const json_t *ic = sim_get(pod, "spec.initContainers");
	const json_t *cs = sim_get(pod, "spec.containers");
	size_t i, k = 0;
	const json_t *c;

	snprintf(p->uid, sizeof(p->uid), "%s", sim_str(pod, "metadata.uid") ?: "");
	p->ninit = json_array_size(ic);
	p->nc = p->ninit + json_array_size(cs);
	p->c = xcalloc(p->nc + 1, sizeof(*p->c));
	json_array_foreach(ic, i, c) {
		p->c[k].init = 1;
		p->c[k].name = xstrdup(sim_str(c, "name") ?: "");
		p->c[k].image = xstrdup(sim_str(c, "image") ?: "");
		k++;
	}
	json_array_foreach(cs, i, c) {
		p->c[k].name = xstrdup(sim_str(c, "name") ?: "");
		p->c[k].image = xstrdup(sim_str(c, "image") ?: "");
		k++;
	}
	for (i = 0; i < p->nc; i++) {
		p->c[i].st = CS_WAITING;
		p->c[i].until = -1;
		p->c[i].ready_at = -1;
		p->c[i].probe_at = -1;
		p->c[i].comp = sim_component_of(p->c[i].image);
		buf_init(&p->c[i].log, 1 << 20);
		buf_init(&p->c[i].prev_log, 1 << 20);
	}
	p->ip = (int)(s->next_pod_ip++ % 65000);
	return p;
}

static const json_t *spec_container(const json_t *pod, const struct csim *c)
{
	const json_t *list = sim_get(pod, c->init ? "spec.initContainers" : "spec.containers"), *e;
	size_t i;

	json_array_foreach(list, i, e)
		if (!strcmp(sim_str(e, "name") ?: "", c->name))
			return e;
	return NULL;
}

static const char *restart_policy(const json_t *pod)
{
	return sim_str(pod, "spec.restartPolicy") ?: "Always";
}

/* a container begins pulling its image, or skips that when it is there */
static void begin(struct sim_sim *s, const json_t *pod, struct csim *c, int64_t now)
{
	const json_t *sc = spec_container(pod, c);
	const char *policy = sim_str(sc, "imagePullPolicy") ?: "IfNotPresent";
	int present = strmap_get(&s->images, c->image, strlen(c->image)) != NULL;

	if (present && strcmp(policy, "Always")) {
		sim_event(s, pod, "Normal", "Pulled", "kubelet",
			  "Container image \"%s\" already present on machine", c->image);
		c->st = CS_STARTING;
		c->until = now + START_MS;
	} else {
		sim_event(s, pod, "Normal", "Pulling", "kubelet", "Pulling image \"%s\"",
			  c->image);
		c->st = CS_PULLING;
		c->until = now + (present ? PULL_MS / 4 : PULL_MS);
	}
}

static void start(struct sim_sim *s, const json_t *pod, struct csim *c, int64_t now)
{
	const json_t *sc = spec_container(pod, c);
	int64_t exit_after = -1, ready_after = 0;
	int code = 0;

	container_id(s, c);
	sim_event(s, pod, "Normal", "Created", "kubelet", "Created container: %s", c->name);
	sim_event(s, pod, "Normal", "Started", "kubelet", "Started container %s", c->name);
	sim_now(c->started_at);
	c->st = CS_RUNNING;
	buf_reset(&c->log);
	sim_component_start(s, c->comp, pod, sc, &exit_after, &code, &ready_after, &c->log);
	c->until = exit_after >= 0 ? now + exit_after : -1;
	c->code = code;
	c->ready_at = ready_after >= 0 ? now + ready_after : -1;
	c->probe_at = sim_get(sc, "readinessProbe")
			      ? now + sim_int(sc, "readinessProbe.initialDelaySeconds", 0) * 1000
			      : -1;
}

/*
 * A readiness probe that fails says so as kubelet does: a Warning
 * Unhealthy event every periodSeconds, with the probe's own words
 * (aggregated into one event with a count, as the event recorder does).
 */
static void probe_failed(struct sim_sim *s, const json_t *pod, struct csim *c, int64_t now)
{
	const json_t *sc = spec_container(pod, c);
	const json_t *probe = sim_get(sc, "readinessProbe"), *e;
	struct buf why = BUF_INIT;
	size_t i;

	if (c->comp == COMP_POSTGRES) {
		buf_adds(&why, "psql: error: connection to server on socket \"/var/run/postgresql/.s.PGSQL.5432\" failed: No such file or directory");
	} else if (sim_get(probe, "exec")) {
		buf_adds(&why, "command \"");
		json_array_foreach(sim_get(probe, "exec.command"), i, e)
			buf_addf(&why, "%s%s", i ? " " : "", json_string_value(e) ?: "");
		buf_adds(&why, "\" exited with 1");
	} else if (sim_get(probe, "httpGet")) {
		buf_adds(&why, "HTTP probe failed with statuscode: 503");
	} else {
		buf_adds(&why, "connect: connection refused");
	}
	sim_event(s, pod, "Warning", "Unhealthy", "kubelet", "Readiness probe failed: %s", why.ptr);
	buf_release(&why);
	c->probe_at = now + sim_int(probe, "periodSeconds", 10) * 1000;
}

static int64_t backoff_ms(int restarts)
{
	int64_t d = BACKOFF_MS;
	int i;

	for (i = 0; i < restarts && d < BACKOFF_MAX_MS; i++)
		d *= 2;
	return d > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : d;
}

static void exited(struct sim_sim *s, const json_t *pod, struct csim *c,
		   int64_t now, int code, const char *reason)
{
	const char *rp = restart_policy(pod);

	c->st = CS_EXITED;
	c->code = code;
	c->reason = reason ? reason : code ? "Error" : "Completed";
	c->until = -1;
	c->ready_at = -1;
	sim_now(c->finished_at);
	if (c->init && code == 0)
		return;
	if (!strcmp(rp, "Always") || (!strcmp(rp, "OnFailure") && code != 0) ||
	    (c->init && code != 0 && strcmp(rp, "Never"))) {
		int64_t d = backoff_ms(c->restarts);

		c->st = CS_BACKOFF;
		c->until = now + d;
		sim_event(s, pod, "Warning", "BackOff", "kubelet",
			  "Back-off restarting failed container %s in pod %s_%s(%s)", c->name,
			  sim_str(pod, "metadata.name"), sim_str(pod, "metadata.namespace"),
			  sim_str(pod, "metadata.uid"));
	}
}

static void restart(struct sim_sim *s, const json_t *pod, struct csim *c, int64_t now)
{
	c->has_last = 1;
	c->last_code = c->code;
	c->last_reason = c->reason;
	memcpy(c->last_started, c->started_at, sizeof(c->started_at));
	memcpy(c->last_finished, c->finished_at, sizeof(c->finished_at));
	c->restarts++;
	buf_reset(&c->prev_log);
	buf_add(&c->prev_log, c->log.ptr, c->log.len);
	sim_event(s, pod, "Normal", "Pulled", "kubelet",
		  "Container image \"%s\" already present on machine", c->image);
	c->st = CS_STARTING;
	c->until = now + START_MS;
}

/* ------------------------------------------------------------------ */
/* status                                                              */

static json_t *state_json(const struct csim *c, int64_t now)
{
	switch (c->st) {
	case CS_WAITING:
	case CS_PULLING:
	case CS_STARTING:
		return json_pack("{s:{s:s}}", "waiting", "reason", "ContainerCreating");
	case CS_RUNNING:
		return json_pack("{s:{s:s}}", "running", "startedAt", c->started_at);
	case CS_BACKOFF: {
		struct buf m = BUF_INIT;
		json_t *w;

		buf_addf(&m, "back-off %llds restarting failed container=%s",
			 (long long)(backoff_ms(c->restarts) / 1000), c->name);
		w = json_pack("{s:{s:s, s:s}}", "waiting", "reason", "CrashLoopBackOff",
			      "message", m.ptr);
		buf_release(&m);
		(void)now;
		return w;
	}
	case CS_EXITED:
		break;
	}
	return json_pack("{s:{s:i, s:s, s:s, s:s, s:s}}", "terminated", "exitCode", c->code,
			 "reason", c->reason ? c->reason : "Completed", "startedAt",
			 c->started_at[0] ? c->started_at : c->finished_at, "finishedAt",
			 c->finished_at, "containerID", c->id);
}

static json_t *container_status(const struct csim *c, int64_t now)
{
	int running = c->st == CS_RUNNING;
	int ready = running && c->ready_at >= 0 && now >= c->ready_at;
	struct buf image_id = BUF_INIT, cid = BUF_INIT;
	json_t *cs;

	buf_addf(&image_id, "%s%s", c->image, strchr(c->image, '@') ? "" : "@sha256:0000000000000000000000000000000000000000000000000000000000000000");
	cs = json_pack("{s:s, s:o, s:o, s:b, s:i, s:s, s:s, s:b}", "name", c->name, "state",
		       state_json(c, now), "lastState",
		       c->has_last ? json_pack("{s:{s:i, s:s, s:s, s:s, s:s}}", "terminated",
					       "exitCode", c->last_code, "reason",
					       c->last_reason ? c->last_reason : "Error",
					       "startedAt", c->last_started, "finishedAt",
					       c->last_finished, "containerID", c->id)
				   : json_object(),
		       "ready", ready, "restartCount", c->restarts, "image", c->image,
		       "imageID", image_id.ptr, "started", running);
	if (c->id[0]) {
		buf_addf(&cid, "containerd://%s", c->id);
		json_object_set_new(cs, "containerID", json_string(cid.ptr));
	}
	buf_release(&image_id);
	buf_release(&cid);
	return cs;
}

static const char *qos_class(const json_t *pod)
{
	const json_t *cs = sim_get(pod, "spec.containers"), *c;
	size_t i;
	int any = 0, guaranteed = 1;

	json_array_foreach(cs, i, c) {
		const json_t *req = sim_get(c, "resources.requests");
		const json_t *lim = sim_get(c, "resources.limits");

		if (json_object_size(req) || json_object_size(lim))
			any = 1;
		if (!json_object_size(lim) || (json_object_size(req) && !json_equal(req, lim)))
			guaranteed = 0;
	}
	return !any ? "BestEffort" : guaranteed ? "Guaranteed" : "Burstable";
}

static json_t *compute_status(struct sim_sim *s, const json_t *pod,
			      const struct podsim *p, int64_t now)
{
	const json_t *old = sim_get(pod, "status");
	json_t *st = json_deep_copy(old), *cs = json_array(), *ics = json_array();
	const char *rp = restart_policy(pod);
	size_t i, regular = 0, running = 0, ready = 0, exited = 0, failed = 0, started = 0;
	int init_done = 1;
	const char *phase;
	char ip[24];

	(void)s;
	if (!json_is_object(st)) {
		json_decref(st);
		st = json_object();
	}
	for (i = 0; i < p->nc; i++) {
		const struct csim *c = &p->c[i];

		if (c->init) {
			if (!(c->st == CS_EXITED && c->code == 0))
				init_done = 0;
			json_array_append_new(ics, container_status(c, now));
			continue;
		}
		regular++;
		json_array_append_new(cs, container_status(c, now));
		if (c->st == CS_RUNNING) {
			running++;
			if (c->ready_at >= 0 && now >= c->ready_at)
				ready++;
		}
		if (c->st == CS_RUNNING || c->st == CS_EXITED || c->st == CS_BACKOFF || c->restarts)
			started++;
		if (c->st == CS_EXITED) {
			exited++;
			if (c->code)
				failed++;
		}
	}
	if (!init_done) {
		phase = "Pending";
		for (i = 0; i < p->ninit; i++)
			if (p->c[i].st == CS_EXITED && p->c[i].code && !strcmp(rp, "Never"))
				phase = "Failed";
	} else if (regular && exited == regular && strcmp(rp, "Always")) {
		phase = failed ? "Failed" : "Succeeded";
	} else if (started == regular && regular) {
		phase = "Running";
	} else {
		phase = "Pending";
	}
	json_object_set_new(st, "phase", json_string(phase));
	sim_set_condition(st, "PodReadyToStartContainers", "True", NULL, NULL, 0);
	sim_set_condition(st, "Initialized", init_done ? "True" : "False",
			  init_done ? NULL : "ContainersNotInitialized",
			  init_done ? NULL : "containers with incomplete status: [init]", 0);
	{
		int all_ready = regular && ready == regular;
		const char *reason = !strcmp(phase, "Succeeded") || !strcmp(phase, "Failed")
					     ? "PodCompleted"
					     : "ContainersNotReady";

		sim_set_condition(st, "ContainersReady", all_ready ? "True" : "False",
				  all_ready ? NULL : reason, NULL, 0);
		sim_set_condition(st, "Ready", all_ready ? "True" : "False",
				  all_ready ? NULL : reason, NULL, 0);
		if (all_ready) {
			json_t *conds = json_object_get(st, "conditions"), *c;
			size_t k;

			json_array_foreach(conds, k, c) {
				json_object_del(c, "reason");
				json_object_del(c, "message");
			}
		}
	}
	sim_set_condition(st, "PodScheduled", "True", NULL, NULL, 0);
	json_object_set_new(st, "hostIP", json_string(SIM_NODE_IP));
	json_object_set_new(st, "hostIPs", json_pack("[{s:s}]", "ip", SIM_NODE_IP));
	snprintf(ip, sizeof(ip), "10.244.%d.%d", p->ip / 250, p->ip % 250 + 2);
	json_object_set_new(st, "podIP", json_string(ip));
	json_object_set_new(st, "podIPs", json_pack("[{s:s}]", "ip", ip));
	json_object_set_new(st, "startTime", json_string(p->start_time));
	json_object_set_new(st, "qosClass", json_string(qos_class(pod)));
	json_object_set_new(st, "containerStatuses", cs);
	if (p->ninit)
		json_object_set_new(st, "initContainerStatuses", ics);
	else
		json_decref(ics);
	return st;
}

/* ------------------------------------------------------------------ */
/* the reconcile                                                       */

static void schedule(struct sim_sim *s, const json_t *pod)
{
	const struct sim_rtype *rt = sim_rt(s, "core/pods");
	json_t *np = json_deep_copy(pod), *st;

	json_object_set_new(json_object_get(np, "spec"), "nodeName", json_string(SIM_NODE));
	st = sim_obj_path(np, "status");
	json_object_set_new(st, "phase", json_string("Pending"));
	sim_set_condition(st, "PodScheduled", "True", NULL, NULL, 0);
	sim_event(s, pod, "Normal", "Scheduled", "default-scheduler",
		  "Successfully assigned %s/%s to %s", sim_str(pod, "metadata.namespace"),
		  sim_str(pod, "metadata.name"), SIM_NODE);
	sim_update(s, rt, np);
}

static void remove_pod(struct sim_sim *s, const json_t *pod, const char *ns,
		       const char *name)
{
	if (json_array_size(sim_get(pod, "metadata.finalizers")))
		return; /* someone else's finalizer holds it */
	sim_store_del(s->st, "core/pods", ns, name, NULL);
}

void sim_pods_reconcile(struct sim_sim *s, const char *ns, const char *name)
{
	const struct sim_obj *o = sim_store_get(s->st, "core/pods", ns, name);
	struct buf key = BUF_INIT;
	struct podsim *p;
	const json_t *pod;
	json_t *status;
	int64_t now = sim_now_ms(s), next = -1;
	size_t i;
	int init_pending = 0;

	buf_addf(&key, "%s/%s", ns ? ns : "", name);
	p = strmap_get(&s->pods, key.ptr, key.len);
	if (!o) {
		podsim_free(strmap_del(&s->pods, key.ptr, key.len));
		goto done;
	}
	pod = o->obj;
	if (p && strcmp(p->uid, sim_str(pod, "metadata.uid") ?: "")) {
		podsim_free(strmap_del(&s->pods, key.ptr, key.len));
		p = NULL;
	}
	if (!sim_str(pod, "spec.nodeName")) {
		if (!sim_is_terminating(pod))
			schedule(s, pod);
		else
			remove_pod(s, pod, ns, name);
		goto done;
	}
	if (!p) {
		p = podsim_new(s, pod);
		sim_now(p->start_time);
		strmap_put(&s->pods, key.ptr, key.len, p);
	}
	/* termination: SIGTERM now, SIGKILL at the end of the grace period */
	if (sim_is_terminating(pod)) {
		int alive = 0;

		if (!p->terminating) {
			p->terminating = 1;
			p->kill_at = now + sim_int(pod, "metadata.deletionGracePeriodSeconds", 30) * 1000;
			for (i = 0; i < p->nc; i++) {
				struct csim *c = &p->c[i];

				if (c->st == CS_RUNNING) {
					sim_event(s, pod, "Normal", "Killing", "kubelet",
						  "Stopping container %s", c->name);
					c->until = now + STOP_MS;
					if (c->until > p->kill_at)
						c->until = p->kill_at;
					c->code = 0;
				} else if (c->st != CS_EXITED) {
					c->st = CS_EXITED;
					c->code = 0;
					c->reason = "Completed";
					c->until = -1;
					sim_now(c->finished_at);
				}
			}
		}
		for (i = 0; i < p->nc; i++) {
			struct csim *c = &p->c[i];

			if (c->st == CS_RUNNING && (now >= c->until || now >= p->kill_at)) {
				c->st = CS_EXITED;
				c->reason = now >= p->kill_at && c->until > p->kill_at ? "Error" : "Completed";
				c->code = !strcmp(c->reason, "Error") ? 137 : 0;
				c->ready_at = -1;
				sim_now(c->finished_at);
			}
			if (c->st == CS_RUNNING) {
				alive = 1;
				if (next < 0 || c->until < next)
					next = c->until;
			}
		}
		if (!alive) {
			remove_pod(s, pod, ns, name);
			goto done;
		}
		goto write;
	}
	/* advance every container whose state is due */
	for (i = 0; i < p->nc; i++) {
		struct csim *c = &p->c[i];
		int guard = 0;

		if (init_pending)
			break;
		while (guard++ < 8) {
			if (c->st == CS_WAITING) {
				begin(s, pod, c, now);
			} else if (c->until >= 0 && now >= c->until) {
				if (c->st == CS_PULLING) {
					strmap_put(&s->images, c->image, strlen(c->image), (void *)1);
					sim_event(s, pod, "Normal", "Pulled", "kubelet",
						  "Successfully pulled image \"%s\" in %.1fs", c->image,
						  PULL_MS / 1000.0);
					c->st = CS_STARTING;
					c->until = now + START_MS;
				} else if (c->st == CS_STARTING) {
					start(s, pod, c, now);
				} else if (c->st == CS_RUNNING) {
					exited(s, pod, c, now, c->code, NULL);
				} else if (c->st == CS_BACKOFF) {
					restart(s, pod, c, now);
				} else {
					break;
				}
			} else {
				break;
			}
		}
		if (c->until >= 0 && (next < 0 || c->until < next))
			next = c->until;
		if (c->st == CS_RUNNING && c->ready_at > now && (next < 0 || c->ready_at < next))
			next = c->ready_at;
		if (c->st == CS_RUNNING && c->probe_at >= 0 && (c->ready_at < 0 || c->ready_at > now)) {
			if (now >= c->probe_at)
				probe_failed(s, pod, c, now);
			if (next < 0 || c->probe_at < next)
				next = c->probe_at;
		}
		if (c->init && !(c->st == CS_EXITED && c->code == 0))
			init_pending = 1;
	}
	for (i = 0; i < p->nc; i++)
		sim_component_tick(s, p->c[i].comp, pod,
				   p->c[i].st == CS_RUNNING && p->c[i].until < 0);
write:
	status = compute_status(s, pod, p, now);
	if (!json_equal(status, sim_get(pod, "status"))) {
		json_t *np = json_deep_copy(pod);

		json_object_set_new(np, "status", status);
		sim_update(s, sim_rt(s, "core/pods"), np);
	} else {
		json_decref(status);
	}
	if (next >= 0)
		sim_timer_at(s, next, "core/pods", ns, name);
done:
	buf_release(&key);
}

/* ------------------------------------------------------------------ */
/* logs                                                                */

int sim_pod_log_get(struct sim_sim *s, const json_t *pod, const char *container,
		    int previous, struct buf *out)
{
	struct buf key = BUF_INIT;
	struct podsim *p;
	size_t i;
	int err = ERR_NOTFOUND;

	buf_addf(&key, "%s/%s", sim_str(pod, "metadata.namespace") ?: "",
		 sim_str(pod, "metadata.name") ?: "");
	p = strmap_get(&s->pods, key.ptr, key.len);
	buf_release(&key);
	if (!p)
		return err_set(ERR_NOTFOUND, "container is not running");
	for (i = 0; i < p->nc; i++) {
		struct csim *c = &p->c[i];

		if (container ? strcmp(c->name, container) : c->init)
			continue;
		if (previous && !c->has_last)
			return err_set(ERR_INVALID,
				       "previous terminated container \"%s\" in pod \"%s\" not found",
				       c->name, sim_str(pod, "metadata.name"));
		if (c->st == CS_WAITING || c->st == CS_PULLING || c->st == CS_STARTING) {
			if (!c->restarts)
				return err_set(ERR_INVALID,
					       "container \"%s\" in pod \"%s\" is waiting to start: ContainerCreating",
					       c->name, sim_str(pod, "metadata.name"));
		}
		buf_add(out, previous ? c->prev_log.ptr : c->log.ptr,
			previous ? c->prev_log.len : c->log.len);
		err = 0;
		break;
	}
	if (err)
		err_set(ERR_NOTFOUND, "container %s is not valid for pod %s",
			container ? container : "", sim_str(pod, "metadata.name"));
	return err;
}
