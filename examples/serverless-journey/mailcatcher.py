#!/usr/bin/env python3
"""A local SMTP server for the Serverless Journey walkthrough: it prints every email it
receives, decoded (subject and text), so runlane's alert email can be read as it arrives.
Needs aiosmtpd (Debian/Ubuntu: apt-get install python3-aiosmtpd).

    python3 mailcatcher.py [HOST:PORT]        # default 127.0.0.1:1025; Ctrl-C stops
"""
import email
import email.policy
import sys
import threading

from aiosmtpd.controller import Controller


class PrintMail:
    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        body = message.get_body(preferencelist=("plain",))
        print(f"===== mail from {envelope.mail_from} to {', '.join(envelope.rcpt_tos)}")
        print(f"Subject: {message['subject']}")
        print()
        print(body.get_content() if body is not None else message.get_payload())
        sys.stdout.flush()
        return "250 OK"


def main():
    host, port = (sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1:1025").rsplit(":", 1)
    controller = Controller(PrintMail(), hostname=host, port=int(port))
    controller.start()
    print(f"catching mail on {host}:{port}; Ctrl-C stops", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
