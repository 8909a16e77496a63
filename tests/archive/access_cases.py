"""Access cases for the archive's routes."""

from tests.access import Case

CASES = [
    Case("archive.index", "manage"),
    Case("archive.start", "manage", method="POST"),
    Case("archive_import.import_archive", "login"),
    Case("archive_import.import_archive", "login", method="POST", data={}),
]
