"""A server-side temporary store for uploaded files, keyed in the session, so that a rejected
form never loses what the user already attached: the files stay on the server and the form
shows them as attached until the submission succeeds (then `clear()`).

Files live under `<LOCALGOV_VAR>/tmp-uploads/<random session token>/`; the session holds
only their metadata. Content is checked with the dossier engine's own rules
(`dossiers.validation.upload_problem`) before it is kept.
"""

from __future__ import annotations

import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest

from localgov.dossiers import uploads as content_check
from localgov.dossiers.validation import Upload, upload_problem

SESSION_TOKEN = "upload_token"
SESSION_FILES = "upload_files"


def _root() -> Path:
    return Path(settings.VAR_DIR) / "tmp-uploads"


def sniff_content_type(content: bytes, declared: str = "") -> str:
    """The content type from the file's bytes (PDF, JPEG, PNG; `dossiers.uploads`), never
    what the browser said (`declared` is ignored; kept for callers)."""
    kind = content_check.sniff(content)
    return kind.content_type if kind else "application/octet-stream"


def max_count() -> int:
    return int(getattr(settings, "LOCALGOV_MAX_UPLOAD_COUNT", content_check.DEFAULT_MAX_COUNT))


@dataclass(frozen=True)
class Attached:
    slot: str
    doc_code: str
    name: str
    size: int
    content_type: str


class UploadStore:
    """Uploads of one form (`key`, e.g. "file:1.004873") in this session."""

    def __init__(self, request: HttpRequest, key: str):
        self.request = request
        self.key = key
        session = request.session
        if SESSION_TOKEN not in session:
            session[SESSION_TOKEN] = secrets.token_hex(16)
        self.dir = _root() / session[SESSION_TOKEN] / key.replace(":", "_").replace("/", "_")

    def _meta(self) -> dict[str, dict[str, Any]]:
        return dict(self.request.session.get(SESSION_FILES, {}).get(self.key, {}))

    def _save_meta(self, meta: dict[str, dict[str, Any]]) -> None:
        all_files = dict(self.request.session.get(SESSION_FILES, {}))
        if meta:
            all_files[self.key] = meta
        else:
            all_files.pop(self.key, None)
        self.request.session[SESSION_FILES] = all_files

    def accept(self, slot: str, doc_code: str, uploaded: UploadedFile, *, max_bytes: int | None = None) -> str | None:
        """Keep `uploaded` for `slot` if it is acceptable; else return the problem (Vietnamese)
        and keep whatever was attached to the slot before."""
        limit = max_bytes or int(getattr(settings, "LOCALGOV_MAX_UPLOAD_BYTES", 10 * 1024 * 1024))
        if slot not in self._meta() and len(self._meta()) >= max_count():
            return content_check.count_problem(len(self._meta()) + 1, max_count=max_count())
        too_big = content_check.size_problem(uploaded.size or 0, max_bytes=limit) if uploaded.size else None
        if too_big:
            return too_big
        content = uploaded.read(limit + 1)
        content_type = sniff_content_type(content)
        name = (uploaded.name or f"{doc_code}.pdf")[-255:]
        problem = upload_problem(Upload(doc_code=doc_code, name=name, content=content, content_type=content_type),
                                 max_bytes=limit)
        if problem:
            return problem
        self.dir.mkdir(parents=True, exist_ok=True)
        path = self.dir / f"{slot}-{secrets.token_hex(8)}"
        path.write_bytes(content)
        meta = self._meta()
        old = meta.get(slot)
        if old:
            Path(old["path"]).unlink(missing_ok=True)
        meta[slot] = {"path": str(path), "doc_code": doc_code, "name": name, "size": len(content),
                      "content_type": content_type}
        self._save_meta(meta)
        return None

    def remove(self, slot: str) -> None:
        meta = self._meta()
        old = meta.pop(slot, None)
        if old:
            Path(old["path"]).unlink(missing_ok=True)
        self._save_meta(meta)

    def attached(self) -> dict[str, Attached]:
        return {
            slot: Attached(slot=slot, doc_code=m["doc_code"], name=m["name"], size=m["size"],
                           content_type=m["content_type"])
            for slot, m in self._meta().items()
            if Path(m["path"]).exists()
        }

    def uploads(self) -> list[Upload]:
        """What to hand to the dossier engine."""
        return [
            Upload(doc_code=m["doc_code"], name=m["name"], content=Path(m["path"]).read_bytes(),
                   content_type=m["content_type"])
            for m in self._meta().values()
            if Path(m["path"]).exists()
        ]

    def clear(self) -> None:
        for m in self._meta().values():
            Path(m["path"]).unlink(missing_ok=True)
        shutil.rmtree(self.dir, ignore_errors=True)
        self._save_meta({})


def take_uploads(store: UploadStore, request: HttpRequest, slots: dict[str, str]) -> dict[str, str]:
    """Process a multipart POST: `slots` maps a file input's name to its document code.
    Checked boxes named `remove-<slot>` drop an attached file. Returns {slot: problem}."""
    problems: dict[str, str] = {}
    for slot in slots:
        if request.POST.get(f"remove-{slot}"):
            store.remove(slot)
    for slot, doc_code in slots.items():
        uploaded = request.FILES.get(slot)
        if uploaded is None:
            continue
        problem = store.accept(slot, doc_code, uploaded)
        if problem:
            problems[slot] = problem
    return problems
