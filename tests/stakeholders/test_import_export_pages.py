"""Import through the pages (upload, column mapping, all or nothing) and the exports."""

import io

from facilitation.extensions import db
from facilitation.models import Organisation
from stakeholders import exporting
from stakeholders.models import Tie
from tests.stakeholders.jobs import wait_for_job


def _count(pid):
    return db.session.scalar(
        db.select(db.func.count(Organisation.id)).where(Organisation.process_id == pid)
    )


def test_import_with_mapping_lists_bad_rows_and_imports_nothing(
    app, url, demo_context, coordinator_client, job_worker
):
    pid = demo_context.process.id
    before = _count(pid)
    csv_text = (
        b"Institution,Kind,Under\n"
        b"Ombudsman,agency,\n"
        b"Ministry of Interior,ministry,\n"
        b"Tiny Unit,department,Nowhere\n"
    )
    response = coordinator_client.post(
        url("stakeholders.import_upload", process_id=pid),
        data={"kind": "organisations", "file": (io.BytesIO(csv_text), "orgs.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    page = coordinator_client.get(url("stakeholders.import_mapping", process_id=pid))
    text = page.get_data(as_text=True)
    assert "Ombudsman" in text  # preview
    assert '<option value="Institution" selected>' in text  # guessed: "institution" = name
    response = coordinator_client.post(
        url("stakeholders.import_mapping", process_id=pid),
        data={"map-name": "Institution", "map-category": "Kind", "map-parent": "Under"},
    )
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "Line 3: “Ministry of Interior” is already in the registry" in text
    assert "Line 4: no organisation called “Nowhere”" in text
    assert _count(pid) == before

    good = b"Institution,Kind,Under\nOmbudsman,agency,Ministry of Interior\n"
    coordinator_client.post(
        url("stakeholders.import_upload", process_id=pid),
        data={"kind": "organisations", "file": (io.BytesIO(good), "orgs.csv")},
        content_type="multipart/form-data",
    )
    response = coordinator_client.post(
        url("stakeholders.import_mapping", process_id=pid),
        data={"map-name": "Institution", "map-category": "Kind", "map-parent": "Under"},
    )
    # Checked in the request, written by the job worker (docs/jobs.md).
    assert response.status_code == 302 and "/jobs/" in response.headers["Location"]
    assert _count(pid) == before
    job_worker()
    assert wait_for_job(coordinator_client, response.headers["Location"]) == "done"
    db.session.expire_all()
    assert _count(pid) == before + 1
    ombudsman = db.session.execute(
        db.select(Organisation).where(Organisation.name == "Ombudsman")
    ).scalar_one()
    assert ombudsman.parent_id == demo_context.orgs["interior"].id
    assert ombudsman.category == "agency"


def test_upload_refuses_other_files(app, url, demo_context, coordinator_client):
    response = coordinator_client.post(
        url("stakeholders.import_upload", process_id=demo_context.process.id),
        data={"kind": "ties", "file": (io.BytesIO(b"%PDF-1.4"), "list.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert "Upload a .csv or .xlsx file." in response.get_data(as_text=True)


def test_exports_round_trip_and_personal_data_gate(
    app, url, demo_context, coordinator_client, member, login_as
):
    pid = demo_context.process.id
    ties = db.session.scalar(db.select(db.func.count(Tie.id)).where(Tie.process_id == pid))
    graphml = coordinator_client.get(url("stakeholders.export", process_id=pid, fmt="graphml"))
    assert "attachment" in graphml.headers["Content-Disposition"]
    nodes, edges = exporting.read_graphml(graphml.data)
    children = sum(1 for o in demo_context.orgs.values() if o.parent_id)
    assert len(nodes) == len(demo_context.orgs) and len(edges) == ties + children
    assert all("focal_points" not in n for n in nodes.values())
    gexf = coordinator_client.get(url("stakeholders.export", process_id=pid, fmt="gexf")).data
    assert exporting.read_gexf(gexf) == (nodes, edges)
    kumu = coordinator_client.get(url("stakeholders.export", process_id=pid, fmt="kumu"))
    assert exporting.read_kumu_json(kumu.get_data(as_text=True)) == (nodes, edges)
    csv_pair = exporting.read_csv_pair(
        coordinator_client.get(
            url("stakeholders.export", process_id=pid, fmt="nodes_csv")
        ).get_data(as_text=True),
        coordinator_client.get(
            url("stakeholders.export", process_id=pid, fmt="edges_csv")
        ).get_data(as_text=True),
    )
    assert csv_pair == (nodes, edges)
    personal = coordinator_client.get(
        url("stakeholders.export", process_id=pid, fmt="kumu", personal="1")
    )
    assert "m.haddad@doi.example" in personal.get_data(as_text=True)
    assert "r.saleh@doi.example" not in personal.get_data(as_text=True)  # replaced: not current

    observer = member(demo_context.process, "observer")
    client = login_as(observer)
    assert client.get(url("stakeholders.export", process_id=pid, fmt="kumu")).status_code == 200
    assert (
        client.get(url("stakeholders.export", process_id=pid, fmt="kumu", personal="1")).status_code
        == 403
    )
    assert client.get(url("stakeholders.export", process_id=pid, fmt="xls")).status_code == 404


def test_delete_tie_never_redirects_off_site(app, url, demo_context, coordinator_client):
    pid = demo_context.process.id
    tie = db.session.execute(db.select(Tie).where(Tie.process_id == pid).limit(1)).scalar_one()
    response = coordinator_client.post(
        url("stakeholders.delete_tie", process_id=pid, tie_id=tie.id),
        data={"next": "//evil.example/"},
    )
    assert response.status_code == 302
    assert "evil" not in response.headers["Location"]
    assert db.session.get(Tie, tie.id) is None
