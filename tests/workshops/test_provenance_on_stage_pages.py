"""Ideas accepted from a workshop show where they came from on the SWOT page."""

from demo import loader as demo
from facilitation.models import User
from policycycle.models import SwotItem
from workshops.intake import provenance_for


def test_swot_page_links_accepted_items_back_to_their_session(app, client, db, login_as):
    demo.load(app)
    db.session.commit()
    process_id = db.session.scalar(db.select(SwotItem.process_id).limit(1))
    ids = db.session.scalars(db.select(SwotItem.id).where(SwotItem.process_id == process_id)).all()
    origins = provenance_for(process_id, "SwotItem", ids)
    assert origins, "the demo workshop accepted ideas into the SWOT"
    login_as(
        db.session.execute(
            db.select(User).where(User.email == "coordinator@demo.example")
        ).scalar_one()
    )
    page = client.get(f"/p/{process_id}/analysis").get_data(as_text=True)
    first = next(iter(origins.values()))[0]
    assert f"/workshops/{first['workshop_id']}/records" in page
    assert "From the workshop" in page
