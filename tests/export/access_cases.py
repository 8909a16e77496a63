"""Access cases for the Exports page: downloads are read, the template is manage."""

from tests.access import Case

CASES = [
    Case("exports.index", "read"),
    Case("exports.download", "read", values={"kind": "policy"}),
    Case("exports.download_pdf", "read", values={"kind": "policy"}),
    Case("exports.start", "read", method="POST", data={"kind": "policy"}),
    Case("exports.upload_template", "manage", method="POST", data={}),
    Case("exports.remove_template", "manage", method="POST"),
]
