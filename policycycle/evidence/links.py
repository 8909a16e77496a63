"""Documents (studies, reports, migration profiles) and the evidence links through which
SWOT items, problem-tree nodes and the problem statement cite a source or a document.

Public functions (documented contract):

- ``claims(process_id)``: every claim that should cite evidence, with its links.
- ``unsupported_claims(process_id)``: the SWOT items, causes and problem statement that
  cite nothing (what the readiness check counts).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from facilitation.extensions import db
from facilitation.validation import ValidationFailed, in_process
from policycycle.models import NodeKind, ProblemNode, ProblemStatement, Quadrant, SwotItem

from .catalogue import DocumentKind
from .models import DataSource, EvidenceDocument, EvidenceLink

# claim kind -> (model, EvidenceLink column)
CLAIM_KINDS = {
    "swot": (SwotItem, "swot_item_id"),
    "node": (ProblemNode, "problem_node_id"),
    "statement": (ProblemStatement, "problem_statement_id"),
}
CITED_KINDS = {"source": (DataSource, "source_id"), "document": (EvidenceDocument, "document_id")}


def list_documents(process_id: int) -> list[EvidenceDocument]:
    return list(
        db.session.execute(
            db.select(EvidenceDocument)
            .where(EvidenceDocument.process_id == process_id)
            .order_by(EvidenceDocument.year.desc(), EvidenceDocument.title)
        ).scalars()
    )


def save_document(
    process_id: int, data: dict, document: EvidenceDocument | None = None
) -> EvidenceDocument:
    errors = {}
    title = (data.get("title") or "").strip()
    if not title:
        errors["title"] = _("Give the document's title.")
    elif len(title) > 300:
        errors["title"] = _("Keep the title under 300 characters.")
    try:
        kind = DocumentKind(data.get("kind"))
    except ValueError:
        errors["kind"] = _("Choose the kind of document from the list.")
    year = data.get("year")
    if year in ("", None):
        year = None
    else:
        try:
            year = int(year)
            if not 1900 <= year <= 2100:
                raise ValueError
        except (TypeError, ValueError):
            errors["year"] = _("Give the year of publication as four digits, e.g. 2024.")
    if errors:
        raise ValidationFailed(errors)
    values = {
        "title": title,
        "kind": kind,
        "year": year,
        "author": (data.get("author") or "").strip()[:200],
        "reference": (data.get("reference") or "").strip()[:500],
        "notes": (data.get("notes") or "").strip(),
    }
    if document is None:
        document = EvidenceDocument(process_id=process_id, **values)
        db.session.add(document)
    else:
        for key, value in values.items():
            setattr(document, key, value)
    db.session.flush()
    return document


def delete_document(document: EvidenceDocument) -> None:
    db.session.delete(document)
    db.session.flush()


def _split_key(key: str, kinds: dict, field_name: str, message: str):
    kind, _sep, raw_id = (key or "").partition(":")
    if kind not in kinds or not raw_id.isdigit():
        raise ValidationFailed({field_name: message})
    return kind, int(raw_id)


def add_link(process_id: int, *, claim: str, cited: str, note: str = "") -> EvidenceLink:
    """Make a claim (``swot:<id>``, ``node:<id>``, ``statement:<id>``) cite a source or a
    document (``source:<id>``, ``document:<id>``) of the same process."""
    errors = {}
    claim_obj = cited_obj = None
    try:
        kind, claim_id = _split_key(claim, CLAIM_KINDS, "claim", _("Choose the claim to support."))
        model, claim_column = CLAIM_KINDS[kind]
        claim_obj = in_process(model, claim_id, process_id, "claim", _("a claim"))
    except ValidationFailed as exc:
        errors.update(exc.errors)
    try:
        ckind, cited_id = _split_key(
            cited, CITED_KINDS, "cited", _("Choose the source or document it cites.")
        )
        cmodel, cited_column = CITED_KINDS[ckind]
        cited_obj = in_process(cmodel, cited_id, process_id, "cited", _("a source or document"))
    except ValidationFailed as exc:
        errors.update(exc.errors)
    if errors:
        raise ValidationFailed(errors)
    existing = db.session.execute(
        db.select(EvidenceLink).where(
            getattr(EvidenceLink, claim_column) == claim_obj.id,
            getattr(EvidenceLink, cited_column) == cited_obj.id,
        )
    ).scalar_one_or_none()
    if existing is not None:
        raise ValidationFailed({"cited": _("This claim already cites that item.")})
    link = EvidenceLink(process_id=process_id, note=(note or "").strip())
    setattr(link, claim_column, claim_obj.id)
    setattr(link, cited_column, cited_obj.id)
    db.session.add(link)
    db.session.flush()
    return link


def delete_link(process_id: int, link_id) -> None:
    link = in_process(EvidenceLink, link_id, process_id, "link_id", _("an evidence link"))
    if link is not None:
        db.session.delete(link)
        db.session.flush()


@dataclass
class Claim:
    kind: str  # "swot" | "node" | "statement"
    obj: object
    group: str  # translated heading: the quadrant, "Cause", "Problem statement"...
    text: str
    counted: bool  # counted by the readiness check when unsupported
    links: list[EvidenceLink] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.obj.id}"

    @property
    def supported(self) -> bool:
        return bool(self.links)


def claims(process_id: int) -> list[Claim]:
    """SWOT items (not merged), problem-tree nodes and the problem statement, in that
    order, each with the evidence it cites."""
    result: list[Claim] = []
    swot = db.session.execute(
        db.select(SwotItem)
        .where(SwotItem.process_id == process_id, SwotItem.merged_into_id.is_(None))
        .order_by(SwotItem.quadrant, SwotItem.position, SwotItem.id)
    ).scalars()
    order = {q.value: i for i, q in enumerate(Quadrant)}
    for item in sorted(swot, key=lambda s: (order.get(s.quadrant, 9), s.position, s.id)):
        result.append(Claim("swot", item, Quadrant(item.quadrant).label, item.statement, True))
    nodes = db.session.execute(
        db.select(ProblemNode)
        .where(ProblemNode.process_id == process_id)
        .order_by(ProblemNode.position, ProblemNode.id)
    ).scalars()
    node_order = {NodeKind.FOCAL: 0, NodeKind.CAUSE: 1, NodeKind.EFFECT: 2}
    for node in sorted(nodes, key=lambda n: (node_order.get(n.kind, 9), n.position, n.id)):
        kind = NodeKind(node.kind)
        result.append(Claim("node", node, kind.label, node.text, kind == NodeKind.CAUSE))
    statement = db.session.execute(
        db.select(ProblemStatement).where(ProblemStatement.process_id == process_id)
    ).scalar_one_or_none()
    if statement is not None:
        text = statement.nature or statement.rationale or _("Problem statement")
        result.append(Claim("statement", statement, _("Problem statement"), text, True))
    by_key = {c.key: c for c in result}
    links = db.session.execute(
        db.select(EvidenceLink)
        .where(EvidenceLink.process_id == process_id)
        .options(selectinload(EvidenceLink.source), selectinload(EvidenceLink.document))
        .order_by(EvidenceLink.id)
    ).scalars()
    for link in links:
        for kind, (_model, column) in CLAIM_KINDS.items():
            target = getattr(link, column)
            if target is not None and f"{kind}:{target}" in by_key:
                by_key[f"{kind}:{target}"].links.append(link)
    return result


def unsupported_claims(process_id: int) -> list[Claim]:
    return [c for c in claims(process_id) if c.counted and not c.supported]


def cited_choices(process_id: int) -> list[tuple[str, str]]:
    from .services import list_sources

    sources = [
        (f"source:{s.id}", _("Source: %(name)s", name=s.name)) for s in list_sources(process_id)
    ]
    documents = [
        (f"document:{d.id}", _("Document: %(title)s", title=d.title))
        for d in list_documents(process_id)
    ]
    return sources + documents
