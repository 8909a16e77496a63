"""Subpackage of the policy cycle; init_app registers its blueprint and registries."""


def init_app(app) -> None:
    """Filled in by the subpackage's owner."""
