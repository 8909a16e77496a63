"""The demo processes, shipped as data: archives of a fictional national process (the
Republic of Kestria drafting its National Migration and Citizenship Policy) in English,
French, Spanish and Portuguese, imported with the archive importer (see docs/demo.md).

A package of its own, above the domain packages and ``archive``: the foundation knows
nothing of it."""


def init_app(app) -> None:
    from .cli import demo_command

    app.cli.add_command(demo_command)
