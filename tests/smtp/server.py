"""A real SMTP server on loopback for aftercare's tests (aiosmtpd).

    python server.py save DIR    store every accepted message as DIR/<n>.eml
    python server.py refuse      answer every message with 550

Prints "PORT <n>" once listening, then serves until its standard input closes.
"""
import os
import socket
import sys

from aiosmtpd.controller import Controller


class Save:
    def __init__(self, directory):
        self.directory = directory
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        path = os.path.join(self.directory, f"{self.count:05d}.eml")
        with open(path + ".part", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        os.replace(path + ".part", path)
        return "250 OK"


class Refuse:
    async def handle_DATA(self, server, session, envelope):
        return "550 5.7.1 Message refused by policy"


def main():
    handler = Save(sys.argv[2]) if sys.argv[1] == "save" else Refuse()
    # aiosmtpd's start-up check cannot use port 0: take a free port first.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    print(f"PORT {port}", flush=True)
    sys.stdin.read()
    controller.stop()


if __name__ == "__main__":
    main()
