"""The channels: e-mail through Django's e-mail backend (SMTP in production), SMS through a
gateway (`SmsGateway`: an HTTP gateway contract, or a file for the demo), and the national
portal's synchronisation endpoint. Each carries the message's idempotency key so the receiving side
drops a resend (docs/notifications.md, docs/dvcqg-sync.md). Any failure raises `SendError` with a
reason the worker keeps."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.utils import timezone


class SendError(Exception):
    """A delivery that did not happen; str() is the reason kept on the message."""


def message_id(key: str) -> str:
    """The e-mail Message-ID of a delivery: the same on every resend, so the receiving server or
    mailbox can drop a duplicate."""
    return "<" + re.sub(r"[^A-Za-z0-9.\-]", ".", key) + "@outbox.localgov>"


class EmailSender:
    """One connection of the configured backend for a whole batch."""

    def __init__(self) -> None:
        self.connection: Any = None

    def send(self, *, key: str, to: str, subject: str, body: str) -> None:
        if self.connection is None:
            self.connection = mailers.default
        email = EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[to],
                             headers={"Message-ID": message_id(key), "X-Idempotency-Key": key})
        try:
            sent = self.connection.send_messages([email])
        except Exception as exc:  # smtplib's errors, OSError, timeouts: all are reasons to retry
            self.close()
            raise SendError(_reason(exc)) from exc
        if not sent:
            raise SendError("Máy chủ thư không nhận thư.")

    def close(self) -> None:
        if self.connection is not None:
            try:
                self.connection.close()
            except Exception:  # noqa: BLE001,S110 - closing a broken connection
                pass
            self.connection = None


class SmsGateway(Protocol):
    def send(self, *, key: str, to: str, text: str) -> None: ...


class FileSmsGateway:
    """The demo's gateway: one JSON line per message in LOCALGOV_SMS_FILE."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    def send(self, *, key: str, to: str, text: str) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        line = json.dumps({"at": timezone.now().isoformat(), "idempotency_key": key, "to": to, "text": text},
                          ensure_ascii=False)
        with self.path.open("a", encoding="utf-8") as f:
            f.write(line + "\n")


def post_json(url: str, body: dict[str, Any], *, key: str, token: str, timeout: float) -> dict[str, Any]:
    """POST `body` with `Idempotency-Key`; 2xx → the JSON answer, anything else → SendError."""
    data = json.dumps(body, ensure_ascii=False).encode()
    headers = {"Content-Type": "application/json; charset=utf-8", "Idempotency-Key": key}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, data=data, headers=headers, method="POST")  # noqa: S310 - configured URL
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            text = response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode("utf-8", "replace")[:300]
        raise SendError(f"HTTP {exc.code}: {detail}") from exc
    except TimeoutError as exc:
        raise SendError(f"Hết thời gian chờ ({timeout:g} giây).") from exc
    except (urllib.error.URLError, OSError) as exc:
        raise SendError(_reason(exc)) from exc
    try:
        answer = json.loads(text) if text else {}
    except ValueError:
        answer = {}
    return answer if isinstance(answer, dict) else {}


class HttpSmsGateway:
    """The HTTP SMS gateway contract (docs/notifications.md): POST {to, text, idempotency_key}."""

    def __init__(self, url: str, *, token: str = "", timeout: float = 10.0) -> None:
        if not url:
            raise SendError("Chưa cấu hình LOCALGOV_SMS_URL.")
        self.url, self.token, self.timeout = url, token, timeout

    def send(self, *, key: str, to: str, text: str) -> None:
        post_json(self.url, {"to": to, "text": text, "idempotency_key": key}, key=key, token=self.token,
                  timeout=self.timeout)


def sms_gateway() -> SmsGateway:
    kind = str(getattr(settings, "LOCALGOV_SMS_GATEWAY", "file"))
    if kind == "http":
        return HttpSmsGateway(settings.LOCALGOV_SMS_URL, token=settings.LOCALGOV_SMS_TOKEN)
    return FileSmsGateway(settings.LOCALGOV_SMS_FILE)


def push_dvcqg(record: dict[str, Any], *, key: str) -> dict[str, Any]:
    url = str(getattr(settings, "LOCALGOV_DVCQG_URL", ""))
    if not url:
        raise SendError("Chưa cấu hình LOCALGOV_DVCQG_URL.")
    return post_json(url.rstrip("/") + "/hoso/dongbo", record, key=key, token=settings.LOCALGOV_DVCQG_TOKEN,
                     timeout=float(settings.LOCALGOV_DVCQG_TIMEOUT))


def _reason(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return f"{type(exc).__name__}: {text}"[:1000]
