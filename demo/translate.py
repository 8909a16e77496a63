"""Build the French, Spanish and Portuguese demo archives from the English one.

A maintainer's script, never imported by the app:

    python -m demo.translate [fr es pt]

reads ``demo/data/en`` and the tables ``demo/i18n/<lang>.json`` ({english: translation})
and writes ``demo/data/<lang>`` (the same story, ids and dates; see docs/demo.md):

- every text column of every row, looked up whole in the table;
- the strings inside JSON columns (an audit event's title and changes, a stage's agreed
  snapshot) when the table has them;
- audit summaries ``Prefix: rest``: whole if the table has it, else prefix and rest apart;
- the drafts' Yjs states: every run of text replaced in place, so the document's
  structure, marks and comment anchors stay as they are;
- ``process.language`` set to the language, so the documents come out in it.

A string the English demo shows but the table lacks stays in English and is listed in
``demo/i18n/<lang>.missing.json``: add it to the table and run the script again."""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

from pycrdt import Doc, XmlElement, XmlText

from demo.data import DATA

I18N = Path(__file__).parent / "i18n"
TARGETS = ("fr", "es", "pt")
#: Columns that hold codes, not prose (the same rule as the extraction of the strings).
CODE_COLUMNS = {
    "email",
    "token",
    "code",
    "colour",
    "color",
    "url",
    "link",
    "kind",
    "status",
    "key",
    "slug",
    "language",
    "currency",
    "password_hash",
    "icon",
    "stage",
    "action",
    "object_type",  # a model's class name: the importer resolves references by it
}
_CODE_VALUE = re.compile(r"[a-z_0-9]+")


def _text_columns() -> dict[str, set[str]]:
    """{table: names of its free-text columns}, from the app's metadata."""
    import sqlalchemy as sa

    from facilitation.app import create_app
    from facilitation.extensions import db

    with create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x"}).app_context():
        found = {}
        for name, table in db.metadata.tables.items():
            found[name] = {
                c.name
                for c in table.columns
                if isinstance(c.type, sa.String)
                and not isinstance(c.type, sa.Enum)
                and c.name not in CODE_COLUMNS
                and not c.name.endswith(("_key", "_code"))
            }
            found[name + ":json"] = {c.name for c in table.columns if isinstance(c.type, sa.JSON)}
        return found


def _is_prose(value: str) -> bool:
    return (
        bool(value.strip())
        and not _CODE_VALUE.fullmatch(value)
        and not ("@" in value and " " not in value)
    )


class Translator:
    def __init__(self, table: dict[str, str]):
        self.table = table
        self.missing: dict[str, str] = {}

    def text(self, value: str, where: str) -> str:
        if value in self.table:
            return self.table[value]
        if _is_prose(value):
            self.missing.setdefault(value, where)
        return value

    def known(self, value):
        """Strings inside JSON: translated when the table has them, else kept quietly
        (they mix prose with ids and codes)."""
        if isinstance(value, str):
            return self.table.get(value, value)
        if isinstance(value, list):
            return [self.known(item) for item in value]
        if isinstance(value, dict):
            return {key: self.known(item) for key, item in value.items()}
        return value

    def summary(self, value: str) -> str:
        if value in self.table or ": " not in value:
            return self.text(value, "audit_event.summary")
        prefix, rest = value.split(": ", 1)
        return f"{self.text(prefix, 'audit prefix')}: {self.table.get(rest, rest)}"


def _texts(parent, found: list) -> None:
    for child in parent.children:
        if isinstance(child, XmlText):
            found.append(child)
        elif isinstance(child, XmlElement):
            _texts(child, found)


def translate_state(update: bytes, translator: Translator) -> bytes:
    """The Yjs state with every run of text translated, marks and structure kept."""
    from drafting.prosemirror import fragment_of

    doc = Doc()
    doc.apply_update(update)
    texts: list = []
    _texts(fragment_of(doc), texts)
    with doc.transaction():
        for text in texts:
            runs = [(chunk, attrs) for chunk, attrs in text.diff() if isinstance(chunk, str)]
            text.clear()
            for chunk, attrs in runs:
                text.insert(len(text), translator.text(chunk, "draft"), attrs or None)
    return doc.get_update()


def build(language: str, columns: dict[str, set[str]]) -> list[str]:
    """Write ``demo/data/<language>``; the English strings left untranslated."""
    source = DATA / "en"
    target = DATA / language
    table = json.loads((I18N / f"{language}.json").read_text(encoding="utf-8"))
    translator = Translator(table)
    manifest = json.loads((source / "manifest.json").read_text(encoding="utf-8"))
    files: dict[str, bytes] = {}
    for path in sorted((source / "tables").glob("*.json")):
        name = path.stem
        rows = json.loads(path.read_text(encoding="utf-8"))
        for row in rows:
            for column, value in row.items():
                if name == "audit_event" and column == "summary" and isinstance(value, str):
                    row[column] = translator.summary(value)
                elif column in columns.get(name + ":json", ()):
                    row[column] = translator.known(value)
                elif column in columns.get(name, ()) and isinstance(value, str):
                    row[column] = translator.text(value, f"{name}.{column}")
            if name == "process":
                row["language"] = language
        files[f"tables/{name}.json"] = _dump(rows)
    for name in manifest["parts"]:
        data = (source / name).read_bytes()
        if name.startswith("parts/draft"):
            data = translate_state(data, translator)
        files[name] = data
        manifest["parts"][name] = {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    files["users.json"] = (source / "users.json").read_bytes()
    manifest["process"]["language"] = language
    manifest["process"]["title"] = translator.text(manifest["process"]["title"], "title")
    files["manifest.json"] = _dump(manifest)
    if target.exists():
        for path in sorted(target.rglob("*"), reverse=True):
            path.unlink() if path.is_file() else path.rmdir()
    for name, data in files.items():
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        (target / name).write_bytes(data)
    missing = [{"en": text, "where": where} for text, where in sorted(translator.missing.items())]
    (I18N / f"{language}.missing.json").write_bytes(_dump(missing) + b"\n")
    return [item["en"] for item in missing]


def _dump(value) -> bytes:
    # As the archive writer does, so the folders diff cleanly against an export.
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


def main(languages: list[str]) -> None:
    columns = _text_columns()
    for language in languages or TARGETS:
        missing = build(language, columns)
        print(f"{language}: demo/data/{language} written; {len(missing)} strings left in English")


if __name__ == "__main__":
    main(sys.argv[1:])
