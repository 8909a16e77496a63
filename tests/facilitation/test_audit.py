from facilitation.models import AuditEvent, Milestone


def test_create_update_delete_are_recorded_with_actor_and_changes(
    client, make_process, login_as, db
):
    process = make_process()
    user = process.memberships[0].user
    login_as(user)
    client.post(f"/p/{process.id}/milestones", data={"title": "Validation round table"})
    milestone = db.session.execute(db.select(Milestone)).scalar_one()
    client.post(f"/p/{process.id}/milestones/{milestone.id}/toggle")
    client.post(f"/p/{process.id}/milestones/{milestone.id}/delete")
    events = (
        db.session.execute(
            db.select(AuditEvent)
            .where(AuditEvent.object_type == "Milestone")
            .order_by(AuditEvent.id)
        )
        .scalars()
        .all()
    )
    assert [e.action for e in events] == ["create", "update", "delete"]
    assert all(e.user_id == user.id for e in events)
    assert events[1].changes == {"done": [False, True]}
    assert events[0].summary == "Milestone: Validation round table"
    feed = client.get(f"/p/{process.id}/activity").get_data(as_text=True)
    assert "Validation round table" in feed and user.name in feed


def test_user_text_is_escaped_in_the_feed(client, make_process, login_as):
    process = make_process()
    login_as(process.memberships[0].user)
    client.post(f"/p/{process.id}/milestones", data={"title": "<script>alert(1)</script>"})
    page = client.get(f"/p/{process.id}/activity").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page
