"""The identifying-detail flags that help moderators redact."""

from __future__ import annotations

import pytest

from stories.identifying import flag_kinds, highlight


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("write to jo.smith+x@mail.example.org please", "e-mail"),
        ("call me on (512) 555-0147 any time", "phone"),
        ("or +1 512.555.0147", "phone"),
        ("see https://example.com/me for more", "link"),
        ("my blog is at www.example.net", "link"),
        ("find me on insta @jo_smith_99", "handle"),
        ("he lived at 1234 North Oak Street near us", "address"),
        ("it was on 55 Elm Ave.", "address"),
        ("Hi, my name is Maria and", "name"),
        ("me llamo Ana", "name"),
    ],
)
def test_identifying_details_are_flagged(text, kind):
    assert kind in flag_kinds(text)


def test_ordinary_story_is_not_flagged():
    text = (
        "When I was 15 it happened at a friend's house. In 2017 I finally told my sister. I am 34 now. "
        "It was 3 years ago on the way home."
    )
    assert flag_kinds(text) == []


def test_highlight_escapes_everything_and_marks_only_flags():
    html = highlight("<i>hi</i> mail a@b.org\nnext")
    assert "&lt;i&gt;hi&lt;/i&gt;" in html
    assert '<mark title="e-mail">a@b.org</mark>' in html
    assert "<br>" in html
