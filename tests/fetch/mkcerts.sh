#!/bin/sh
# mkcerts.sh DIR: a throw-away CA and two server certificates for
# 127.0.0.1/localhost, for the https tests of argolab fetch:
#   DIR/ca.pem                      the CA to trust (--cacert)
#   DIR/good.pem, DIR/good.key      valid now, for ten days
#   DIR/expired.pem, DIR/expired.key  expired in 2020
# Made with the openssl command only; nothing here is a secret.
set -eu
dir=$1
mkdir -p "$dir/db"
cd "$dir"
: >db/index
echo 01 >db/serial
cat >ca.cnf <<'CNF'
[ca]
default_ca = test
[test]
database = db/index
serial = db/serial
new_certs_dir = db
default_md = sha256
policy = any
copy_extensions = copy
unique_subject = no
[any]
commonName = supplied
[req]
distinguished_name = dn
prompt = no
[dn]
CN = argolab test
[server]
basicConstraints = CA:false
subjectAltName = IP:127.0.0.1,DNS:localhost
extendedKeyUsage = serverAuth
CNF
openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem \
	-days 10 -subj '/CN=argolab test CA' 2>/dev/null
for name in good expired; do
	openssl req -newkey rsa:2048 -nodes -keyout "$name.key" -out "$name.csr" \
		-subj "/CN=$name.argolab.test" 2>/dev/null
	if [ "$name" = good ]; then
		dates="-days 10"
	else
		dates="-startdate 20190101000000Z -enddate 20200101000000Z"
	fi
	# shellcheck disable=SC2086
	openssl ca -batch -config ca.cnf -cert ca.pem -keyfile ca.key \
		-extensions server $dates -in "$name.csr" -out "$name.pem" \
		>/dev/null 2>&1
done
