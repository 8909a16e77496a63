"""Server-side paging for long lists: one page of items, "showing 51–100 of 300", and page
links that keep the list's filters. An out-of-range page is a 404, not a 500."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, request

PER_PAGE = 50


@dataclass(frozen=True)
class Page:
    number: int
    per_page: int
    total: int
    arg: str = "page"  # the URL argument that carries the number (two lists on one page)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.per_page

    @property
    def first(self) -> int:
        return self.offset + 1 if self.total else 0

    @property
    def last(self) -> int:
        return min(self.total, self.offset + self.per_page)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages

    def window(self, around: int = 2) -> list[int | None]:
        """Page numbers to link, ``None`` for a gap: 1 … 4 5 [6] 7 8 … 20."""
        shown = {1, self.pages, *range(self.number - around, self.number + around + 1)}
        numbers = sorted(n for n in shown if 1 <= n <= self.pages)
        out: list[int | None] = []
        for n in numbers:
            if out and n - (out[-1] or 0) > 1:
                out.append(None)
            out.append(n)
        return out

    def slice(self, items: list) -> list:
        return items[self.offset : self.offset + self.per_page]

    def link_args(self, number: int) -> dict:
        """The current URL's arguments and filters with another page number."""
        return {**(request.view_args or {}), **request.args.to_dict(), self.arg: number}


def requested_page(
    total: int, per_page: int = PER_PAGE, arg: str = "page", *, nearest: bool = False
) -> Page:
    """The page the request asks for (``?page=``); 404 when it does not exist, or with
    ``nearest`` the nearest page that does (a list that shrank since its link was made
    shows its last page rather than an error)."""
    raw = request.args.get(arg, "1")
    try:
        number = int(raw)
    except ValueError:
        if not nearest:
            abort(404)
        number = 1
    page = Page(number, per_page, total, arg)
    if number < 1 or number > page.pages:
        if not nearest:
            abort(404)
        page = Page(min(max(number, 1), page.pages), per_page, total, arg)
    return page


def matches_text(query: str, *texts) -> bool:
    """A list's "contains" filter: every word of the query appears in one of the texts."""
    haystack = " ".join(str(t or "") for t in texts).casefold()
    return all(word in haystack for word in (query or "").casefold().split())
