"""Reads for pages and the API (one query each)."""

from __future__ import annotations

from django.db.models import Count, OuterRef, QuerySet, Subquery

from localgov.units.models import CentreKind, Commune, Province, ServiceCentre


def provinces_with_counts() -> QuerySet[Province]:
    """The 34 provinces with `commune_count` (one query)."""
    return Province.objects.annotate(commune_count=Count("communes")).order_by("code")


def province_with_centre(code: str) -> Province | None:
    """The province with its provincial centre's fields as `centre_*` annotations (one query)."""
    centre = ServiceCentre.objects.filter(
        province=OuterRef("pk"), kind=CentreKind.PROVINCIAL_CENTRE
    ).order_by("id")
    return (
        Province.objects.filter(code=code)
        .annotate(
            commune_count=Count("communes"),
            centre_name=Subquery(centre.values("name")[:1]),
            centre_status=Subquery(centre.values("status")[:1]),
            centre_opened_on=Subquery(centre.values("opened_on")[:1]),
        )
        .first()
    )


def communes_with_centres(province_code: str) -> QuerySet[Commune]:
    """Communes of a province, each with its own centre (commune centre or branch) as `centre_*`
    annotations (one query)."""
    centre = ServiceCentre.objects.filter(commune=OuterRef("pk")).order_by("kind", "id")
    return (
        Commune.objects.filter(province_id=province_code)
        .annotate(
            centre_code=Subquery(centre.values("code")[:1]),
            centre_name=Subquery(centre.values("name")[:1]),
            centre_kind=Subquery(centre.values("kind")[:1]),
            centre_status=Subquery(centre.values("status")[:1]),
            centre_opened_on=Subquery(centre.values("opened_on")[:1]),
        )
        .order_by("name", "code")
    )
