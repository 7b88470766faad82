"""Drafts and the final submission: limits, sanitising, and refusals that change nothing."""
import pytest

from plxblocks.peer import api

from .helpers import RULES, TEXT, scope, snapshot


def test_draft_then_submit(db):
    s = scope(db)
    draft = api.save_draft(s, "ann", "Not finished")
    assert (draft.status, draft.words, draft.submitted_at) == ("draft", 2, None)
    api.save_draft(s, "ann", "Still not finished, but longer now")
    final = api.submit(s, "ann", TEXT)
    assert final.status == "submitted" and final.submitted_at == s.now() and final.words == 12
    assert api.response_of(s, "ann").text == TEXT
    assert api.response_of(s, "bob") is None


def test_draft_may_exceed_the_word_limit_but_submitting_may_not(db):
    s = scope(db)
    long_text = "word " * (RULES.max_words + 1)
    assert api.save_draft(s, "ann", long_text).words == RULES.max_words + 1
    with pytest.raises(api.PeerError) as error:
        api.submit(s, "ann", long_text)
    assert error.value.code == "too_many_words"
    assert error.value.message == f"Your response has {RULES.max_words + 1} words; the limit is {RULES.max_words}."
    assert api.response_of(s, "ann").status == "draft"


@pytest.mark.parametrize(("text", "code"), [
    ("Too short", "too_few_words"),
    ("", "empty"),
    ("   \n ", "empty"),
    (None, "empty"),
    (42, "bad_field"),
    (["a list"], "bad_field"),
    ("nul \x00 byte here now", "bad_field"),
    ("half an emoji \ud83d here now", "bad_field"),  # issue 11.5: no UTF-8 database can store it
    ("x" * (RULES.max_text_chars + 1), "too_long"),
])
def test_bad_submissions_are_refused_and_change_nothing(db, text, code):
    s = scope(db)
    api.save_draft(s, "ann", "My draft so far")
    before = snapshot(db)
    with pytest.raises(api.PeerError) as error:
        api.submit(s, "ann", text)
    assert error.value.code == code and error.value.status == 400
    assert snapshot(db) == before


def test_oversized_draft_is_refused(db):
    s = scope(db)
    with pytest.raises(api.PeerError) as error:
        api.save_draft(s, "ann", "y" * (RULES.max_text_chars + 1))
    assert error.value.code == "too_long"
    assert api.response_of(s, "ann") is None


def test_submitting_twice_is_refused_and_keeps_the_first(db):
    s = scope(db)
    api.submit(s, "ann", TEXT)
    before = snapshot(db)
    for action in (api.submit, api.save_draft):
        with pytest.raises(api.PeerError) as error:
            action(s, "ann", "A different text that would replace the first one")
        assert (error.value.code, error.value.status) == ("already_submitted", 409)
    assert snapshot(db) == before


def test_withdrawn_response_cannot_be_changed(db):
    s = scope(db)
    api.submit(s, "ann", TEXT)
    api.withdraw(s, api.progress(s)[0].submission_id)
    with pytest.raises(api.PeerError) as error:
        api.save_draft(s, "ann", "back again")
    assert error.value.code == "withdrawn"


def test_response_html_is_sanitised_without_images_or_scripts(db):
    s = scope(db)
    text = ("Intro <script>alert(1)</script> with **bold** and ![pixel](https://tracker.example/p.png) "
            "[a link](https://example.org) <img src=x onerror=alert(2)> and <a href='javascript:alert(3)'>x</a>")
    html = api.save_draft(s, "ann", text).html
    assert "<strong>bold</strong>" in html
    for bad in ("<script", "<img", "onerror", "javascript:", "tracker.example"):
        assert bad not in html
    assert 'rel="noopener noreferrer nofollow"' in html


def test_messages_translate_template_and_field(db):
    s = scope(db)
    with pytest.raises(api.PeerError) as error:
        api.submit(s, "ann", "")
    welsh = {"{what} is empty.": "Mae {what} yn wag.", "Response": "Ymateb"}
    assert error.value.as_json(lambda t: welsh.get(t, t)) == {"error": "empty", "message": "Mae Ymateb yn wag."}
    assert error.value.as_json() == {"error": "empty", "message": "Response is empty."}
