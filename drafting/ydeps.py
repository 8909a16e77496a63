"""What a Yjs (v1) update depends on, read straight from its bytes.

pycrdt 0.14 strands content when an update arrives before the updates it builds on
(docs/coediting.md, trap 1): its own "pending" handling loses structs. The room therefore never
hands pycrdt an update whose dependencies are absent. :func:`dependencies` lists, for one
update, the clock ranges each client must already have, and :func:`is_ready` compares them
with a document's state vector.

Format (lib0 encoding, Yjs ``UpdateEncoderV1``)::

    update      = var(#clients) { var(#structs) var(client) var(clock) struct* } deleteSet
    struct      = GC(len) | Skip(len) | Item
    Item        = info [origin ID] [rightOrigin ID] [parent] [parentSub] content
    deleteSet   = var(#clients) { var(client) var(#ranges) { var(clock) var(len) }* }
"""

from __future__ import annotations

from dataclasses import dataclass, field


class MalformedUpdate(ValueError):
    """The bytes are not a Yjs v1 update."""


class _Reader:
    __slots__ = ("data", "pos")

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def uint(self) -> int:
        value = shift = 0
        while True:
            byte = self.byte()
            value |= (byte & 0x7F) << shift
            if byte < 0x80:
                return value
            shift += 7
            if shift > 56:
                raise MalformedUpdate("number too long")

    def byte(self) -> int:
        if self.pos >= len(self.data):
            raise MalformedUpdate("truncated update")
        value = self.data[self.pos]
        self.pos += 1
        return value

    def take(self, length: int) -> bytes:
        end = self.pos + length
        if end > len(self.data):
            raise MalformedUpdate("truncated update")
        chunk = self.data[self.pos : end]
        self.pos = end
        return chunk

    def string(self) -> str:
        return self.take(self.uint()).decode("utf-8", errors="surrogatepass")

    def skip_any(self, depth: int = 0) -> None:
        if depth > 64:
            raise MalformedUpdate("value nested too deeply")
        kind = self.byte()
        if kind in (127, 126, 121, 120):  # undefined, null, false, true
            return
        if kind == 125:  # signed var int
            while self.byte() & 0x80:
                pass
        elif kind == 124:
            self.take(4)
        elif kind in (123, 122):
            self.take(8)
        elif kind == 119:
            self.string()
        elif kind == 118:
            for _ in range(self.uint()):
                self.string()
                self.skip_any(depth + 1)
        elif kind == 117:
            for _ in range(self.uint()):
                self.skip_any(depth + 1)
        elif kind == 116:
            self.take(self.uint())
        else:
            raise MalformedUpdate(f"unknown value type {kind}")


def _utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le", errors="surrogatepass")) // 2


def _content_length(reader: _Reader, kind: int) -> int:
    if kind == 1:  # deleted
        return reader.uint()
    if kind == 2:  # JSON
        count = reader.uint()
        for _ in range(count):
            reader.string()
        return count
    if kind == 3:  # binary
        reader.take(reader.uint())
        return 1
    if kind == 4:  # string
        return _utf16_length(reader.string())
    if kind == 5:  # embed
        reader.string()
        return 1
    if kind == 6:  # format
        reader.string()
        reader.string()
        return 1
    if kind == 7:  # type
        type_ref = reader.uint()
        if type_ref in (3, 5):  # XmlElement, XmlHook carry a name
            reader.string()
        return 1
    if kind == 8:  # any
        count = reader.uint()
        for _ in range(count):
            reader.skip_any()
        return count
    if kind == 9:  # sub-document
        reader.string()
        reader.skip_any()
        return 1
    raise MalformedUpdate(f"unknown content type {kind}")


@dataclass
class Dependencies:
    """Per client: the clock the update starts at, and the highest clock it refers to."""

    starts: dict[int, int] = field(default_factory=dict)
    ends: dict[int, int] = field(default_factory=dict)
    needs: dict[int, int] = field(default_factory=dict)
    gaps: dict[int, int] = field(default_factory=dict)
    delete_set_at: int = 0

    def need(self, client: int, clock_end: int) -> None:
        if clock_end > self.needs.get(client, 0):
            self.needs[client] = clock_end


def dependencies(update: bytes) -> Dependencies:
    reader = _Reader(update)
    deps = Dependencies()
    _read_structs(reader, deps)
    deps.delete_set_at = reader.pos
    for client, ranges in _read_delete_set(reader).items():
        for start, length in ranges:
            deps.need(client, start + length)
    if reader.pos != len(update):
        raise MalformedUpdate("trailing bytes in update")
    return deps


def _read_structs(reader: _Reader, deps: Dependencies) -> None:
    for _ in range(reader.uint()):
        count = reader.uint()
        client = reader.uint()
        clock = reader.uint()
        deps.starts[client] = min(clock, deps.starts.get(client, clock))
        for _ in range(count):
            info = reader.byte()
            kind = info & 0x1F
            if kind == 0:  # GC
                clock += reader.uint()
                continue
            if kind == 10:  # skip: a gap the document must fill itself
                length = reader.uint()
                deps.gaps[client] = max(clock + length, deps.gaps.get(client, 0))
                clock += length
                continue
            if info & 0x80:
                deps.need(reader.uint(), reader.uint() + 1)
            if info & 0x40:
                deps.need(reader.uint(), reader.uint() + 1)
            if not info & 0xC0:
                if reader.uint() == 1:
                    reader.string()  # a root type's name
                else:
                    deps.need(reader.uint(), reader.uint() + 1)
                if info & 0x20:
                    reader.string()
            clock += _content_length(reader, kind)
        deps.ends[client] = max(clock, deps.ends.get(client, clock))


# --- delete sets ------------------------------------------------------------------------

DeleteSet = dict[int, list[tuple[int, int]]]  # client -> sorted, merged (clock, length)


def _read_delete_set(reader: _Reader) -> DeleteSet:
    delete_set: DeleteSet = {}
    for _ in range(reader.uint()):
        client = reader.uint()
        ranges = delete_set.setdefault(client, [])
        for _ in range(reader.uint()):
            ranges.append((reader.uint(), reader.uint()))
    return {client: _merged(ranges) for client, ranges in delete_set.items() if ranges}


def _merged(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, length in sorted(ranges):
        if out and start <= out[-1][0] + out[-1][1]:
            last_start, last_length = out[-1]
            out[-1] = (last_start, max(last_length, start + length - last_start))
        elif length > 0:
            out.append((start, length))
    return out


def split_update(update: bytes) -> tuple[bytes, DeleteSet]:
    """An update's struct section (bytes, as encoded) and its delete set (decoded)."""
    reader = _Reader(update)
    _read_structs(reader, Dependencies())
    structs = update[: reader.pos]
    delete_set = _read_delete_set(reader)
    if reader.pos != len(update):
        raise MalformedUpdate("trailing bytes in update")
    return structs, delete_set


def subtract_delete_sets(have: DeleteSet, known: DeleteSet) -> DeleteSet:
    """The deletions of ``have`` that ``known`` does not hold."""
    out: DeleteSet = {}
    for client, ranges in have.items():
        known_ranges = known.get(client, [])
        kept: list[tuple[int, int]] = []
        for start, length in ranges:
            end = start + length
            for known_start, known_length in known_ranges:
                known_end = known_start + known_length
                if known_end <= start or known_start >= end:
                    continue
                if known_start > start:
                    kept.append((start, known_start - start))
                start = max(start, known_end)
                if start >= end:
                    break
            if start < end:
                kept.append((start, end - start))
        if kept:
            out[client] = kept
    return out


def encode_delete_set(delete_set: DeleteSet) -> bytes:
    out = bytearray(_uint(len(delete_set)))
    for client in sorted(delete_set, reverse=True):
        ranges = delete_set[client]
        out += _uint(client) + _uint(len(ranges))
        for start, length in ranges:
            out += _uint(start) + _uint(length)
    return bytes(out)


def _uint(value: int) -> bytes:
    out = bytearray()
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def decode_state_vector(state: bytes) -> dict[int, int]:
    reader = _Reader(state)
    vector = {}
    for _ in range(reader.uint()):
        client = reader.uint()
        vector[client] = reader.uint()
    return vector


def is_ready(deps: Dependencies, state: dict[int, int]) -> bool:
    """True when applying the update cannot leave anything pending in the document."""
    for client, start in deps.starts.items():
        if start > state.get(client, 0):
            return False
    for client, needed in deps.gaps.items():
        if needed > state.get(client, 0):
            return False
    for client, needed in deps.needs.items():
        have = state.get(client, 0)
        if client in deps.ends:
            have = max(have, deps.ends[client]) if deps.starts[client] <= have else have
        if needed > have:
            return False
    return True
