"""Access cases for every workshop route (the authorization matrix walks them)."""

from datetime import date

from facilitation.extensions import db
from tests.access import Case
from workshops import services
from workshops.models import ActivityKind, CycleTarget


def build(world):
    workshop = services.create_workshop(
        world.process_id,
        world.users["facilitator"],
        title="Matrix workshop",
        session_date=date(2026, 12, 1),
    )
    item = services.save_item(
        workshop, title="SWOT", kind=ActivityKind.BRAINSTORM, feeds=CycleTarget.SWOT
    )
    services.save_item(workshop, title="Evaluation", kind=ActivityKind.EVALUATION)
    db.session.flush()
    world.ids["workshop"] = workshop.id
    world.ids["item"] = item.id
    world.ids["code"] = workshop.code
    participant, _token = services.join(workshop, name="Matrix participant")
    world.ids["participant"] = participant.id


def _w(world):
    return {"workshop_id": world.ids["workshop"]}


def _item(world):
    return {"workshop_id": world.ids["workshop"], "item_id": world.ids["item"]}


def _code(world):
    return {"code": world.ids["code"]}


WORKSHOP_FORM = {"title": "Options workshop", "session_date": "2026-12-12", "venue": "Hall"}
ITEM_FORM = {
    "title": "Brainstorm",
    "duration_minutes": "20",
    "kind": "brainstorm",
    "feeds": "swot",
    "dots": "3",
    "max_per_choice": "2",
    "source_item_id": "0",
    "objective_id": "0",
    "statement": "",
}


def _participant(world):
    return {"workshop_id": world.ids["workshop"], "participant_id": world.ids["participant"]}


CASES = [
    Case("workshops.index", "read"),
    Case("workshops.participants", "read", values=_w),
    Case("workshops.remove_participant", "write", method="POST", values=_participant),
    Case("workshops.create", "write"),
    Case("workshops.create", "write", method="POST", data=WORKSHOP_FORM),
    Case("workshops.detail", "read", values=_w),
    Case("workshops.edit", "write", values=_w),
    Case("workshops.edit", "write", method="POST", values=_w, data=WORKSHOP_FORM),
    Case("workshops.delete", "manage", method="POST", values=_w),
    Case("workshops.item_create", "write", values=_w),
    Case("workshops.item_create", "write", method="POST", values=_w, data=ITEM_FORM),
    Case("workshops.item_edit", "write", values=_item),
    Case("workshops.item_edit", "write", method="POST", values=_item, data=ITEM_FORM),
    Case("workshops.item_delete", "write", method="POST", values=_item),
    Case("workshops.item_move", "write", method="POST", values=_item, data={"direction": "down"}),
    Case("workshops.console", "read", values=_w),
    Case("workshops.projector", "read", values=_w),
    Case("workshops.qr_code", "read", values=_w),
    Case("workshops.records_page", "read", values=_w),
    Case("workshops.report_docx", "read", values=_w),
    Case("workshops.record_consultation", "write", method="POST", values=_w),
    # People in the room have no account: the join pages are public; the participant
    # pages are public too but check the session's participant token (tested apart).
    Case("workshop_public.enter_code", "public"),
    Case("workshop_public.enter_code", "public", method="POST", data={"code": "NOPE"}),
    Case("workshop_public.join", "public", values=_code),
    Case(
        "workshop_public.join",
        "public",
        method="POST",
        values=_code,
        data={"name": "Visitor", "institution": "Ministry of Interior", "sex": "female"},
    ),
    Case(
        "workshop_public.resume",
        "public",
        method="POST",
        values=_code,
        data={"token": "not-a-token"},
    ),
    Case("workshop_public.participate", "public", values=_code),
    Case("workshop_public.evaluation", "public", values=_code),
    Case("workshop_public.evaluation", "public", method="POST", values=_code, data={}),
    Case(
        "workshop_public.choose_language",
        "public",
        method="POST",
        data={"language": "fr", "back": "/w/"},
    ),
]
