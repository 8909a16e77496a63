"""A 2,000-organisation stakeholder network for ``policycycle demo --size large``.

It lives in its own process ("Large stakeholder network") so the planning benchmarks of
the large process keep their drop-downs. The shape is the one a national registry grows
into: one large connected network of clusters (ministries with their agencies, regional
networks of associations) joined by brokers, a handful of separate networks, many small
groups of two to five organisations, and several hundred organisations nobody has tied
to anything yet. Rows go in through bulk ``INSERT`` statements (seconds, no audit trail
for a synthetic data set).
"""

from __future__ import annotations

import random

from sqlalchemy import insert

from facilitation.extensions import db
from facilitation.models import Organisation, OrganisationCategory, OrganisationLevel

from .models import Tie, TieType

SIZES = {"organisations": 2000, "main_clusters": 18, "main_cluster_size": 60, "isolates": 420}
TOWNS = (
    "Câmara", "Cruz", "Évora", "Éloi", "Açores", "Bragança", "Ilha Verde", "Porto Novo",
    "São Jorge", "Santa Luzia", "Óbidos", "Mindelo", "Assomada", "Tarrafal", "Ribeira Brava",
    "Nova Sintra", "Pedra Badejo", "Calheta", "Espargos", "Sal Rei", "Vila do Maio",
    "Porto Inglês", "Cidade Velha", "Ponta do Sol", "Paul", "Fajã", "Chã das Caldeiras",
    "Baía", "Lém", "Ürsel", "Zorita", "Ávila", "Ñuble", "Quéré", "Brûlon", "Mâcon",
)  # fmt: skip
PATTERNS = {
    OrganisationCategory.MINISTRY: ("Ministry of {topic}",),
    OrganisationCategory.AGENCY: ("{topic} Agency of {town}", "National {topic} Office"),
    OrganisationCategory.DEPARTMENT: ("{topic} Department, {town}",),
    OrganisationCategory.LOCAL_GOVERNMENT: ("Municipality of {town}", "{town} District Council"),
    OrganisationCategory.CIVIL_SOCIETY: (
        "{town} Community Aid Network",
        "Friends of {town} Association",
        "{town} Legal Clinic",
    ),
    OrganisationCategory.MIGRANT_ASSOCIATION: (
        "Association of {town} Migrants",
        "{town} Diaspora Circle",
        "Returnees of {town}",
    ),
    OrganisationCategory.EMPLOYERS: ("{town} Chamber of Commerce", "{town} Fishing Cooperative"),
    OrganisationCategory.TRADE_UNION: ("{town} Dockworkers' Union", "{town} Teachers' Union"),
    OrganisationCategory.ACADEMIA: ("University of {town}", "{town} Institute of Social Studies"),
    OrganisationCategory.INTERNATIONAL_ORGANISATION: ("{topic} Programme Office, {town}",),
    OrganisationCategory.DEVELOPMENT_PARTNER: ("{topic} Cooperation Fund, {town}",),
    OrganisationCategory.MEDIA: ("Radio {town}", "{town} Weekly"),
    OrganisationCategory.PARLIAMENT: ("Parliamentary Committee on {topic}",),
    OrganisationCategory.JUDICIARY: ("{town} Court of Appeal",),
    OrganisationCategory.STATISTICS_OFFICE: ("{town} Statistics Unit",),
}
QUARTERS = (
    "Harbour", "Old Town", "Upper Town", "North", "South", "East", "West", "Market",
    "Riverside", "Hills", "Airport", "Station", "Lighthouse", "Saline", "Vineyards",
)  # fmt: skip
TOPICS = (
    "Labour", "Health", "Education", "Housing", "Fisheries", "Tourism", "Borders",
    "Social Protection", "Youth", "Women's Affairs", "Tax", "Transport", "Digital Services",
)  # fmt: skip
CATEGORY_WEIGHTS = {
    OrganisationCategory.CIVIL_SOCIETY: 20,
    OrganisationCategory.MIGRANT_ASSOCIATION: 18,
    OrganisationCategory.LOCAL_GOVERNMENT: 10,
    OrganisationCategory.EMPLOYERS: 9,
    OrganisationCategory.TRADE_UNION: 6,
    OrganisationCategory.ACADEMIA: 6,
    OrganisationCategory.AGENCY: 8,
    OrganisationCategory.DEPARTMENT: 8,
    OrganisationCategory.MEDIA: 5,
    OrganisationCategory.INTERNATIONAL_ORGANISATION: 3,
    OrganisationCategory.DEVELOPMENT_PARTNER: 3,
    OrganisationCategory.MINISTRY: 1,
    OrganisationCategory.PARLIAMENT: 1,
    OrganisationCategory.JUDICIARY: 1,
    OrganisationCategory.STATISTICS_OFFICE: 1,
}
TIE_TYPES = [t for t in TieType if t != TieType.HIERARCHY]


def _names(rng: random.Random, n: int, taken: set[str]) -> list[tuple[str, OrganisationCategory]]:
    categories = list(CATEGORY_WEIGHTS)
    weights = list(CATEGORY_WEIGHTS.values())
    seen = set(taken)
    result = []
    while len(result) < n:
        category = rng.choices(categories, weights)[0]
        pattern = rng.choice(PATTERNS[category])
        name = pattern.format(town=rng.choice(TOWNS), topic=rng.choice(TOPICS))
        for quarter in QUARTERS:
            if name not in seen:
                break
            name = f"{pattern.format(town=rng.choice(TOWNS), topic=rng.choice(TOPICS))}, {quarter}"
        if name in seen:
            continue
        seen.add(name)
        result.append((name, category))
    return result


def _ties(rng: random.Random, ids: list[int]) -> list[tuple[int, int]]:
    """Pairs of indexes into ``ids``: the main network, separate networks, small groups;
    the last ``SIZES['isolates']`` organisations get none."""
    pairs: set[tuple[int, int]] = set()

    def cluster(members: list[int], ties_each: float) -> None:
        for _ in range(int(len(members) * ties_each)):
            a, b = rng.sample(members, 2)
            pairs.add((a, b))
        for k in range(1, len(members)):  # a chain keeps the cluster in one piece
            pairs.add((members[k - 1], members[k]))

    start = 0
    clusters = []
    for _ in range(SIZES["main_clusters"]):
        members = list(range(start, start + SIZES["main_cluster_size"]))
        cluster(members, 2.0)
        clusters.append(members)
        start += len(members)
    for k in range(1, len(clusters)):  # brokers join the clusters into one network
        for _ in range(3):
            pairs.add((rng.choice(clusters[k]), rng.choice(clusters[rng.randrange(k)])))
    for size in (80, 55, 40, 30, 24, 18, 12, 10):  # separate networks
        members = list(range(start, start + size))
        cluster(members, 1.4)
        start += size
    end = len(ids) - SIZES["isolates"]
    while start < end:  # small groups of two to five
        size = min(rng.randint(2, 5), end - start)
        if size == 1:
            break
        cluster(list(range(start, start + size)), 0.5)
        start += size
    return sorted(pairs)


def build(process, context=None) -> dict:
    """Fill ``process`` (which has the demo's institutions) up to 2,000 organisations
    with their ties; flushes only. Returns the sizes."""
    rng = random.Random(2000)
    pid = process.id
    rows = db.session.execute(
        db.select(Organisation.id, Organisation.name)
        .where(Organisation.process_id == pid)
        .order_by(Organisation.id)
    ).all()
    existing = [row.id for row in rows]
    names = _names(rng, SIZES["organisations"] - len(existing), {row.name for row in rows})
    new_ids = list(
        db.session.scalars(
            insert(Organisation).returning(Organisation.id, sort_by_parameter_order=True),
            [
                {
                    "process_id": pid,
                    "name": name,
                    "acronym": "",
                    "category": category,
                    "level": OrganisationLevel.NATIONAL
                    if category in (OrganisationCategory.MINISTRY, OrganisationCategory.AGENCY)
                    else OrganisationLevel.LOCAL,
                    "mandate": "",
                    "policy_tags": "",
                    "in_core_group": False,
                }
                for name, category in names
            ],
        )
    )
    # The demo's institutions (core group among them) lead the first clusters.
    ids = existing + new_ids
    pairs = _ties(rng, ids)
    db.session.execute(
        insert(Tie),
        [
            {
                "process_id": pid,
                "source_id": ids[a],
                "target_id": ids[b],
                "type": rng.choice(TIE_TYPES),
                "mutual": rng.random() < 0.4,
                "strength": rng.randint(1, 3),
                "note": "",
            }
            for a, b in pairs
        ],
    )
    db.session.flush()
    return {"organisations": len(ids), "ties": len(pairs)}
