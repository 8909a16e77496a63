"""Fixtures for workshop tests: a process with chain objects, a planned session, and real
python-socketio clients against the real server."""

from __future__ import annotations

import contextlib
import threading
import time
from dataclasses import dataclass, field
from datetime import date

import pytest
import socketio

from facilitation.extensions import db as _db
from facilitation.models import Role
from policycycle.models import Criterion, Objective, ObjectiveLevel, PolicyOption
from workshops import services
from workshops.models import ActivityKind, CycleTarget

NS = "/workshop"


@dataclass
class Session:
    process: object
    workshop: object
    users: dict
    items: dict
    objective: object = None
    options: list = field(default_factory=list)
    criteria: list = field(default_factory=list)


@pytest.fixture
def plan(app, make_user, make_process, member):
    """A process, its members by role, and a planned session with one item per activity."""

    def _plan() -> Session:
        facilitator = make_user(name="Ana Facilitator")
        process = make_process(owner=facilitator)
        users = {
            "facilitator": facilitator,
            "member": member(process, Role.MEMBER),
            "observer": member(process, Role.OBSERVER),
            "outsider": make_user(name="Outsider"),
        }
        general = Objective(
            process_id=process.id, level=ObjectiveLevel.GENERAL, title="Migration is well governed"
        )
        _db.session.add(general)
        _db.session.flush()
        objective = Objective(
            process_id=process.id,
            level=ObjectiveLevel.SPECIFIC,
            title="Labour emigration is managed",
            parent_id=general.id,
        )
        _db.session.add(objective)
        _db.session.flush()
        options = [
            PolicyOption(
                process_id=process.id, objective_id=objective.id, title=title, is_baseline=baseline
            )
            for title, baseline in (
                ("Do nothing", True),
                ("Licence recruiters", False),
                ("Bilateral labour agreements", False),
            )
        ]
        criteria = [
            Criterion(process_id=process.id, name="Effectiveness", weight=2.0),
            Criterion(process_id=process.id, name="Cost", weight=1.0),
        ]
        _db.session.add_all(options + criteria)
        _db.session.flush()
        workshop = services.create_workshop(
            process.id,
            facilitator,
            title="SWOT workshop",
            session_date=date(2026, 11, 30),
            venue="Room B",
        )
        items = {}
        items["intro"] = services.save_item(workshop, title="Welcome", kind=ActivityKind.DISCUSSION)
        items["swot"] = services.save_item(
            workshop, title="SWOT", kind=ActivityKind.BRAINSTORM, feeds=CycleTarget.SWOT
        )
        items["vote"] = services.save_item(
            workshop,
            title="Which weaknesses matter?",
            kind=ActivityKind.DOT_VOTE,
            feeds=CycleTarget.SWOT,
            dots=3,
            max_per_choice=2,
            source_item_id=items["swot"].id,
        )
        items["rank"] = services.save_item(
            workshop,
            title="Rank the ideas",
            kind=ActivityKind.RANKING,
            source_item_id=items["swot"].id,
        )
        items["score"] = services.save_item(
            workshop,
            title="Score the options",
            kind=ActivityKind.SCORING,
            feeds=CycleTarget.OPTION_SCORING,
            objective_id=objective.id,
        )
        items["agree"] = services.save_item(
            workshop,
            title="Problem statement",
            kind=ActivityKind.AGREEMENT,
            statement="Emigration is not managed.",
        )
        items["evaluation"] = services.save_item(
            workshop, title="Evaluation", kind=ActivityKind.EVALUATION
        )
        _db.session.commit()
        return Session(process, workshop, users, items, objective, options, criteria)

    return _plan


def join(workshop, name="Participant", institution="", sex=None):
    participant, token = services.join(workshop, name=name, institution=institution, sex=sex)
    _db.session.commit()
    return participant, token


class Client:
    """A real python-socketio client on /workshop that records every event it receives."""

    EVENTS = (
        "idea",
        "idea_removed",
        "results",
        "results_hidden",
        "item",
        "session",
        "timer",
        "participants",
        "participant",
        "refused",
        "state",
        "batch",
    )

    def __init__(self, url: str, auth: dict, cookie: str | None = None):
        self.events: list[tuple[str, object]] = []
        self.lock = threading.Lock()
        self.sio = socketio.Client(reconnection=False)
        for name in self.EVENTS:
            self.sio.on(name, self._recorder(name), namespace=NS)
        headers = {"Cookie": cookie} if cookie else {}
        self.sio.connect(
            url,
            namespaces=[NS],
            auth=auth,
            headers=headers,
            transports=["websocket"],
            wait_timeout=10,
        )

    def _recorder(self, name):
        def record(data=None):
            with self.lock:
                if name == "batch":  # phones get board changes in ordered batches
                    self.events.extend((event, payload) for event, payload in data)
                else:
                    self.events.append((name, data))

        return record

    def call(self, event: str, data=None):
        return self.sio.call(event, data if data is not None else {}, namespace=NS, timeout=10)

    def sync(self) -> dict:
        answer = self.call("sync")
        assert answer["ok"], answer
        return answer["state"]

    def of(self, name: str) -> list:
        with self.lock:
            return [data for event, data in self.events if event == name]

    def wait_for(self, name: str, predicate=lambda data: True, timeout: float = 10.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for data in self.of(name):
                if predicate(data):
                    return data
            time.sleep(0.02)
        raise AssertionError(f"no {name} event matching within {timeout}s: {self.events[-5:]}")

    def close(self):
        self.sio.disconnect()


@pytest.fixture
def clients():
    opened: list[Client] = []

    def _open(url, auth, cookie=None) -> Client:
        client = Client(url, auth, cookie)
        opened.append(client)
        return client

    yield _open
    for client in opened:
        with contextlib.suppress(Exception):  # a test may have closed it already
            client.close()
