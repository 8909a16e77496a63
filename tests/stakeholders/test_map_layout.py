"""Where the map puts organisations: connected groups apart and largest first, the
unconnected ones in a band below in accent-aware order, the same map every time."""

from stakeholders import map_layout


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _box(positions, members):
    xs = [positions[n][0] for n in members]
    ys = [positions[n][1] for n in members]
    return min(xs), min(ys), max(xs), max(ys)


def _network():
    big = [(1, 2), (2, 3), (3, 4), (4, 1), (2, 5), (5, 6)]
    small = [(10, 11), (11, 12)]
    pair = [(20, 21)]
    names = {n: f"Org {n}" for n in (1, 2, 3, 4, 5, 6, 10, 11, 12, 20, 21)}
    names |= {30: "Cruz Association", 31: "Câmara Municipal", 32: "Zorita Radio", 33: "Éloi"}
    return big + small + pair, names


def test_groups_are_apart_largest_first_and_unconnected_below():
    pairs, names = _network()
    result = map_layout.layout(names, pairs, names)
    assert [len(c) for c in result.components] == [6, 3, 2]
    boxes = [_box(result.positions, members) for members in result.components]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not _overlap(a, b)
    # The largest group starts at the top left.
    assert boxes[0][0] == min(b[0] for b in boxes) and boxes[0][1] == min(b[1] for b in boxes)
    # The band: every unconnected organisation below every group, alphabetical (accents
    # folded: Câmara before Cruz, Éloi among the Es).
    assert result.unconnected == [31, 30, 33, 32]
    lowest = max(b[3] for b in boxes)
    assert result.band_top > lowest
    assert all(result.positions[n][1] > result.band_top for n in result.unconnected)
    # In reading order: row by row, left to right.
    reading = sorted(result.unconnected, key=lambda n: result.positions[n][::-1])
    assert reading == result.unconnected


def test_the_same_data_gives_the_same_map():
    pairs, names = _network()
    assert map_layout.layout(names, pairs, names).positions == (
        map_layout.layout(names, list(reversed(pairs)), names).positions
    )


def test_a_large_group_is_laid_out_with_igraph_and_stays_in_its_square():
    members = list(range(1, 402))
    pairs = [(n, n + 1) for n in members[:-1]] + [(n, (n * 7) % 401 + 1) for n in members]
    names = {n: f"Org {n:03d}" for n in members} | {999: "Alone"}
    result = map_layout.layout(names, pairs, names)
    assert len(result.components) == 1 and result.unconnected == [999]
    side = map_layout._side(401)
    x0, y0, x1, y1 = _box(result.positions, members)
    assert x0 >= 0 and y0 >= 0 and x1 <= side + 0.5 and y1 <= side + 0.5
    assert result.positions[999][1] > y1


def test_only_unconnected_organisations_make_a_band_and_none_make_an_empty_map():
    names = {1: "B", 2: "A"}
    result = map_layout.layout(names, [], names)
    assert result.components == [] and result.unconnected == [2, 1]
    assert result.band_top == 0.0
    empty = map_layout.layout({}, [], {})
    assert empty.positions == {} and empty.band_top is None


def test_the_large_demo_network_has_2000_organisations_groups_and_a_band(app):
    from demo import large
    from demo import loader as demo
    from facilitation import audit
    from facilitation.extensions import db
    from stakeholders import large_demo, network

    users = demo.accounts()
    with audit.acting_as(users["coordinator@demo.example"].id):
        context = large.context_of(large.skeleton("Large stakeholder network"))
        sizes = large_demo.build(context.process, context)
    db.session.commit()
    assert sizes["organisations"] == 2000
    data = network.map_data(context.process.id)
    assert len(data["nodes"]) == len(data["positions"]) == 2000
    assert data["components"] > 50 and data["band"]["count"] == large_demo.SIZES["isolates"]
    # Served from the cache the second time: the very same object.
    assert network.map_positions(context.process.id, [], []) is network.map_positions(
        context.process.id, [], []
    )
