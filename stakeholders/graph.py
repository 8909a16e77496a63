"""Network analytics of a process's stakeholder ties (no Flask, no database).

The graph is a networkx ``MultiDiGraph`` built from plain node and tie records. Each
figure comes with one plain sentence a non-specialist can read (``METRICS``).

Centralities treat every tie as a two-way channel (an undirected simple graph; the
strongest tie between two organisations counts), because information and influence
flow both ways along a working relationship. In/out degree keep the direction.
Conflict ties are left out of the analysis by default: a quarrel is not a channel.

networkx computes every figure; on large registries (more than ``FAST_ENGINE_FROM``
organisations) betweenness, closeness, eigenvector and the communities are computed
with igraph (a C library) instead, giving the same numbers under the same definitions
(tests check both engines against hand-computed answers).
"""

from __future__ import annotations

import functools
import random
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field

import networkx as nx
from flask_babel import lazy_gettext as _l

LOUVAIN_SEED = 42
FAST_ENGINE_FROM = 300
CONFLICT = "conflict"


@dataclass(frozen=True)
class Metric:
    key: str
    label: object
    sentence: object


METRICS: tuple[Metric, ...] = (
    Metric(
        "degree",
        _l("Ties"),
        _l("How many other organisations this one has a working tie with."),
    ),
    Metric(
        "in_degree",
        _l("Ties received"),
        _l("How many organisations reach out to this one (fund it, inform it, send it data)."),
    ),
    Metric(
        "out_degree",
        _l("Ties given"),
        _l("How many organisations this one reaches out to."),
    ),
    Metric(
        "betweenness",
        _l("Broker score"),
        _l(
            "How often this organisation sits on the shortest path between two others: "
            "a high score means it connects groups that would otherwise not talk "
            "(0 = never, 1 = on every path)."
        ),
    ),
    Metric(
        "closeness",
        _l("Reach"),
        _l(
            "How few steps this organisation needs to reach all the others: "
            "a high score means messages from it spread quickly (0 to 1)."
        ),
    ),
    Metric(
        "eigenvector",
        _l("Influence"),
        _l(
            "How well connected this organisation's partners are themselves: "
            "1 = the organisation closest to the centre of influence."
        ),
    ),
)
METRIC_BY_KEY = {m.key: m for m in METRICS}
SIZE_METRICS = ("degree", "betweenness", "closeness", "eigenvector")

ISOLATE_SENTENCE = _l("Isolates have no tie at all: nobody in the map works with them yet.")
PENDANT_SENTENCE = _l(
    "Pendants hang on a single tie: if that one contact leaves, they drop out of the network."
)
COMMUNITY_SENTENCE = _l(
    "Communities are groups of organisations more tied to each other than to the rest "
    "(found with the Louvain method, always with the same seed so the groups stay stable)."
)
INVITEE_SENTENCE = _l(
    "In each community and category, the best broker not yet engaged "
    "(not in the core group and not yet consulted)."
)


@dataclass
class Analysis:
    """All analytics of one graph; node-keyed dicts use the organisation ids."""

    nodes: dict[int, dict]
    degree: dict[int, int]
    in_degree: dict[int, int]
    out_degree: dict[int, int]
    betweenness: dict[int, float]
    closeness: dict[int, float]
    eigenvector: dict[int, float]
    isolates: list[int]
    pendants: list[int]
    communities: list[list[int]]
    community_of: dict[int, int] = field(default_factory=dict)
    engine: str = "networkx"

    def metric(self, key: str) -> dict[int, float]:
        return getattr(self, key)

    def ranking(self, key: str, limit: int = 10) -> list[tuple[int, float]]:
        values = self.metric(key)
        ordered = sorted(values.items(), key=lambda kv: (-kv[1], kv[0]))
        return [(node, value) for node, value in ordered[:limit] if value > 0]


def build_graph(nodes: Iterable[dict], ties: Iterable[dict]) -> nx.MultiDiGraph:
    """Nodes: dicts with ``id`` plus any attributes (label, category, ...).

    Ties: dicts with ``id``, ``source``, ``target``, ``type``, ``mutual`` (bool) and
    ``strength`` (1-3). A mutual tie stays one edge carrying ``mutual=True``.
    """
    graph = nx.MultiDiGraph()
    for node in nodes:
        attrs = {k: v for k, v in node.items() if k != "id"}
        graph.add_node(node["id"], **attrs)
    for tie in ties:
        attrs = {k: v for k, v in tie.items() if k not in ("source", "target", "id")}
        graph.add_edge(tie["source"], tie["target"], key=tie.get("id"), **attrs)
    return graph


def _edge_records(graph: nx.MultiDiGraph):
    for source, target, data in graph.edges(data=True):
        yield source, target, data.get("type"), bool(data.get("mutual")), data.get("strength")


def _channels(order: list, edges, include_conflict: bool):
    """(index pairs -> strongest strength, in-partners, out-partners) in one pass."""
    index = {node: i for i, node in enumerate(order)}
    pairs: dict[tuple[int, int], int] = {}
    incoming: list[set] = [set() for _ in order]
    outgoing: list[set] = [set() for _ in order]
    for source, target, kind, mutual, strength in edges:
        if source == target or (kind == CONFLICT and not include_conflict):
            continue
        a, b = index[source], index[target]
        key = (a, b) if a < b else (b, a)
        strength = strength or 1
        if pairs.get(key, 0) < strength:
            pairs[key] = strength
        outgoing[a].add(b)
        incoming[b].add(a)
        if mutual:
            outgoing[b].add(a)
            incoming[a].add(b)
    return pairs, incoming, outgoing


def channel_graph(graph: nx.MultiDiGraph, include_conflict: bool = False) -> nx.Graph:
    """The undirected simple graph of channels; weight = strongest tie between the pair."""
    order = list(graph.nodes)
    pairs, _, _ = _channels(order, _edge_records(graph), include_conflict)
    simple = nx.Graph()
    simple.add_nodes_from(order)
    simple.add_weighted_edges_from((order[a], order[b], w) for (a, b), w in pairs.items())
    return simple


def directed_degrees(graph: nx.MultiDiGraph, include_conflict: bool = False):
    """In/out degree counted over distinct partners; a mutual tie counts both ways."""
    order = list(graph.nodes)
    _, incoming, outgoing = _channels(order, _edge_records(graph), include_conflict)
    return (
        {order[i]: len(v) for i, v in enumerate(incoming)},
        {order[i]: len(v) for i, v in enumerate(outgoing)},
    )


def _order_communities(groups: Iterable[Iterable[int]]) -> list[list[int]]:
    ordered = [sorted(group) for group in groups if group]
    ordered.sort(key=lambda group: (-len(group), group[0]))
    return ordered


def _networkx_centralities(order: list, pairs: dict, seed: int):
    simple = nx.Graph()
    simple.add_nodes_from(order)
    simple.add_weighted_edges_from((order[a], order[b], w) for (a, b), w in pairs.items())
    betweenness = nx.betweenness_centrality(simple, normalized=True)
    closeness = nx.closeness_centrality(simple, wf_improved=True)
    eigenvector = _eigenvector_networkx(simple)
    return betweenness, closeness, eigenvector, _louvain_networkx(simple, seed)


def _eigenvector_networkx(simple: nx.Graph) -> dict[int, float]:
    values = dict.fromkeys(simple.nodes, 0.0)
    if simple.number_of_edges() == 0:
        return values
    # Per connected component (the measure is only defined there), scaled so the
    # graph's most central organisation scores 1.
    for component in nx.connected_components(simple):
        if len(component) < 2:
            continue
        scores = _leading_eigenvector(simple.subgraph(component))
        weight = max(abs(v) for v in scores.values()) or 1.0
        share = len(component) / simple.number_of_nodes()
        for node, value in scores.items():
            values[node] = abs(value) / weight * share
    return _scale_to_one(values)


def _leading_eigenvector(sub: nx.Graph) -> dict[int, float]:
    import numpy

    order = list(sub.nodes)
    matrix = nx.to_numpy_array(sub, nodelist=order, weight=None)
    _, vectors = numpy.linalg.eigh(matrix)
    leading = numpy.abs(vectors[:, -1])
    return {node: float(leading[i]) for i, node in enumerate(order)}


def _scale_to_one(values: dict[int, float]) -> dict[int, float]:
    top = max(values.values(), default=0.0)
    if top <= 0:
        return dict.fromkeys(values, 0.0)
    return {node: round(value / top, 6) for node, value in values.items()}


@contextmanager
def _seeded_igraph(seed: int):
    import igraph

    igraph.set_random_number_generator(random.Random(seed))
    try:
        yield igraph
    finally:
        igraph.set_random_number_generator(random)


def _igraph_graph(igraph, order: list, pairs: dict):
    return igraph.Graph(n=len(order), edges=list(pairs), directed=False)


def _igraph_centralities(order: list, pairs: dict, seed: int):
    import igraph

    g = _igraph_graph(igraph, order, pairs)
    n = len(order)
    raw_between = g.betweenness()
    scale = 2.0 / ((n - 1) * (n - 2)) if n > 2 else 0.0
    betweenness = {order[i]: raw_between[i] * scale for i in range(n)}
    membership = g.connected_components().membership
    component_size: dict[int, int] = {}
    for member in membership:
        component_size[member] = component_size.get(member, 0) + 1
    raw_close = g.closeness()
    closeness = {}
    for i in range(n):
        reachable = component_size[membership[i]] - 1
        value = raw_close[i]
        if reachable == 0 or value != value:  # NaN for an isolate
            closeness[order[i]] = 0.0
        else:
            closeness[order[i]] = value * reachable / (n - 1)
    eigenvector = dict.fromkeys(order, 0.0)
    members: dict[int, list[int]] = {}
    for i, member in enumerate(membership):
        members.setdefault(member, []).append(i)
    for ids in members.values():
        if len(ids) < 2:
            continue
        scores = g.induced_subgraph(ids).eigenvector_centrality(scale=True)
        share = len(ids) / n
        for local, i in enumerate(ids):
            eigenvector[order[i]] = abs(scores[local]) * share
    eigenvector = _scale_to_one(eigenvector)
    return betweenness, closeness, eigenvector, _louvain_igraph(order, pairs, seed)


def _louvain_networkx(simple: nx.Graph, seed: int) -> list[list[int]]:
    return _order_communities(nx.community.louvain_communities(simple, weight="weight", seed=seed))


def _louvain_igraph(order: list, pairs: dict, seed: int) -> list[list[int]]:
    with _seeded_igraph(seed) as igraph:
        g = _igraph_graph(igraph, order, pairs)
        clusters = g.community_multilevel(weights=list(pairs.values()) or None)
        return _order_communities([order[i] for i in cluster] for cluster in clusters)


def _engine(n: int, engine: str | None) -> str:
    if engine is None:
        return "igraph" if n > FAST_ENGINE_FROM else "networkx"
    return engine


def communities(
    graph: nx.MultiDiGraph,
    *,
    include_conflict: bool = False,
    seed: int = LOUVAIN_SEED,
    engine: str | None = None,
) -> list[list[int]]:
    """Only the Louvain communities (largest first), as in ``analyse``."""
    order = list(graph.nodes)
    return communities_of(
        order, _edge_records(graph), include_conflict=include_conflict, seed=seed, engine=engine
    )


def communities_of(
    order: list,
    edges,
    *,
    include_conflict: bool = False,
    seed: int = LOUVAIN_SEED,
    engine: str | None = None,
) -> list[list[int]]:
    """Communities from node ids and (source, target, type, mutual, strength) tuples.

    Remembered per network (a pure function of its arguments: Louvain runs with a fixed
    seed), so a page that shows them again for an unchanged network does not run it again
    (the coverage page did, on every view)."""
    if not order:
        return []
    found = _communities_memo(
        tuple(order), tuple(map(tuple, edges)), include_conflict, seed, engine
    )
    return [list(group) for group in found]


@functools.lru_cache(maxsize=64)
def _communities_memo(
    order: tuple, edges: tuple, include_conflict: bool, seed: int, engine: str | None
) -> tuple[tuple[int, ...], ...]:
    order = list(order)
    pairs, _, _ = _channels(order, edges, include_conflict)
    if _engine(len(order), engine) == "igraph":
        return tuple(map(tuple, _louvain_igraph(order, pairs, seed)))
    simple = nx.Graph()
    simple.add_nodes_from(order)
    simple.add_weighted_edges_from((order[a], order[b], w) for (a, b), w in pairs.items())
    return tuple(map(tuple, _louvain_networkx(simple, seed)))


def analyse(
    graph: nx.MultiDiGraph,
    *,
    include_conflict: bool = False,
    seed: int = LOUVAIN_SEED,
    engine: str | None = None,
) -> Analysis:
    """Every figure of the map in one pass. ``engine``: "networkx", "igraph" or None=auto."""
    return analyse_records(
        dict(graph.nodes(data=True)),
        _edge_records(graph),
        include_conflict=include_conflict,
        seed=seed,
        engine=engine,
    )


def analyse_records(
    nodes: dict,
    edges,
    *,
    include_conflict: bool = False,
    seed: int = LOUVAIN_SEED,
    engine: str | None = None,
) -> Analysis:
    """As ``analyse``, from ``{id: attributes}`` and (source, target, type, mutual,
    strength) tuples, without building a networkx multigraph first (large registries)."""
    order = list(nodes)
    pairs, incoming, outgoing = _channels(order, edges, include_conflict)
    partners = [0] * len(order)
    for a, b in pairs:
        partners[a] += 1
        partners[b] += 1
    degree = {order[i]: partners[i] for i in range(len(order))}
    engine = _engine(len(order), engine)
    if not order:
        betweenness, closeness, eigenvector, groups = {}, {}, {}, []
    elif engine == "igraph":
        betweenness, closeness, eigenvector, groups = _igraph_centralities(order, pairs, seed)
    else:
        betweenness, closeness, eigenvector, groups = _networkx_centralities(order, pairs, seed)
    return Analysis(
        nodes=nodes,
        degree=degree,
        in_degree={order[i]: len(v) for i, v in enumerate(incoming)},
        out_degree={order[i]: len(v) for i, v in enumerate(outgoing)},
        betweenness={k: round(v, 6) for k, v in betweenness.items()},
        closeness={k: round(v, 6) for k, v in closeness.items()},
        eigenvector=eigenvector,
        isolates=sorted(n for n, d in degree.items() if d == 0),
        pendants=sorted(n for n, d in degree.items() if d == 1),
        communities=groups,
        community_of={node: i for i, group in enumerate(groups) for node in group},
        engine=engine,
    )


def suggested_invitees(
    analysis: Analysis, engaged: set[int], category_key: str = "category"
) -> list[dict]:
    """The strongest broker per (community, category) among organisations not engaged.

    Ties in broker score are settled by number of ties, then by id. Organisations with
    no tie at all are never suggested (they broker nothing). Sorted by broker score.
    """
    best: dict[tuple[int, str], int] = {}
    for node, community in analysis.community_of.items():
        if node in engaged or analysis.degree.get(node, 0) == 0:
            continue
        category = analysis.nodes.get(node, {}).get(category_key, "")
        key = (community, category)
        current = best.get(key)
        if current is None or _broker_key(analysis, node) > _broker_key(analysis, current):
            best[key] = node
    rows = [
        {
            "id": node,
            "community": community,
            "category": category,
            "betweenness": analysis.betweenness.get(node, 0.0),
            "degree": analysis.degree.get(node, 0),
        }
        for (community, category), node in best.items()
    ]
    rows.sort(key=lambda r: (-r["betweenness"], -r["degree"], r["id"]))
    return rows


def _broker_key(analysis: Analysis, node: int):
    return (analysis.betweenness.get(node, 0.0), analysis.degree.get(node, 0), -node)
