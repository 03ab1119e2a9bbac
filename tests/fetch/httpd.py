#!/usr/bin/env python3
"""httpd.py: a misbehaving file server on loopback, for the url-source
tests of argolab fetch (tests/cli/t1430-fetch-http.sh).

    httpd.py --root DIR --port-file FILE --log FILE [--cert PEM --key KEY]

Listens on 127.0.0.1 on a free port (written to --port-file once it
listens) and serves DIR under paths that say how to misbehave first:

    /files/PATH                  DIR/PATH
    /fail/N/STATUS/PATH          STATUS for the first N requests, then PATH
    /retry-after/SECS/PATH       429 with Retry-After: SECS once, then PATH
    /drop/N/PATH                 close the connection unanswered N times
    /stall/PATH                  headers and 10 bytes, then silence
    /huge/PATH                   a Content-Length of 64 MiB
    /endless/PATH                a chunked body that never ends
    /loop/PATH                   302 to /loop2/PATH, which 302s back
    /redirect/PATH               301 to /files/PATH
    /away/PATH                   302 to http://example.com/PATH

Every request is appended to --log as "GET /path", so a test can count
the tries.  Counters are per exact path.
"""
import argparse
import http.server
import os
import ssl
import sys
import threading
import time

COUNTS = {}
LOCK = threading.Lock()


def bump(path):
    with LOCK:
        COUNTS[path] = COUNTS.get(path, 0) + 1
        return COUNTS[path]


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def send_file(self, rel):
        full = os.path.join(self.server.root, rel)
        if not os.path.isfile(full):
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        with open(full, "rb") as f:
            data = f.read()
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def status(self, code, headers=()):
        self.send_response(code)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):
        with LOCK:
            with open(self.server.log, "a") as f:
                f.write("GET %s\n" % self.path)
        n = bump(self.path)
        parts = self.path.lstrip("/").split("/")
        mode = parts[0]
        if mode == "files":
            self.send_file("/".join(parts[1:]))
        elif mode == "fail":
            if n <= int(parts[1]):
                self.status(int(parts[2]))
            else:
                self.send_file("/".join(parts[3:]))
        elif mode == "retry-after":
            if n == 1:
                self.status(429, [("Retry-After", parts[1])])
            else:
                self.send_file("/".join(parts[2:]))
        elif mode == "drop":
            if n <= int(parts[1]):
                self.close_connection = True
                self.connection.shutdown(2)
            else:
                self.send_file("/".join(parts[2:]))
        elif mode == "stall":
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.write(b"0123456789")
            self.wfile.flush()
            time.sleep(30)
        elif mode == "huge":
            self.send_response(200)
            self.send_header("Content-Length", str(64 << 20))
            self.end_headers()
            self.wfile.write(b"x" * 4096)
        elif mode == "endless":
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            chunk = b"y" * 65536
            try:
                for _ in range(4096):
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            except (BrokenPipeError, ConnectionResetError):
                pass
            self.close_connection = True
        elif mode in ("loop", "loop2"):
            other = "loop2" if mode == "loop" else "loop"
            self.status(302, [("Location", "/%s/%s" % (other, "/".join(parts[1:])))])
        elif mode == "redirect":
            self.status(301, [("Location", "/files/" + "/".join(parts[1:]))])
        elif mode == "away":
            self.status(302, [("Location", "http://example.com/" + "/".join(parts[1:]))])
        else:
            self.status(400)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", required=True)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--cert")
    ap.add_argument("--key")
    a = ap.parse_args()
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    srv.root = a.root
    srv.log = a.log
    if a.cert:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(a.cert, a.key)
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    tmp = a.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % srv.server_address[1])
    os.rename(tmp, a.port_file)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
