"""The health endpoint answers with the database status and the version."""

import localgov


def test_health_reports_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["version"] == localgov.__version__
    assert body["database"] in {"sqlite", "postgresql"}
    assert response["X-Request-ID"]
