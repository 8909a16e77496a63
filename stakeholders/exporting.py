"""Export the stakeholder network for Gephi, Kumu and other tools, and read it back.

Plain functions on node and tie records (no Flask, no database):

- GraphML and GEXF (networkx writers; GEXF is Gephi's own format),
- nodes and edges CSV with Gephi's column names (``Id, Label`` / ``Source, Target,
  Type, Id, Label, Weight``; ``Type`` is Directed or Undirected, a mutual tie is
  Undirected),
- Kumu JSON (``elements`` keyed by label, ``connections`` with ``from``/``to``,
  ``direction`` directed or mutual, ``strength``).

Node records: ``id, label, acronym, category, level, core_group, parent, tags`` and,
only when personal data was asked for, ``focal_points``. Tie records: ``id, source,
target, relation, mutual, weight``. ``read_*`` functions return the same canonical
form so a test can compare an export read back with what was written.
"""

from __future__ import annotations

import csv
import io
import json

import networkx as nx

from facilitation.plaintext import strip_illegal
from facilitation.spreadsheets import csv_text, unquote_csv

NODE_FIELDS = ("label", "acronym", "category", "level", "core_group", "parent", "tags")
PERSONAL_FIELD = "focal_points"
TIE_FIELDS = ("relation", "mutual", "weight")


def canonical(nodes: list[dict], ties: list[dict]) -> tuple[dict, dict]:
    """(node id -> attributes, tie id -> (source, target, attributes)), all plain types."""
    node_map = {}
    for node in nodes:
        attrs = {k: node.get(k, "") for k in NODE_FIELDS}
        attrs["core_group"] = bool(attrs["core_group"])
        attrs["parent"] = "" if attrs["parent"] in (None, "") else str(attrs["parent"])
        attrs["tags"] = ", ".join(t.strip() for t in str(attrs["tags"]).split(",") if t.strip())
        if PERSONAL_FIELD in node:
            attrs[PERSONAL_FIELD] = node[PERSONAL_FIELD]
        # XML writers (GraphML, GEXF) fail or write broken files on control characters
        node_map[str(node["id"])] = {
            k: (v if isinstance(v, bool) else strip_illegal(v)) for k, v in attrs.items()
        }
    tie_map = {}
    for tie in ties:
        tie_map[str(tie["id"])] = (
            str(tie["source"]),
            str(tie["target"]),
            {
                "relation": strip_illegal(tie["relation"]),
                "mutual": bool(tie["mutual"]),
                "weight": int(tie["weight"]),
            },
        )
    return node_map, tie_map


def _graph(nodes: list[dict], ties: list[dict]) -> nx.MultiDiGraph:
    node_map, tie_map = canonical(nodes, ties)
    graph = nx.MultiDiGraph()
    for node_id, attrs in node_map.items():
        graph.add_node(node_id, **attrs)
    for tie_id, (source, target, attrs) in tie_map.items():
        graph.add_edge(source, target, key=tie_id, **attrs)
    return graph


def _from_graph(graph) -> tuple[dict, dict]:
    node_map = {}
    for node_id, data in graph.nodes(data=True):
        attrs = {k: data.get(k, "") for k in NODE_FIELDS}
        attrs["core_group"] = _as_bool(attrs["core_group"])
        if PERSONAL_FIELD in data:
            attrs[PERSONAL_FIELD] = data[PERSONAL_FIELD]
        node_map[str(node_id)] = {
            k: (v if isinstance(v, bool) else str(v)) for k, v in attrs.items()
        }
    tie_map = {}
    if graph.is_multigraph():
        edges = graph.edges(keys=True, data=True)
    else:  # a GEXF file without parallel ties reads back as a simple graph
        edges = ((s, t, d.get("id"), d) for s, t, d in graph.edges(data=True))
    for source, target, key, data in edges:
        tie_id = str(data.get("id", key))
        tie_map[tie_id] = (
            str(source),
            str(target),
            {
                "relation": str(data["relation"]),
                "mutual": _as_bool(data["mutual"]),
                "weight": int(float(data["weight"])),
            },
        )
    return node_map, tie_map


def _as_bool(value) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("true", "1", "yes")


def graphml(nodes: list[dict], ties: list[dict]) -> bytes:
    buffer = io.BytesIO()
    nx.write_graphml(_graph(nodes, ties), buffer, encoding="utf-8")
    return buffer.getvalue()


def read_graphml(data: bytes) -> tuple[dict, dict]:
    return _from_graph(nx.read_graphml(io.BytesIO(data), force_multigraph=True))


def gexf(nodes: list[dict], ties: list[dict]) -> bytes:
    graph = _graph(nodes, ties)
    gephi = nx.MultiDiGraph()
    for node_id, attrs in graph.nodes(data=True):
        gephi.add_node(node_id, **attrs)
    for source, target, key, attrs in graph.edges(keys=True, data=True):
        # GEXF's own edge "label"/"weight" let Gephi show and size the tie at once.
        gephi.add_edge(source, target, key=key, id=key, label=attrs["relation"], **attrs)
    buffer = io.BytesIO()
    nx.write_gexf(gephi, buffer, encoding="utf-8")
    return buffer.getvalue()


def read_gexf(data: bytes) -> tuple[dict, dict]:
    return _from_graph(nx.read_gexf(io.BytesIO(data), node_type=str))


def nodes_csv(nodes: list[dict]) -> str:
    node_map, _ = canonical(nodes, [])
    personal = any(PERSONAL_FIELD in attrs for attrs in node_map.values())
    columns = ["Id", "Label", *NODE_FIELDS[1:]] + ([PERSONAL_FIELD] if personal else [])
    rows = [columns]
    for node_id, attrs in node_map.items():
        row = [node_id, attrs["label"], *(attrs[k] for k in NODE_FIELDS[1:])]
        if personal:
            row.append(attrs.get(PERSONAL_FIELD, ""))
        rows.append(["true" if v is True else "false" if v is False else v for v in row])
    return csv_text(rows)


def edges_csv(ties: list[dict]) -> str:
    _, tie_map = canonical([], ties)
    rows = [["Source", "Target", "Type", "Id", "Label", "Weight", "relation"]]
    for tie_id, (source, target, attrs) in tie_map.items():
        kind = "Undirected" if attrs["mutual"] else "Directed"
        rows.append(
            [source, target, kind, tie_id, attrs["relation"], attrs["weight"], attrs["relation"]]
        )
    return csv_text(rows)


def _read_csv(text: str):
    for row in csv.DictReader(io.StringIO(text)):
        yield {key: unquote_csv(value) for key, value in row.items()}


def read_csv_pair(nodes_text: str, edges_text: str) -> tuple[dict, dict]:
    node_map = {}
    for row in _read_csv(nodes_text):
        attrs = {"label": row["Label"], **{k: row[k] for k in NODE_FIELDS[1:]}}
        attrs["core_group"] = _as_bool(attrs["core_group"])
        if PERSONAL_FIELD in row:
            attrs[PERSONAL_FIELD] = row[PERSONAL_FIELD]
        node_map[row["Id"]] = attrs
    tie_map = {}
    for row in _read_csv(edges_text):
        tie_map[row["Id"]] = (
            row["Source"],
            row["Target"],
            {
                "relation": row["relation"],
                "mutual": row["Type"].lower() == "undirected",
                "weight": int(float(row["Weight"])),
            },
        )
    return node_map, tie_map


def kumu_json(nodes: list[dict], ties: list[dict]) -> str:
    """Kumu's import format; elements and connections refer to each other by label."""
    node_map, tie_map = canonical(nodes, ties)
    label_of = {node_id: attrs["label"] for node_id, attrs in node_map.items()}
    elements = []
    for node_id, attrs in node_map.items():
        element = {
            "label": attrs["label"],
            "type": attrs["category"],
            "tags": [t.strip() for t in attrs["tags"].split(",") if t.strip()],
            "id": node_id,
            "acronym": attrs["acronym"],
            "level": attrs["level"],
            "core group": attrs["core_group"],
            "parent": label_of.get(attrs["parent"], ""),
        }
        if PERSONAL_FIELD in attrs:
            element[PERSONAL_FIELD] = attrs[PERSONAL_FIELD]
        elements.append(element)
    connections = [
        {
            "id": tie_id,
            "from": label_of[source],
            "to": label_of[target],
            "type": attrs["relation"],
            "direction": "mutual" if attrs["mutual"] else "directed",
            "strength": attrs["weight"],
        }
        for tie_id, (source, target, attrs) in tie_map.items()
    ]
    return json.dumps(
        {"elements": elements, "connections": connections}, ensure_ascii=False, indent=1
    )


def read_kumu_json(text: str) -> tuple[dict, dict]:
    data = json.loads(text)
    id_of = {element["label"]: str(element["id"]) for element in data["elements"]}
    node_map = {}
    for element in data["elements"]:
        attrs = {
            "label": element["label"],
            "acronym": element.get("acronym", ""),
            "category": element.get("type", ""),
            "level": element.get("level", ""),
            "core_group": bool(element.get("core group", False)),
            "parent": id_of.get(element.get("parent", ""), ""),
            "tags": ", ".join(element.get("tags", [])),
        }
        if PERSONAL_FIELD in element:
            attrs[PERSONAL_FIELD] = element[PERSONAL_FIELD]
        node_map[str(element["id"])] = attrs
    tie_map = {
        str(c["id"]): (
            id_of[c["from"]],
            id_of[c["to"]],
            {
                "relation": c["type"],
                "mutual": c["direction"] == "mutual",
                "weight": int(c["strength"]),
            },
        )
        for c in data["connections"]
    }
    return node_map, tie_map
