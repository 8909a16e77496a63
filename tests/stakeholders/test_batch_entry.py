"""Many organisations at once: the grid, the paste box, process defaults, all or nothing."""

from facilitation.extensions import db
from facilitation.models import Organisation
from stakeholders import importing

ISLAND_INSTITUTIONS = [
    ("Ministry of Internal Administration", "MAI", "Ministry", ""),
    ("Immigration and Borders Service", "SEF", "Agency", "Ministry of Internal Administration"),
    ("Ministry of Labour", "MTSS", "", ""),
    ("Ministry of Foreign Affairs", "MNE", "", ""),
    ("Diaspora Desk", "", "Department or unit", "Ministry of Foreign Affairs"),
    ("National Statistics Institute", "INE", "Statistics office", ""),
    ("Câmara Municipal da Praia", "CMP", "Local government", ""),
    ("Ministry of Health", "MS", "", ""),
    ("Ministry of Education", "ME", "", ""),
    ("Ministry of Justice", "MJ", "", ""),
    ("National Assembly", "AN", "Parliament", ""),
    ("Employers' Chamber", "CCIA", "Employers", ""),
    ("Workers' Union", "UNTC", "Trade union", ""),
    ("Migrants' Association", "AMI", "Migrant or diaspora association", ""),
    ("University of the Islands", "UNI", "Academia", ""),
    ("IOM country office", "IOM", "International organisation", ""),
    ("EU Delegation", "EUD", "Development partner", ""),
    ("Red Cross", "CV", "Civil society", ""),
    ("Ombudsman", "", "Agency", ""),
]


def _count(pid):
    return db.session.scalar(
        db.select(db.func.count(Organisation.id)).where(Organisation.process_id == pid)
    )


def _pasted_block(with_header=True):
    lines = ["Name\tAcronym\tCategory\tPart of"] if with_header else []
    lines += ["\t".join(row) for row in ISLAND_INSTITUTIONS]
    return "\r\n".join(lines) + "\r\n"


def _grid_data(page_rows):
    """Form data of grid rows given as dicts (what the browser posts back)."""
    data = {}
    for index, values in enumerate(page_rows):
        for key in importing.PASTE_COLUMNS:
            data[f"r-{index}-{key}"] = values.get(key, "")
    return data


def test_a_pasted_block_reads_with_or_without_header():
    block = importing.read_pasted(_pasted_block())
    assert block.had_header and len(block.rows) == 19
    assert block.mapping == {
        "name": "Name",
        "acronym": "Acronym",
        "category": "Category",
        "parent": "Part of",
    }
    bare = importing.read_pasted("Ministry of Labour, Employment and Social Security\nOmbudsman\n")
    assert [row[0] for row in bare.rows] == [
        "Ministry of Labour, Employment and Social Security",  # commas stay in a name
        "Ombudsman",
    ]
    positional = importing.read_pasted(
        "Red Cross\tCV\tCivil society\tNational\t\tyes\thealth\taid\textra"
    )
    assert positional.mapping["in_core_group"] == "in_core_group"
    assert positional.ignored == ["column 9"]


def test_paste_19_institutions_preview_then_save_all_with_process_defaults(
    make_process, login_as, member
):
    process = make_process(lead_organisation="Ministry of Interior")
    client = login_as(member(process, "coordinator"))
    url = f"/p/{process.id}/stakeholders/organisations/batch"
    page = client.get(url).get_data(as_text=True)
    assert 'name="pasted"' in page and 'name="r-0-name"' in page  # works without script
    response = client.post(url, data={"action": "paste", "pasted": _pasted_block()})
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "19 pasted rows are in the grid" in text
    assert 'value="Immigration and Borders Service"' in text
    assert "All 19 rows are correct" in text
    assert _count(process.id) == 1  # a preview saves nothing

    rows = [
        {"name": n, "acronym": a, "category": c.lower().replace(" ", "_") if c else "", "parent": p}
        for n, a, c, p in ISLAND_INSTITUTIONS
    ]
    rows[13]["category"] = "migrant_association"
    rows[14]["category"] = "academia"
    rows[15]["category"] = "international_organisation"
    rows[16]["category"] = "development_partner"
    rows[4]["category"] = "department"
    data = {"action": "save", "default-category": "ministry", "default-level": "national"}
    data.update(_grid_data(rows + [{}, {}]))  # blank rows are ignored
    response = client.post(url, data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert _count(process.id) == 20
    labour = db.session.scalar(
        db.select(Organisation).where(Organisation.name == "Ministry of Labour")
    )
    assert str(labour.level) == "national" and str(labour.category) == "ministry"  # defaults
    sef = db.session.scalar(db.select(Organisation).where(Organisation.acronym == "SEF"))
    assert sef.parent.name == "Ministry of Internal Administration"  # a parent in the same grid


def test_a_bad_row_saves_nothing_and_says_which_cell(make_process, login_as, member):
    process = make_process(lead_organisation="Ministry of Interior")
    client = login_as(member(process, "member"))
    url = f"/p/{process.id}/stakeholders/organisations/batch"
    rows = [
        {"name": "Ombudsman", "category": "agency"},
        {"name": "Ministry of Interior"},  # already in the registry
        {"name": "Tiny unit", "parent": "Nowhere"},
        {"name": "Red Cross", "level": "galactic"},
        {"name": "Ombudsman"},  # twice in the grid
    ]
    data = {"action": "save"}
    data.update(_grid_data(rows))
    response = client.post(url, data=data)
    assert response.status_code == 400
    assert _count(process.id) == 1  # all or nothing
    text = response.get_data(as_text=True)
    assert "Nothing was saved: 4 rows need correcting." in text
    assert 'href="#r-1-name">Row 2 (Ministry of Interior)</a>' in text  # the summary links
    assert 'id="r-1-name-error">“Ministry of Interior” is already in the registry' in text
    assert 'id="r-2-parent-error">no organisation called “Nowhere”' in text
    assert 'id="r-3-level-error">unknown level “galactic”' in text
    assert 'id="r-4-name-error">“Ombudsman” is also on line 1' in text
    assert 'aria-invalid="true" aria-describedby="r-2-parent-error"' in text
    assert 'value="Tiny unit"' in text  # what was typed stays in the grid


def test_the_grid_refuses_more_rows_than_a_form_can_carry(make_process, login_as, member):
    process = make_process()
    client = login_as(member(process, "member"))
    url = f"/p/{process.id}/stakeholders/organisations/batch"
    block = "\n".join(f"Organisation {n}" for n in range(150))
    response = client.post(url, data={"action": "paste", "pasted": block})
    assert response.status_code == 400
    assert (
        "The grid holds at most 100 rows. Import a longer list from a file."
        in response.get_data(as_text=True)
    )
    assert _count(process.id) == 1


def test_a_new_organisation_is_national_by_default(make_process, login_as, member):
    process = make_process()
    client = login_as(member(process, "member"))
    page = client.get(f"/p/{process.id}/stakeholders/organisations/new").get_data(as_text=True)
    assert '<option selected value="national">' in page
