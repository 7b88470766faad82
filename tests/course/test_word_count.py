"""count_words counts what the WORD pattern finds, however the text is made."""
from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from plxblocks.course.markdown_checks import _LINK_TARGET, WORD, count_words, count_words_in

TRICKY = st.sampled_from(list("ab -'’_1²٣ŵâ—.\n\t[]()<>") + ["--", "’’", "a-", "-a", "](x)", "<b>", "\U0001d400", "\ud800"])


def by_the_pattern(text: str) -> int:
    return len(WORD.findall(_LINK_TARGET.sub(" ", text)))


@settings(max_examples=3000, deadline=None)
@given(text=st.one_of(st.lists(TRICKY, max_size=40).map("".join), st.text(max_size=60)))
@example(text="Mae'n well-known — ‘ŵyr’ i’r dysgwr a--b a---b -a- ’ 3rd x² [link](media/a.png) <b>bold</b>")
def test_count_words_counts_what_the_pattern_finds(text):
    assert count_words(text) == by_the_pattern(text)


@settings(max_examples=500, deadline=None)
@given(texts=st.lists(st.lists(TRICKY, max_size=12).map("".join), max_size=5))
@example(texts=["see [a](", "b) and <i", "> c", "-", "d"])
def test_texts_counted_in_one_go_count_as_much_as_one_by_one(texts):
    assert count_words_in(texts) == sum(by_the_pattern(text) for text in texts)
