#!/bin/sh
# token.sh [A [B]]: prints an ExecCredential whose token is made of
# $PLUGIN_GREETING (from the kubeconfig's env) and the arguments, in the
# apiVersion $API (default v1).  Fails when stdin is not empty (it must be
# /dev/null).
if read -r line; then
	echo "token.sh: stdin is not /dev/null" >&2
	exit 3
fi
api=${API:-client.authentication.k8s.io/v1}
printf '{"apiVersion":"%s","kind":"ExecCredential","status":{"token":"tok-%s-%s-%s","expirationTimestamp":"2030-01-01T00:00:00Z"}}\n' \
	"$api" "${PLUGIN_GREETING:-}" "${1:-}" "${2:-}"
