"""Domain errors on pages: the reader sees translated messages, not field codes."""


def test_an_error_page_shows_messages_not_field_codes(app):
    from llp_gov.errors import ValidationError
    from llp_gov.web import handle_domain_error

    with app.test_request_context("/o/x/ledger/export"):
        body, status = handle_domain_error(
            ValidationError(format="Only the journal has an import layout.")
        )
    assert status == 422
    assert "Only the journal has an import layout." in body
    assert "format:" not in body
