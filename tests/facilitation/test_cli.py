from facilitation.cli import cli
from facilitation.models import User


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
