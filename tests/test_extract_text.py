"""Tests for khabar.extract.text: the same-length analysis copy and the classification of an
article's lines into title, heading, caption, boilerplate, byline and body blocks.

All article lines here are written for Khabar tests (invented or generic wording).
"""

from __future__ import annotations

import pytest

from khabar.extract.text import Block, BlockKind, analysis_text, blocks

# -- analysis_text -------------------------------------------------------------------------------


def test_analysis_text_keeps_length_and_replaces_tricky_characters() -> None:
    text = "Asa\u2019ib\u00a0Ahl al\u2011Haq\u202fsaid \u2018no\u2019 \u2014 `x\u00b4\u200b\ufeffend"
    out = analysis_text(text)
    assert len(out) == len(text)
    assert out == "Asa'ib Ahl al-Haq said 'no' \u2014 'x'  end"


def test_analysis_text_offsets_index_the_original() -> None:
    text = "Qais\u00a0al\u2011Khazali met Hadi al\u2010Amiri in Baghdad\u2019s Green Zone."
    out = analysis_text(text)
    for word in ("Baghdad", "Green Zone", "Khazali", "Amiri"):
        i = out.index(word)
        assert text[i : i + len(word)] == word
    # every character either stayed or was swapped one-for-one
    changed = [(a, b) for a, b in zip(text, out, strict=True) if a != b]
    assert changed == [("\u00a0", " "), ("\u2011", "-"), ("\u2010", "-"), ("\u2019", "'")]


def test_analysis_text_leaves_plain_text_alone() -> None:
    text = 'He said: "Nothing changed." \u201cQuoted\u201d \u2013 fine\n\nNext line.'
    assert analysis_text(text) == text


# -- blocks ----------------------------------------------------------------------------------------


def kinds(text: str, **kw) -> list[tuple[str, BlockKind]]:
    return [(text[b.start : b.end], b.kind) for b in blocks(text, **kw)]


def test_a_whole_article_is_classified_line_by_line() -> None:
    text = (
        "Rockets Hit Base Near Fictional City\n"
        "By Jane Fictional\n"
        "\n"
        "Three rockets struck a base on Friday, officials said.\n"
        "Background of the attack\n"
        "The base has been targeted before, according to the ministry.\n"
        "Smoke rises over the base. [Photo: AFP]\n"
        "Share this article\n"
        "Written for Khabar tests.\n"
    )
    assert kinds(text) == [
        ("Rockets Hit Base Near Fictional City", BlockKind.TITLE),
        ("By Jane Fictional", BlockKind.BYLINE),
        ("Three rockets struck a base on Friday, officials said.", BlockKind.BODY),
        ("Background of the attack", BlockKind.HEADING),
        ("The base has been targeted before, according to the ministry.", BlockKind.BODY),
        ("Smoke rises over the base. [Photo: AFP]", BlockKind.CAPTION),
        ("Share this article", BlockKind.BOILERPLATE),
        ("Written for Khabar tests.", BlockKind.BOILERPLATE),
    ]


def test_block_offsets_slice_the_text_without_surrounding_space() -> None:
    text = "Title line\r\n\r\n   An indented body line ends here.   \r\nAnother body line, with a comma.\n"
    bl = blocks(text)
    assert [text[b.start : b.end] for b in bl] == [
        "Title line",
        "An indented body line ends here.",
        "Another body line, with a comma.",
    ]
    assert all(b.start < b.end for b in bl)
    assert [b.start for b in bl] == sorted(b.start for b in bl)


def test_empty_and_blank_text_has_no_blocks() -> None:
    assert blocks("") == []
    assert blocks("\n \n\t\n") == []


def test_first_line_is_a_title_only_when_asked() -> None:
    text = "Short first line\nA body sentence follows it here.\n"
    assert kinds(text)[0][1] == BlockKind.TITLE
    assert kinds(text, first_line_is_title=False)[0][1] == BlockKind.HEADING
    # a first line that is a full sentence is body when it is not the title
    assert kinds("The militia withdrew from the town on Friday.\n", first_line_is_title=False) == [
        ("The militia withdrew from the town on Friday.", BlockKind.BODY)
    ]


@pytest.mark.parametrize(
    "line",
    [
        "Fighters gather near the front line [Photo: Reuters]",
        "A convoy on the highway [AFP/Getty Images]",
        "Photo: a damaged building in the old city",
        "Image - protesters outside the embassy",
        "Residents inspect the damage (Photo by a local resident)",
    ],
)
def test_captions_with_credits_or_labels(line: str) -> None:
    text = f"Title\n{line}\nA body sentence that is long enough to be body text.\n"
    assert kinds(text)[1] == (line, BlockKind.CAPTION)


def test_a_repeated_line_is_a_caption() -> None:
    line = "Fighters of a fictional brigade parade through the town, residents said."
    text = f"Title\n{line}\nSome other body sentence here.\n{line}\n"
    assert [k for _, k in kinds(text)] == [BlockKind.TITLE, BlockKind.BODY, BlockKind.BODY, BlockKind.CAPTION]


@pytest.mark.parametrize(
    "line",
    [
        "3 Comments",
        "Comment",
        "Share",
        "Tweet this",
        "Print this article",
        "Copyright 2024 Fictional Media",
        "© Fictional Media",
        "All rights reserved",
        "Read more: other stories",
        "Advertisement",
        "Click here to subscribe",
        "Do you like this article?",
        "Written for Khabar tests",
    ],
)
def test_boilerplate_lines(line: str) -> None:
    text = f"Title\n{line}\nA body sentence that is long enough to be body text.\n"
    assert kinds(text)[1] == (line, BlockKind.BOILERPLATE)


@pytest.mark.parametrize(
    "line",
    [
        "By Jane Fictional",
        "Written by John Fictional and Mary Example",
        "Reporting by Sam Example; editing by Lee Example",
    ],
)
def test_bylines(line: str) -> None:
    text = f"Title\n{line}\nA body sentence that is long enough to be body text.\n"
    assert kinds(text)[1] == (line, BlockKind.BYLINE)


def test_long_line_starting_with_by_is_body() -> None:
    line = "By Friday evening the fictional brigade had withdrawn from all three villages near the river."
    assert kinds(f"Title\n{line}\n")[1] == (line, BlockKind.BODY)


def test_short_body_sentence_starting_with_by_lowercase_is_not_a_byline() -> None:
    # a byline needs a capitalised name after "By": "By nightfall ..." is a body sentence
    line = "By nightfall the militia had withdrawn."
    assert kinds(f"Title\n{line}\n")[1] == (line, BlockKind.BODY)


@pytest.mark.parametrize(
    "line", ["By Friday, the militia had withdrawn.", "By January most residents had left the town."]
)
def test_short_body_sentence_starting_with_by_and_a_date_is_not_a_byline(line: str) -> None:
    assert kinds(f"Title\n{line}\n")[1] == (line, BlockKind.BODY)


def test_headings_are_short_lines_without_final_punctuation() -> None:
    text = (
        "Title\n"
        "What happened next\n"  # short, no full stop: heading
        "What happened next was unclear.\n"  # a sentence: body
        "Is the ceasefire holding?\n"  # question mark: body
        "This line has far more than twelve words in it and yet it has no final punctuation mark\n"
    )
    assert [k for _, k in kinds(text)] == [
        BlockKind.TITLE,
        BlockKind.HEADING,
        BlockKind.BODY,
        BlockKind.BODY,
        BlockKind.BODY,
    ]


def test_boilerplate_wins_over_title_and_caption_over_title() -> None:
    assert kinds("Advertisement\nBody text that ends with a stop.\n")[0][1] == BlockKind.BOILERPLATE
    assert kinds("Photo: the scene\nBody text that ends with a stop.\n")[0][1] == BlockKind.CAPTION


def test_block_properties() -> None:
    assert Block(0, 1, BlockKind.BODY).is_body
    assert not Block(0, 1, BlockKind.CAPTION).is_body
    trusted = {k: Block(0, 1, k).trusted_names for k in BlockKind}
    assert trusted == {
        BlockKind.TITLE: False,
        BlockKind.HEADING: False,
        BlockKind.CAPTION: True,
        BlockKind.BOILERPLATE: True,
        BlockKind.BYLINE: True,
        BlockKind.BODY: True,
    }
