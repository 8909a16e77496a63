"""Domain package; init_app registers its blueprint, socket namespace and registries."""


def init_app(app) -> None:
    """Filled in by the package's owner."""
