"""Issue 12: "1 organisations" and similar plurals. These sentences still used one plural
form for every count."""

from __future__ import annotations

from flask import render_template


def test_counts_of_one_are_singular(app):
    from drafting.export import plan_content
    from workshops import report

    with app.test_request_context():
        scope = render_template(
            "policycycle/planning/_plan_scope.html",
            total_count=1,
            objectives=[("SO1", type("O", (), {"id": 1, "title": "A"})())] * 2,
            chosen=None,
        )
        assert "All (1 activity)" in scope
        assert report._participants_signed_in(1) == "1 participant signed in."
        assert report._participants_answered(1) == "1 participant answered."
        assert plan_content._activity_count(1) == "1 activity"
        assert plan_content._activity_count(1200) == "1,200 activities"
