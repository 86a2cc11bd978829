"""Listeners run inside the transaction of every dossier event (docs/oversight.md; ADR
docs/adr/0006-rollups-by-scope-and-grain-in-the-event-transaction.md). The oversight app registers its fact
updater here; a failing listener rolls the whole transition back."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Listener = Callable[[Any, Any, dict[str, Any]], None]
_listeners: list[Listener] = []


def register(listener: Listener) -> Listener:
    if listener not in _listeners:
        _listeners.append(listener)
    return listener


def emit(dossier: Any, event: Any, before: dict[str, Any]) -> None:
    for listener in _listeners:
        listener(dossier, event, before)
