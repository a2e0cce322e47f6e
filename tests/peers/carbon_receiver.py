#!/usr/bin/env python3
"""A Graphite (carbon) plaintext receiver on 127.0.0.1: appends every metric line it gets
("PATH VALUE TIMESTAMP") to a file, for tests of Icinga 2's GraphiteWriter.
    carbon_receiver.py PORT FILE
"""
import socketserver
import sys


class Receiver(socketserver.StreamRequestHandler):
    def handle(self):
        for line in self.rfile:
            with open(self.server.out, "ab") as out:
                out.write(line if line.endswith(b"\n") else line + b"\n")


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


def main():
    port, out = int(sys.argv[1]), sys.argv[2]
    with Server(("127.0.0.1", port), Receiver) as server:
        server.out = out
        server.serve_forever()


if __name__ == "__main__":
    main()
