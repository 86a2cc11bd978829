"""Applicant access without an account: the code + secret printed on the receipt. After a
successful look-up (or right after filing) the pair is kept in this browser's session, and
every page re-checks it through `dossiers.selectors.get_for_applicant`."""

from __future__ import annotations

from django.http import HttpRequest

from localgov.access.policy import Actor, resolve_actor, with_dossier_secret
from localgov.core.errors import NotFound
from localgov.dossiers import selectors
from localgov.dossiers.models import Dossier

SESSION_KEY = "portal_access"
MAX_REMEMBERED = 20


def grant(request: HttpRequest, code: str, secret: str) -> None:
    remembered = dict(request.session.get(SESSION_KEY, {}))
    remembered.pop(code, None)
    remembered[code] = secret
    while len(remembered) > MAX_REMEMBERED:
        remembered.pop(next(iter(remembered)))
    request.session[SESSION_KEY] = remembered


def secret_for(request: HttpRequest, code: str) -> str | None:
    return request.session.get(SESSION_KEY, {}).get(code)


def load(request: HttpRequest, code: str) -> tuple[Dossier, Actor, str | None]:
    """The dossier and the applicant actor for it: by the secret this session holds, or, for a
    signed-in person, because they filed it ("Hồ sơ của tôi"); NotFound otherwise."""

    secret = secret_for(request, code)
    if not secret:
        if request.user.is_authenticated:
            actor = resolve_actor(request.user)
            return selectors.get_own(actor, code), actor, None
        raise NotFound("Vui lòng nhập mã hồ sơ và mã tra cứu.")
    dossier = selectors.get_for_applicant(code, secret)
    return dossier, with_dossier_secret(resolve_actor(request.user), dossier.pk), secret
