"""Words with two meanings carry a pgettext context, so a translator can give "Minutes"
(a duration; meeting notes), "Open" (a status; a button) and "Record" (a noun; a verb)
their own translations. The check extracts messages as `make translations` does."""

import pathlib

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir

ROOT = pathlib.Path(__file__).resolve().parents[2]
AMBIGUOUS = {"Minutes", "Open", "Record"}
METHODS = [("**.py", "python"), ("**.html", "jinja2")]
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None, "lazy_pgettext": ((1, "c"), 2)}


def test_ambiguous_words_have_contexts():
    bare, contexts = [], {}
    for package in (
        "facilitation",
        "policycycle",
        "stakeholders",
        "drafting",
        "workshops",
        "templates",
    ):
        for filename, _lineno, message, _comments, context in extract_from_dir(
            ROOT / package,
            METHODS,
            keywords=KEYWORDS,
            options_map={"**.html": {"extensions": "jinja2.ext.do"}},
        ):
            if message in AMBIGUOUS:
                if context is None:
                    bare.append(f"{package}/{filename}: {message}")
                else:
                    contexts.setdefault(message, set()).add(context)
    assert not bare, bare
    assert all(len(contexts.get(word, ())) >= 2 for word in AMBIGUOUS), contexts
