"""Filters and paging of the action plan's rows, keeping each row under its objective
headings. No Flask import: the view passes the request's values."""

from __future__ import annotations

from facilitation.paging import matches_text


def institutions(rows: list[dict]) -> list:
    """The institutions accountable for or carrying out at least one activity, by name."""
    seen = {}
    for row in rows:
        for organisation in (*row["accountable"], *row["partners"]):
            seen[organisation.id] = organisation
    return sorted(seen.values(), key=lambda o: o.name.casefold())


def keep(row: dict, status: str, institution: int | None, words: str) -> bool:
    if status and row["status"].value != status:
        return False
    if institution and not any(
        o.id == institution for o in (*row["accountable"], *row["partners"])
    ):
        return False
    return matches_text(words, row["code"], row["title"], row["output"])


def page_lines(lines: list[tuple], wanted, first: int, last: int) -> tuple[list[tuple], int]:
    """(the lines of rows ``first``..``last`` (1-based) among the wanted ones with their
    headings, the number of wanted rows)."""
    out: list[tuple] = []
    headings: dict[str, tuple] = {}
    count = 0
    for kind, item in lines:
        if kind != "row":
            headings[kind] = (kind, item)
            if kind == "so":
                headings.pop("op", None)
            continue
        if not wanted(item):
            continue
        count += 1
        if first <= count <= last:
            for level in ("so", "op"):
                if level in headings:
                    out.append(headings.pop(level))
            out.append((kind, item))
    return out, count
