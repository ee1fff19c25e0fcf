import json
import random
import socket
import threading
import time

import pytest
from werkzeug import Response

from ingest.common.http import BadBody, HttpError, PoliteClient, RateBudget, RetryPolicy
from ingest.common.settings import parse_retry_policy

KEY = "sekret-key-0123456789abcdef"


class Sleeps(list):
    def __call__(self, seconds):
        self.append(seconds)


def client(**kwargs) -> tuple[PoliteClient, Sleeps]:
    sleeps = Sleeps()
    kwargs.setdefault("max_retries", 3)
    kwargs.setdefault("jitter", 0.0)  # exact delays; jitter has its own test
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

    polite = PoliteClient(timeout=0.2, backoff_base=0.6, max_retries=3, sleep=real_sleep, jitter=0)
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


# -- faults: retried, not fatal ----------------------------------------------------------------


class RawServer:
    """A TCP server answering each connection with the next scripted raw reply: bytes to send
    before hanging up (b"" hangs up at once), so replies can be cut short or dropped."""

    def __init__(self, replies: list[bytes]):
        self.replies = list(replies)
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/v1/x"
        self.served = 0
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while self.replies:
            conn, _ = self.sock.accept()
            with conn:
                conn.recv(65536)
                reply = self.replies.pop(0)
                self.served += 1
                if reply:
                    conn.sendall(reply)

    def close(self):
        self.sock.close()


def http_reply(body: bytes, *, length: int | None = None, status: str = "200 OK") -> bytes:
    length = len(body) if length is None else length
    return (f"HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {length}"
            "\r\nConnection: close\r\n\r\n").encode() + body


GOOD = json.dumps({"results": [1, 2, 3]}).encode()


def test_truncated_and_dropped_responses_are_retried():
    server = RawServer([
        http_reply(GOOD[:9], length=len(GOOD)),  # cut short: fewer bytes than announced
        b"",  # the connection dropped before any answer
        http_reply(GOOD[:12]),  # cut short, Content-Length to match: only the JSON is broken
        http_reply(GOOD),
    ])
    polite, sleeps = client(max_retries=5, backoff_base=0.0)
    try:
        response, data = polite.get_json(server.url, {"api_key": KEY})
    finally:
        server.close()
    assert data == {"results": [1, 2, 3]} and response.status_code == 200
    assert server.served == 4 and polite.stats.retries == 3
    assert polite.stats.bad_bodies == 1 and polite.stats.dropped == 2


def test_a_body_that_stays_bad_is_raised_with_the_body_and_never_the_key(httpserver):
    httpserver.expect_request("/v1/x").respond_with_data(
        f'{{"results": [{{"echo": "api_key={KEY}", "key": "{KEY}"'.encode(), status=200,
        content_type="application/json")
    polite, sleeps = client(max_retries=2, backoff_base=0.5)
    with pytest.raises(BadBody) as excinfo:
        polite.get_json(httpserver.url_for("/v1/x"), {"api_key": KEY})
    assert sleeps == [0.5, 1.0] and excinfo.value.attempts == 3
    assert "not valid JSON" in str(excinfo.value) and excinfo.value.status == 200
    assert excinfo.value.body.startswith(b'{"results"') and KEY.encode() not in excinfo.value.body
    assert KEY not in str(excinfo.value)


def test_429_has_its_own_budget_one_429_and_four_5xx_still_succeed(httpserver):
    httpserver.expect_ordered_request("/v1/x").respond_with_response(
        Response("{}", status=429, headers={"Retry-After": "2"}))
    for status in (500, 502, 503, 504):
        httpserver.expect_ordered_request("/v1/x").respond_with_data("busy", status=status)
    httpserver.expect_ordered_request("/v1/x").respond_with_json({"ok": True})
    polite, sleeps = client(max_retries=4, backoff_base=1.0)
    assert polite.get_json(httpserver.url_for("/v1/x"))[1] == {"ok": True}
    assert sleeps == [2.0, 1.0, 2.0, 4.0, 8.0]
    assert polite.stats.retries == 4 and polite.stats.retries_429 == 1


def test_429s_beyond_their_budget_fail(httpserver):
    httpserver.expect_request("/v1/x").respond_with_response(
        Response("{}", status=429, headers={"Retry-After": "1"}))
    polite, sleeps = client(max_429_retries=3)
    with pytest.raises(HttpError, match="HTTP 429 4 times") as excinfo:
        polite.get(httpserver.url_for("/v1/x"))
    assert sleeps == [1.0, 1.0, 1.0] and excinfo.value.status == 429


def test_back_off_has_jitter_within_its_bounds():
    polite = PoliteClient(backoff_base=1.0, backoff_max=60.0, jitter=0.5, rng=random.Random(7))
    delays = [polite._backoff(attempt) for attempt in range(8) for _ in range(20)]
    for index, delay in enumerate(delays):
        ceiling = min(60.0, 2.0 ** (index // 20))
        assert ceiling * 0.5 <= delay <= ceiling
    assert len(set(delays)) > 100  # not one fixed schedule


class OutageClock:
    """Simulated time: the client's sleeps advance it, the server fails while it is inside the
    outage."""

    def __init__(self):
        self.now = 0.0
        self.sleeps = []

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.mark.parametrize("outage, survives", [(300.0, True), (600.0, True), (1200.0, False)])
def test_the_default_limits_ride_out_a_five_minute_outage(httpserver, outage, survives):
    clock = OutageClock()

    def answer(request):
        if clock.now < outage:
            return Response("<html>503 Service Unavailable</html>", status=503)
        return Response(json.dumps({"ok": True}), content_type="application/json")

    httpserver.expect_request("/v1/x").respond_with_handler(answer)
    polite = PoliteClient(sleep=clock.sleep, rng=random.Random(1),
                          **RetryPolicy().client_kwargs())
    if survives:
        assert polite.get_json(httpserver.url_for("/v1/x"))[1] == {"ok": True}
        assert clock.now >= outage
    else:
        with pytest.raises(HttpError, match="HTTP 503 after"):
            polite.get_json(httpserver.url_for("/v1/x"))
        assert sum(clock.sleeps) <= RetryPolicy().retry_window


def test_retry_limits_come_from_the_environment():
    policy = parse_retry_policy({"INFLUENCE_HTTP_MAX_RETRIES": "4",
                                 "INFLUENCE_HTTP_RETRY_WINDOW": "120",
                                 "INFLUENCE_HTTP_BACKOFF_BASE": "0.25",
                                 "INFLUENCE_HTTP_MAX_429_RETRIES": "9"})
    assert (policy.max_retries, policy.retry_window, policy.backoff_base,
            policy.max_429_retries) == (4, 120.0, 0.25, 9)
    assert parse_retry_policy({}) == RetryPolicy()
    with pytest.raises(ValueError, match="INFLUENCE_HTTP_RETRY_WINDOW"):
        parse_retry_policy({"INFLUENCE_HTTP_RETRY_WINDOW": "soon"})
