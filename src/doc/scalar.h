/*
 * scalar: the plain-scalar rules of the two YAML libraries kustomize
 * chains together, and Go's number formatting.
 *
 * kustomize reads YAML with go-yaml v3 (kyaml) and writes it with go-yaml
 * v2 (sigs.k8s.io/yaml.JSONToYAML), going through encoding/json between
 * the two.  To print the same bytes we need both rule sets:
 *
 *   - scalar_resolve_v3: what an untagged plain scalar means when read
 *     (null, bool, int, float or string; "yes" stays a string, "0777" is
 *     octal 511, "1_000" is 1000, timestamps stay strings);
 *   - scalar_v2_plain_ok: whether go-yaml v2 may write a string without
 *     quotes, i.e. whether reading it back would give a string again
 *     ("yes", "on", "1e3", "2020-01-01" and "1:20" all need quotes);
 *   - go_format_float: strconv.FormatFloat(f, 'g', -1, 64).
 */
#ifndef DOC_SCALAR_H
#define DOC_SCALAR_H

#include <stddef.h>
#include <stdint.h>

enum scalar_kind {
	SCALAR_STR,
	SCALAR_NULL,
	SCALAR_BOOL,
	SCALAR_INT,  /* fits int64: out->i */
	SCALAR_UINT, /* above INT64_MAX, fits uint64: out->u */
	SCALAR_FLOAT,
	SCALAR_TIMESTAMP, /* out->ts: RFC 3339 text as Go prints a time.Time */
};

struct scalar_value {
	enum scalar_kind kind;
	int b;
	int64_t i;
	uint64_t u;
	double f;
	char ts[64];
};

/* scalar_resolve_v3: resolve an untagged plain scalar as go-yaml v3. */
void scalar_resolve_v3(const char *s, size_t len, struct scalar_value *out);

/*
 * scalar_resolve_v2: resolve as go-yaml v2 (YAML 1.1) decodes into
 * interface{}, which is how sigs.k8s.io/yaml reads kustomization files:
 * y/yes/on/off/... are bools, timestamps stay strings.
 */
void scalar_resolve_v2(const char *s, size_t len, struct scalar_value *out);

/* scalar_v2_plain_ok: go-yaml v2 would write s unquoted (before layout). */
int scalar_v2_plain_ok(const char *s, size_t len);

/*
 * go_parse_int: strconv.ParseInt(s, 0, 64) (sign, 0x/0o/0b/leading-0
 * octal prefixes; no underscores).  0 ok, -1 syntax or range error.
 */
int go_parse_int(const char *s, size_t len, int64_t *out);
/* go_parse_uint: strconv.ParseUint(s, 0, 64). */
int go_parse_uint(const char *s, size_t len, uint64_t *out);

/*
 * go_format_float: strconv.FormatFloat(f, 'g', -1, 64) into out (at
 * least 32 bytes); NaN and infinities as ".nan", ".inf", "-.inf".
 */
void go_format_float(double f, char *out, size_t outlen);

/* go_format_float_f: strconv.FormatFloat(f, 'f', -1, 64). */
void go_format_float_f(double f, char *out, size_t outlen);

/*
 * scalar_json_number: how a number reaches the output after kustomize's
 * encoding/json + go-yaml v2 round trip: integral values below 1e21 turn
 * into integers.  Writes the final text into out (at least 40 bytes).
 */
void scalar_float_text(double f, char *out, size_t outlen);

#endif
