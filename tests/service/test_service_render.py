"""The service's ?render=true reaches the check as the browser mode."""

from __future__ import annotations

from fastapi.testclient import TestClient

from reprint.errors import UsageError
from reprint.model import Report
from reprint.service import CheckJob, Settings, create_app


def telling_check(job: CheckJob) -> Report:
    """Answers with what the worker was asked for (a module-level stand-in)."""
    raise UsageError(f"render={job.render}")


def test_render_query_is_passed_to_the_check() -> None:
    settings = Settings(workers=1, checker=telling_check)
    asked = {"": False, "?render=true": True, "?render=false": False}
    with TestClient(create_app(settings)) as client:
        for query, render in asked.items():
            response = client.post(f"/v1/check{query}", json={"html": "<p>x</p>"})
            assert response.status_code == 400
            assert response.json() == {"error": f"render={render}"}
