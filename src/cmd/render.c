/*
 * render: argolab render [DIR | --profile NAME]
 *
 * Builds a kustomization the way `kubectl kustomize` does and prints the
 * result on stdout, as YAML (the same bytes) or as a JSON List.  Nothing
 * reaches stdout unless the whole build succeeded.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/buf.h"
#include "../base/err.h"
#include "../base/fs.h"
#include "../render/render.h"
#include "cluster.h"
#include "cmd.h"

static const char *const output_formats[] = { "yaml", "json", NULL };
static const char *const restrictors[] = { "LoadRestrictionsRootOnly",
	"LoadRestrictionsNone", NULL };

int cmd_render(int argc, char **argv)
{
	const char *profile = NULL, *output = "yaml";
	const char *restrictor = "LoadRestrictionsRootOnly";
	const struct opt_spec opts[] = {
		{ "profile", 'p', OPT_STRING,
		  &profile, "NAME", "render profiles/NAME instead of DIR", NULL },
		{ "output", 'o', OPT_CHOICE, &output, "FORMAT",
		  "output format: yaml (default) or json (a v1 List)", output_formats },
		{ "load-restrictor", 0, OPT_CHOICE, &restrictor, "RESTRICTOR",
		  "LoadRestrictionsRootOnly (default: files must be inside each kustomization's directory) or LoadRestrictionsNone",
		  restrictors },
		{ NULL, 0, OPT_FLAG, NULL, NULL, NULL, NULL },
	};
	const struct cmd_spec spec = {
		"render", "[DIR]",
		"build a kustomization (or a profile) and print the YAML",
		"Builds the kustomization in DIR (default: the current directory) or\n"
		"the profile profiles/NAME, exactly as `kubectl kustomize` does, and\n"
		"prints it on stdout.  Every object is checked first: it must have\n"
		"apiVersion, kind and metadata.name, ids must be unique, and every\n"
		"patch must reach a resource.  On any error nothing is printed on\n"
		"stdout, the error names the file, line and column, and the exit code\n"
		"is 1.",
		opts,
		"  argolab render --profile default\n"
		"  argolab render ../shared/upstream/argo-workflows/v4.1.2/manifests/quick-start/postgres \\\n"
		"      --load-restrictor LoadRestrictionsNone\n"
		"  argolab render -o json profiles/kind | jq '.items[].kind'",
		0, 1,
	};
	struct render_opts ropts = RENDER_OPTS_INIT;
	struct render_result result;
	struct buf dir = BUF_INIT, out = BUF_INIT;
	char **args;
	size_t nargs, i;
	int rc, err;

	if ((rc = opt_parse_cmd(&spec, argc, argv, &args, &nargs)) >= 0)
		return rc;
	rc = cmd_profile_dir("render", profile, nargs ? args[0] : profile ? NULL : ".", &dir);
	if (rc == EXIT_USAGE)
		opt_print_usage(&spec);
	if (rc != EXIT_OK) {
		free(args);
		buf_release(&dir);
		return rc;
	}
	free(args);
	ropts.load_restrictor_none = !strcmp(restrictor, "LoadRestrictionsNone");
	err = render_build(dir.ptr, &ropts, &result);
	if (err < 0) {
		cmd_error("render", err_last());
		buf_release(&dir);
		return EXIT_FAILED;
	}
	for (i = 0; i < result.warnings.n; i++)
		fprintf(stderr, "argolab render: warning: %s\n", result.warnings.v[i]);
	err = !strcmp(output, "json") ? render_json(&result, &out)
				      : render_yaml(&result, &out);
	if (err < 0) {
		cmd_error("render", err_last());
		rc = EXIT_FAILED;
	} else {
		rc = cmd_write_stdout("render", out.ptr, out.len);
	}
	render_result_release(&result);
	buf_release(&out);
	buf_release(&dir);
	return rc;
}
