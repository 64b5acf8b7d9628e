"""E-mail backends for the reminder tests: the mail edge, where failures are scripted.

`ScriptedBackend` raises the next scripted error (an SMTP refusal, a dropped
connection) or delivers to `django.core.mail.outbox` like the locmem backend.
`HangingFileBackend` writes each message like the file backend, then, for the
address in REMINDER_TEST_HANG_FOR, leaves a marker file and hangs, so that a
test can kill the worker in the middle of a send.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from django.core.mail.backends.filebased import EmailBackend as FileBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend


class ScriptedBackend(LocmemBackend):
    script: list[BaseException | None] = []

    def send_messages(self, messages):
        if ScriptedBackend.script:
            error = ScriptedBackend.script.pop(0)
            if error is not None:
                raise error
        return super().send_messages(messages)


class HangingFileBackend(FileBackend):
    def send_messages(self, messages):
        sent = super().send_messages(messages)
        hang_for = os.environ.get("REMINDER_TEST_HANG_FOR")
        if hang_for and any(hang_for in message.to for message in messages):
            Path(self.file_path, "hanging.marker").write_text(str(os.getpid()))
            time.sleep(600)
        return sent
