"""Analytics on small graphs whose answers are computed by hand, with both engines."""

import networkx as nx
import pytest

from stakeholders import graph

ENGINES = ("networkx", "igraph")


def build(edges, nodes=None, categories=None, mutual=True, kind="coordinates"):
    ids = set(nodes or [])
    for a, b in edges:
        ids |= {a, b}
    categories = categories or {}
    node_records = [{"id": n, "category": categories.get(n, "ministry")} for n in sorted(ids)]
    ties = [
        {"id": i, "source": a, "target": b, "type": kind, "mutual": mutual, "strength": 2}
        for i, (a, b) in enumerate(edges, start=1)
    ]
    return graph.build_graph(node_records, ties)


@pytest.mark.parametrize("engine", ENGINES)
def test_path_of_three(engine):
    result = graph.analyse(build([(1, 2), (2, 3)]), engine=engine)
    assert result.degree == {1: 1, 2: 2, 3: 1}
    # 2 lies on the only shortest path between 1 and 3: raw 1, normalised 1 / 1.
    assert result.betweenness == {1: 0.0, 2: 1.0, 3: 0.0}
    # 1 reaches 2 in one step and 3 in two: (3 - 1) / (1 + 2).
    assert result.closeness[1] == pytest.approx(2 / 3)
    assert result.closeness[2] == pytest.approx(1.0)
    assert result.pendants == [1, 3]
    assert result.isolates == []


@pytest.mark.parametrize("engine", ENGINES)
def test_star(engine):
    result = graph.analyse(build([(0, 1), (0, 2), (0, 3), (0, 4)]), engine=engine)
    # The hub is on all C(4,2)=6 leaf-to-leaf paths: 6 * 2 / (4 * 3) = 1.
    assert result.betweenness[0] == pytest.approx(1.0)
    assert result.betweenness[1] == 0.0
    # A leaf: 1 step to the hub, 2 steps to each of the 3 other leaves: 4 / 7.
    assert result.closeness[1] == pytest.approx(4 / 7)
    # Leading eigenvector of a star K(1,4): hub 2, leaves 1; scaled so the hub is 1.
    assert result.eigenvector[0] == pytest.approx(1.0)
    assert result.eigenvector[3] == pytest.approx(0.5)
    assert result.pendants == [1, 2, 3, 4]


@pytest.mark.parametrize("engine", ENGINES)
def test_isolate_and_disconnected_closeness(engine):
    result = graph.analyse(build([(1, 2)], nodes=[3]), engine=engine)
    assert result.isolates == [3]
    # 1 reaches one of the two others in one step: (1/1) * (1/2) (Wasserman-Faust).
    assert result.closeness[1] == pytest.approx(0.5)
    assert result.closeness[3] == 0.0
    assert result.eigenvector[3] == 0.0


def test_in_and_out_degree_follow_direction_and_mutual_ties():
    g = graph.build_graph(
        [{"id": n} for n in "abc"],
        [
            {
                "id": 1,
                "source": "a",
                "target": "b",
                "type": "funds",
                "mutual": False,
                "strength": 3,
            },
            {
                "id": 2,
                "source": "b",
                "target": "c",
                "type": "coordinates",
                "mutual": True,
                "strength": 1,
            },
        ],
    )
    result = graph.analyse(g)
    assert result.out_degree == {"a": 1, "b": 1, "c": 1}
    assert result.in_degree == {"a": 0, "b": 2, "c": 1}
    assert result.degree == {"a": 1, "b": 2, "c": 1}


def test_parallel_ties_count_once():
    g = build([(1, 2), (2, 1), (1, 2)])
    assert graph.analyse(g).degree == {1: 1, 2: 1}


def test_conflict_ties_are_not_channels_unless_asked():
    g = build([(1, 2)], kind="conflict")
    assert graph.analyse(g).isolates == [1, 2]
    assert graph.analyse(g, include_conflict=True).isolates == []


@pytest.mark.parametrize("engine", ENGINES)
def test_two_triangles_bridge_communities_and_invitees(engine):
    edges = [(0, 1), (1, 2), (0, 2), (3, 4), (4, 5), (3, 5), (2, 3)]
    categories = {
        0: "civil_society",
        1: "civil_society",
        2: "civil_society",
        3: "academia",
        4: "academia",
        5: "ministry",
    }
    result = graph.analyse(build(edges, categories=categories), engine=engine)
    assert result.communities == [[0, 1, 2], [3, 4, 5]]
    # 2 is on every path from {0, 1} to {3, 4, 5}: 6 pairs; normalised 6 * 2 / (5 * 4).
    assert result.betweenness[2] == pytest.approx(0.6)
    assert result.betweenness[3] == pytest.approx(0.6)
    invitees = graph.suggested_invitees(result, engaged={2})
    chosen = {(r["community"], r["category"]): r["id"] for r in invitees}
    # 2 is engaged: 0 and 1 tie on every figure, the lower id wins.
    assert chosen == {(0, "civil_society"): 0, (1, "academia"): 3, (1, "ministry"): 5}
    assert invitees[0]["id"] == 3


def test_louvain_is_stable_with_the_fixed_seed():
    karate = nx.karate_club_graph()
    g = build(list(karate.edges))
    first = graph.analyse(g, engine="networkx").communities
    assert graph.analyse(g, engine="networkx").communities == first
    second = graph.analyse(g, engine="igraph").communities
    assert graph.analyse(g, engine="igraph").communities == second


def test_engines_agree_on_a_random_graph():
    random_graph = nx.gnm_random_graph(60, 150, seed=3)
    g = build(list(random_graph.edges), nodes=list(random_graph.nodes))
    a = graph.analyse(g, engine="networkx")
    b = graph.analyse(g, engine="igraph")
    for key in ("betweenness", "closeness", "eigenvector"):
        for node in random_graph.nodes:
            assert a.metric(key)[node] == pytest.approx(b.metric(key)[node], abs=1e-4)


def test_empty_graph():
    result = graph.analyse(graph.build_graph([], []))
    assert result.communities == [] and result.isolates == []


def test_every_metric_has_a_plain_sentence():
    for metric in graph.METRICS:
        assert str(metric.sentence).endswith(".")
    assert graph.analyse(build([(1, 2), (2, 3)])).ranking("betweenness") == [(2, 1.0)]
