/*
 * proto: Kubernetes protobuf request bodies turned into JSON objects.
 *
 * kubectl's typed commands (create namespace, configmap, secret generic,
 * serviceaccount, deployment, job, job --from, debug --copy-to, debug
 * node) send "Content-Type: application/vnd.kubernetes.protobuf".  This
 * module turns such a body into the JSON object kube-apiserver's JSON
 * form of the same typed object would be, so that the rest of the
 * simulator only ever sees JSON.  See proto.c for how and what is left
 * out.
 */
#ifndef SIM_PROTO_H
#define SIM_PROTO_H

#include <jansson.h>
#include <stddef.h>

/* Bodies above this are refused (kube-apiserver's own limit is 3 MiB). */
#define SIM_PROTO_MAX_BODY ((size_t)4 << 20)
/* Messages nested deeper than this are refused. */
#define SIM_PROTO_MAX_DEPTH 32
/*
 * At most this many JSON values are built from one body: an empty
 * message of two bytes can stand for several values ("resources": {}).
 */
#define SIM_PROTO_MAX_NODES ((size_t)1 << 20)

/*
 * sim_proto_decode: decode a Kubernetes protobuf body: the magic
 * "k8s\0" and a runtime.Unknown {typeMeta {apiVersion, kind}, raw,
 * contentEncoding, contentType} whose raw bytes are the object.
 *
 * On success *out is a new reference to a JSON object with "kind" and
 * "apiVersion" first and then the object's fields in Go's struct order,
 * omitting what Go's encoding/json omits (omitempty zero values, nil
 * pointers) and writing what it writes (struct values even when empty,
 * "creationTimestamp": null, "resources": {}); bytes become base64,
 * quantities strings, int-or-string fields numbers or strings, times
 * RFC 3339 in UTC, map keys sorted.  Fields the decoder does not model
 * are skipped, as protobuf readers skip unknown fields.
 *
 * Handled: v1 Namespace, ConfigMap, Secret, ServiceAccount, Pod;
 * apps/v1 Deployment; batch/v1 Job.  On failure *out is NULL and the
 * last error says what and where (byte offset and field path):
 *   ERR_UNSUPPORTED  another kind (the message names it), a content
 *                    encoding, or a raw content type other than protobuf
 *   ERR_INVALID      malformed input: bad magic, truncated varint,
 *                    length past the end, wrong or unknown wire type,
 *                    nesting deeper than SIM_PROTO_MAX_DEPTH, values Go
 *                    would refuse (bad quantity, impossible int-or-string,
 *                    time outside years 1..9999)
 *   ERR_TOOBIG       len over SIM_PROTO_MAX_BODY, or more than
 *                    SIM_PROTO_MAX_NODES JSON values
 * data is only read, never past data + len.
 */
int sim_proto_decode(const void *data, size_t len, json_t **out);

#endif
