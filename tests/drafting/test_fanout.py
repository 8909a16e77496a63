"""The fan-out of accepted updates (drafting/fanout.py): at once when a room is idle,
merged and in order when updates arrive while it is busy, never stuck."""

from __future__ import annotations

import pytest
from pycrdt import Doc, Text

from drafting.fanout import Fanout


class Recorder:
    """A room's clients as the fan-out sees them: what was sent, and the drains to run."""

    def __init__(self, fail_on: int | None = None) -> None:
        self.sent: list[tuple[int, bytes]] = []
        self.drains: list = []
        self.failures: list[int] = []
        self.fail_on = fail_on
        self.fanout = Fanout(self.send, self.spawn, lambda limit: None, self.failures.append)

    def send(self, draft_id: int, update: bytes) -> None:
        if self.fail_on is not None and len(self.sent) == self.fail_on:
            self.fail_on = None
            raise ConnectionError("a client went away mid-send")
        self.sent.append((draft_id, update))

    def spawn(self, fn, *args) -> None:
        self.drains.append((fn, args))

    def run_drains(self) -> None:
        while self.drains:
            fn, args = self.drains.pop(0)
            fn(*args)


def keystrokes(count: int, writers: int = 3) -> tuple[list[bytes], Doc]:
    """Updates of several writers typing into one text, and the document they make."""
    docs = [Doc(client_id=10 + i) for i in range(writers)]
    updates = []
    for n in range(count):
        doc = docs[n % writers]
        for other in docs:
            doc.apply_update(other.get_update(doc.get_state()))
        before = doc.get_state()
        text = doc.get("plain", type=Text)
        text.insert(len(text) // 2, "abc"[n % 3])
        updates.append(doc.get_update(before))
    whole = Doc()
    for update in updates:
        whole.apply_update(update)
    return updates, whole


def replay(sent: list[tuple[int, bytes]]) -> Doc:
    doc = Doc()
    for _draft_id, update in sent:
        doc.apply_update(update)
    return doc


def test_an_idle_room_gets_each_update_at_once_and_alone():
    room = Recorder()
    updates, _ = keystrokes(3)
    for update in updates:
        room.fanout.publish(7, update)
        # Sent before any background work ran: no window, no timer.
        assert room.sent[-1] == (7, update)
        room.run_drains()  # the loop turn ends with nothing more: the room is idle again
    assert [u for _, u in room.sent] == updates
    assert room.fanout.sent_alone == 3
    assert room.fanout.pending() == 0


def test_updates_arriving_while_busy_leave_merged_in_order():
    room = Recorder()
    updates, whole = keystrokes(40)
    room.fanout.publish(7, updates[0])  # idle: at once
    for update in updates[1:]:
        room.fanout.publish(7, update)  # before the loop got round to the drain: queued
    assert len(room.sent) == 1
    room.run_drains()
    assert len(room.sent) == 2  # one merged update for the 39 that waited
    assert room.fanout.sent_merged == 39
    assert room.fanout.pending() == 0
    got = replay(room.sent)
    assert str(got.get("plain", type=Text)) == str(whole.get("plain", type=Text))
    assert got.get_state() == whole.get_state()


def test_rooms_are_batched_separately():
    room = Recorder()
    first, _ = keystrokes(4)
    second, _ = keystrokes(4, writers=2)
    for a, b in zip(first, second, strict=True):
        room.fanout.publish(1, a)
        room.fanout.publish(2, b)
    room.run_drains()
    by_room = {1: [], 2: []}
    for draft_id, update in room.sent:
        by_room[draft_id].append((draft_id, update))
    assert replay(by_room[1]).get_state() == replay([(1, u) for u in first]).get_state()
    assert replay(by_room[2]).get_state() == replay([(2, u) for u in second]).get_state()


def test_a_failed_send_is_logged_and_the_room_keeps_relaying():
    room = Recorder(fail_on=0)
    updates, whole = keystrokes(6)
    room.fanout.publish(3, updates[0])  # this send fails
    assert room.failures == [3]
    for update in updates[1:]:
        room.fanout.publish(3, update)
    room.run_drains()
    assert room.fanout.pending() == 0
    room.fanout.publish(3, updates[-1])  # idle again: goes at once
    assert room.sent[-1] == (3, updates[-1])


def test_a_dying_drain_sends_what_it_held_and_frees_the_room():
    updates, whole = keystrokes(5)
    sent = []

    def stop(limit):
        raise KeyboardInterrupt  # e.g. the server shutting down under the drain

    drains = []
    fanout = Fanout(lambda d, u: sent.append(u), lambda fn, *a: drains.append((fn, a)), stop, print)
    for update in updates:
        fanout.publish(5, update)
    fn, args = drains.pop()
    with pytest.raises(KeyboardInterrupt):
        fn(*args)
    assert sent == updates  # the first at once, the rest one by one on the way out
    assert fanout.pending() == 0
    fanout.publish(5, updates[0])
    assert sent[-1] == updates[0]  # not stuck as busy
