#!/usr/bin/python3
"""A real SMTP server that keeps what it receives, for the tests and for deploy/run.sh.

    /usr/bin/python3 tests/support/smtp_sink.py --dir DIR [--host 127.0.0.1] [--port 0]
                                                [--exit-with-parent]

Prints "listening on HOST:PORT" once it accepts connections (port 0: a free one). Each message
accepted is stored as DIR/NNNN.eml (the bytes received) and DIR/NNNN.json, what a test reads:
the envelope, the header fields (as Python reads them, and decoded strictly by RFC 2047), every part (text decoded, attachments saved beside as
DIR/NNNN-<file name>) and the defects Python's e-mail parser found. Every transaction, accepted or
not, adds a line to DIR/transactions.jsonl.

It can be told to misbehave: DIR/control.json, read at each transaction, holds
{"mode": M, "count": N}: the next N transactions get M, then it accepts again. Modes:
  tempfail   451 after the data (a temporary failure: the sender must retry)
  reject     554 after the data (a permanent refusal)
  reject_rcpt 550 to RCPT TO (recipient unknown)
  drop       the connection closed after the data, without an answer
  hang       no answer to the data for 10 minutes (a sender killed meanwhile never learns)
Runs with Debian's python3-aiosmtpd (hence /usr/bin/python3).
"""

import argparse
import asyncio
import email
import email.header
import email.policy
import json
import os
import re

from aiosmtpd.smtp import SMTP


def write_atomically(path, data):
    temporary = path + ".tmp"
    with open(temporary, "wb") as out:
        out.write(data)
    os.replace(temporary, path)


class Sink:
    def __init__(self, directory):
        self.directory = directory
        os.makedirs(directory, exist_ok=True)
        existing = [int(m.group(1)) for m in
                    (re.match(r"^(\d+)\.eml$", name) for name in os.listdir(directory)) if m]
        self.count = max(existing, default=0)

    # --- misbehaving on request ---

    def take_mode(self, hook_modes):
        """The mode of this transaction if it applies at this hook (and one fewer to come)."""
        path = os.path.join(self.directory, "control.json")
        try:
            with open(path, encoding="utf-8") as control:
                wanted = json.load(control)
        except (OSError, ValueError):
            return "accept"
        mode, count = wanted.get("mode", "accept"), int(wanted.get("count", 0))
        if count <= 0 or mode not in hook_modes:
            return "accept"
        write_atomically(path, json.dumps({"mode": mode, "count": count - 1}).encode())
        return mode

    def log(self, outcome, envelope, message_id=None):
        line = {"outcome": outcome, "mail_from": envelope.mail_from,
                "rcpt_tos": list(envelope.rcpt_tos), "message_id": message_id}
        with open(os.path.join(self.directory, "transactions.jsonl"), "a", encoding="utf-8") as log:
            log.write(json.dumps(line) + "\n")

    # --- aiosmtpd's hooks ---

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.take_mode({"reject_rcpt"}) == "reject_rcpt":
            self.log("reject_rcpt", envelope)
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        message_id = str(parsed.get("Message-ID", ""))
        mode = self.take_mode({"tempfail", "reject", "drop", "hang"})
        if mode == "tempfail":
            self.log("tempfail", envelope, message_id)
            return "451 4.3.0 Temporary failure, try again later"
        if mode == "reject":
            self.log("reject", envelope, message_id)
            return "554 5.7.1 Message rejected"
        if mode == "drop":
            self.log("drop", envelope, message_id)
            server.transport.abort()
            return "421 4.4.2 Closing"
        if mode == "hang":
            self.log("hang", envelope, message_id)
            await asyncio.sleep(600)
            return "451 4.4.2 Too late"
        self.count += 1
        stem = os.path.join(self.directory, "%04d" % self.count)
        write_atomically(stem + ".eml", envelope.content)
        write_atomically(stem + ".json", json.dumps(
            self.summary(parsed, envelope, stem), ensure_ascii=False, indent=1).encode("utf-8"))
        self.log("accepted", envelope, message_id)
        return "250 2.0.0 Message accepted for delivery"

    def summary(self, parsed, envelope, stem):
        headers, decoded = {}, {}
        for name, value in parsed.items():
            headers.setdefault(name.lower(), []).append(str(value))
        # Decoded as RFC 2047 says (the space between two encoded-words dropped), which Python's
        # parser of address fields does not do.
        for name, value in parsed.raw_items():
            unfolded = re.sub(r"\r?\n[ \t]", " ", value)
            decoded.setdefault(name.lower(), []).append(
                str(email.header.make_header(email.header.decode_header(unfolded))))
        parts = []
        for part in parsed.walk():
            if part.is_multipart():
                parts.append({"content_type": part.get_content_type()})
                continue
            entry = {"content_type": part.get_content_type(),
                     "charset": part.get_content_charset(),
                     "disposition": part.get_content_disposition(),
                     "filename": part.get_filename(),
                     "encoding": part.get("Content-Transfer-Encoding"),
                     "defects": [repr(d) for d in part.defects]}
            if part.get_filename():
                target = stem + "-" + os.path.basename(part.get_filename())
                write_atomically(target, part.get_payload(decode=True))
                entry["file"] = target
            elif part.get_content_maintype() == "text":
                entry["text"] = part.get_content()
            parts.append(entry)
        return {"mail_from": envelope.mail_from, "rcpt_tos": list(envelope.rcpt_tos),
                "headers": headers, "decoded": decoded, "defects": [repr(d) for d in parsed.defects],
                "parts": parts, "eml": stem + ".eml"}


async def serve(arguments):
    sink = Sink(arguments.dir)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(sink, hostname="sink.formations.test", data_size_limit=20 * 1024 * 1024),
        arguments.host, arguments.port)
    port = server.sockets[0].getsockname()[1]
    print("listening on %s:%d" % (arguments.host, port), flush=True)
    if arguments.exit_with_parent:
        parent = os.getppid()

        async def watch_parent():
            while os.getppid() == parent:
                await asyncio.sleep(1)
            server.close()

        asyncio.create_task(watch_parent())
    async with server:
        try:
            await server.serve_forever()
        except asyncio.CancelledError:
            pass


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--exit-with-parent", action="store_true",
                        help="stop when the process that started it ends (deploy/run.sh)")
    try:
        asyncio.run(serve(parser.parse_args()))
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
