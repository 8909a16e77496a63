"""The last touch on a saved Word file: the package parts no builder should inherit from
a template. The extended properties (``docProps/app.xml``) name this toolkit as the
producer instead of the "Microsoft Macintosh Word" of python-docx's default template, and
the template's thumbnail (a picture of an empty page) is dropped rather than shown as the
preview of a full document.
"""

from __future__ import annotations

import io
import re
import zipfile
from xml.sax.saxutils import escape

PRODUCER = "Policy-cycle toolkit"
THUMBNAIL_REL = re.compile(r"<Relationship [^>]*relationships/metadata/thumbnail\"[^>]*/>")


def app_xml(company: str = "") -> bytes:
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
        '2006/docPropsVTypes">'
        f"<Application>{PRODUCER}</Application><DocSecurity>0</DocSecurity>"
        f"<Company>{escape(company)}</Company><LinksUpToDate>false</LinksUpToDate>"
        "<SharedDoc>false</SharedDoc></Properties>"
    ).encode()


def clean(data: bytes, company: str = "") -> bytes:
    """``data`` with our own app.xml and without a thumbnail."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            name = item.filename
            if name.startswith("docProps/thumbnail"):
                continue
            body = source.read(name)
            if name == "docProps/app.xml":
                body = app_xml(company)
            elif name == "_rels/.rels":
                body = THUMBNAIL_REL.sub("", body.decode()).encode()
            # The parts python-docx wrote are already compressed streams; storing media
            # again deflated costs time for nothing.
            kind = zipfile.ZIP_STORED if name.startswith("word/media/") else zipfile.ZIP_DEFLATED
            target.writestr(item.filename, body, compress_type=kind)
    return out.getvalue()
