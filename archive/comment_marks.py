"""Comment marks inside imported drafts point at the comments' new ids.

A comment thread is anchored by a ``comment`` mark whose ``commentId`` is the
``draft_comment`` row's id, inside the Yjs document (drafting/prosemirror.py). Import gives
the rows new ids, so the marks are re-formatted with them: one extra Yjs update appended
to each draft's log (a CRDT change like any edit, so nothing typed is touched), and each
named version's frozen state rewritten the same way. Nothing is written when every id
stays the same."""

from __future__ import annotations

from pycrdt import Doc, XmlElement, XmlText
from sqlalchemy import insert, select, update

from drafting.models import DraftSnapshot, DraftUpdate, DraftVersion
from drafting.prosemirror import fragment_of
from facilitation.extensions import db


def _texts(parent, found: list) -> None:
    for child in parent.children:
        if isinstance(child, XmlText):
            found.append(child)
        elif isinstance(child, XmlElement):
            _texts(child, found)


def _remark(doc: Doc, mapping: dict[int, int]) -> bool:
    """Re-format the doc's comment marks by ``mapping``; whether anything changed."""
    changes = []
    texts: list = []
    _texts(fragment_of(doc), texts)
    for text in texts:
        offset = 0
        for chunk, attrs in text.diff():
            length = len(chunk) if isinstance(chunk, str) else 1
            mark = (attrs or {}).get("comment")
            if isinstance(mark, dict) and str(mark.get("commentId", "")).isdigit():
                new = mapping.get(int(mark["commentId"]))
                if new is not None and new != int(mark["commentId"]):
                    changes.append((text, offset, length, new))
            offset += length
    if not changes:
        return False
    with doc.transaction():
        for text, start, length, new in changes:
            text.format(start, start + length, {"comment": {"commentId": str(new)}})
    return True


def _doc_of(updates: list[bytes]) -> Doc:
    doc = Doc()
    for data in updates:
        doc.apply_update(bytes(data))
    return doc


def rewrite(process_id: int, drafts: dict[int, int], comments: dict[int, int]) -> int:
    """Re-point the comment marks of the imported drafts; the number of states changed."""
    changed = 0
    if not comments or all(old == new for old, new in comments.items()):
        return 0
    for draft_id in drafts.values():
        snapshot = db.session.scalar(
            select(DraftSnapshot.data).where(DraftSnapshot.draft_id == draft_id)
        )
        log = db.session.scalars(
            select(DraftUpdate.data)
            .where(DraftUpdate.draft_id == draft_id)
            .order_by(DraftUpdate.id)
        ).all()
        doc = _doc_of(([snapshot] if snapshot else []) + list(log))
        before = doc.get_state()
        if _remark(doc, comments):
            db.session.execute(
                insert(DraftUpdate.__table__).values(
                    process_id=process_id, draft_id=draft_id, data=doc.get_update(before)
                )
            )
            changed += 1
        versions = db.session.execute(
            select(DraftVersion.id, DraftVersion.state).where(DraftVersion.draft_id == draft_id)
        ).all()
        for version_id, state in versions:
            doc = _doc_of([state])
            if _remark(doc, comments):
                db.session.execute(
                    update(DraftVersion.__table__)
                    .where(DraftVersion.id == version_id)
                    .values(state=doc.get_update())
                )
                changed += 1
    return changed
