"""Schemathesis over the whole OpenAPI document, once with an API token of each role and once
without one, against the production WSGI application in this process: every answer to data
that fits the schema (positive) and to data that does not (negative) is no server error, has a
status code the operation declares, and has that status's declared content type and body —
the error answers included, in the one format. The paths with a dossier code are also driven
with the code of a real dossier.

A bounded number of examples per operation and mode, derandomized: the same cases on every
run. They are drawn once per session (the drawing is most of the cost) and sent by each caller.
`tools/fuzz_api.py` runs the big fuzz — schemathesis's own engine and phases, many more
examples — against a real server."""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode

from localgov.access.roles import Role

#: examples per operation and generation mode
EXAMPLES = 8
ROLES = ["anonymous", *(r.value for r in Role)]


def _checks() -> list[Any]:
    from schemathesis import checks

    return [checks.not_a_server_error, checks.status_code_conformance, checks.content_type_conformance,
            checks.response_headers_conformance, checks.response_schema_conformance]


def _negatable(operation: Any) -> bool:
    """Whether data can break the operation's schema: a query parameter or a body (the path and
    header parameters here are free strings, which no value violates)."""
    raw = operation.definition.raw
    return "requestBody" in raw or any(p.get("in") == "query" for p in raw.get("parameters", []))


def _draw(strategy: Any, examples: int) -> list[Any]:
    drawn: list[Any] = []

    @settings(max_examples=examples, derandomize=True, deadline=None, database=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=strategy)
    def collect(case: Any) -> None:
        drawn.append(case)

    collect()
    return drawn


def draw_cases(app: object, examples: int = EXAMPLES) -> list[tuple[str, str, Any]]:
    """(operation label, mode, case) for every operation of the document."""
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    out: list[tuple[str, str, Any]] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        modes = [GenerationMode.POSITIVE] + ([GenerationMode.NEGATIVE] if _negatable(operation) else [])
        for mode in modes:
            out += [(operation.label, str(mode), case)
                    for case in _draw(operation.as_strategy(generation_mode=mode), examples)]
    return out


@cache
def _cases() -> tuple[tuple[str, str, Any], ...]:
    from localgov.wsgi import application

    return tuple(draw_cases(application))


def send_all(cases: tuple[tuple[str, str, Any], ...], app: object, headers: dict[str, str],
             codes: list[str]) -> tuple[int, set[str], list[str]]:
    """Send every case (and each dossier-code case again with each of `codes`) to `app`: (calls,
    operations driven, failures as "METHOD path (mode): message")."""
    checks = _checks()
    calls, operations, failures = 0, set(), []
    for label, mode, case in cases:
        drawn = (case.path_parameters or {}).get("code")
        with_code = drawn is not None and label.split(" ")[1].startswith("/api/v1/dossiers")
        for code in [drawn, *(codes if with_code else [])]:
            if with_code:
                case.path_parameters["code"] = code
            calls += 1
            operations.add(label)
            try:
                case.call_and_validate(headers=headers, checks=checks)
            except Exception as exc:  # noqa: BLE001 - every failure collected, reported at the end
                failures.append(f"{label} ({mode}): {str(exc)[:800]}")
            finally:
                if with_code:
                    case.path_parameters["code"] = drawn
    return calls, operations, failures


@pytest.mark.parametrize("role", ROLES)
def test_every_answer_is_documented_and_no_server_error(role: str, tokens: dict[str, str], wsgi_app: object,
                                                        file_online: Any) -> None:
    cases = _cases()
    codes = [file_online().dossier.code]
    headers = {"Authorization": f"Bearer {tokens[role]}"} if role != "anonymous" else {}
    calls, operations, failures = send_all(cases, wsgi_app, headers, codes)
    documented = {f"{m.upper()} {p}" for p, ms in wsgi_app_schema_paths().items() for m in ms}
    assert operations == documented  # every operation of the document was driven
    assert calls >= len(documented) * 2
    assert not failures, f"{len(failures)} failures of {calls} calls:\n\n" + "\n\n".join(failures[:10])


def wsgi_app_schema_paths() -> dict[str, list[str]]:
    from localgov.api.api import api

    schema = api.get_openapi_schema()
    return {"/api" + path if not path.startswith("/api") else path: list(methods)
            for path, methods in schema["paths"].items()}
