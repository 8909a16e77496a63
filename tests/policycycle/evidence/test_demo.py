"""The demo evidence base is realistic: sources across the standard types, rated, with a
few planted indicator gaps and most claims citing evidence."""

from __future__ import annotations

from demo import loader as demo
from facilitation.extensions import db
from facilitation.models import Process
from policycycle.evidence import links, mapping, services
from policycycle.evidence.catalogue import SourceType
from policycycle.evidence.models import DataGapAction


def test_demo_evidence_base(app):
    demo.load(app)
    db.session.commit()
    process = db.session.execute(db.select(Process).order_by(Process.id)).scalars().first()
    sources = services.list_sources(process.id)
    assert len(sources) >= 10
    assert len({s.source_type for s in sources}) >= 9
    assert {SourceType.CENSUS, SourceType.CONSULAR_REGISTER} <= {s.source_type for s in sources}
    assert all(s.owner is not None and s.ratings for s in sources)
    assert all(r.note and r.rater_id for s in sources for r in s.ratings)
    assert any(not services.is_usable(s)[0] for s in sources)
    rows = mapping.indicator_rows(process.id)
    assert rows, "the analysis and planning demos create indicators"
    gaps = mapping.indicator_gaps(process.id)
    assert 2 <= len(gaps) <= 3
    assert sum(1 for row in rows if not row.sources) <= 1  # at most one planted unmapped
    assert db.session.scalar(db.select(db.func.count(DataGapAction.id))) == 1
    claims = [c for c in links.claims(process.id) if c.counted]
    unsupported = links.unsupported_claims(process.id)
    assert claims and 0 < len(unsupported) < len(claims) / 2
    from policycycle.evidence.sharing import sharing_overview

    overview = sharing_overview(process.id)
    assert overview.unshared and overview.flows
    assert {"held", "shared", "no"} <= set(overview.reaches_lead.values())
