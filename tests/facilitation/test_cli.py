from facilitation import demo
from facilitation.cli import cli
from facilitation.models import Membership, Organisation, Process, User


def test_demo_loads_a_realistic_process_once(app, db):
    runner = app.test_cli_runner()
    result = runner.invoke(cli, ["demo", "--if-empty"])
    assert result.exit_code == 0, result.output
    assert "coordinator@demo.example" in result.output and demo.DEMO_PASSWORD in result.output
    process = db.session.execute(db.select(Process)).scalar_one()
    orgs = (
        db.session.execute(db.select(Organisation).where(Organisation.process_id == process.id))
        .scalars()
        .all()
    )
    core = [o for o in orgs if o.in_core_group and o.parent_id is None]
    assert len(core) >= 8
    assert any(o.parent_id for o in orgs)  # institutions with departments
    assert db.session.scalar(db.select(db.func.count(Membership.id))) == len(demo.USERS)

    again = runner.invoke(cli, ["demo", "--if-empty"])
    assert again.exit_code == 0 and "already has data" in again.output
    assert db.session.scalar(db.select(db.func.count(Process.id))) == 1


def test_create_user_command(app, db):
    runner = app.test_cli_runner()
    result = runner.invoke(
        cli,
        [
            "create-user",
            "--email",
            "Admin@Example.org",
            "--name",
            "Admin",
            "--password",
            "long enough pass",
        ],
    )
    assert result.exit_code == 0, result.output
    user = db.session.execute(db.select(User)).scalar_one()
    assert user.email == "admin@example.org" and user.is_admin
    short = runner.invoke(
        cli, ["create-user", "--email", "b@example.org", "--name", "B", "--password", "short"]
    )
    assert short.exit_code != 0 and "at least 10 characters" in short.output
    dup = runner.invoke(
        cli,
        [
            "create-user",
            "--email",
            "admin@example.org",
            "--name",
            "A",
            "--password",
            "long enough pass",
        ],
    )
    assert dup.exit_code != 0 and "already exists" in dup.output
