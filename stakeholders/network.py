"""The process's network read from SQL: graph records, cached analytics, the map's JSON
and the export records. A few bulk queries; no query per organisation."""

from __future__ import annotations

import json
import threading
from collections import OrderedDict

from sqlalchemy import extract, func

from facilitation.extensions import db
from facilitation.models import Organisation, OrganisationCategory
from facilitation.offloop import off_loop

from . import graph, map_layout
from .models import Consultation, ConsultationParticipant, FocalPoint, Tie, TieType

_CACHE: OrderedDict = OrderedDict()
_CACHE_SIZE = 16
_LOCK = threading.Lock()


def _organisations(process_id: int):
    return db.session.execute(
        db.select(
            Organisation.id,
            Organisation.name,
            Organisation.acronym,
            Organisation.category,
            Organisation.level,
            Organisation.parent_id,
            Organisation.in_core_group,
            Organisation.policy_tags,
        )
        .where(Organisation.process_id == process_id)
        .order_by(Organisation.id)
    ).all()


def _ties(process_id: int):
    return db.session.execute(
        db.select(Tie.id, Tie.source_id, Tie.target_id, Tie.type, Tie.mutual, Tie.strength)
        .where(Tie.process_id == process_id)
        .order_by(Tie.id)
    ).all()


def tie_records(orgs, tie_rows) -> list[dict]:
    """Explicit ties plus the tree's parent links as hierarchy ties (id ``p<child id>``)."""
    ids = {o.id for o in orgs}
    records = [
        {
            "id": r.id,
            "source": r.source_id,
            "target": r.target_id,
            "type": str(r.type),
            "mutual": bool(r.mutual),
            "strength": r.strength,
        }
        for r in tie_rows
    ]
    for org in orgs:
        if org.parent_id in ids:
            records.append(
                {
                    "id": f"p{org.id}",
                    "source": org.parent_id,
                    "target": org.id,
                    "type": TieType.HIERARCHY.value,
                    "mutual": False,
                    "strength": 3,
                }
            )
    return records


def consulted_stages(process_id: int) -> dict[int, set[str]]:
    """Organisation id -> stages at which it took part in a held consultation."""
    rows = db.session.execute(
        db.select(ConsultationParticipant.organisation_id, Consultation.stage)
        .join(Consultation, Consultation.id == ConsultationParticipant.consultation_id)
        .where(Consultation.process_id == process_id, Consultation.held.is_(True))
        .distinct()
    ).all()
    stages: dict[int, set[str]] = {}
    for org_id, stage in rows:
        stages.setdefault(org_id, set()).add(stage)
    return stages


def _changed_at(column) -> tuple:
    """The latest change, and the sum of every row's change time in seconds: the sum moves
    when a row whose time is not the latest changes (rows stamped ahead of the clock, as
    a demo's may be), the maximum when two changes fall in the same second."""
    return (func.max(column), func.sum(extract("epoch", column)))


def _signature(process_id: int) -> tuple:
    org_sig = db.session.execute(
        db.select(func.count(Organisation.id), *_changed_at(Organisation.updated_at)).where(
            Organisation.process_id == process_id
        )
    ).one()
    tie_sig = db.session.execute(
        db.select(func.count(Tie.id), *_changed_at(Tie.updated_at), func.max(Tie.id)).where(
            Tie.process_id == process_id
        )
    ).one()
    return (str(db.engine.url), process_id, *org_sig, *tie_sig)


def load_graph(process_id: int):
    orgs = _organisations(process_id)
    nodes = [
        {"id": o.id, "label": o.name, "category": str(o.category), "core": o.in_core_group}
        for o in orgs
    ]
    return graph.build_graph(nodes, tie_records(orgs, _ties(process_id)))


def edge_tuples(records: list[dict]):
    return [(r["source"], r["target"], r["type"], r["mutual"], r["strength"]) for r in records]


def analyse_now(process_id: int) -> graph.Analysis:
    """All analytics read from SQL and computed (no cache).

    The computation needs no database, so it runs off the server's loop: betweenness and
    communities of the large demo network (2,000 organisations) take 0.8 s of one core,
    which would otherwise hold every page and phone for as long (docs/jobs.md)."""
    orgs = _organisations(process_id)
    nodes = {o.id: {"label": o.name, "category": str(o.category)} for o in orgs}
    edges = edge_tuples(tie_records(orgs, _ties(process_id)))
    return off_loop(graph.analyse_records, nodes, edges)


def analysis(process_id: int) -> graph.Analysis:
    """All analytics of the process's network, cached until an organisation or tie changes.

    The cache key counts rows and takes the latest ``updated_at`` and tie id, so an
    insert, an update or a delete all invalidate it.
    """
    key = _signature(process_id)
    with _LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
    result = analyse_now(process_id)
    with _LOCK:
        _CACHE[key] = result
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return result


def _consultation_signature(process_id: int) -> tuple:
    """Changes when a consultation or a participant is added, changed or removed (the
    map's stage marks come from them)."""
    signature = ()
    for model in (Consultation, ConsultationParticipant):
        signature += tuple(
            db.session.execute(
                db.select(
                    func.count(model.id), func.max(model.updated_at), func.max(model.id)
                ).where(model.process_id == process_id)
            ).one()
        )
    return signature


_MAPS: OrderedDict = OrderedDict()


def map_data(process_id: int) -> dict:
    """The map's data (see ``_build_map_data``); callers must not change the dict."""
    return _map(process_id)[0]


def map_json(process_id: int) -> bytes:
    """``map_data`` as compact JSON (UTF-8), encoded once per state of the network."""
    return _map(process_id)[1]


def _map(process_id: int) -> tuple[dict, bytes]:
    """Built once per state of the network: the key changes with any organisation, tie,
    consultation or participant, as the analytics' does. 2,000 organisations and their
    ties took ~50 ms of CPU to lay out as lists and ~15 ms to encode, on every request."""
    key = (_signature(process_id), _consultation_signature(process_id))
    with _LOCK:
        if key in _MAPS:
            _MAPS.move_to_end(key)
            return _MAPS[key]
    data = _build_map_data(process_id)
    result = (data, json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode())
    with _LOCK:
        _MAPS[key] = result
        while len(_MAPS) > _CACHE_SIZE:
            _MAPS.popitem(last=False)
    return result


def _build_map_data(process_id: int) -> dict:
    """Compact JSON for the browser map (arrays, not objects, to stay small).

    ``nodes``: [id, name, acronym, category index, core (0/1), degree, stages bitmask]
    ``edges``: [id, source, target, type index, mutual (0/1), strength]
    ``categories``/``types``/``stages``: the lists the indexes point into.
    Centralities come from ``metrics_data`` (computed and cached on demand).
    """
    from facilitation.stages import STAGE_KEYS

    orgs = _organisations(process_id)
    categories = [c.value for c in OrganisationCategory]
    cat_index = {c: i for i, c in enumerate(categories)}  # a member finds its value's key
    types = [t.value for t in TieType]
    type_index = {t: i for i, t in enumerate(types)}
    conflict = type_index[graph.CONFLICT]
    hierarchy = type_index[TieType.HIERARCHY.value]
    stage_bit = {s: 1 << i for i, s in enumerate(STAGE_KEYS)}
    # The stages bitmask of each consulted organisation, once (most are not consulted).
    masks = {
        org_id: sum(stage_bit[s] for s in org_stages if s in stage_bit)
        for org_id, org_stages in consulted_stages(process_id).items()
    }
    ids = {o.id for o in orgs}
    # Plain tuples in one loop: this is the hot path of the map on large registries.
    edges = [
        [tie_id, source, target, type_index[kind], 1 if mutual else 0, strength]
        for tie_id, source, target, kind, mutual, strength in _ties(process_id)
    ]
    edges.extend(
        [f"p{o.id}", o.parent_id, o.id, hierarchy, 0, 3] for o in orgs if o.parent_id in ids
    )
    pairs = {(e[1], e[2]) if e[1] < e[2] else (e[2], e[1]) for e in edges if e[3] != conflict}
    degree = dict.fromkeys(ids, 0)
    for a, b in pairs:
        degree[a] += 1
        degree[b] += 1
    nodes = [
        [
            o.id,
            o.name,
            o.acronym,
            cat_index.get(o.category, 0),
            int(o.in_core_group),
            degree[o.id],
            masks.get(o.id, 0),
        ]
        for o in orgs
    ]
    return {
        "nodes": nodes,
        "edges": edges,
        **map_positions(process_id, orgs, edges),
        "categories": categories,
        "types": types,
        "stages": list(STAGE_KEYS),
    }


LAYOUT_UP_TO = 300  # the Word figure's spring layout (stakeholders/figures.py)
_LAYOUTS: OrderedDict = OrderedDict()


def map_positions(process_id: int, orgs, edges) -> dict:
    """Pixel positions in the order of ``orgs`` and where the band of unconnected
    organisations starts; cached like the analytics (until an organisation or a tie
    changes). The layout itself needs no database, so it runs off the server's loop."""
    key = _signature(process_id)
    with _LOCK:
        if key in _LAYOUTS:
            _LAYOUTS.move_to_end(key)
            return _LAYOUTS[key]
    names = {o.id: o.name for o in orgs}
    pairs = [(e[1], e[2]) for e in edges]
    placed = off_loop(map_layout.layout, list(names), pairs, names)
    result = {
        "positions": [list(placed.positions[o.id]) for o in orgs],
        "band": None
        if placed.band_top is None
        else {"top": placed.band_top, "left": placed.band_left, "count": len(placed.unconnected)},
        "components": len(placed.components),
    }
    with _LOCK:
        _LAYOUTS[key] = result
        while len(_LAYOUTS) > _CACHE_SIZE:
            _LAYOUTS.popitem(last=False)
    return result


def metrics_data(process_id: int) -> dict:
    """Centralities and communities per organisation id, rounded for the browser."""
    result = analysis(process_id)
    keys = ("betweenness", "closeness", "eigenvector")
    return {
        "metrics": {
            str(node): [round(result.metric(k).get(node, 0.0), 4) for k in keys]
            + [result.community_of.get(node, -1)]
            for node in result.degree
        },
        "keys": [*keys, "community"],
    }


def export_records(process_id: int, include_personal: bool = False):
    """Node and tie records for ``stakeholders.exporting`` (focal points only if asked)."""
    orgs = _organisations(process_id)
    nodes = [
        {
            "id": o.id,
            "label": o.name,
            "acronym": o.acronym,
            "category": str(o.category),
            "level": str(o.level),
            "core_group": o.in_core_group,
            "parent": o.parent_id or "",
            "tags": o.policy_tags,
        }
        for o in orgs
    ]
    if include_personal:
        people: dict[int, list[str]] = {}
        for person in db.session.execute(
            db.select(FocalPoint)
            .where(FocalPoint.process_id == process_id, FocalPoint.ended_on.is_(None))
            .order_by(FocalPoint.id)
        ).scalars():
            text = person.name + (f" ({person.role})" if person.role else "")
            text += "".join(f" {v}" for v in (person.email, person.phone) if v)
            people.setdefault(person.organisation_id, []).append(text)
        for node in nodes:
            node["focal_points"] = "; ".join(people.get(node["id"], []))
    ties = [
        {
            "id": r["id"],
            "source": r["source"],
            "target": r["target"],
            "relation": r["type"],
            "mutual": r["mutual"],
            "weight": r["strength"],
        }
        for r in tie_records(orgs, _ties(process_id))
    ]
    return nodes, ties
