"""Tests for khabar.extract.quotes, through the real pipeline (``Extractor().extract``).

Every speaker and every quotation here is FICTIONAL (invented people, groups, places and words);
the articles are written for Khabar tests.
"""

from __future__ import annotations

import pytest

from khabar.model import Document, Extraction, Quote

MAIN = """Analysts doubt the truce in Zorbat

Layla Haddad, the expert on regional security at the Zorbat Institute, says: "The ceasefire is fragile. Both sides are rearming."
Political analyst Omar Fictiwi said “the talks will fail without guarantees.”
He also points out that the militias have not disarmed.
Fictiwi stresses that the border remains closed.
According to Samir Qandil, a local journalist, the town is calm.
Karim Haddoun told reporters that the road to the village was mined.
Haddoun notes that prices have doubled in the market.
He warns that the winter will make things worse.
Rana Salibi, a teacher in the town, says the schools have reopened.
The Zorbatian interior ministry announced a curfew. The ministry said the curfew would last three days.
Written for Khabar tests.
"""  # noqa: E501

MARKS = """Voices from Zorbat

Omar Darwazi spoke at a meeting in the town hall on Monday.
"We will stay until the end," Darwazi said, adding that nobody would be forced out.
Karim Haddoun added: "We should not expect miracles from this agreement.
Nobody trusts the other side,” Haddoun said.
Written for Khabar tests.
"""

FRAMED = """Fictiwi says talks "will fail"

Fictiwi says peace is near [Photo: AFP]
Omar Fictiwi, a fictional negotiator, met residents on Monday.
Fictiwi says the road will reopen soon [Photo: AFP]
Written for Khabar tests.
"""


@pytest.fixture(scope="module")
def results(extractor) -> dict[str, tuple[Document, Extraction]]:
    docs = {
        "main": Document(text=MAIN, doc_id="main", title="Analysts doubt the truce in Zorbat"),
        "marks": Document(text=MARKS, doc_id="marks", title="Voices from Zorbat"),
        "framed": Document(text=FRAMED, doc_id="framed", title='Fictiwi says talks "will fail"'),
    }
    out = dict(zip(docs, extractor.extract_many(list(docs.values())), strict=True))
    return {k: (docs[k], out[k]) for k in docs}


def speaker_name(ex: Extraction, q: Quote) -> str:
    ent = ex.entity(q.speaker)
    assert ent is not None, f"quote speaker {q.speaker} is not an entity"
    return ent.name


def quote_with(ex: Extraction, fragment: str) -> Quote:
    hits = [q for q in ex.quotes if fragment in q.text]
    assert len(hits) == 1, f"expected one quote containing {fragment!r}, got {[q.text for q in ex.quotes]}"
    return hits[0]


# -- every quote ---------------------------------------------------------------------------------


def test_quote_offsets_slice_the_text_and_speakers_are_entities(results) -> None:
    assert results["main"][1].quotes and results["marks"][1].quotes
    for doc, ex in results.values():
        for q in ex.quotes:
            assert doc.text[q.start : q.end] == q.text
            assert ex.entity(q.speaker) is not None


# -- direct quotes -----------------------------------------------------------------------------


def test_multi_sentence_direct_quote_in_straight_marks_with_apposition_role(results) -> None:
    _, ex = results["main"]
    q = quote_with(ex, "The ceasefire is fragile")
    assert q.direct
    assert q.text.startswith("The ceasefire is fragile.") and "Both sides are rearming" in q.text
    assert speaker_name(ex, q) == "Layla Haddad"
    assert q.speaker_role is not None and "expert on regional security" in q.speaker_role


def test_speaker_missed_by_the_recogniser_becomes_an_entity(results) -> None:
    _, ex = results["main"]
    haddad = [e for e in ex.entities if e.name == "Layla Haddad"]
    assert len(haddad) == 1 and haddad[0].type == "PERSON"
    assert any(m.text == "Layla Haddad" for m in haddad[0].mentions)


def test_curly_direct_quote_with_role_before_name(results) -> None:
    _, ex = results["main"]
    q = quote_with(ex, "the talks will fail without guarantees")
    assert q.direct
    assert speaker_name(ex, q) == "Omar Fictiwi"
    assert q.speaker_role is not None and q.speaker_role.lower() == "political analyst"


def test_missing_closing_mark_runs_to_the_end_of_the_paragraph(results) -> None:
    _, ex = results["marks"]
    q = quote_with(ex, "We should not expect miracles")
    assert q.direct and q.text == "We should not expect miracles from this agreement"
    assert speaker_name(ex, q) == "Karim Haddoun"


def test_missing_opening_curly_mark_starts_at_the_paragraph(results) -> None:
    _, ex = results["marks"]
    q = quote_with(ex, "Nobody trusts the other side")
    assert q.direct and q.text == "Nobody trusts the other side"
    assert speaker_name(ex, q) == "Karim Haddoun"


def test_direct_quote_then_participle_continuation(results) -> None:
    _, ex = results["marks"]
    q = quote_with(ex, "We will stay until the end")
    assert q.direct and speaker_name(ex, q) == "Omar Darwazi"
    added = quote_with(ex, "nobody would be forced out")  # ", adding that ...": a statement of its own
    assert not added.direct and added.speaker == q.speaker and added.cue == "add"


# -- reported speech -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fragment", "speaker", "cue"),
    [
        ("the militias have not disarmed", "Omar Fictiwi", "point"),  # "He also points out": pronoun
        ("the border remains closed", "Omar Fictiwi", "stress"),  # "Fictiwi stresses": surname
        ("the town is calm", "Samir Qandil", "accord"),  # "According to X, ..."
        ("the road to the village was mined", "Karim Haddoun", "tell"),  # "told reporters that"
        ("prices have doubled", "Karim Haddoun", "note"),  # "Haddoun notes"
        ("the winter will make things worse", "Karim Haddoun", "warn"),  # "He warns"
        ("the schools have reopened", "Rana Salibi", "say"),  # "X, a teacher in the town, says"
    ],
)
def test_reported_speech(results, fragment: str, speaker: str, cue: str) -> None:
    _, ex = results["main"]
    q = quote_with(ex, fragment)
    assert not q.direct
    assert speaker_name(ex, q) == speaker
    assert q.cue == cue


def test_reported_speech_text_is_the_content_not_the_attribution(results) -> None:
    _, ex = results["main"]
    q = quote_with(ex, "the road to the village was mined")
    assert q.text == "the road to the village was mined"
    assert "Haddoun" not in q.text and "told" not in q.text


def test_apposition_roles(results) -> None:
    _, ex = results["main"]
    assert quote_with(ex, "the town is calm").speaker_role == "local journalist"
    assert quote_with(ex, "the schools have reopened").speaker_role == "teacher in the town"


def test_institution_speaker(results) -> None:
    _, ex = results["main"]
    q = quote_with(ex, "the curfew would last three days")
    ent = ex.entity(q.speaker)
    assert ent is not None and ent.type == "GOV_BODY"
    assert "interior ministry" in ent.name.lower()


def test_pronoun_does_not_jump_to_a_later_person(results) -> None:
    # "He also points out" follows Fictiwi's quote, not Haddoun (named later)
    _, ex = results["main"]
    assert speaker_name(ex, quote_with(ex, "the militias have not disarmed")) != "Karim Haddoun"


# -- never from titles or captions -----------------------------------------------------------------


def test_no_quote_from_headline_or_photo_caption(results) -> None:
    doc, ex = results["framed"]
    first_body = doc.text.index("Omar Fictiwi, a fictional")
    caption_2 = doc.text.index("Fictiwi says the road")
    for q in ex.quotes:
        assert first_body <= q.start < caption_2, q
    assert not any("will fail" in q.text or "peace is near" in q.text or "reopen" in q.text for q in ex.quotes)


def test_a_plain_headline_and_caption_article_has_no_quotes(extractor) -> None:
    text = 'Fictiwi says talks "will fail"\n\nFictiwi says peace is near [Photo: AFP]\n'
    ex = extractor.extract(Document(text=text, title='Fictiwi says talks "will fail"'))
    assert ex.quotes == []


# -- known gaps (bug reports) ------------------------------------------------------------------------


def test_second_quotation_after_attribution_in_same_paragraph(extractor) -> None:
    text = 'Omar Fictiwi met residents on Monday.\n"Nobody trusts the other side," he said. "The talks are a show."\n'
    ex = extractor.extract(Document(text=text))
    q = quote_with(ex, "The talks are a show")
    assert q.direct and speaker_name(ex, q) == "Omar Fictiwi"


@pytest.mark.xfail(
    strict=True,
    reason="quotes.find_segments treats the first straight double quote of a paragraph as an opening mark, "
    "so a missing opening mark ('side,\" Fictiwi said.') is only recovered with curly marks",
)
def test_missing_opening_straight_mark(extractor) -> None:
    text = 'Omar Fictiwi met residents on Monday.\nNobody trusts the other side," Fictiwi said.\n'
    ex = extractor.extract(Document(text=text))
    q = quote_with(ex, "Nobody trusts the other side")
    assert q.direct and speaker_name(ex, q) == "Omar Fictiwi"


def test_a_gerund_after_a_preposition_is_not_a_statement(extractor) -> None:
    # fictional: "after blaming X for Y" tells why talks stopped; it reports no words
    text = "Zorbatia suspended talks with the Fictiwa Brigade after blaming the group for an ambush.\n"
    ex = extractor.extract(Document(text=text))
    assert ex.quotes == []


def test_second_quotation_after_an_attribution_with_a_role(extractor) -> None:
    text = (
        'Zorbat was calm on Monday.\n"We will stay," said Karim al-Fictiwi, the brigade commander. '
        '"Nobody can force us out."\n'
    )
    ex = extractor.extract(Document(text=text))  # fictional speaker
    q = quote_with(ex, "Nobody can force us out")
    assert q.direct and speaker_name(ex, q) == "Karim al-Fictiwi"


def test_speaking_to_an_audience_is_not_a_quote(extractor) -> None:
    ex = extractor.extract(Document(text="Omar Fictiwi spoke to reporters in Zorbat on Monday.\n"))
    assert ex.quotes == []


def test_surname_that_is_also_a_kb_place_stays_the_person(extractor) -> None:
    text = (
        "Samir Qandil, a fictional local journalist, visited the market on Monday.\n"
        "Qandil notes that prices have doubled in the market.\n"
    )
    ex = extractor.extract(Document(text=text))
    assert speaker_name(ex, quote_with(ex, "prices have doubled")) == "Samir Qandil"


def test_surname_of_a_speaker_missed_by_the_recogniser_joins_them(extractor) -> None:
    text = (
        'Layla Haddad, the expert on regional security at the Zorbat Institute, says: "The ceasefire is '
        'fragile."\nHaddad stresses that the border remains closed.\n'
    )
    ex = extractor.extract(Document(text=text))
    assert speaker_name(ex, quote_with(ex, "the border remains closed")) == "Layla Haddad"


def test_quote_sentence_index_is_per_document() -> None:
    # a fresh pipeline: the first article's sentences must not number the second article's quotes
    from khabar.extract.pipeline import Extractor

    first = Document(
        text='Rain fell. Roads closed. Shops shut. Schools shut. Omar Fictiwi said: "We wait."\n', doc_id="a"
    )
    second = Document(
        text='Layla Vessar arrived in the border town. "The border is closed," Vessar said.\n', doc_id="b"
    )
    lean = Extractor(skip=("relations", "events"))
    ex = list(lean.extract_many([first, second]))[1]
    q = quote_with(ex, "The border is closed")
    sentences = list(lean.nlp(second.text).sents)
    expected = next(n for n, s in enumerate(sentences) if s.start_char <= q.start < s.end_char)
    assert q.sentence == expected == 1
