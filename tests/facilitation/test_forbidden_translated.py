"""The 403 page speaks the reader's language, like every other page: their own choice, or
the working language of the process they were refused in (as its other pages do)."""

from facilitation.models import Role


def test_french_user_gets_a_french_403(client, make_user, make_process, member, login_as, db):
    user = make_user(name="Claire Martin")
    user.locale = "fr"
    process = make_process()
    member(process, Role.OBSERVER, user=user)
    db.session.commit()
    login_as(user)

    admin_only = client.get("/admin/users")
    assert admin_only.status_code == 403
    page = admin_only.get_data(as_text=True)
    assert "Non autorisé" in page and "Not allowed" not in page
    assert 'lang="fr"' in page

    observer_writes = client.get(f"/p/{process.id}/workshops/new")
    assert observer_writes.status_code == 403
    page = observer_writes.get_data(as_text=True)
    assert "Non autorisé" in page and "Vous n'avez pas l" in page.replace("&#39;", "'")


def test_refused_member_reads_the_403_in_the_process_language(
    client, make_user, make_process, member, login_as, db
):
    user = make_user(name="Claire Martin")  # no language of their own
    process = make_process(language="fr")
    member(process, Role.OBSERVER, user=user)
    db.session.commit()
    login_as(user)
    assert "Ateliers" in client.get(f"/p/{process.id}/workshops/").get_data(as_text=True)

    refused = client.get(f"/p/{process.id}/workshops/new", headers={"Accept-Language": "en"})
    assert refused.status_code == 403
    page = refused.get_data(as_text=True)
    assert "Non autorisé" in page and "Not allowed" not in page
