"""Registry of reference-data loaders behind `localgov load <target>...` and helpers to write them.

An app registers a loader in its AppConfig.ready():

    from localgov.units.loaders import register
    register("catalog", "localgov.catalog.loading:load_catalog", after=("units",),
             help="Danh mục thủ tục hành chính")

A loader is a callable taking no arguments and returning a `LoadReport` (model label → `Counts`);
it may be given as the callable itself or as a "module:function" string (imported on first use,
so registering costs nothing at start-up). `run(["all"])` runs every target, dependencies first,
each in its own transaction. Loaders must be idempotent: `sync_rows()` does the diffing.
"""

from __future__ import annotations

import hashlib
import importlib
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.apps import apps
from django.db import models, transaction


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0

    @property
    def changed(self) -> int:
        return self.created + self.updated + self.deleted


LoadReport = dict[str, Counts]
Loader = Callable[[], LoadReport]


@dataclass
class LoaderSpec:
    name: str
    target: Loader | str
    after: tuple[str, ...] = ()
    help: str = ""

    def resolve(self) -> Loader:
        if callable(self.target):
            return self.target
        module_name, _, attr = self.target.partition(":")
        return getattr(importlib.import_module(module_name), attr)


@dataclass
class LoadOutcome:
    name: str
    report: LoadReport
    seconds: float
    checksum: str = field(default="")

    @property
    def changed(self) -> int:
        return sum(c.changed for c in self.report.values())


_REGISTRY: dict[str, LoaderSpec] = {}


def register(name: str, target: Loader | str, *, after: Sequence[str] = (), help: str = "") -> None:
    """Register (or replace) the loader for `localgov load <name>`. "all" is reserved."""
    if name == "all":
        raise ValueError('"all" is reserved')
    _REGISTRY[name] = LoaderSpec(name=name, target=target, after=tuple(after), help=help)


def registered() -> Mapping[str, LoaderSpec]:
    return dict(_REGISTRY)


def plan(names: Iterable[str]) -> list[str]:
    """Targets to run, dependencies first. "all" means every registered target."""
    wanted = list(_REGISTRY) if "all" in names else list(names)
    unknown = [n for n in wanted if n not in _REGISTRY]
    if unknown:
        known = ", ".join(sorted(_REGISTRY))
        raise KeyError(f"Không có mục nạp: {', '.join(unknown)}; các mục có: {known} (hoặc all).")
    ordered: list[str] = []
    visiting: set[str] = set()

    def visit(name: str) -> None:
        if name in ordered:
            return
        if name in visiting:
            raise ValueError(f"load targets depend on each other in a cycle at {name!r}")
        visiting.add(name)
        for dep in _REGISTRY[name].after:
            if dep in _REGISTRY:
                visit(dep)
        visiting.discard(name)
        ordered.append(name)

    for name in wanted:
        visit(name)
    return ordered


def run(names: Iterable[str]) -> list[LoadOutcome]:
    """Run the targets (and what they depend on) in order, each in one transaction."""
    outcomes: list[LoadOutcome] = []
    for name in plan(names):
        loader = _REGISTRY[name].resolve()
        started = time.perf_counter()
        with transaction.atomic():
            report = loader()
        outcomes.append(LoadOutcome(name=name, report=report, seconds=time.perf_counter() - started))
    return outcomes


def sync_rows(
    model: type[models.Model],
    rows: Sequence[dict[str, object]],
    *,
    key: str | tuple[str, ...] = "pk",
    delete_stale: bool = False,
    batch_size: int = 1000,
) -> Counts:
    """Make the table hold `rows` (dicts of field attnames → values), matched on `key`.

    Creates missing rows, updates rows whose values differ (only the differing fields), leaves
    equal rows alone, and deletes rows absent from `rows` only when `delete_stale`. Running it
    twice with the same rows changes nothing.
    """
    counts = Counts()
    if not rows:
        return counts
    key_fields = (key,) if isinstance(key, str) else key
    pk_name = model._meta.pk.attname
    key_fields = tuple(pk_name if k == "pk" else k for k in key_fields)
    value_fields = [f for f in rows[0] if f not in key_fields]

    def key_of(row: Mapping[str, object]) -> object:
        return row[key_fields[0]] if len(key_fields) == 1 else tuple(row[k] for k in key_fields)

    current_rows = model._default_manager.values(pk_name, *key_fields, *value_fields)
    existing = {key_of(r): r for r in current_rows.iterator(2000)}
    to_create: list[models.Model] = []
    to_update: list[models.Model] = []
    changed_fields: set[str] = set()
    seen: set[object] = set()
    for row in rows:
        k = key_of(row)
        seen.add(k)
        current = existing.get(k)
        if current is None:
            to_create.append(model(**row))
            continue
        diff = [f for f in value_fields if current[f] != row[f]]
        if diff:
            changed_fields.update(diff)
            to_update.append(model(**{pk_name: current[pk_name], **row}))
        else:
            counts.unchanged += 1
    if to_create:
        model._default_manager.bulk_create(to_create, batch_size=batch_size)
        counts.created = len(to_create)
    if to_update:
        model._default_manager.bulk_update(to_update, sorted(changed_fields), batch_size=batch_size)
        counts.updated = len(to_update)
    if delete_stale:
        stale = [current[pk_name] for k, current in existing.items() if k not in seen]
        for start in range(0, len(stale), batch_size):
            model._default_manager.filter(pk__in=stale[start : start + batch_size]).delete()
        counts.deleted = len(stale)
    return counts


def content_checksum(*model_classes: type[models.Model]) -> str:
    """SHA-256 over every row of the given tables (all fields, ordered by primary key)."""
    digest = hashlib.sha256()
    for model in model_classes:
        digest.update(model._meta.label.encode())
        for row in model._default_manager.order_by("pk").values_list().iterator(5000):
            digest.update(repr(row).encode())
    return digest.hexdigest()


def _model_label(label: str) -> str:
    """"units.Commune" → the model's own plural name ("xã, phường, đặc khu"), else `label`."""

    try:
        meta = apps.get_model(label)._meta
    except (LookupError, ValueError):
        return label
    return str(meta.verbose_name_plural) if "verbose_name_plural" in meta.original_attrs else label


def format_report(outcome: LoadOutcome) -> list[str]:
    """Lines for people: one per model with created/updated/unchanged/deleted counts."""
    lines = [f"{outcome.name}: {outcome.seconds:.2f} giây".replace(".", ",")]
    for label, c in outcome.report.items():
        lines.append(
            f"  {_model_label(label):<32} thêm {c.created:>6}  cập nhật {c.updated:>6}  "
            f"không đổi {c.unchanged:>6}  xóa {c.deleted:>6}"
        )
    return lines
