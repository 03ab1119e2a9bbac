/*
 * fuzz_kustomization: render_build (src/render/render.h) on an arbitrary
 * kustomization.yaml.
 *
 * A temporary directory is set up once with fixed files a kustomization
 * can use (resources of built-in and custom kinds, a strategic merge
 * patch, a JSON 6902 patch, an env file and a data file for generators,
 * a base kustomization in base/ and a component in comp/).  For every
 * input, the bytes are written as kustomization.yaml in that directory
 * and the directory is built with the default load restrictor (files
 * must stay inside it), so inputs exercise the kustomization reader and
 * schema check, resource loading, generators, patches (inline ones carry
 * fuzzed YAML into the patch engines), transformers, name references,
 * sorting and both output formats.
 *
 * Checked: no crash, hang, leak or sanitizer report; a failed build sets
 * an error message; a successful build can be written as YAML and JSON,
 * and the YAML it writes loads back with one document per object.
 * A violated property calls abort().
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "../../src/base/buf.h"
#include "../../src/base/err.h"
#include "../../src/doc/yaml.h"
#include "../../src/render/render.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char root[256];
static int verbose; /* FUZZ_VERBOSE=1: print each build's outcome */
static char kfile[300];

static const struct fixture {
	const char *path;
	const char *text;
} fixtures[] = {
	{ "deploy.yaml",
	  "apiVersion: apps/v1\n"
	  "kind: Deployment\n"
	  "metadata:\n"
	  "  name: web\n"
	  "  labels: {app: web}\n"
	  "spec:\n"
	  "  replicas: 1\n"
	  "  selector:\n"
	  "    matchLabels: {app: web}\n"
	  "  template:\n"
	  "    metadata:\n"
	  "      labels: {app: web}\n"
	  "    spec:\n"
	  "      containers:\n"
	  "      - name: main\n"
	  "        image: nginx:1.25\n"
	  "        envFrom:\n"
	  "        - configMapRef: {name: settings}\n"
	  "        ports:\n"
	  "        - containerPort: 80\n"
	  "      volumes:\n"
	  "      - name: cfg\n"
	  "        configMap: {name: settings}\n"
	  "      - name: sec\n"
	  "        secret: {secretName: creds}\n"
	  "---\n"
	  "apiVersion: v1\n"
	  "kind: Service\n"
	  "metadata:\n"
	  "  name: web\n"
	  "spec:\n"
	  "  selector: {app: web}\n"
	  "  ports:\n"
	  "  - port: 80\n"
	  "    targetPort: 80\n" },
	{ "pod.yaml",
	  "apiVersion: v1\n"
	  "kind: Pod\n"
	  "metadata:\n"
	  "  name: tool\n"
	  "  namespace: ops\n"
	  "  finalizers: [a, b]\n"
	  "spec:\n"
	  "  serviceAccountName: runner\n"
	  "  containers:\n"
	  "  - name: c1\n"
	  "    image: busybox\n"
	  "    args: [sleep, \"3600\"]\n"
	  "    env:\n"
	  "    - {name: A, value: \"1\"}\n"
	  "---\n"
	  "apiVersion: v1\n"
	  "kind: ServiceAccount\n"
	  "metadata:\n"
	  "  name: runner\n"
	  "  namespace: ops\n"
	  "---\n"
	  "apiVersion: rbac.authorization.k8s.io/v1\n"
	  "kind: RoleBinding\n"
	  "metadata: {name: rb, namespace: ops}\n"
	  "roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r}\n"
	  "subjects:\n"
	  "- {kind: ServiceAccount, name: runner, namespace: ops}\n" },
	{ "widget.yaml",
	  "apiVersion: example.com/v1\n"
	  "kind: Widget\n"
	  "metadata:\n"
	  "  name: w\n"
	  "spec:\n"
	  "  items: [x, y]\n"
	  "  size: 3\n" },
	{ "cm.yaml",
	  "apiVersion: v1\n"
	  "kind: ConfigMap\n"
	  "metadata: {name: plain}\n"
	  "data: {k: v, n: \"1\"}\n" },
	{ "patch.yaml",
	  "apiVersion: apps/v1\n"
	  "kind: Deployment\n"
	  "metadata:\n"
	  "  name: web\n"
	  "spec:\n"
	  "  template:\n"
	  "    spec:\n"
	  "      containers:\n"
	  "      - name: main\n"
	  "        image: nginx:1.26\n"
	  "      - name: side\n"
	  "        image: envoy\n" },
	{ "ops.yaml",
	  "- op: replace\n"
	  "  path: /spec/replicas\n"
	  "  value: 3\n"
	  "- op: add\n"
	  "  path: /metadata/annotations\n"
	  "  value: {x: y}\n" },
	{ "app.env", "# settings\nMODE=prod\nDEBUG=\nEMPTY\n" },
	{ "data.txt", "line one\nline two\n" },
	{ "base/kustomization.yaml",
	  "resources:\n"
	  "- res.yaml\n"
	  "namePrefix: base-\n"
	  "configMapGenerator:\n"
	  "- name: settings\n"
	  "  literals: [a=b]\n" },
	{ "base/res.yaml",
	  "apiVersion: v1\n"
	  "kind: Secret\n"
	  "metadata: {name: creds}\n"
	  "stringData: {password: hunter2}\n" },
	{ "comp/kustomization.yaml",
	  "apiVersion: kustomize.config.k8s.io/v1alpha1\n"
	  "kind: Component\n"
	  "commonAnnotations: {from: comp}\n"
	  "patches:\n"
	  "- target: {kind: Deployment}\n"
	  "  patch: |-\n"
	  "    - op: add\n"
	  "      path: /spec/paused\n"
	  "      value: true\n" },
	{ NULL, NULL },
};

static void write_file(const char *path, const void *p, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0 || write(fd, p, n) != (ssize_t)n) {
		perror(path);
		abort();
	}
	close(fd);
}

static void cleanup(void)
{
	char cmd[300];

	if (root[0] && snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root) <
			       (int)sizeof(cmd))
		(void)!system(cmd);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const struct fixture *f;
	char path[512];
	const char *tmp = getenv("TMPDIR");

	snprintf(root, sizeof(root), "%s/fuzz_kustomization.XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(root)) {
		perror("mkdtemp");
		abort();
	}
	atexit(cleanup);
	verbose = getenv("FUZZ_VERBOSE") && *getenv("FUZZ_VERBOSE") == '1';
	snprintf(path, sizeof(path), "%s/base", root);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/comp", root);
	mkdir(path, 0755);
	for (f = fixtures; f->path; f++) {
		snprintf(path, sizeof(path), "%s/%s", root, f->path);
		write_file(path, f->text, strlen(f->text));
	}
	snprintf(kfile, sizeof(kfile), "%s/kustomization.yaml", root);
	return 0;
}

static void check_output(const struct render_result *r)
{
	struct buf y = BUF_INIT, j = BUF_INIT;
	json_t *docs = NULL;

	if (render_yaml(r, &y) < 0)
		goto bad_emit;
	if (render_json(r, &j) < 0)
		goto bad_emit;
	if (doc_yaml_load(y.ptr, y.len, NULL, &docs) < 0) {
		fprintf(stderr, "output:\n%s\nerror: %s\n", y.ptr, err_last());
		fprintf(stderr, "fuzz_kustomization: the rendered YAML does not load\n");
		abort();
	}
	if (json_array_size(docs) != r->objects.n) {
		fprintf(stderr, "output:\n%s\n%zu objects, %zu documents\n", y.ptr,
			r->objects.n, json_array_size(docs));
		fprintf(stderr, "fuzz_kustomization: one document per object expected\n");
		abort();
	}
	if (verbose)
		fprintf(stderr, "%s", y.ptr);
	json_decref(docs);
	buf_release(&y);
	buf_release(&j);
	return;
bad_emit:
	fprintf(stderr, "fuzz_kustomization: a successful build cannot be written: %s\n",
		err_last());
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct render_opts opts = RENDER_OPTS_INIT;
	struct render_result r;
	int err;

	write_file(kfile, data, size);
	err_clear();
	err = render_build(root, &opts, &r);
	if (verbose)
		fprintf(stderr, "render_build: %s\n",
			err < 0 ? err_last() : "ok");
	if (err < 0) {
		if (!*err_last()) {
			fprintf(stderr, "fuzz_kustomization: build failed (%d) without a message\n",
				err);
			abort();
		}
		err_clear();
		return 0;
	}
	check_output(&r);
	render_result_release(&r);
	err_clear();
	return 0;
}
