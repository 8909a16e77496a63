"""Lookups remembered for one GET request (issue 18): never across requests, never on a
request that may write."""

from __future__ import annotations

from facilitation.request_memo import remembered_for_request


def counting():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    return calls, compute


def test_a_get_request_computes_once_per_key(app):
    calls, compute = counting()
    with app.test_request_context("/", method="GET"):
        assert remembered_for_request("k", compute) == 1
        assert remembered_for_request("k", compute) == 1
        assert remembered_for_request("other", compute) == 2
    assert len(calls) == 2


def test_the_next_request_sees_what_changed_in_between(app):
    data = {"value": "before"}
    with app.test_request_context("/", method="GET"):
        assert remembered_for_request("k", lambda: data["value"]) == "before"
    data["value"] = "after"
    with app.test_request_context("/", method="GET"):
        assert remembered_for_request("k", lambda: data["value"]) == "after"


def test_a_request_that_may_write_always_looks_again(app):
    calls, compute = counting()
    with app.test_request_context("/", method="POST"):
        assert remembered_for_request("k", compute) == 1
        assert remembered_for_request("k", compute) == 2
    with app.app_context():  # outside a request (CLI, jobs): no memo either
        assert remembered_for_request("k", compute) == 3


def test_requests_inside_one_application_context_do_not_share_it(app):
    # The test client (like a CLI command) reuses an application context already
    # pushed, and with it flask.g: the memo must still end with its request.
    data = {"value": "before"}
    with app.app_context():
        with app.test_request_context("/", method="GET"):
            assert remembered_for_request("k", lambda: data["value"]) == "before"
        data["value"] = "after"
        with app.test_request_context("/", method="GET"):
            assert remembered_for_request("k", lambda: data["value"]) == "after"
