"""The hand-off to the person who filed a complaint: the answer, a refusal or a request for more
information "is sent to the person" (docs/feedback.md). Notifications and their outbox are
built elsewhere (branch i20-outbox); this is the ONE call the complaint services make, inside
the step's transaction, for the lead to wire to the outbox. Until then it only logs (the
complaint's code and the step — never the person's data)."""

from __future__ import annotations

import logging

from localgov.feedback.models import Complaint

log = logging.getLogger("localgov.feedback")


def complaint_step(complaint: Complaint, step: str) -> None:
    """To be wired: enqueue the notification of `step` (answer, refuse, ask_info) of
    `complaint` to the person through the channel they gave (e-mail or phone)."""
    log.debug("complaint step to notify", extra={"complaint": complaint.code, "step": step})
