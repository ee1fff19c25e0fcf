import json
import socket
import time

import pytest
from werkzeug import Response

from ingest.http import HttpError, PoliteClient, RateBudget

KEY = "sekret-key-0123456789abcdef"


class Sleeps(list):
    def __call__(self, seconds):
        self.append(seconds)


def client(**kwargs) -> tuple[PoliteClient, Sleeps]:
    sleeps = Sleeps()
    kwargs.setdefault("max_retries", 3)
    return PoliteClient(secret_params=["api_key"], secret_values=[KEY], sleep=sleeps,
                        **kwargs), sleeps


def test_429_waits_for_retry_after_then_succeeds(httpserver):
    httpserver.expect_ordered_request("/v1/x").respond_with_response(
        Response('{"error": {"code": "OVER_RATE_LIMIT"}}', status=429,
                 headers={"Retry-After": "7"}))
    httpserver.expect_ordered_request("/v1/x").respond_with_json({"results": [1]})
    polite, sleeps = client()
    response = polite.get(httpserver.url_for("/v1/x"), {"api_key": KEY})
    assert response.json() == {"results": [1]}
    assert sleeps == [7.0]
    assert polite.stats.calls == 2 and polite.stats.by_status == {429: 1, 200: 1}


def test_5xx_backs_off_exponentially_and_gives_up_without_leaking_the_key(httpserver):
    httpserver.expect_request("/v1/x").respond_with_data(
        f"<html>502 upstream error for api_key={KEY}</html>", status=502)
    polite, sleeps = client(backoff_base=0.5)
    with pytest.raises(HttpError) as excinfo:
        polite.get(httpserver.url_for("/v1/x"), {"api_key": KEY, "sort": "x"})
    assert sleeps == [0.5, 1.0, 2.0]
    assert excinfo.value.status == 502
    assert "after 4 attempts" in str(excinfo.value)
    assert KEY not in str(excinfo.value) and KEY not in repr(excinfo.value.args)
    assert "sort=x" in str(excinfo.value)


def test_5xx_then_success(httpserver):
    httpserver.expect_ordered_request("/v1/x").respond_with_data("oops", status=500)
    httpserver.expect_ordered_request("/v1/x").respond_with_data("oops", status=503)
    httpserver.expect_ordered_request("/v1/x").respond_with_json({"ok": True})
    polite, sleeps = client(backoff_base=1.0)
    assert polite.get(httpserver.url_for("/v1/x")).json() == {"ok": True}
    assert sleeps == [1.0, 2.0]


def test_4xx_is_not_retried(httpserver):
    httpserver.expect_request("/v1/x").respond_with_json({"message": "bad sort"}, status=422)
    polite, sleeps = client()
    with pytest.raises(HttpError, match="HTTP 422: .*bad sort"):
        polite.get(httpserver.url_for("/v1/x"), {"api_key": KEY})
    assert sleeps == [] and polite.stats.calls == 1


def test_timeouts_are_retried(httpserver):
    seen = []

    def first_slow(request):
        seen.append(request.path)
        if len(seen) == 1:
            time.sleep(0.5)
            return Response(json.dumps({"slow": True}))
        return Response(json.dumps({"fast": True}))

    httpserver.expect_request("/v1/x").respond_with_handler(first_slow)
    sleeps = []

    def real_sleep(seconds):  # the test server answers one request at a time
        sleeps.append(seconds)
        time.sleep(seconds)

    polite = PoliteClient(timeout=0.2, backoff_base=0.6, max_retries=3, sleep=real_sleep)
    assert polite.get(httpserver.url_for("/v1/x")).json() == {"fast": True}
    assert sleeps == [0.6] and polite.stats.retries == 1


def test_connection_errors_never_quote_the_key():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    polite, _ = client(max_retries=1, backoff_base=0.0)
    with pytest.raises(HttpError) as excinfo:
        polite.get(f"http://127.0.0.1:{port}/v1/x", {"api_key": KEY})
    assert "ConnectionError" in str(excinfo.value)
    assert KEY not in str(excinfo.value)
    assert excinfo.value.__cause__ is None and excinfo.value.__suppress_context__


def test_user_agent_names_the_project(httpserver):
    httpserver.expect_request("/v1/x").respond_with_json({})
    polite, _ = client()
    polite.get(httpserver.url_for("/v1/x"))
    user_agent = httpserver.log[0][0].headers["User-Agent"]
    assert user_agent.startswith("influence/") and "python-requests" not in user_agent


def test_rate_budget_waits_when_the_hour_is_used_up(tmp_path):
    now = [1000.0]
    waits = []

    def sleep(seconds):
        waits.append(seconds)
        now[0] += seconds

    budget = RateBudget(tmp_path / "budget.json", 3, sleep=sleep, clock=lambda: now[0])
    for _ in range(3):
        assert budget.acquire() == 0
        now[0] += 10
    assert budget.acquire() == pytest.approx(3600 - 30, abs=0.1)
    assert waits and sum(waits) == pytest.approx(3570, abs=0.1)


def test_rate_budget_is_shared_through_its_file(tmp_path):
    clock = lambda: 5000.0  # noqa: E731
    first = RateBudget(tmp_path / "b.json", 2, clock=clock, sleep=lambda s: None)
    second = RateBudget(tmp_path / "b.json", 2, clock=clock, sleep=lambda s: None)
    first.acquire()
    second.acquire()
    assert len(json.loads((tmp_path / "b.json").read_text())) == 2
