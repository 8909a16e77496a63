"""The room logic alone: out-of-order guard, validation, compaction, reload."""

from __future__ import annotations

import random

import pytest
from pycrdt import (
    Doc,
    Text,
    XmlElement,
    XmlFragment,
    XmlText,
)

from drafting import crdt
from drafting.crdt import (
    MessageRefused,
    Room,
    create_sync_step1_message,
    create_sync_step2_message,
)
from drafting.crdt import update_message as create_update_message
from drafting.ydeps import decode_state_vector

from .yjs_peer import record_updates


def fragment_xml(doc: Doc) -> str:
    return str(doc.get("default", type=XmlFragment))


def reference(data: dict) -> Doc:
    doc = Doc()
    doc.apply_update(data["final"])
    return doc


def assert_matches_yjs(room: Room, data: dict) -> None:
    assert str(room.doc.get("plain", type=Text)) == data["text"]
    assert fragment_xml(room.doc) == fragment_xml(reference(data))


@pytest.fixture(scope="module")
def recordings():
    return [record_updates(seed) for seed in (1, 2, 3, 4)]


def test_in_order_replay_matches_yjs(recordings):
    for data in recordings:
        room = Room("draft")
        saved = []
        for update in data["updates"]:
            room.apply(update, saved.append)
        assert len(saved) == len(data["updates"])  # each in-order update brings something
        assert_matches_yjs(room, data)
        reloaded = Room("draft")
        reloaded.load(None, saved)  # what was stored rebuilds the same document
        assert_matches_yjs(reloaded, data)


def test_shuffled_and_reversed_replay_matches_yjs(recordings):
    for data in recordings:
        orders = [list(reversed(data["updates"]))]
        for seed in range(10):
            order = list(data["updates"])
            random.Random(seed).shuffle(order)
            orders.append(order)
        for order in orders:
            room = Room("draft")
            saved: list[bytes] = []
            for update in order:
                room.apply(update, saved.append)
            assert not room.parked
            assert_matches_yjs(room, data)
            reloaded = Room("draft")
            reloaded.load(None, saved)  # stored in the order they were placed
            assert_matches_yjs(reloaded, data)


def test_naive_pycrdt_does_lose_content_so_the_guard_matters(recordings):
    wrong = 0
    for data in recordings:
        order = list(reversed(data["updates"]))
        doc = Doc()
        for update in order:
            doc.apply_update(update)
        wrong += str(doc.get("plain", type=Text)) != data["text"]
    assert wrong > 0


def test_parked_updates_are_not_stored_and_compaction_keeps_only_the_snapshot(recordings):
    data = recordings[0]
    updates = list(reversed(data["updates"]))
    half = len(updates) // 2
    room = Room("draft")
    log: list[bytes] = []
    for update in updates[:half]:
        room.apply(update, log.append, owner="sid-1")
    assert room.parked_count("sid-1")  # causal gaps exist at this point
    stored = {}

    def persist(snapshot):
        stored["snapshot"] = snapshot
        log.clear()

    room.compact(persist)
    for update in updates[half:]:
        room.apply(update, log.append, owner="sid-1")
    assert_matches_yjs(room, data)
    assert not room.parked

    reloaded = Room("draft")
    reloaded.load(stored["snapshot"], log)
    assert_matches_yjs(reloaded, data)
    assert decode_state_vector(reloaded.doc.get_state()) == decode_state_vector(
        room.doc.get_state()
    )


def test_a_resync_that_brings_nothing_new_is_neither_stored_nor_relayed():
    writer = Doc()
    text = writer.get("plain", type=Text)
    room = Room("draft")
    saved: list[bytes] = []
    for i in range(200):
        before = writer.get_state()
        text.insert(len(text), f"w{i} ")
        room.apply(writer.get_update(before), saved.append)
    for i in range(0, 200, 3):
        before = writer.get_state()
        del text[i : i + 1]
        room.apply(writer.get_update(before), saved.append)
    rows = len(saved)
    full = writer.get_update()  # every struct and the whole delete set, all known
    for _ in range(10):
        assert (
            room.handle(create_sync_step2_message(full), can_write=True, save=saved.append).update
            is None
        )
        assert room.apply(full, saved.append).update is None
    assert len(saved) == rows
    # A step 2 with one new deletion is cut down to that deletion.
    before = writer.get_state()
    del text[0:2]
    outcome = room.apply(writer.get_update(), saved.append)
    assert outcome.update is not None and len(outcome.update) < 20 < len(full)
    assert str(room.doc.get("plain", type=Text)) == str(text)


def test_garbage_is_refused_and_room_is_unharmed(recordings):
    data = recordings[1]
    room = Room("draft")
    for update in data["updates"]:
        room.apply(update, lambda u: None)
    before = room.doc.get_state()
    bad_messages = [
        b"",
        b"\x07",
        b"\x00",
        b"\x00\x09\x01\x00",
        b"\x00\x02\x05\x01\x02",
        b"\x00\x02\x03\xff\xff\xff",
        b"\x01\x05\x01\x02",
        b"\x00\x00\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01",
        bytes(random.Random(7).randrange(256) for _ in range(300)),
    ]
    for message in bad_messages:
        with pytest.raises(MessageRefused):
            room.handle(message, can_write=True, save=lambda u: None)
    assert decode_state_vector(room.doc.get_state()) == decode_state_vector(before)
    assert_matches_yjs(room, data)


def test_observer_updates_are_refused():
    room = Room("draft")
    writer = Doc()
    writer.get("plain", type=Text).insert(0, "hello")
    message = create_update_message(writer.get_update())
    with pytest.raises(MessageRefused) as refused:
        room.handle(message, can_write=False, save=lambda u: None)
    assert refused.value.code == "read-only"
    assert room.is_empty
    # An observer may still ask for the document.
    outcome = room.handle(
        create_sync_step1_message(Doc().get_state()), can_write=False, save=lambda u: None
    )
    assert len(outcome.replies) == 2


def test_size_limits(monkeypatch):
    room = Room("draft")
    writer = Doc()
    writer.get("plain", type=Text).insert(0, "x" * 5000)
    big = writer.get_update()
    monkeypatch.setattr(crdt, "MAX_UPDATE_BYTES", 1000)
    with pytest.raises(MessageRefused) as refused:
        room.apply(big, lambda u: None)
    assert refused.value.code == "too-large"
    monkeypatch.setattr(crdt, "MAX_UPDATE_BYTES", 10_000)
    monkeypatch.setattr(crdt, "MAX_DOCUMENT_BYTES", 6000)
    room.apply(big, lambda u: None)
    writer.get("plain", type=Text).insert(0, "y" * 2000)
    with pytest.raises(MessageRefused) as refused:
        room.apply(writer.get_update(room.doc.get_state()), lambda u: None)
    assert refused.value.code == "document-full"


def test_failed_save_breaks_the_room_and_nothing_is_relayed():
    room = Room("draft")
    writer = Doc()
    writer.get("plain", type=Text).insert(0, "hello")

    def failing(update):
        raise OSError("disk full")

    with pytest.raises(OSError):
        room.apply(writer.get_update(), failing)
    assert room.broken


def test_sync_round_trip_between_two_clients():
    room = Room("draft")
    alice = Doc()
    fragment = alice.get("default", type=XmlFragment)
    fragment.children.append(XmlElement("paragraph", None, [XmlText("Hello")]))
    outcome = room.handle(
        create_update_message(alice.get_update()), can_write=True, save=lambda u: None
    )
    assert outcome.update is not None
    bob = Doc()
    replies = room.handle(
        create_sync_step1_message(bob.get_state()), can_write=True, save=lambda u: None
    ).replies
    step2 = replies[0]
    kind, pos = crdt.read_var_uint(step2, 0)
    sync_type, pos = crdt.read_var_uint(step2, pos)
    payload, _ = crdt.read_var_bytes(step2, pos)
    bob.apply_update(payload)
    assert fragment_xml(bob) == fragment_xml(alice)


def test_awareness_is_checked_and_relayed():
    payload = crdt.awareness_removal([(42, 3)])
    entries = crdt.parse_awareness(payload)
    assert entries == [(42, 4, "null")]
    room = Room("draft")
    outcome = room.handle(crdt.awareness_message(payload), can_write=False, save=lambda u: None)
    assert outcome.awareness == payload


def test_stranded_log_rows_from_older_versions_are_dropped_at_compaction():
    keeper = Doc()
    keeper.get("plain", type=Text).insert(0, "kept ")
    kept = keeper.get_update()
    writer = Doc()
    text = writer.get("plain", type=Text)
    text.insert(0, "never logged ")
    before = writer.get_state()
    text.insert(len(text), "orphan ")
    orphan = writer.get_update(before)  # builds on an update the log never had
    room = Room("draft")
    room.load(None, [kept, orphan])
    assert room.stranded == [orphan]
    assert str(room.doc.get("plain", type=Text)) == "kept "
    stored = {}
    room.compact(lambda snapshot: stored.update(snapshot=snapshot))
    assert room.stranded == []
    reloaded = Room("draft")
    reloaded.load(stored["snapshot"], [])
    assert str(reloaded.doc.get("plain", type=Text)) == "kept " and not reloaded.stranded


def test_a_big_delete_set_resent_many_times_does_not_fill_the_budget(monkeypatch):
    writer = Doc()
    text = writer.get("plain", type=Text)
    text.insert(0, "".join(f"w{i} " for i in range(5000)))
    for i in range(0, 5000, 2):
        del text[i * 2 : i * 2 + 1]  # thousands of separate deleted ranges
    full = writer.get_update()
    room = Room("draft")
    saved: list[bytes] = []
    room.apply(full, saved.append)
    monkeypatch.setattr(crdt, "MAX_DOCUMENT_BYTES", room.stored_bytes + len(full) // 2)
    for _ in range(200):
        outcome = room.handle(create_sync_step2_message(full), can_write=True, save=saved.append)
        assert outcome.update is None
    assert len(saved) == 1
    text.insert(0, "x" * len(full))  # new content beyond the budget is still refused
    with pytest.raises(MessageRefused) as refused:
        room.apply(writer.get_update(), saved.append)
    assert refused.value.code == "document-full"


def test_updates_that_never_find_their_causes_are_bounded_per_connection(monkeypatch):
    writer = Doc()
    text = writer.get("plain", type=Text)
    updates = []
    for i in range(5):
        before = writer.get_state()
        text.insert(len(text), f"{i}")
        updates.append(writer.get_update(before))
    monkeypatch.setattr(crdt, "MAX_PARKED_PER_CONNECTION", 2)
    room = Room("draft")
    assert room.apply(updates[4], lambda u: None, owner="a").first_parked
    assert not room.apply(updates[3], lambda u: None, owner="a").first_parked
    with pytest.raises(MessageRefused) as refused:
        room.apply(updates[2], lambda u: None, owner="a")
    assert refused.value.code == "out-of-order"
    room.apply(updates[2], lambda u: None, owner="b")  # another connection is not affected
    for update in updates[:2]:
        room.apply(update, lambda u: None, owner="b")
    assert str(room.doc.get("plain", type=Text)) == "01234" and not room.parked


def test_a_connection_that_leaves_takes_its_parked_updates_with_it():
    writer = Doc()
    text = writer.get("plain", type=Text)
    text.insert(0, "a")
    first = writer.get_update()
    before = writer.get_state()
    text.insert(1, "b")
    room = Room("draft")
    room.apply(writer.get_update(before), lambda u: None, owner="gone")
    assert room.drop_parked("gone") == 1
    room.apply(first, lambda u: None, owner="other")
    assert str(room.doc.get("plain", type=Text)) == "a"


def test_a_typed_update_reads_the_documents_state_vector_once():
    """Each ``get_state`` is a new pycrdt transaction: the room asked for it three times
    per keystroke (the size budget, the causes, the integration), a third of its CPU in
    ``Room.apply`` under load (docs/coediting-latency.md)."""
    writer = Doc()
    text = writer.get("plain", type=Text)
    room = Room("draft")
    saved: list[bytes] = []
    calls = []
    original = room.doc.get_state

    def counted():
        calls.append(1)
        return original()

    room.doc.get_state = counted
    for i in range(20):
        before = writer.get_state()
        text.insert(len(text), f"k{i}")
        room.apply(writer.get_update(before), saved.append)
    assert len(calls) == 20
    assert str(room.doc.get("plain", type=Text)) == str(text) and len(saved) == 20
