"""The health endpoint answers with the database status and the version."""

import localgov


def test_health_reports_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["version"] == localgov.__version__
    assert body["database"] in {"sqlite", "postgresql"}
    assert response["X-Request-ID"]


def test_request_ids_are_echoed_or_made(client, db):
    assert client.get("/healthz", HTTP_X_REQUEST_ID="proxy-42")["X-Request-ID"] == "proxy-42"
    made = {client.get("/healthz")["X-Request-ID"] for _ in range(20)}
    assert len(made) == 20 and all(len(i) == 16 and int(i, 16) >= 0 for i in made)
