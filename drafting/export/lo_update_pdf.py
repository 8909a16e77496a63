"""Convert a Word file to PDF with LibreOffice, refreshing the table of contents first.

Runs under the Python that carries LibreOffice's ``uno`` bridge (Debian: ``/usr/bin/python3``
with ``python3-uno``), not the app's interpreter; :mod:`drafting.export.pdf` starts it.
``soffice --convert-to pdf`` alone keeps the TOC as the Word file cached it (no page
numbers), so this script opens the file, updates every index and field, then exports.

Usage: ``python3 lo_update_pdf.py SOFFICE PROFILE_DIR IN.docx OUT.pdf``. Exit 0 on success.
"""

import contextlib
import subprocess
import sys
import time
import uuid


def main(soffice: str, profile: str, source: str, target: str) -> int:
    import uno
    from com.sun.star.beans import PropertyValue

    def prop(name, value):
        item = PropertyValue()
        item.Name, item.Value = name, value
        return item

    pipe = f"pcexport{uuid.uuid4().hex[:12]}"
    office = subprocess.Popen(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            "--nodefault",
            f"--accept=pipe,name={pipe};urp;",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local
        )
        context = None
        for _attempt in range(240):  # up to a minute for a cold profile
            try:
                context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:
                if office.poll() is not None:
                    return 3
                time.sleep(0.25)
        if context is None:
            return 4
        desktop = context.ServiceManager.createInstanceWithContext(
            "com.sun.star.frame.Desktop", context
        )
        doc = desktop.loadComponentFromURL(
            uno.systemPathToFileUrl(source), "_blank", 0, (prop("Hidden", True),)
        )
        try:
            # Fields first (SEQ numbers, NUMPAGES), then the indexes, twice: the TOC's own
            # length can move the headings it lists to later pages.
            for _round in range(2):
                doc.getTextFields().refresh()
                indexes = doc.getDocumentIndexes()
                for i in range(indexes.getCount()):
                    indexes.getByIndex(i).update()
            doc.storeToURL(
                uno.systemPathToFileUrl(target), (prop("FilterName", "writer_pdf_Export"),)
            )
        finally:
            doc.close(True)
        with contextlib.suppress(Exception):  # the bridge drops as the office quits
            desktop.terminate()
        return 0
    finally:
        try:
            office.wait(timeout=20)
        except subprocess.TimeoutExpired:
            office.kill()
            office.wait()


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:5]))
