/*
 * validate: kube-apiserver validation and its messages.  See validate.h.
 *
 * Each failure is a field.Error of k8s.io/apimachinery: a type
 * (Required, Invalid, NotSupported, ...), the JSON path of the field and
 * a body.  The body is what Go's ErrorBody prints: the type's text, the
 * bad value rendered as Go does (%q for strings, %v for numbers, %#v
 * for maps, String() for LabelSelector), then ": detail".  The Status
 * message joins "field: body" for the distinct errors in order, like
 * ErrorList.ToAggregate.  Texts of the apimachinery validators
 * (IsDNS1123Label, IsQualifiedName, ...) are copied verbatim because
 * people search for them.
 *
 * Two deliberate departures, both because JSON reaches us where Go
 * would have decoded into typed structs first: a label or annotation
 * value that is not a string (an unquoted YAML `yes`) is reported as
 * FieldValueInvalid with Go's decoding text instead of a 400, and a
 * Job without a selector is not reported while metadata.uid is missing
 * (sim_defaults_apply generates the selector from the uid).
 *
 * Paths are built in one buffer that grows and shrinks as the checks
 * descend (path_push/path_pop), so a field name is never allocated
 * per check.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "../base/buf.h"
#include "../base/err.h"
#include "../doc/labelsel.h"
#include "validate.h"

#define ANNOTATIONS_MAX 262144

struct vctx {
	json_t *causes;
	struct buf path;
};

/*
 * A set of short strings kept as "\na\nb\n" in a buf: the sets here
 * hold a few names each (containers, ports, volumes).
 */
static int set_has(const struct buf *set, const char *name)
{
	struct buf key = BUF_INIT;
	int r;

	buf_addf(&key, "\n%s\n", name);
	r = strstr(set->ptr, key.ptr) != NULL;
	buf_release(&key);
	return r;
}

static void set_add(struct buf *set, const char *name)
{
	if (!set->len)
		buf_addc(set, '\n');
	buf_addf(set, "%s\n", name);
}

/* ---- errors ----------------------------------------------------------- */

/*
 * The texts come from valid JSON strings, but a cause must never be lost
 * to a UTF-8 check: losing the last one would make the object valid.
 */
static void add_cause(struct vctx *v, const char *reason, const char *field,
		      const char *body)
{
	json_t *c = json_object();

	json_object_set_new_nocheck(c, "reason", json_string_nocheck(reason));
	json_object_set_new_nocheck(c, "message", json_string_nocheck(body));
	json_object_set_new_nocheck(c, "field", json_string_nocheck(field));
	json_array_append_new(v->causes, c);
}

static void err_required(struct vctx *v, const char *field, const char *detail)
{
	struct buf b = BUF_INIT;

	buf_adds(&b, "Required value");
	if (detail && *detail)
		buf_addf(&b, ": %s", detail);
	add_cause(v, "FieldValueRequired", field, b.ptr);
	buf_release(&b);
}

/* value is already rendered the way Go prints it */
static void err_value(struct vctx *v, const char *reason, const char *type,
		      const char *field, const char *value, const char *detail)
{
	struct buf b = BUF_INIT;

	buf_addf(&b, "%s: %s", type, value);
	if (detail && *detail)
		buf_addf(&b, ": %s", detail);
	add_cause(v, reason, field, b.ptr);
	buf_release(&b);
}

/* strconv.Quote for the ASCII range; other bytes pass through */
static void go_quote(struct buf *b, const char *s)
{
	buf_addc(b, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		switch (c) {
		case '"': buf_adds(b, "\\\""); break;
		case '\\': buf_adds(b, "\\\\"); break;
		case '\a': buf_adds(b, "\\a"); break;
		case '\b': buf_adds(b, "\\b"); break;
		case '\f': buf_adds(b, "\\f"); break;
		case '\n': buf_adds(b, "\\n"); break;
		case '\r': buf_adds(b, "\\r"); break;
		case '\t': buf_adds(b, "\\t"); break;
		case '\v': buf_adds(b, "\\v"); break;
		default:
			if (c < 0x20 || c == 0x7f)
				buf_addf(b, "\\x%02x", c);
			else
				buf_addc(b, (char)c);
		}
	}
	buf_addc(b, '"');
}

static void err_invalid_str(struct vctx *v, const char *field, const char *value,
			    const char *detail)
{
	struct buf q = BUF_INIT;

	go_quote(&q, value);
	err_value(v, "FieldValueInvalid", "Invalid value", field, q.ptr, detail);
	buf_release(&q);
}

static void err_invalid_int(struct vctx *v, const char *field, json_int_t value,
			    const char *detail)
{
	char num[32];

	snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT, value);
	err_value(v, "FieldValueInvalid", "Invalid value", field, num, detail);
}

static void err_duplicate_str(struct vctx *v, const char *field, const char *value)
{
	struct buf q = BUF_INIT;

	go_quote(&q, value);
	err_value(v, "FieldValueDuplicate", "Duplicate value", field, q.ptr, NULL);
	buf_release(&q);
}

static void err_not_found(struct vctx *v, const char *field, const char *value)
{
	struct buf q = BUF_INIT;

	go_quote(&q, value);
	err_value(v, "FieldValueNotFound", "Not found", field, q.ptr, NULL);
	buf_release(&q);
}

/* NotSupported: supported is a NULL-terminated list, in Go's order */
static void err_not_supported(struct vctx *v, const char *field, const char *value,
			      const char *const *supported)
{
	struct buf q = BUF_INIT, d = BUF_INIT;
	size_t i;

	go_quote(&q, value);
	buf_adds(&d, "supported values: ");
	for (i = 0; supported[i]; i++) {
		if (i)
			buf_adds(&d, ", ");
		go_quote(&d, supported[i]);
	}
	err_value(v, "FieldValueNotSupported", "Unsupported value", field, q.ptr, d.ptr);
	buf_release(&q);
	buf_release(&d);
}

static void err_forbidden(struct vctx *v, const char *field, const char *detail)
{
	struct buf b = BUF_INIT;

	buf_addf(&b, "Forbidden: %s", detail);
	add_cause(v, "FieldValueForbidden", field, b.ptr);
	buf_release(&b);
}

static void err_too_long(struct vctx *v, const char *field, int max)
{
	struct buf b = BUF_INIT;

	buf_addf(&b, "Too long: may not be more than %d bytes", max);
	add_cause(v, "FieldValueTooLong", field, b.ptr);
	buf_release(&b);
}

/* ---- paths ------------------------------------------------------------ */

static size_t path_push(struct vctx *v, const char *child)
{
	size_t mark = v->path.len;

	if (mark)
		buf_addc(&v->path, '.');
	buf_adds(&v->path, child);
	return mark;
}

static size_t path_index(struct vctx *v, size_t i)
{
	size_t mark = v->path.len;

	buf_addf(&v->path, "[%zu]", i);
	return mark;
}

static void path_pop(struct vctx *v, size_t mark)
{
	buf_setlen(&v->path, mark);
}

/* the current path with child appended, in scratch (reset first) */
static const char *path_with(struct vctx *v, struct buf *scratch, const char *child)
{
	buf_reset(scratch);
	buf_add(scratch, v->path.ptr, v->path.len);
	if (v->path.len)
		buf_addc(scratch, '.');
	buf_adds(scratch, child);
	return scratch->ptr;
}

/* ---- the apimachinery string rules ------------------------------------ */

/*
 * Each is* function appends its messages to m, one NUL-terminated
 * string after the other; msgs_each walks them.
 */
static void msg_add(struct buf *m, const char *prefix, const char *msg)
{
	buf_adds(m, prefix);
	buf_adds(m, msg);
	buf_addc(m, '\0');
}

#define msgs_each(m, p) for ((p) = (m)->ptr; (p) < (m)->ptr + (m)->len; (p) += strlen(p) + 1)

#define DNS1123_LABEL_MSG                                                                   \
	"a lowercase RFC 1123 label must consist of lower case alphanumeric characters or "  \
	"'-', and must start and end with an alphanumeric character (e.g. 'my-name',  or "  \
	"'123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
#define DNS1123_SUBDOMAIN_MSG                                                               \
	"a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, " \
	"'-' or '.', and must start and end with an alphanumeric character (e.g. "           \
	"'example.com', regex used for validation is "                                       \
	"'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
#define DNS1035_LABEL_MSG                                                                   \
	"a DNS-1035 label must consist of lower case alphanumeric characters or '-', start " \
	"with an alphabetic character, and end with an alphanumeric character (e.g. "        \
	"'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"
#define QUALIFIED_NAME_MSG                                                                  \
	"must consist of alphanumeric characters, '-', '_' or '.', and must start and end "  \
	"with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', "     \
	"regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
#define LABEL_VALUE_MSG                                                                     \
	"a valid label must be an empty string or consist of alphanumeric characters, '-', " \
	"'_' or '.', and must start and end with an alphanumeric character (e.g. "          \
	"'MyValue',  or 'my_value',  or '12345', regex used for validation is "              \
	"'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"

static int lower_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

static int alnum(char c)
{
	return lower_alnum(c) || (c >= 'A' && c <= 'Z');
}

/* [a-z0-9]([-a-z0-9]*[a-z0-9])? over s[0..n) */
static int dns_label_ok(const char *s, size_t n)
{
	size_t i;

	if (!n || !lower_alnum(s[0]) || !lower_alnum(s[n - 1]))
		return 0;
	for (i = 0; i < n; i++)
		if (!lower_alnum(s[i]) && s[i] != '-')
			return 0;
	return 1;
}

static int dns_subdomain_ok(const char *s)
{
	const char *dot;

	for (;;) {
		dot = strchr(s, '.');
		if (!dns_label_ok(s, dot ? (size_t)(dot - s) : strlen(s)))
			return 0;
		if (!dot)
			return 1;
		s = dot + 1;
	}
}

/* ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9] */
static int qualified_part_ok(const char *s)
{
	size_t n = strlen(s), i;

	if (!n || !alnum(s[0]) || !alnum(s[n - 1]))
		return 0;
	for (i = 0; i < n; i++)
		if (!alnum(s[i]) && !strchr("-_.", s[i]))
			return 0;
	return 1;
}

static void max_len(struct buf *m, const char *prefix, size_t n, size_t max)
{
	char msg[64];

	if (n > max) {
		snprintf(msg, sizeof(msg), "must be no more than %zu characters", max);
		msg_add(m, prefix, msg);
	}
}

static void is_dns1123_label(struct buf *m, const char *s)
{
	max_len(m, "", strlen(s), 63);
	if (!dns_label_ok(s, strlen(s)))
		msg_add(m, "", DNS1123_LABEL_MSG);
}

static void is_dns1123_subdomain(struct buf *m, const char *prefix, const char *s)
{
	max_len(m, prefix, strlen(s), 253);
	if (!dns_subdomain_ok(s))
		msg_add(m, prefix, DNS1123_SUBDOMAIN_MSG);
}

static void is_dns1035_label(struct buf *m, const char *s)
{
	max_len(m, "", strlen(s), 63);
	if (!dns_label_ok(s, strlen(s)) || !(s[0] >= 'a' && s[0] <= 'z'))
		msg_add(m, "", DNS1035_LABEL_MSG);
}

/* validation.IsQualifiedName */
static void is_qualified_name(struct buf *m, const char *s)
{
	const char *slash = strchr(s, '/'), *name = s;

	if (slash && strchr(slash + 1, '/')) {
		msg_add(m, "a qualified name ", QUALIFIED_NAME_MSG
			" with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
		return;
	}
	if (slash) {
		struct buf prefix = BUF_INIT;

		buf_add(&prefix, s, (size_t)(slash - s));
		if (!prefix.len)
			msg_add(m, "prefix part ", "must be non-empty");
		else
			is_dns1123_subdomain(m, "prefix part ", prefix.ptr);
		buf_release(&prefix);
		name = slash + 1;
	}
	if (!*name)
		msg_add(m, "name part ", "must be non-empty");
	else
		max_len(m, "name part ", strlen(name), 63);
	if (!qualified_part_ok(name))
		msg_add(m, "name part ", QUALIFIED_NAME_MSG);
}

static void is_label_value(struct buf *m, const char *s)
{
	max_len(m, "", strlen(s), 63);
	if (*s && !qualified_part_ok(s))
		msg_add(m, "", LABEL_VALUE_MSG);
}

/* path.IsValidPathSegmentName, for RBAC object names */
static void is_path_segment(struct buf *m, const char *s)
{
	if (!strcmp(s, ".") || !strcmp(s, "..")) {
		msg_add(m, !strcmp(s, ".") ? "may not be '.'" : "may not be '..'", "");
		return;
	}
	if (strchr(s, '/'))
		msg_add(m, "may not contain '/'", "");
	if (strchr(s, '%'))
		msg_add(m, "may not contain '%'", "");
}

static const char *str_or_empty(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s ? s : "";
}

/* ---- object metadata -------------------------------------------------- */

enum name_rule { NAME_SUBDOMAIN, NAME_LABEL, NAME_DNS1035, NAME_PATH_SEGMENT };

static void name_errors(struct buf *m, enum name_rule rule, const char *name, int prefix)
{
	struct buf masked = BUF_INIT;
	size_t n = strlen(name);

	/* a generateName may end in '-': apimachinery's maskTrailingDash */
	if (prefix && rule != NAME_PATH_SEGMENT && n > 1 && name[n - 1] == '-') {
		buf_add(&masked, name, n - 2);
		buf_addc(&masked, 'a');
		name = masked.ptr;
	}
	switch (rule) {
	case NAME_SUBDOMAIN: is_dns1123_subdomain(m, "", name); break;
	case NAME_LABEL: is_dns1123_label(m, name); break;
	case NAME_DNS1035: is_dns1035_label(m, name); break;
	case NAME_PATH_SEGMENT: is_path_segment(m, name); break;
	}
	buf_release(&masked);
}

static const char *json_type_go(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "object";
	case JSON_ARRAY: return "array";
	case JSON_TRUE:
	case JSON_FALSE: return "bool";
	case JSON_NULL: return "null";
	default: return "number";
	}
}

/*
 * A map[string]string field holding something else: Go's decoder would
 * have refused the body with this text.
 */
static void err_not_string(struct vctx *v, const char *field, const char *json_path,
			   const json_t *value)
{
	struct buf d = BUF_INIT;
	char *s = json_dumps(value, JSON_ENCODE_ANY | JSON_COMPACT);

	buf_addf(&d, "json: cannot unmarshal %s into Go struct field %s of type string",
		 json_type_go(value), json_path);
	err_value(v, "FieldValueInvalid", "Invalid value", field, s ? s : "null", d.ptr);
	free(s);
	buf_release(&d);
}

/* v1validation.ValidateLabels at the current path */
static void validate_labels(struct vctx *v, const json_t *labels, const char *json_path)
{
	struct buf m = BUF_INIT;
	const char *k, *p;
	json_t *val;

	if (!json_is_object(labels))
		return;
	json_object_foreach((json_t *)labels, k, val) {
		buf_reset(&m);
		is_qualified_name(&m, k);
		msgs_each(&m, p)
			err_invalid_str(v, v->path.ptr, k, p);
		if (!json_is_string(val)) {
			err_not_string(v, v->path.ptr, json_path, val);
			continue;
		}
		buf_reset(&m);
		is_label_value(&m, json_string_value(val));
		msgs_each(&m, p)
			err_invalid_str(v, v->path.ptr, json_string_value(val), p);
	}
	buf_release(&m);
}

static void validate_annotations(struct vctx *v, const json_t *ann, const char *json_path)
{
	struct buf m = BUF_INIT, lower = BUF_INIT;
	size_t total = 0;
	const char *k, *p, *c;
	json_t *val;

	if (!json_is_object(ann))
		return;
	json_object_foreach((json_t *)ann, k, val) {
		/* a qualified name, except that case does not matter */
		buf_reset(&lower);
		for (c = k; *c; c++)
			buf_addc(&lower, (*c >= 'A' && *c <= 'Z') ? (char)(*c + 32) : *c);
		buf_reset(&m);
		is_qualified_name(&m, lower.ptr);
		msgs_each(&m, p)
			err_invalid_str(v, v->path.ptr, k, p);
		if (!json_is_string(val))
			err_not_string(v, v->path.ptr, json_path, val);
		else
			total += strlen(k) + json_string_length(val);
	}
	if (total > ANNOTATIONS_MAX)
		err_too_long(v, v->path.ptr, ANNOTATIONS_MAX);
	buf_release(&m);
	buf_release(&lower);
}

/* labels and annotations of an ObjectMeta at the current path */
static void validate_meta_maps(struct vctx *v, const json_t *meta, const char *json_prefix)
{
	struct buf jp = BUF_INIT;
	size_t mark;

	buf_addf(&jp, "ObjectMeta.%slabels", json_prefix);
	mark = path_push(v, "labels");
	validate_labels(v, json_object_get(meta, "labels"), jp.ptr);
	path_pop(v, mark);
	buf_reset(&jp);
	buf_addf(&jp, "ObjectMeta.%sannotations", json_prefix);
	mark = path_push(v, "annotations");
	validate_annotations(v, json_object_get(meta, "annotations"), jp.ptr);
	path_pop(v, mark);
	buf_release(&jp);
}

/* ValidateObjectMeta; crd_name is the name a CRD must have, or NULL */
static void validate_object_meta(struct vctx *v, const json_t *meta, enum name_rule rule,
				 const char *crd_name)
{
	const char *name = json_string_value(json_object_get(meta, "name"));
	const char *gen = json_string_value(json_object_get(meta, "generateName"));
	struct buf m = BUF_INIT, f = BUF_INIT;
	const char *p;
	size_t mark = path_push(v, "metadata");

	if (gen && *gen) {
		name_errors(&m, rule, gen, 1);
		msgs_each(&m, p)
			err_invalid_str(v, path_with(v, &f, "generateName"), gen, p);
		buf_reset(&m);
	}
	if (!name || !*name) {
		/* the store generates a name from generateName before this */
		err_required(v, path_with(v, &f, "name"), "name or generateName is required");
	} else {
		name_errors(&m, rule, name, 0);
		if (crd_name && strcmp(name, crd_name))
			msg_add(&m, "", "must be spec.names.plural+\".\"+spec.group");
		msgs_each(&m, p)
			err_invalid_str(v, path_with(v, &f, "name"), name, p);
	}
	validate_meta_maps(v, meta, "metadata.");
	path_pop(v, mark);
	buf_release(&m);
	buf_release(&f);
}

/* ---- label selectors -------------------------------------------------- */

/* unversionedvalidation.ValidateLabelSelector at the current path */
static void validate_selector(struct vctx *v, const json_t *sel)
{
	struct buf m = BUF_INIT, f = BUF_INIT;
	const json_t *e;
	size_t mark, mark2, i, j;
	const char *p;

	if (!json_is_object(sel))
		return;
	mark = path_push(v, "matchLabels");
	validate_labels(v, json_object_get(sel, "matchLabels"),
			"LabelSelector.spec.selector.matchLabels");
	path_pop(v, mark);
	mark = path_push(v, "matchExpressions");
	json_array_foreach(json_object_get(sel, "matchExpressions"), i, e) {
		const char *op = json_string_value(json_object_get(e, "operator"));
		const char *key = json_string_value(json_object_get(e, "key"));
		const json_t *vals = json_object_get(e, "values"), *val;
		size_t nvals = json_is_array(vals) ? json_array_size(vals) : 0;

		op = op ? op : "";
		mark2 = path_index(v, i);
		if (!strcmp(op, "In") || !strcmp(op, "NotIn")) {
			if (!nvals)
				err_required(v, path_with(v, &f, "values"),
					     "must be specified when `operator` is 'In' or 'NotIn'");
		} else if (!strcmp(op, "Exists") || !strcmp(op, "DoesNotExist")) {
			if (nvals)
				err_forbidden(v, path_with(v, &f, "values"),
					      "may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
		} else {
			err_invalid_str(v, path_with(v, &f, "operator"), op,
					"not a valid selector operator");
		}
		buf_reset(&m);
		is_qualified_name(&m, key ? key : "");
		msgs_each(&m, p)
			err_invalid_str(v, path_with(v, &f, "key"), key ? key : "", p);
		json_array_foreach(vals, j, val) {
			const char *s = json_string_value(val);

			buf_reset(&m);
			is_label_value(&m, s ? s : "");
			path_with(v, &f, "values");
			buf_addf(&f, "[%zu]", j);
			msgs_each(&m, p)
				err_invalid_str(v, f.ptr, s ? s : "", p);
		}
		path_pop(v, mark2);
	}
	path_pop(v, mark);
	buf_release(&m);
	buf_release(&f);
}

/* Go's %#v of a map[string]string: keys sorted, nil when absent */
static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void render_string_map(struct buf *b, const json_t *map)
{
	const char **keys;
	const char *k;
	json_t *val;
	size_t n = 0, i;

	if (!json_is_object(map)) {
		buf_adds(b, "map[string]string(nil)");
		return;
	}
	keys = xcalloc(json_object_size(map) + 1, sizeof(*keys));
	json_object_foreach((json_t *)map, k, val)
		keys[n++] = k;
	qsort(keys, n, sizeof(*keys), cmp_str);
	buf_adds(b, "map[string]string{");
	for (i = 0; i < n; i++) {
		const char *s = json_string_value(json_object_get(map, keys[i]));

		if (i)
			buf_adds(b, ", ");
		go_quote(b, keys[i]);
		buf_addc(b, ':');
		go_quote(b, s ? s : "");
	}
	buf_addc(b, '}');
	free(keys);
}

/*
 * selector against the template labels: the "`selector` does not match
 * template `labels`" check.  A selector that does not parse is reported
 * by the caller's own rule (invalid), so 1 here means "matches or
 * cannot tell".
 */
static int selector_matches(const json_t *sel, const json_t *labels, int *invalid)
{
	int r = label_selector_obj_matches(sel, labels);

	*invalid = r < 0;
	return r != 0;
}

static void err_selector_mismatch(struct vctx *v, const char *field, const json_t *labels)
{
	struct buf val = BUF_INIT;

	render_string_map(&val, labels);
	err_value(v, "FieldValueInvalid", "Invalid value", field, val.ptr,
		  "`selector` does not match template `labels`");
	buf_release(&val);
}

static int selector_empty(const json_t *sel)
{
	const json_t *ml = json_object_get(sel, "matchLabels");
	const json_t *me = json_object_get(sel, "matchExpressions");

	return !(json_is_object(ml) && json_object_size(ml)) &&
	       !(json_is_array(me) && json_array_size(me));
}

/*
 * The String() gogo-protobuf generates for *metav1.LabelSelector, which
 * Go's ErrorBody prints for a bad selector.
 */
static void render_selector(struct buf *b, const json_t *sel)
{
	const json_t *ml = json_object_get(sel, "matchLabels"), *e, *val;
	const char **keys;
	const char *k;
	json_t *x;
	size_t n = 0, i, j;

	keys = xcalloc(json_object_size(ml) + 1, sizeof(*keys));
	json_object_foreach((json_t *)ml, k, x)
		keys[n++] = k;
	qsort(keys, n, sizeof(*keys), cmp_str);
	buf_adds(b, "&LabelSelector{MatchLabels:map[string]string{");
	for (i = 0; i < n; i++)
		buf_addf(b, "%s: %s,", keys[i], str_or_empty(ml, keys[i]));
	buf_adds(b, "},MatchExpressions:[]LabelSelectorRequirement{");
	json_array_foreach(json_object_get(sel, "matchExpressions"), i, e) {
		buf_addf(b, "LabelSelectorRequirement{Key:%s,Operator:%s,Values:[",
			 str_or_empty(e, "key"), str_or_empty(e, "operator"));
		json_array_foreach(json_object_get(e, "values"), j, val)
			buf_addf(b, "%s%s", j ? " " : "",
				 json_string_value(val) ? json_string_value(val) : "");
		buf_adds(b, "],},");
	}
	buf_adds(b, "},}");
	free(keys);
}

static void err_selector(struct vctx *v, const char *field, const json_t *sel,
			 const char *detail)
{
	struct buf val = BUF_INIT;

	render_selector(&val, sel);
	err_value(v, "FieldValueInvalid", "Invalid value", field, val.ptr, detail);
	buf_release(&val);
}

/* ---- pod specs -------------------------------------------------------- */

static const char *const protocols[] = { "SCTP", "TCP", "UDP", NULL };

static json_int_t int_or_zero(const json_t *v)
{
	return json_is_integer(v) ? json_integer_value(v) : 0;
}

static void validate_port_num(struct vctx *v, const char *field, json_int_t port)
{
	if (port < 1 || port > 65535)
		err_invalid_int(v, field, port, "must be between 1 and 65535, inclusive");
}

/* validation.IsValidPortName */
static void port_name_errors(struct buf *m, const char *name)
{
	size_t n = strlen(name), i;
	int charset = n > 0, letter = 0;

	max_len(m, "", n, 15);
	for (i = 0; i < n; i++) {
		if (!lower_alnum(name[i]) && name[i] != '-')
			charset = 0;
		if (name[i] >= 'a' && name[i] <= 'z')
			letter = 1;
	}
	if (!charset)
		msg_add(m, "", "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
	if (!letter)
		msg_add(m, "", "must contain at least one letter (a-z)");
	if (strstr(name, "--"))
		msg_add(m, "", "must not contain consecutive hyphens");
	if (n && (name[0] == '-' || name[n - 1] == '-'))
		msg_add(m, "", "must not begin or end with a hyphen");
}

static void validate_container_ports(struct vctx *v, const json_t *ports)
{
	struct buf names = BUF_INIT, m = BUF_INIT, f = BUF_INIT;
	const json_t *port;
	const char *p;
	size_t i, mark;

	json_array_foreach(ports, i, port) {
		const char *name = str_or_empty(port, "name");
		const char *proto = str_or_empty(port, "protocol");
		json_int_t cp = int_or_zero(json_object_get(port, "containerPort"));
		json_int_t hp = int_or_zero(json_object_get(port, "hostPort"));

		mark = path_index(v, i);
		if (*name) {
			buf_reset(&m);
			port_name_errors(&m, name);
			if (m.len) {
				msgs_each(&m, p)
					err_invalid_str(v, path_with(v, &f, "name"), name, p);
			} else if (set_has(&names, name)) {
				err_duplicate_str(v, path_with(v, &f, "name"), name);
			} else {
				set_add(&names, name);
			}
		}
		if (!cp)
			err_required(v, path_with(v, &f, "containerPort"), NULL);
		else
			validate_port_num(v, path_with(v, &f, "containerPort"), cp);
		if (hp)
			validate_port_num(v, path_with(v, &f, "hostPort"), hp);
		if (!*proto)
			err_required(v, path_with(v, &f, "protocol"), NULL);
		else if (strcmp(proto, "TCP") && strcmp(proto, "UDP") && strcmp(proto, "SCTP"))
			err_not_supported(v, path_with(v, &f, "protocol"), proto, protocols);
		path_pop(v, mark);
	}
	buf_release(&names);
	buf_release(&m);
	buf_release(&f);
}

static void validate_volume_mounts(struct vctx *v, const json_t *mounts,
				   const struct buf *volumes)
{
	struct buf paths = BUF_INIT, f = BUF_INIT;
	const json_t *mnt;
	size_t i, mark;

	json_array_foreach(mounts, i, mnt) {
		const char *name = str_or_empty(mnt, "name");
		const char *mp = str_or_empty(mnt, "mountPath");

		mark = path_index(v, i);
		if (!*name)
			err_required(v, path_with(v, &f, "name"), NULL);
		if (!set_has(volumes, name))
			err_not_found(v, path_with(v, &f, "name"), name);
		if (!*mp)
			err_required(v, path_with(v, &f, "mountPath"), NULL);
		if (set_has(&paths, mp))
			err_invalid_str(v, path_with(v, &f, "mountPath"), mp, "must be unique");
		set_add(&paths, mp);
		path_pop(v, mark);
	}
	buf_release(&paths);
	buf_release(&f);
}

/* validateContainerCommon, the parts we check */
static void validate_container(struct vctx *v, const json_t *c, const struct buf *volumes)
{
	static const char *const tmp_policies[] = { "File", "FallbackToLogsOnError", NULL };
	static const char *const pull_policies[] = { "Always", "IfNotPresent", "Never", NULL };
	const char *name = str_or_empty(c, "name"), *p;
	const char *tmp = str_or_empty(c, "terminationMessagePolicy");
	const char *pull = str_or_empty(c, "imagePullPolicy");
	struct buf m = BUF_INIT, f = BUF_INIT;
	size_t mark;

	if (!*name) {
		err_required(v, path_with(v, &f, "name"), NULL);
	} else {
		is_dns1123_label(&m, name);
		msgs_each(&m, p)
			err_invalid_str(v, path_with(v, &f, "name"), name, p);
	}
	if (!*str_or_empty(c, "image"))
		err_required(v, path_with(v, &f, "image"), NULL);
	if (!*tmp)
		err_required(v, path_with(v, &f, "terminationMessagePolicy"), NULL);
	else if (strcmp(tmp, "File") && strcmp(tmp, "FallbackToLogsOnError"))
		err_not_supported(v, path_with(v, &f, "terminationMessagePolicy"), tmp,
				  tmp_policies);
	mark = path_push(v, "ports");
	validate_container_ports(v, json_object_get(c, "ports"));
	path_pop(v, mark);
	mark = path_push(v, "volumeMounts");
	validate_volume_mounts(v, json_object_get(c, "volumeMounts"), volumes);
	path_pop(v, mark);
	if (!*pull)
		err_required(v, path_with(v, &f, "imagePullPolicy"), NULL);
	else if (strcmp(pull, "Always") && strcmp(pull, "IfNotPresent") && strcmp(pull, "Never"))
		err_not_supported(v, path_with(v, &f, "imagePullPolicy"), pull, pull_policies);
	buf_release(&m);
	buf_release(&f);
}

/*
 * validateContainers (init == 0) and validateInitContainers (init == 1);
 * names collects the regular containers' names for the init check.
 */
static void validate_containers(struct vctx *v, const json_t *list, int init,
				struct buf *names, const struct buf *volumes)
{
	struct buf own = BUF_INIT, f = BUF_INIT;
	const json_t *c;
	size_t i, mark;

	if (!init && !json_array_size(list)) {
		err_required(v, v->path.ptr, NULL);
		return;
	}
	if (init)
		buf_add(&own, names->ptr, names->len);
	json_array_foreach(list, i, c) {
		const char *name = str_or_empty(c, "name");

		mark = path_index(v, i);
		validate_container(v, c, volumes);
		if (set_has(&own, name))
			err_duplicate_str(v, path_with(v, &f, "name"), name);
		else if (!init || *name)
			set_add(&own, name);
		path_pop(v, mark);
	}
	if (!init) {
		buf_reset(names);
		buf_add(names, own.ptr, own.len);
	}
	buf_release(&own);
	buf_release(&f);
}

static void validate_volumes(struct vctx *v, const json_t *vols, struct buf *valid)
{
	struct buf m = BUF_INIT, f = BUF_INIT, all = BUF_INIT;
	const json_t *vol;
	const char *p;
	size_t i, mark, before;

	json_array_foreach(vols, i, vol) {
		const char *name = str_or_empty(vol, "name");

		mark = path_index(v, i);
		before = json_array_size(v->causes);
		if (!*name) {
			err_required(v, path_with(v, &f, "name"), NULL);
		} else {
			buf_reset(&m);
			is_dns1123_label(&m, name);
			msgs_each(&m, p)
				err_invalid_str(v, path_with(v, &f, "name"), name, p);
		}
		if (set_has(&all, name))
			err_duplicate_str(v, path_with(v, &f, "name"), name);
		if (json_array_size(v->causes) == before) {
			set_add(&all, name);
			set_add(valid, name);
		}
		path_pop(v, mark);
	}
	buf_release(&m);
	buf_release(&f);
	buf_release(&all);
}

/* ValidatePodSpec at the current path */
static void validate_pod_spec(struct vctx *v, const json_t *spec)
{
	static const char *const restart[] = { "Always", "OnFailure", "Never", NULL };
	static const char *const dns[] = { "ClusterFirstWithHostNet", "ClusterFirst",
					   "Default", "None", NULL };
	struct buf volumes = BUF_INIT, names = BUF_INIT, f = BUF_INIT;
	const char *rp = str_or_empty(spec, "restartPolicy");
	const char *dp = str_or_empty(spec, "dnsPolicy");
	size_t mark;

	mark = path_push(v, "volumes");
	validate_volumes(v, json_object_get(spec, "volumes"), &volumes);
	path_pop(v, mark);
	mark = path_push(v, "containers");
	validate_containers(v, json_object_get(spec, "containers"), 0, &names, &volumes);
	path_pop(v, mark);
	mark = path_push(v, "initContainers");
	validate_containers(v, json_object_get(spec, "initContainers"), 1, &names, &volumes);
	path_pop(v, mark);
	if (!*rp)
		err_required(v, path_with(v, &f, "restartPolicy"), NULL);
	else if (strcmp(rp, "Always") && strcmp(rp, "OnFailure") && strcmp(rp, "Never"))
		err_not_supported(v, path_with(v, &f, "restartPolicy"), rp, restart);
	if (!*dp)
		err_required(v, path_with(v, &f, "dnsPolicy"), NULL);
	else if (strcmp(dp, "ClusterFirstWithHostNet") && strcmp(dp, "ClusterFirst") &&
		 strcmp(dp, "Default") && strcmp(dp, "None"))
		err_not_supported(v, path_with(v, &f, "dnsPolicy"), dp, dns);
	buf_release(&volumes);
	buf_release(&names);
	buf_release(&f);
}

/*
 * ValidatePodTemplateSpec at the current path ("spec.template").  The
 * template's labels are reported at spec.template.labels, without
 * "metadata": the API server does the same.  full == 0 checks only the
 * metadata, as for StatefulSets.
 */
static void validate_pod_template(struct vctx *v, const json_t *tmpl, const char *json_prefix,
				  int full)
{
	size_t mark;

	validate_meta_maps(v, json_object_get(tmpl, "metadata"), json_prefix);
	if (!full)
		return;
	mark = path_push(v, "spec");
	validate_pod_spec(v, json_object_get(tmpl, "spec"));
	path_pop(v, mark);
}

/* ---- kinds ------------------------------------------------------------ */

static void validate_nonnegative(struct vctx *v, const json_t *o, const char *key)
{
	struct buf f = BUF_INIT;
	const json_t *n = json_object_get(o, key);

	if (json_is_integer(n) && json_integer_value(n) < 0)
		err_invalid_int(v, path_with(v, &f, key), json_integer_value(n),
				"must be greater than or equal to 0");
	buf_release(&f);
}

static const json_t *template_labels(const json_t *spec)
{
	return json_object_get(json_object_get(json_object_get(spec, "template"), "metadata"),
			       "labels");
}

static int unset_json(const json_t *v)
{
	return !v || json_is_null(v);
}

static void restart_always(struct vctx *v, const json_t *tmpl)
{
	static const char *const always[] = { "Always", NULL };
	struct buf f = BUF_INIT;
	const char *rp = str_or_empty(json_object_get(tmpl, "spec"), "restartPolicy");

	if (strcmp(rp, "Always"))
		err_not_supported(v, path_with(v, &f, "template.spec.restartPolicy"), rp, always);
	buf_release(&f);
}

/*
 * The selector rules of Deployment, ReplicaSet, StatefulSet and
 * DaemonSet specs, which differ in order and wording: DaemonSets do not
 * require a selector and check emptiness after the match, StatefulSets
 * validate only the template's metadata, and what names the owner in
 * "empty selector is invalid for <what>".
 */
enum workload { W_DEPLOYMENT, W_REPLICASET, W_STATEFULSET, W_DAEMONSET };

static void validate_workload_selector(struct vctx *v, const json_t *spec, enum workload w)
{
	static const char *const what[] = { "deployment", "deployment", "statefulset",
					    "daemonset" };
	const json_t *sel = json_object_get(spec, "selector");
	const json_t *tmpl = json_object_get(spec, "template");
	struct buf f = BUF_INIT, d = BUF_INIT;
	int invalid, matches, is_obj = json_is_object(sel);
	size_t mark;

	buf_addf(&d, "empty selector is invalid for %s", what[w]);
	if (w != W_DAEMONSET && !is_obj)
		err_required(v, path_with(v, &f, "selector"), NULL);
	mark = path_push(v, "selector");
	validate_selector(v, sel);
	path_pop(v, mark);
	if (w != W_DAEMONSET && is_obj && selector_empty(sel))
		err_selector(v, path_with(v, &f, "selector"), sel, d.ptr);
	matches = selector_matches(is_obj ? sel : NULL, template_labels(spec), &invalid);
	if (invalid && w != W_DAEMONSET) {
		err_selector(v, path_with(v, &f, "selector"), sel,
			     w == W_STATEFULSET ? "" : "invalid label selector");
	} else if (!invalid && !matches) {
		err_selector_mismatch(v, path_with(v, &f, "template.metadata.labels"),
				      template_labels(spec));
	}
	if (w == W_DAEMONSET && is_obj && selector_empty(sel))
		err_selector(v, path_with(v, &f, "selector"), sel, d.ptr);
	/* Deployments and ReplicaSets skip the template behind a bad selector */
	if (!invalid || w == W_DAEMONSET || w == W_STATEFULSET) {
		mark = path_push(v, "template");
		validate_pod_template(v, tmpl, "spec.template.metadata.", w != W_STATEFULSET);
		path_pop(v, mark);
		restart_always(v, tmpl);
	}
	buf_release(&f);
	buf_release(&d);
}

static void validate_deployment_strategy(struct vctx *v, const json_t *st)
{
	const char *type = str_or_empty(st, "type");
	struct buf f = BUF_INIT, val = BUF_INIT;

	if (!strcmp(type, "Recreate")) {
		if (!unset_json(json_object_get(st, "rollingUpdate")))
			err_forbidden(v, path_with(v, &f, "strategy.rollingUpdate"),
				      "may not be specified when strategy `type` is 'Recreate'");
	} else if (!strcmp(type, "RollingUpdate")) {
		if (!json_is_object(json_object_get(st, "rollingUpdate")))
			err_required(v, path_with(v, &f, "strategy.rollingUpdate"),
				     "this should be defaulted and never be nil");
	} else {
		/* %#v of the internal struct; rollingUpdate is nil for other types */
		buf_adds(&val, "apps.DeploymentStrategy{Type:");
		go_quote(&val, type);
		buf_adds(&val, ", RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}");
		err_value(v, "FieldValueNotSupported", "Unsupported value",
			  path_with(v, &f, "strategy"), val.ptr,
			  "supported values: \"Recreate\", \"RollingUpdate\"");
	}
	buf_release(&f);
	buf_release(&val);
}

static void validate_deployment(struct vctx *v, const json_t *obj, enum workload w)
{
	const json_t *spec = json_object_get(obj, "spec");
	size_t mark = path_push(v, "spec");

	validate_nonnegative(v, spec, "replicas");
	if (w == W_REPLICASET)
		validate_nonnegative(v, spec, "minReadySeconds");
	validate_workload_selector(v, spec, w);
	if (w == W_DEPLOYMENT) {
		validate_deployment_strategy(v, json_object_get(spec, "strategy"));
		validate_nonnegative(v, spec, "minReadySeconds");
		validate_nonnegative(v, spec, "revisionHistoryLimit");
		validate_nonnegative(v, spec, "progressDeadlineSeconds");
	}
	path_pop(v, mark);
}

static void validate_statefulset(struct vctx *v, const json_t *obj)
{
	const json_t *spec = json_object_get(obj, "spec");
	const json_t *us = json_object_get(spec, "updateStrategy");
	const char *pmp = str_or_empty(spec, "podManagementPolicy");
	const char *ust = str_or_empty(us, "type");
	struct buf f = BUF_INIT;
	size_t mark = path_push(v, "spec");

	if (!*pmp)
		err_required(v, path_with(v, &f, "podManagementPolicy"), NULL);
	else if (strcmp(pmp, "OrderedReady") && strcmp(pmp, "Parallel"))
		err_invalid_str(v, path_with(v, &f, "podManagementPolicy"), pmp,
				"must be 'OrderedReady' or 'Parallel'");
	if (!*ust)
		err_required(v, path_with(v, &f, "updateStrategy"), NULL);
	else if (strcmp(ust, "RollingUpdate") && strcmp(ust, "OnDelete"))
		err_invalid_str(v, path_with(v, &f, "updateStrategy"), ust,
				"must be 'RollingUpdate' or 'OnDelete'");
	validate_nonnegative(v, spec, "replicas");
	validate_nonnegative(v, spec, "minReadySeconds");
	validate_workload_selector(v, spec, W_STATEFULSET);
	path_pop(v, mark);
	buf_release(&f);
}

static void validate_daemonset(struct vctx *v, const json_t *obj)
{
	const json_t *spec = json_object_get(obj, "spec");
	size_t mark = path_push(v, "spec");

	validate_workload_selector(v, spec, W_DAEMONSET);
	validate_nonnegative(v, spec, "minReadySeconds");
	path_pop(v, mark);
}

static void validate_job(struct vctx *v, const json_t *obj)
{
	static const char *const job_restart[] = { "OnFailure", "Never", NULL };
	const json_t *spec = json_object_get(obj, "spec");
	const json_t *tmpl = json_object_get(spec, "template");
	const json_t *sel = json_object_get(spec, "selector");
	const char *rp = str_or_empty(json_object_get(tmpl, "spec"), "restartPolicy");
	const char *uid = json_string_value(json_object_get(json_object_get(obj, "metadata"), "uid"));
	struct buf f = BUF_INIT;
	int invalid;
	size_t mark = path_push(v, "spec"), mark2;

	validate_nonnegative(v, spec, "parallelism");
	validate_nonnegative(v, spec, "completions");
	validate_nonnegative(v, spec, "activeDeadlineSeconds");
	validate_nonnegative(v, spec, "backoffLimit");
	validate_nonnegative(v, spec, "ttlSecondsAfterFinished");
	mark2 = path_push(v, "template");
	validate_pod_template(v, tmpl, "spec.template.metadata.", 1);
	path_pop(v, mark2);
	/* the pod defaults turn a missing policy into Always */
	if (!strcmp(rp, "Always") || !*rp)
		err_required(v, path_with(v, &f, "template.spec.restartPolicy"),
			     "valid values: \"OnFailure\", \"Never\"");
	else if (strcmp(rp, "OnFailure") && strcmp(rp, "Never"))
		err_not_supported(v, path_with(v, &f, "template.spec.restartPolicy"), rp,
				  job_restart);
	if (!json_is_object(sel)) {
		/* generated from the uid unless manualSelector */
		if ((uid && *uid) || json_is_true(json_object_get(spec, "manualSelector")))
			err_required(v, path_with(v, &f, "selector"), NULL);
	} else {
		mark2 = path_push(v, "selector");
		validate_selector(v, sel);
		path_pop(v, mark2);
		if (!selector_matches(sel, template_labels(spec), &invalid) && !invalid)
			err_selector_mismatch(v, path_with(v, &f, "template.metadata.labels"),
					      template_labels(spec));
	}
	path_pop(v, mark);
	buf_release(&f);
}

static void validate_pod(struct vctx *v, const json_t *obj)
{
	size_t mark = path_push(v, "spec");

	validate_pod_spec(v, json_object_get(obj, "spec"));
	path_pop(v, mark);
}

static int service_headless(const json_t *spec)
{
	const char *first = json_string_value(json_array_get(json_object_get(spec, "clusterIPs"), 0));

	return !strcmp(str_or_empty(spec, "clusterIP"), "None") ||
	       (first && !strcmp(first, "None"));
}

/* Go's %#v of the core.ServicePort key used for the duplicate check */
static void render_port_key(struct buf *b, const char *proto, json_int_t port)
{
	buf_adds(b, "core.ServicePort{Name:\"\", Protocol:");
	go_quote(b, proto);
	buf_addf(b, ", AppProtocol:(*string)(nil), Port:%" JSON_INTEGER_FORMAT
		 ", TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}, NodePort:0}",
		 port);
}

static void validate_service(struct vctx *v, const json_t *obj)
{
	static const char *const affinities[] = { "ClientIP", "None", NULL };
	static const char *const types[] = { "ClusterIP", "ExternalName", "LoadBalancer",
					     "NodePort", NULL };
	const json_t *spec = json_object_get(obj, "spec");
	const json_t *ports = json_object_get(spec, "ports"), *p, *tp;
	const char *type = str_or_empty(spec, "type");
	const char *aff = str_or_empty(spec, "sessionAffinity");
	struct buf f = BUF_INIT, m = BUF_INIT, names = BUF_INIT, keys = BUF_INIT;
	size_t nports = json_is_array(ports) ? json_array_size(ports) : 0, i, mark, mark2;
	const char *msg;

	mark = path_push(v, "spec");
	if (!nports && !service_headless(spec) && strcmp(type, "ExternalName"))
		err_required(v, path_with(v, &f, "ports"), NULL);
	if (!strcmp(type, "ExternalName")) {
		const char *cname = str_or_empty(spec, "externalName");
		struct buf trimmed = BUF_INIT;

		buf_adds(&trimmed, cname);
		if (trimmed.len && trimmed.ptr[trimmed.len - 1] == '.')
			buf_setlen(&trimmed, trimmed.len - 1);
		if (trimmed.len) {
			is_dns1123_subdomain(&m, "", trimmed.ptr);
			msgs_each(&m, msg)
				err_invalid_str(v, path_with(v, &f, "externalName"), trimmed.ptr, msg);
		} else {
			err_required(v, path_with(v, &f, "externalName"), NULL);
		}
		buf_release(&trimmed);
	}
	mark2 = path_push(v, "ports");
	json_array_foreach(ports, i, p) {
		const char *name = str_or_empty(p, "name");
		const char *proto = str_or_empty(p, "protocol");
		size_t m3 = path_index(v, i);

		if (nports > 1 && !*name) {
			err_required(v, path_with(v, &f, "name"), NULL);
		} else if (*name) {
			buf_reset(&m);
			is_dns1123_label(&m, name);
			msgs_each(&m, msg)
				err_invalid_str(v, path_with(v, &f, "name"), name, msg);
			if (set_has(&names, name))
				err_duplicate_str(v, path_with(v, &f, "name"), name);
			else
				set_add(&names, name);
		}
		validate_port_num(v, path_with(v, &f, "port"), int_or_zero(json_object_get(p, "port")));
		if (!*proto)
			err_required(v, path_with(v, &f, "protocol"), NULL);
		else if (strcmp(proto, "TCP") && strcmp(proto, "UDP") && strcmp(proto, "SCTP"))
			err_not_supported(v, path_with(v, &f, "protocol"), proto, protocols);
		tp = json_object_get(p, "targetPort");
		if (json_is_string(tp)) {
			buf_reset(&m);
			port_name_errors(&m, json_string_value(tp));
			msgs_each(&m, msg)
				err_invalid_str(v, path_with(v, &f, "targetPort"),
						json_string_value(tp), msg);
		} else {
			validate_port_num(v, path_with(v, &f, "targetPort"), int_or_zero(tp));
		}
		path_pop(v, m3);
	}
	path_pop(v, mark2);
	if (json_is_object(json_object_get(spec, "selector"))) {
		mark2 = path_push(v, "selector");
		validate_labels(v, json_object_get(spec, "selector"), "ServiceSpec.spec.selector");
		path_pop(v, mark2);
	}
	if (!*aff)
		err_required(v, path_with(v, &f, "sessionAffinity"), NULL);
	else if (strcmp(aff, "ClientIP") && strcmp(aff, "None"))
		err_not_supported(v, path_with(v, &f, "sessionAffinity"), aff, affinities);
	if (!*type)
		err_required(v, path_with(v, &f, "type"), NULL);
	else if (strcmp(type, "ClusterIP") && strcmp(type, "ExternalName") &&
		 strcmp(type, "LoadBalancer") && strcmp(type, "NodePort"))
		err_not_supported(v, path_with(v, &f, "type"), type, types);
	mark2 = path_push(v, "ports");
	json_array_foreach(ports, i, p) {
		const char *proto = str_or_empty(p, "protocol");
		json_int_t port = int_or_zero(json_object_get(p, "port"));
		struct buf key = BUF_INIT;
		size_t m3 = path_index(v, i);

		if (!strcmp(type, "ClusterIP") && int_or_zero(json_object_get(p, "nodePort")))
			err_forbidden(v, path_with(v, &f, "nodePort"),
				      "may not be used when `type` is 'ClusterIP'");
		buf_addf(&key, "%s/%" JSON_INTEGER_FORMAT, proto, port);
		if (set_has(&keys, key.ptr)) {
			struct buf val = BUF_INIT;

			render_port_key(&val, proto, port);
			err_value(v, "FieldValueDuplicate", "Duplicate value", v->path.ptr,
				  val.ptr, NULL);
			buf_release(&val);
		} else {
			set_add(&keys, key.ptr);
		}
		buf_release(&key);
		path_pop(v, m3);
	}
	path_pop(v, mark2);
	path_pop(v, mark);
	buf_release(&f);
	buf_release(&m);
	buf_release(&names);
	buf_release(&keys);
}

/* ---- dispatch and the Status message ---------------------------------- */

static enum name_rule name_rule_for(const char *group, const char *kind)
{
	if (!*group && !strcmp(kind, "Namespace"))
		return NAME_LABEL;
	if (!*group && !strcmp(kind, "Service"))
		return NAME_DNS1035;
	if (!strcmp(group, "apps") && !strcmp(kind, "StatefulSet"))
		return NAME_LABEL;
	if (!strcmp(group, "rbac.authorization.k8s.io"))
		return NAME_PATH_SEGMENT;
	return NAME_SUBDOMAIN;
}

static void validate_kind(struct vctx *v, const char *group, const char *kind,
			  const json_t *obj)
{
	const json_t *meta = json_object_get(obj, "metadata");
	struct buf crd_name = BUF_INIT;
	int crd = !strcmp(group, "apiextensions.k8s.io") &&
		  !strcmp(kind, "CustomResourceDefinition");

	if (crd) {
		const json_t *spec = json_object_get(obj, "spec");

		buf_addf(&crd_name, "%s.%s",
			 str_or_empty(json_object_get(spec, "names"), "plural"),
			 str_or_empty(spec, "group"));
	}
	validate_object_meta(v, meta, name_rule_for(group, kind), crd ? crd_name.ptr : NULL);
	buf_release(&crd_name);
	if (!*group) {
		if (!strcmp(kind, "Pod"))
			validate_pod(v, obj);
		else if (!strcmp(kind, "Service"))
			validate_service(v, obj);
	} else if (!strcmp(group, "apps")) {
		if (!strcmp(kind, "Deployment"))
			validate_deployment(v, obj, W_DEPLOYMENT);
		else if (!strcmp(kind, "ReplicaSet"))
			validate_deployment(v, obj, W_REPLICASET);
		else if (!strcmp(kind, "StatefulSet"))
			validate_statefulset(v, obj);
		else if (!strcmp(kind, "DaemonSet"))
			validate_daemonset(v, obj);
	} else if (!strcmp(group, "batch") && !strcmp(kind, "Job")) {
		validate_job(v, obj);
	}
}

/* ErrorList.ToAggregate().Error(): distinct "field: body", "[a, b]" if many */
static void aggregate(struct buf *out, const json_t *causes)
{
	struct buf seen = BUF_INIT, one = BUF_INIT, all = BUF_INIT;
	const json_t *c;
	size_t i, n = 0;

	json_array_foreach(causes, i, c) {
		buf_reset(&one);
		buf_addf(&one, "%s: %s", json_string_value(json_object_get(c, "field")),
			 json_string_value(json_object_get(c, "message")));
		if (set_has(&seen, one.ptr))
			continue;
		set_add(&seen, one.ptr);
		if (n++)
			buf_adds(&all, ", ");
		buf_add(&all, one.ptr, one.len);
	}
	if (n > 1)
		buf_addf(out, "[%s]", all.ptr);
	else
		buf_add(out, all.ptr, all.len);
	buf_release(&seen);
	buf_release(&one);
	buf_release(&all);
}

int sim_validate(const char *group, const char *version, const char *kind,
		 const json_t *obj, json_t **causes)
{
	struct vctx v = { NULL, BUF_INIT };
	struct buf msg = BUF_INIT;
	const char *name;
	int ret = 0;

	if (causes)
		*causes = NULL;
	if (!group)
		group = "";
	if (!kind)
		kind = "";
	v.causes = json_array();
	if (!json_is_object(obj))
		add_cause(&v, "FieldValueInvalid", "", "Invalid value: the object must be a JSON object");
	else
		validate_kind(&v, group, kind, obj);
	if (!json_array_size(v.causes))
		goto done;

	name = json_string_value(json_object_get(json_object_get(obj, "metadata"), "name"));
	buf_adds(&msg, kind);
	if (*group)
		buf_addf(&msg, ".%s", group);
	buf_addc(&msg, ' ');
	go_quote(&msg, name ? name : "");
	buf_adds(&msg, " is invalid: ");
	aggregate(&msg, v.causes);
	ret = err_set(ERR_INVALID, "%s", msg.ptr);
	if (causes) {
		*causes = v.causes;
		v.causes = NULL;
	}
done:
	json_decref(v.causes);
	buf_release(&v.path);
	buf_release(&msg);
	return ret;
}
