#!/bin/sh
# certkey.sh: prints an ExecCredential with a client certificate and key
# (PEM strings, not base64) and an expiry with a numeric offset.
cat <<'JSON'
{
  "apiVersion": "client.authentication.k8s.io/v1",
  "kind": "ExecCredential",
  "status": {
    "clientCertificateData": "-----BEGIN CERTIFICATE-----\nexec cert\n-----END CERTIFICATE-----\n",
    "clientKeyData": "-----BEGIN PRIVATE KEY-----\nexec key\n-----END PRIVATE KEY-----\n",
    "expirationTimestamp": "2030-01-01T01:00:00+01:00"
  }
}
JSON
