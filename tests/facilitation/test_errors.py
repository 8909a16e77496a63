def test_not_found_page_is_in_the_app_style(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "Not found" in page and "Policy cycle toolkit" in page


def test_an_unexpected_error_shows_no_stack_trace(app, client):
    from facilitation.access import public

    @public
    def explode():
        raise RuntimeError("secret internals")

    app.add_url_rule("/explode-for-test", "explode_for_test", explode)
    app.logger.disabled = True
    response = client.get("/explode-for-test")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "secret internals" not in page and "Traceback" not in page
    assert "Something went wrong" in page


def test_csrf_failure_is_explained(app_config, tmp_path):
    from ..conftest import make_test_app

    app = make_test_app({**app_config, "WTF_CSRF_ENABLED": True})
    with app.app_context():
        from facilitation.extensions import db

        db.create_all()
        response = app.test_client().post("/login", data={"email": "a@b.c", "password": "x"})
        assert response.status_code == 400
        assert "Reload the page" in response.get_data(as_text=True)
        db.drop_all()
        db.engine.dispose()


def test_an_undeclared_view_stops_the_app(app_config):
    import pytest
    from flask import Blueprint

    from facilitation import app as app_module

    blueprint = Blueprint("sneaky", __name__)
    blueprint.add_url_rule("/sneaky", "sneaky", lambda: "no check")

    def _init(application):
        application.register_blueprint(blueprint)

    import types

    sneaky = types.ModuleType("sneaky_domain")
    sneaky.init_app = _init
    import sys

    sys.modules["sneaky_domain"] = sneaky
    original = app_module.DOMAINS
    app_module.DOMAINS = (*original, "sneaky_domain")
    try:
        with pytest.raises(RuntimeError, match="sneaky.sneaky"):
            app_module.create_app(app_config)
    finally:
        app_module.DOMAINS = original
        del sys.modules["sneaky_domain"]
