"""Listeners run inside the transaction of every dossier event or transition, so the write side
calls upward without importing what is above it. A failing listener rolls the whole transition
back.

* Event listeners (`register`, `emit`): each event updates, in the same transaction, a fact row
  (the oversight app registers its fact updater).
* Transition listeners (`on_transition`, `transitioned`): told once a transition's row and event
  are written — the bundles register theirs (`dossiers/bundles.py`: a parent's receipt starts
  its first group, a member's step re-derives its parent).
* The cascade (`set_cascade`, `cascade`): a parent-level action on a bundle (refuse, withdraw,
  stop, return) is carried out by the bundles, which `services.transition` hands it to.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from localgov.core.errors import IllegalTransition

Listener = Callable[[Any, Any, dict[str, Any]], None]
#: (dossier as written, action, actor, instant)
TransitionListener = Callable[[Any, Any, Any, datetime], None]
#: (parent as read, action, actor, instant, reason, version) → the parent as written
Cascade = Callable[[Any, Any, Any, datetime, str, int], Any]

_listeners: list[Listener] = []
_transition_listeners: list[TransitionListener] = []
_cascade: list[Cascade] = []


def register(listener: Listener) -> Listener:
    if listener not in _listeners:
        _listeners.append(listener)
    return listener


def emit(dossier: Any, event: Any, before: dict[str, Any]) -> None:
    for listener in _listeners:
        listener(dossier, event, before)


def on_transition(listener: TransitionListener) -> TransitionListener:
    if listener not in _transition_listeners:
        _transition_listeners.append(listener)
    return listener


def transitioned(dossier: Any, action: Any, actor: Any, at: datetime) -> None:
    for listener in _transition_listeners:
        listener(dossier, action, actor, at)


def set_cascade(handler: Cascade) -> Cascade:
    _cascade[:] = [handler]
    return handler


def cascade(parent: Any, action: Any, actor: Any, at: datetime, reason: str, version: int) -> Any:
    if not _cascade:
        raise IllegalTransition("Chưa nạp xử lý hồ sơ liên thông.", code="bundle_parent")
    return _cascade[0](parent, action, actor, at, reason, version)
