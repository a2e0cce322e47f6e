#!/usr/bin/python3
"""Receivers for virtcheck-alert's integration tests, all on 127.0.0.1 (run under Debian's
/usr/bin/python3: python3-aiosmtpd is installed for it only).

  PORT+0  SMTP, plain, no authentication (aiosmtpd)
  PORT+1  SMTP with STARTTLS required and AUTH PLAIN/LOGIN required (user "alert",
          password from --password); certificate DIR/tls/cert.pem (self-signed, made here)
  PORT+2  HTTP that answers 200 to every POST
  PORT+3  HTTP that answers 500 to every POST
  PORT+4  HTTP that reads the request and never answers

Every mail is stored as DIR/smtp/<n>.eml (with X-Envelope-To / X-Auth-User lines before the
message), every POST as DIR/http-<ok|fail|hang>/<n>.json ({"path", "headers", "body"}),
written under a temporary name and renamed, so a reader never sees half a file.
DIR/ready appears when all five listen.
"""
import argparse
import itertools
import json
import os
import ssl
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

counter = itertools.count(1)
lock = threading.Lock()


def store(directory, suffix, data):
    os.makedirs(directory, exist_ok=True)
    with lock:
        n = next(counter)
    name = os.path.join(directory, "%06d.%s" % (n, suffix))
    with open(name + ".tmp", "wb") as f:
        f.write(data)
    os.rename(name + ".tmp", name)


class MailHandler:
    def __init__(self, directory):
        self.directory = directory

    async def handle_DATA(self, server, session, envelope):
        lines = [b"X-Envelope-From: " + envelope.mail_from.encode()]
        lines += [b"X-Envelope-To: " + r.encode() for r in envelope.rcpt_tos]
        if getattr(session, "auth_data", None) is not None:
            lines.append(b"X-Auth-User: " + bytes(session.auth_data.login))
        lines.append(b"X-Via-TLS: " + (b"yes" if session.ssl else b"no"))
        store(self.directory, "eml", b"\r\n".join(lines) + b"\r\n" + envelope.original_content)
        return "250 OK"


def make_authenticator(password):
    def authenticate(server, session, envelope, mechanism, data):
        ok = isinstance(data, LoginPassword) and data.login == b"alert" and data.password == password.encode()
        return AuthResult(success=ok, handled=False, auth_data=data if ok else None)
    return authenticate


class AuthController(Controller):
    def __init__(self, handler, tls, password, **kwargs):
        self.tls = tls
        self.password = password
        super().__init__(handler, **kwargs)

    def factory(self):
        return SMTP(self.handler, tls_context=self.tls, require_starttls=True, auth_required=True,
                    auth_require_tls=True, authenticator=make_authenticator(self.password))


def http_handler(directory, mode):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_POST(self):
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            record = {"path": self.path, "headers": dict(self.headers.items()),
                      "body": body.decode("utf-8", "replace")}
            store(directory, "json", json.dumps(record).encode())
            if mode == "hang":
                time.sleep(3600)
                return
            status = 200 if mode == "ok" else 500
            self.send_response(status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok" if status == 200 else b"no")
    return Handler


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--password", required=True)
    args = parser.parse_args()
    tls_dir = os.path.join(args.dir, "tls")
    os.makedirs(tls_dir, exist_ok=True)
    cert, key = os.path.join(tls_dir, "cert.pem"), os.path.join(tls_dir, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
                    "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                    "-keyout", key, "-out", cert], check=True, capture_output=True)
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(cert, key)

    smtp_dir = os.path.join(args.dir, "smtp")
    plain = Controller(MailHandler(smtp_dir), hostname="127.0.0.1", port=args.port)
    secure = AuthController(MailHandler(smtp_dir), tls, args.password, hostname="127.0.0.1", port=args.port + 1)
    plain.start()
    secure.start()
    servers = []
    for offset, mode in ((2, "ok"), (3, "fail"), (4, "hang")):
        server = ThreadingHTTPServer(("127.0.0.1", args.port + offset),
                                     http_handler(os.path.join(args.dir, "http-" + mode), mode))
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
    with open(os.path.join(args.dir, "ready"), "w") as f:
        f.write("%d\n" % os.getpid())
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        plain.stop()
        secure.stop()


if __name__ == "__main__":
    sys.exit(main())
