"""Each export format is read back and yields the same graph."""

import csv
import io
import json

import pytest

from stakeholders import exporting

NODES = [
    {
        "id": 1,
        "label": "Ministry of Home Affairs",
        "acronym": "MoHA",
        "category": "ministry",
        "level": "national",
        "core_group": True,
        "parent": None,
        "tags": "asylum, borders",
    },
    {
        "id": 2,
        "label": "Département de l'immigration",
        "acronym": "",
        "category": "department",
        "level": "national",
        "core_group": True,
        "parent": 1,
        "tags": "",
    },
    {
        "id": 3,
        "label": "Diaspora <Forum> & Co",
        "acronym": "DF",
        "category": "migrant_association",
        "level": "international",
        "core_group": False,
        "parent": "",
        "tags": "diaspora",
    },
]
TIES = [
    {"id": 10, "source": 1, "target": 2, "relation": "hierarchy", "mutual": False, "weight": 3},
    {
        "id": 11,
        "source": 2,
        "target": 3,
        "relation": "coordinates_with",
        "mutual": True,
        "weight": 1,
    },
    {"id": 12, "source": 2, "target": 3, "relation": "informs", "mutual": False, "weight": 2},
]


def expected(nodes=NODES):
    return exporting.canonical(nodes, TIES)


def test_graphml_round_trip():
    assert exporting.read_graphml(exporting.graphml(NODES, TIES)) == expected()


def test_gexf_round_trip():
    data = exporting.gexf(NODES, TIES)
    assert b"<gexf" in data
    assert exporting.read_gexf(data) == expected()


def test_gephi_csv_round_trip_and_column_names():
    nodes_text = exporting.nodes_csv(NODES)
    edges_text = exporting.edges_csv(TIES)
    assert next(csv.reader(io.StringIO(nodes_text)))[:2] == ["Id", "Label"]
    assert next(csv.reader(io.StringIO(edges_text)))[:6] == [
        "Source",
        "Target",
        "Type",
        "Id",
        "Label",
        "Weight",
    ]
    assert "Undirected" in edges_text and "Directed" in edges_text
    assert exporting.read_csv_pair(nodes_text, edges_text) == expected()


def test_kumu_round_trip():
    text = exporting.kumu_json(NODES, TIES)
    data = json.loads(text)
    assert {c["direction"] for c in data["connections"]} == {"mutual", "directed"}
    assert data["connections"][0]["from"] == "Ministry of Home Affairs"
    assert exporting.read_kumu_json(text) == expected()


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "csv", "kumu"])
def test_personal_data_only_when_present(fmt):
    with_people = [dict(n, focal_points="Ana Silva (director) ana@example.org") for n in NODES]
    writers = {
        "graphml": lambda n: exporting.read_graphml(exporting.graphml(n, TIES)),
        "gexf": lambda n: exporting.read_gexf(exporting.gexf(n, TIES)),
        "csv": lambda n: exporting.read_csv_pair(exporting.nodes_csv(n), exporting.edges_csv(TIES)),
        "kumu": lambda n: exporting.read_kumu_json(exporting.kumu_json(n, TIES)),
    }
    assert writers[fmt](with_people) == expected(with_people)
    plain_nodes, _ = writers[fmt](NODES)
    assert all("focal_points" not in attrs for attrs in plain_nodes.values())


def test_gexf_without_parallel_ties():
    ties = TIES[:2]
    assert exporting.read_gexf(exporting.gexf(NODES, ties)) == exporting.canonical(NODES, ties)
