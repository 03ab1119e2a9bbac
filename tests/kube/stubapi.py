#!/usr/bin/env python3
"""stubapi.py: a tiny HTTPS "Kubernetes API server" for the kubeconfig
tests of argolab's client, where the simulator cannot stand in: it can
require a client certificate signed by a given CA (as kind's and Docker
Desktop's API servers authenticate their admin), or serve an expired
certificate.

It answers just enough for `argolab down --dry-run`: legacy discovery
(/api, /apis, /api/v1 with namespaces and configmaps) and 404 Status
objects for everything else (so the inventory record is "not found").
Every request is logged to --log as one JSON line: method, path, whether
an Authorization header came and the client certificate's subject CN.

usage: stubapi.py --cert C --key K [--client-ca CA] [--token T]
                  --port-file F --log L
"""
import argparse
import http.server
import json
import ssl
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cert", required=True)
    ap.add_argument("--key", required=True)
    ap.add_argument("--client-ca")
    ap.add_argument("--token")
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--log", required=True)
    a = ap.parse_args()
    log = open(a.log, "a", buffering=1)

    class H(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def send_json(self, code, obj):
            body = json.dumps(obj).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            peer = self.connection.getpeercert() or {}
            cn = ""
            for rdn in peer.get("subject", ()):
                for k, v in rdn:
                    if k == "commonName":
                        cn = v
            auth = self.headers.get("Authorization", "")
            log.write(json.dumps({"method": self.command, "path": self.path,
                                  "authorization": bool(auth), "cn": cn}) + "\n")
            if a.token and auth != "Bearer " + a.token:
                return self.send_json(401, {"kind": "Status", "apiVersion": "v1",
                                            "status": "Failure", "reason": "Unauthorized",
                                            "code": 401, "message": "Unauthorized"})
            path = self.path.split("?")[0]
            if path == "/api":
                return self.send_json(200, {"kind": "APIVersions", "versions": ["v1"]})
            if path == "/apis":
                return self.send_json(200, {"kind": "APIGroupList", "apiVersion": "v1",
                                            "groups": []})
            if path == "/api/v1":
                return self.send_json(200, {
                    "kind": "APIResourceList", "groupVersion": "v1",
                    "resources": [
                        {"name": "namespaces", "namespaced": False, "kind": "Namespace",
                         "verbs": ["get", "list"]},
                        {"name": "configmaps", "namespaced": True, "kind": "ConfigMap",
                         "verbs": ["get", "list"]}]})
            return self.send_json(404, {"kind": "Status", "apiVersion": "v1",
                                        "status": "Failure", "reason": "NotFound",
                                        "code": 404, "message": "not found"})

        do_DELETE = do_GET
        do_PATCH = do_GET

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(a.cert, a.key)
    if a.client_ca:
        ctx.verify_mode = ssl.CERT_REQUIRED
        ctx.load_verify_locations(a.client_ca)
    srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    with open(a.port_file + ".tmp", "w") as f:
        f.write(str(srv.server_address[1]))
    import os
    os.rename(a.port_file + ".tmp", a.port_file)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
