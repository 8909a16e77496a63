"""A complete planning chain built through the services: objectives, criteria, options
with scores, a preferred option, instruments and actions with RACI."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from facilitation.extensions import db as _db
from facilitation.models import Organisation
from policycycle.models import Objective, ObjectiveLevel
from policycycle.planning import actions, instruments, options


def build_chain(process, user, n_specific: int = 2, n_actions: int = 2):
    """A complete chain (no readiness breaks on the planning side)."""
    org_a = Organisation(
        process_id=process.id,
        name=f"Labour ministry {process.id}",
        acronym="MoL",
        mandate="Work permits and labour inspection.",
        policy_tags="labour migration, employment",
    )
    org_r = Organisation(
        process_id=process.id,
        name=f"Statistics office {process.id}",
        acronym="NSO",
        mandate="Official statistics and surveys.",
        policy_tags="data, statistics",
    )
    _db.session.add_all([org_a, org_r])
    general = Objective(process_id=process.id, level=ObjectiveLevel.GENERAL, title="Vision")
    _db.session.add(general)
    _db.session.flush()
    criteria = [
        options.save_criterion(process.id, {"name": "Effectiveness", "weight": 3}, user),
        options.save_criterion(process.id, {"name": "Cost", "weight": 1}, user),
    ]
    chain = SimpleNamespace(
        process=process,
        orgs=[org_a, org_r],
        criteria=criteria,
        specific=[],
        operational=[],
        options=[],
        instruments=[],
        actions=[],
    )
    for i in range(n_specific):
        so = Objective(
            process_id=process.id,
            level=ObjectiveLevel.SPECIFIC,
            title=f"Specific {i + 1}",
            parent_id=general.id,
            position=i,
        )
        _db.session.add(so)
        _db.session.flush()
        op = Objective(
            process_id=process.id,
            level=ObjectiveLevel.OPERATIONAL,
            title=f"Operational {i + 1}.1",
            parent_id=so.id,
        )
        _db.session.add(op)
        _db.session.flush()
        options.ensure_baselines(process.id, [so.id])
        option = options.create_option(process.id, so, {"title": f"Licensing {i + 1}"})
        options.save_scores(
            process.id,
            so.id,
            f"user:{user.id}",
            user.name,
            {(option.id, criteria[0].id): 2, (option.id, criteria[1].id): -1},
        )
        options.prefer_option(option, "Best in the analysis.")
        instrument = instruments.save_instrument(
            process.id,
            {
                "option_id": option.id,
                "kind": "regulatory",
                "title": f"Decree {i + 1}",
                "lead_organisation_id": org_a.id,
                "policy_area": "labour migration",
            },
        )
        for k in range(n_actions):
            chain.actions.append(
                actions.create_action(
                    process.id,
                    op.id,
                    f"Activity {i + 1}.{k + 1}",
                    instrument_id=instrument.id,
                    raci={org_a.id: "A", org_r.id: "R"},
                    start_date=date(2027, 1, 1),
                    end_date=date(2027, 6, 30),
                    cost=1000.0,
                    indicator={
                        "name": "Decrees adopted",
                        "baseline_value": 0,
                        "baseline_year": 2025,
                        "target_value": 1,
                        "target_year": 2027,
                    },
                )
            )
        chain.specific.append(so)
        chain.operational.append(op)
        chain.options.append(option)
        chain.instruments.append(instrument)
    _db.session.commit()
    return chain


@pytest.fixture
def planning_chain(make_process, make_user):
    def _build(**kwargs):
        owner = make_user()
        process = make_process(owner=owner)
        chain = build_chain(process, owner, **kwargs)
        chain.owner = owner
        return chain

    return _build
