"""Tests for khabar.normalize: folding, name keys, fuzzy name comparison, acronyms.

Unit tables use real public names from Middle East news (and a few clearly fictional ones, marked);
property tests use hypothesis on arbitrary text and on generated Latin-script names.
"""

from __future__ import annotations

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from khabar.normalize import (
    PARTICLES,
    acronym,
    fold,
    is_part_of,
    looks_like_acronym,
    name_key,
    similar,
    similar_words,
    skeleton,
    word_keys,
    words,
)

# --------------------------------------------------------------------------------------------------
# fold
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        # case
        ("BAGHDAD", "baghdad"),
        ("Baghdad", "baghdad"),
        ("bAgHdAd", "baghdad"),
        # accents and diacritics of scholarly transliteration
        ("Erdoğan", "erdogan"),
        ("Recep Tayyip Erdoğan", "recep tayyip erdogan"),
        ("café", "cafe"),
        ("É", "e"),
        ("Ḥasan Naṣrallāh", "hasan nasrallah"),
        ("Ṣadr", "sadr"),
        ("Mūsā al-Ṣadr", "musa al sadr"),
        ("Ahmad Ṭāhā", "ahmad taha"),
        # letters without a Unicode decomposition (Turkish dotless i, Nordic, Polish, German)
        ("Binali Yıldırım", "binali yildirim"),
        ("Kılıçdaroğlu", "kilicdaroglu"),
        ("İstanbul", "istanbul"),
        ("Straße", "strasse"),
        ("Øresund", "oresund"),
        ("Łódź", "lodz"),
        # apostrophe variants vanish (they mark an ayn or a hamza inside a word)
        ("Kata'ib", "kataib"),
        ("Kata’ib", "kataib"),
        ("Kataʼib", "kataib"),
        ("Kata‘ib", "kataib"),
        ("Kata`ib", "kataib"),
        ("Kata´ib", "kataib"),
        ("Kataʾib", "kataib"),  # U+02BE, hamza in ALA-LC / IJMES transliteration
        ("Shiʿa", "shia"),  # U+02BF, ayn in ALA-LC / IJMES transliteration
        ("ʿAsaʾib Ahl al-Ḥaqq", "asaib ahl al haqq"),
        ("Hay'at Tahrir al-Sham", "hayat tahrir al sham"),
        # hyphen and space variants become one space
        ("Al-Gedouri", "al gedouri"),
        ("Al- Gedouri", "al gedouri"),
        ("Al -Gedouri", "al gedouri"),
        ("Al – Gedouri", "al gedouri"),
        ("Al–Gedouri", "al gedouri"),  # en dash
        ("Al—Gedouri", "al gedouri"),  # em dash
        ("Al‑Gedouri", "al gedouri"),  # non-breaking hyphen
        ("Al‐Gedouri", "al gedouri"),  # Unicode hyphen
        ("Al−Gedouri", "al gedouri"),  # minus sign
        ("Qais\u00a0al-Khazaali", "qais al khazaali"),  # no-break space
        ("Qais\u202fal-Khazaali", "qais al khazaali"),  # narrow no-break space
        ("Qais\u2009al\u2003Khazaali", "qais al khazaali"),  # thin and em spaces
        ("Qais\tal\nKhazaali\r\n", "qais al khazaali"),
        ("  Qais   al-Khazaali  ", "qais al khazaali"),
        # zero-width characters and soft hyphens vanish inside a word
        ("Khaz\u200baali", "khazaali"),
        ("Khaz\u200caali", "khazaali"),
        ("Khaz\u200daali", "khazaali"),
        ("Khaz\u2060aali", "khazaali"),
        ("\ufeffKhazaali", "khazaali"),
        ("Khaz\u00adaali", "khazaali"),  # soft hyphen (HTML &shy;)
        # other punctuation separates words
        ("Hezbollah's", "hezbollahs"),
        ("(Hezbollah)", "hezbollah"),
        ("Badr, Sadr.", "badr sadr"),
        ("U.S.", "u s"),
        # empty and blank
        ("", ""),
        ("   ", ""),
        ("\u00a0\u202f\u200b", ""),
        ("-–—", ""),
    ],
)
def test_fold(raw: str, folded: str) -> None:
    assert fold(raw) == folded


def test_fold_keeps_digits_and_non_latin_letters() -> None:
    assert fold("Brigade 313") == "brigade 313"
    assert fold("حزب الله") == "حزب الله"
    assert fold("Al-Gedouri") == fold("Al- Gedouri") == fold("al gedouri")


ANY_TEXT = st.text(max_size=60)
NAME_CHARS = st.characters(codec="utf-8", exclude_categories=("Cs",))


@settings(max_examples=1500)
@given(st.text(alphabet=NAME_CHARS, max_size=60))
@example("İ")
@example("ß")
@example("ﬁ ℌ Ⅻ")
@example("Kataʾib\u00ad ʿAli")
def test_fold_is_idempotent(text: str) -> None:
    once = fold(text)
    assert fold(once) == once


@settings(max_examples=1500)
@given(ANY_TEXT)
@example("  a\u00a0\u00a0b  ")
@example("a\u200b \u200bb")
def test_fold_output_is_clean(text: str) -> None:
    out = fold(text)  # never raises
    assert isinstance(out, str)
    assert out == out.strip()
    assert "  " not in out
    assert out == out.casefold()  # (Cherokee casefolds to upper case)
    assert not any(c in out for c in "'’‘ʼ`´-–—\u00a0\u202f\u200b\t\n")


@settings(max_examples=500)
@given(ANY_TEXT)
def test_fold_is_case_insensitive(text: str) -> None:
    assert fold(text.upper()) == fold(text.lower()) == fold(text)


# --------------------------------------------------------------------------------------------------
# words, skeleton, name_key
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Al- Gedouri", ["gedouri"]),
        ("Qais al-Khazaali", ["qais", "khazaali"]),
        ("Nouri el-Maliki", ["nouri", "maliki"]),
        ("Tahrir ash-Sham", ["tahrir", "sham"]),
        ("Jabhat an-Nusra", ["jabhat", "nusra"]),
        ("Abd ar-Rahman ad-Dakhil", ["abd", "rahman", "dakhil"]),
        ("Deir ez-Zor", ["deir", "zor"]),
        ("The Houthis", ["houthis"]),
        ("Al", ["al"]),  # nothing but a particle: kept
        ("al-Ash", ["al", "ash"]),
        ("", []),
    ],
)
def test_words_drop_particles(raw: str, expected: list[str]) -> None:
    assert words(raw) == expected


@pytest.mark.parametrize(
    ("word", "skel"),
    [
        ("khazaali", "khasali"),
        ("khazali", "khasali"),
        ("mohammed", "muhamid"),
        ("saeed", "sid"),
        ("said", "sid"),
        ("hezbollah", "hisbula"),
        ("hizbullah", "hisbula"),
        ("qassem", "kasim"),
        ("kadhimi", "kasimi"),
        ("hamzah", "hamsa"),
        ("phalange", "falangi"),
        ("ghaith", "git"),
        ("", ""),
    ],
)
def test_skeleton(word: str, skel: str) -> None:
    assert skeleton(word) == skel


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Qais al-Khazaali", "Qays Khazali"),
        ("Qais al-Khazaali", "QAIS AL-KHAZAALI"),
        ("Qais al-Khazaali", "Qais al‑Khaz’aali"),
        ("Al- Gedouri", "Al-Gedouri"),
        ("Al-Gedouri", "Gedouri"),
        ("Hizbullah", "Hezbollah"),
        ("Popular Mobilisation Forces", "Popular Mobilization Forces"),
        ("Qassem Soleimani", "Qasem Suleimani"),
        ("Nouri al-Maliki", "Nuri al-Maliki"),
        ("Moqtada al-Sadr", "Muqtada al-Sadr"),
        ("Mustafa al-Kadhimi", "Mustafa al-Kazimi"),
        ("Osama bin Laden", "Usama bin Ladin"),
        ("Tahrir al-Sham", "Tahrir ash-Sham"),
        ("Deir ez-Zor", "Deir al-Zour"),
        ("Asa'ib Ahl al-Haq", "Asaib Ahl al-Haqq"),
        ("Binali Yıldırım", "Binali Yildirim"),
        ("Kataʾib Hezbollah", "Kataib Hezbollah"),
        ("Saeed", "Said"),
        ("Hamzah", "Hamza"),
        ("Fallujah", "Falluja"),
    ],
)
def test_name_key_equal(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)
    assert word_keys(a) == word_keys(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Sadr", "Badr"),
        ("Iraq", "Iran"),
        ("Hamas", "Hama"),
        ("Mohammed", "Muhammad"),  # close, but not one key: similar() bridges them
        ("Qais al-Khazali", "Laith al-Khazali"),
    ],
)
def test_name_key_different(a: str, b: str) -> None:
    assert name_key(a) != name_key(b)


def test_name_key_of_blank_is_empty() -> None:
    assert name_key("") == ""
    assert name_key(" \u00a0- ") == ""
    assert word_keys("") == ()


# --------------------------------------------------------------------------------------------------
# similar
# --------------------------------------------------------------------------------------------------

SAME_NAME = [
    ("Qais al-Khazaali", "Qays Khazali"),
    ("Qais al-Khazaali", "Qais al-Khazali"),
    ("Hizbullah", "Hezbollah"),
    ("Kataib Hezbollah", "Kata'ib Hizballah"),
    ("Popular Mobilisation Forces", "Popular Mobilization Forces"),
    ("Qassem Soleimani", "Qasem Suleimani"),
    ("Qassem Soleimani", "Qasem Soleimani"),
    ("Mohammed", "Muhammad"),
    ("Mohamed", "Muhammad"),
    ("Mohammed bin Salman", "Muhammad bin Salman"),
    ("Abdul Mahdi", "Abdel Mahdi"),
    ("Adil Abdul Mahdi", "Adel Abdel-Mahdi"),
    ("Abu Mahdi al-Muhandis", "Abu Mahdi el-Mohandes"),
    ("Nouri al-Maliki", "Nuri al-Maliki"),
    ("Moqtada al-Sadr", "Muqtada as-Sadr"),
    ("Hadi al-Amiri", "Hadi al-Ameri"),
    ("Asa'ib Ahl al-Haq", "Asaib Ahl al-Haqq"),
    ("Ayman al-Zawahiri", "Ayman al-Zawahri"),
    ("Abu Bakr al-Baghdadi", "Abu Bakr al-Baghdady"),
    ("Hassan Nasrallah", "Hasan Nasrallah"),
    ("Houthis", "Huthis"),
    ("Bashar al-Assad", "Bashar el-Assad"),
    ("Haider al-Abadi", "Haidar al-Abadi"),
    ("Muammar Gaddafi", "Moammar Gadhafi"),
    ("Hashd al-Shaabi", "Hashd al-Shabi"),
    ("Jaish al-Mahdi", "Jaysh al-Mahdi"),
    ("Hayat Tahrir al-Sham", "Hay'at Tahrir ash-Sham"),
    ("Recep Tayyip Erdogan", "Recep Tayyip Erdoğan"),
    ("Ali Abdullah Saleh", "Ali Abdallah Salih"),
    ("Deir ez-Zor", "Deir al-Zour"),
    ("Idlib", "Edlib"),
    ("Mosul", "Mousul"),
    ("Lattakia", "Latakia"),
    ("Al-Qaeda", "al-Qaida"),
    ("Al- Gedouri", "Al-Gedouri"),
    ("Zarkon al-Vessamir", "Zarqun el-Vesamir"),  # fictional
]

DIFFERENT_NAME = [
    ("Sadr", "Badr"),
    ("Amiri", "Maliki"),
    ("Hadi", "Mahdi"),
    ("Iraq", "Iran"),
    ("Hamas", "Hama"),
    ("Hamas", "Hamza"),
    ("Amal", "Aml"),
    ("Amal", "Aman"),
    ("Qais", "Qasim"),
    ("Saddam", "Sadr"),
    ("Hasan", "Husayn"),
    ("Hassan", "Hussein"),
    ("Ali", "Alawi"),
    ("Omar", "Amir"),
    ("Oman", "Amman"),
    ("Gaza", "Giza"),
    ("Raqqa", "Rafah"),
    ("Homs", "Hama"),
    ("Sunni", "Shia"),
    ("Barzani", "Talabani"),
    ("Kurdistan", "Turkistan"),
    ("Abadi", "Ebadi"),
    ("Moqtada al-Sadr", "Muhammad al-Sadr"),
    ("Nouri al-Maliki", "Hadi al-Amiri"),
    ("Qais al-Khazali", "Laith al-Khazali"),
    ("Masoud Barzani", "Nechirvan Barzani"),
    ("Ruhollah Khomeini", "Ali Khamenei"),
    ("Hassan Rouhani", "Hassan Nasrallah"),
    ("Ismail Haniyeh", "Ismail Qaani"),
    ("Kataib Hezbollah", "Kataib Sayyid al-Shuhada"),
    ("Hezbollah", "Hizb ut-Tahrir"),
    ("Jabhat al-Nusra", "Jaish al-Islam"),
    ("Badr Organization", "Sadr Movement"),
    ("Abu Mahdi al-Muhandis", "Abu Bakr al-Baghdadi"),
    ("Ali Larijani", "Ali Shamkhani"),
    ("Zarkon al-Vessamir", "Zarkon al-Messamir"),  # fictional
    ("Qais al-Khazaali", "Khazaali"),  # different word counts: is_part_of, not similar
]


@pytest.mark.parametrize(("a", "b"), SAME_NAME)
def test_similar_same_name(a: str, b: str) -> None:
    assert similar(a, b)
    assert similar(b, a)


@pytest.mark.parametrize(("a", "b"), DIFFERENT_NAME)
def test_similar_different_name(a: str, b: str) -> None:
    assert not similar(a, b)
    assert not similar(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        pytest.param("Khamenei", "Khomeini", id="khamenei-khomeini"),
        pytest.param("Bashir", "Bashar", id="bashir-bashar"),
        pytest.param("Hamid", "Hamad", id="hamid-hamad"),
        pytest.param("Sadat", "Saddam", id="sadat-saddam"),
    ],
)
@pytest.mark.xfail(strict=True, reason="known limitation: one vowel edit is allowed in words of 5-7 letters, "
                   "which Mohammed/Muhammad and Hizballah/Hizbullah need")
def test_similar_known_false_positives(a: str, b: str) -> None:
    assert not similar(a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        pytest.param("Ismail Haniyeh", "Ismail Haniya", id="eh-a-ending"),
        pytest.param("Qaddafi", "Gaddafi", id="q-g"),
        pytest.param("Ismail Qaani", "Esmail Ghaani", id="q-gh"),
        pytest.param("Abdul-Malik al-Houthi", "Abdulmalik al-Houthi", id="word-split"),
    ],
)
@pytest.mark.xfail(strict=True, reason="known limitation: variants the skeleton rules do not map together")
def test_similar_known_misses(a: str, b: str) -> None:
    assert similar(a, b)


def test_similar_blank_names_are_never_similar() -> None:
    assert not similar("", "")
    assert not similar("", "Sadr")
    assert not similar("--", "--")


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("sadr", "sadr", True),
        ("sadr", "badr", False),  # first letter differs
        ("sadr", "sadi", False),  # short words must be equal
        ("amiri", "amiru", True),  # 5 letters: one edit
        ("amiri", "amuru", False),  # 5 letters: not two
        ("muhandis", "muhandas", True),
        ("muhandis", "muhondas", True),  # 8 letters: two edits
        ("muhandis", "mxhondas", False),  # 8 letters: not three
    ],
)
def test_similar_words_is_length_aware(a: str, b: str, expected: bool) -> None:
    assert similar_words(a, b) is expected
    assert similar_words(b, a) is expected


# --------------------------------------------------------------------------------------------------
# is_part_of
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("short", "full", "expected"),
    [
        ("Khazaali", "Qais al-Khazaali", True),
        ("al-Khazali", "Qais al-Khazaali", True),
        ("Al-Dulaimi", "Abdul Qader al-Dulaimi", True),
        ("Muhandis", "Abu Mahdi al-Muhandis", True),
        ("Mahdi al-Muhandis", "Abu Mahdi al-Muhandis", True),
        ("Soleimani", "Qasem Suleimani", True),
        ("Qasem", "Qasem Soleimani", False),  # a first name is not a trailing part
        ("Sadr", "Moqtada al-Badr", False),
        ("Qais al-Khazaali", "Qais al-Khazaali", False),  # not shorter
        ("Qais al-Khazaali", "Khazaali", False),
        ("", "Qais al-Khazaali", False),
    ],
)
def test_is_part_of(short: str, full: str, expected: bool) -> None:
    assert is_part_of(short, full) is expected


# --------------------------------------------------------------------------------------------------
# acronym, looks_like_acronym
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "acr"),
    [
        ("Popular Mobilisation Forces", "PMF"),
        ("Islamic Revolutionary Guard Corps", "IRGC"),
        ("Kurdistan Workers' Party", "KWP"),
        ("Syrian Democratic Forces", "SDF"),
        ("Kata'ib Hezbollah", "KH"),
        ("Hay'at Tahrir al-Sham", "HTS"),
        ("Asa'ib Ahl al-Haq", "AAH"),
        ("Kataib Sayyid al-Shuhada", "KSS"),
        ("Islamic State of Iraq and al-Sham", "ISIS"),
        ("Islamic State of Iraq and the Levant", "ISIL"),
        ("Al-Qaeda in the Arabian Peninsula", "AQAP"),  # a leading al- belongs to the name
        ("Al-Qaeda in the Islamic Maghreb", "AQIM"),
        ("Hay’at Tahrir al‒Sham", "HTS"),  # figure dash
        ("Popular\u00a0Mobilisation\u00a0Forces", "PMF"),
        ("Patriotic Union of Kurdistan", "PUK"),
        ("", ""),
        ("of the and", ""),
    ],
)
def test_acronym(name: str, acr: str) -> None:
    assert acronym(name) == acr


@pytest.mark.parametrize("text", ["IRGC", "PMF", "IS-KP", "IRGC-QF", "SDF", "UN", "P5", "G20"])
def test_looks_like_acronym(text: str) -> None:
    assert looks_like_acronym(text)


@pytest.mark.parametrize(
    "text", ["I", "Irgc", "irgc", "IRGC-", "-IRGC", "IRGCQFXYZ", "2IRGC", "IR GC", "", "PMF.", "ÉTAT"]
)
def test_does_not_look_like_acronym(text: str) -> None:
    assert not looks_like_acronym(text)


# --------------------------------------------------------------------------------------------------
# Property tests on generated names
# --------------------------------------------------------------------------------------------------

LETTERS = "abcdefghijklmnopqrstuvwxyz"
#: Name words: lower-case Latin letters (optionally with an inner apostrophe), never a particle.
WORD = (
    st.text(alphabet=LETTERS, min_size=2, max_size=10)
    .flatmap(lambda w: st.sampled_from([w, w[:1] + "'" + w[1:]]))
    .filter(lambda w: fold(w) not in PARTICLES)
    .map(str.capitalize)
)
NAME = st.lists(WORD, min_size=1, max_size=4).map(" ".join)
MULTI_WORD_NAME = st.lists(WORD, min_size=2, max_size=4).map(" ".join)
SEPARATORS = st.sampled_from([" ", "\u00a0", "\u202f", "-", "–", " - ", "  "])
LATIN_NAME = st.lists(
    st.text(alphabet=LETTERS + "éèêëáàâäíïóöôúüûçñğşıł", min_size=1, max_size=10), min_size=1, max_size=4
).map(" ".join)


@given(NAME)
def test_prop_similar_reflexive(name: str) -> None:
    assert similar(name, name)


@given(st.text(max_size=30))
def test_prop_similar_reflexive_any_text(text: str) -> None:
    assert similar(text, text) == bool(word_keys(text))


@given(NAME, NAME)
@example("Sadr", "Badr")
@example("Muhandis", "Mohandes")
def test_prop_similar_symmetric(a: str, b: str) -> None:
    assert similar(a, b) == similar(b, a)


@given(st.text(max_size=30), st.text(max_size=30))
def test_prop_similar_symmetric_any_text(a: str, b: str) -> None:
    assert similar(a, b) == similar(b, a)


@given(NAME)
def test_prop_name_key_case_invariant(name: str) -> None:
    assert name_key(name.upper()) == name_key(name) == name_key(name.lower()) == name_key(name.title())


@given(LATIN_NAME)
@example("Yıldırım")
@example("Straße")
def test_prop_name_key_case_invariant_with_accents(name: str) -> None:
    assert name_key(name.upper()) == name_key(name.lower())


@given(MULTI_WORD_NAME, st.data())
def test_prop_name_key_space_variants(name: str, data: st.DataObject) -> None:
    parts = name.split(" ")
    variant = parts[0]
    for p in parts[1:]:
        variant += data.draw(SEPARATORS) + p
    assert name_key(variant) == name_key(name)
    assert similar(variant, name)


@given(NAME)
def test_prop_name_key_nbsp_invariant(name: str) -> None:
    assert name_key(name.replace(" ", "\u00a0")) == name_key(name)
    assert name_key(name.replace(" ", "\u202f", 1)) == name_key(name)


@given(NAME, st.sampled_from(["’", "ʼ", "‘", "`", "´", "ʾ", "ʿ"]))
def test_prop_name_key_apostrophe_invariant(name: str, apostrophe: str) -> None:
    assert name_key(name.replace("'", apostrophe)) == name_key(name)


@given(MULTI_WORD_NAME, st.data(), st.sampled_from(["al-", "Al-", "el-", "al ", "Al- ", "ad-", "as-", "the ", "al‑"]))
def test_prop_particle_insertion_invariant(name: str, data: st.DataObject, particle: str) -> None:
    parts = name.split(" ")
    i = data.draw(st.integers(0, len(parts) - 1))
    with_particle = " ".join([*parts[:i], particle + parts[i], *parts[i + 1:]])
    assert name_key(with_particle) == name_key(name)
    assert similar(with_particle, name)


@given(NAME)
def test_prop_zero_width_invariant(name: str) -> None:
    mid = len(name) // 2
    assume(name[mid - 1 : mid + 1].isalpha())
    assert name_key(name[:mid] + "\u200b" + name[mid:]) == name_key(name)
    assert name_key(name[:mid] + "\u00ad" + name[mid:]) == name_key(name)


@given(MULTI_WORD_NAME)
def test_prop_last_word_is_part_of_full_name(name: str) -> None:
    last = name.split(" ")[-1]
    assert is_part_of(last, name)
    assert is_part_of("al-" + last, name)
    assert not is_part_of(name, last)


@given(NAME)
def test_prop_name_is_not_part_of_itself(name: str) -> None:
    assert not is_part_of(name, name)


@given(NAME)
def test_prop_name_key_is_fixed_point_of_words(name: str) -> None:
    key = name_key(name)
    assert key == " ".join(word_keys(name))
    assert key == key.strip() and "  " not in key
    assert len(word_keys(name)) == len(name.split(" "))


@given(st.text(max_size=40))
@example("Hay'at Tahrir al-Sham")
def test_prop_acronym_is_upper_case_letters(text: str) -> None:
    acr = acronym(text)  # never raises
    assert acr == acr.upper()
    assert all(c.isalpha() for c in acr)


@given(st.lists(WORD, min_size=1, max_size=6).map(" ".join))
def test_prop_acronym_of_latin_names(name: str) -> None:
    acr = acronym(name)
    assert all("A" <= c <= "Z" for c in acr)
    assert len(acr) <= len(name.split())
    significant = [w for w in name.split() if w.lower() not in {"of", "the", "and", "for", "in", "on", "to", "a",
                                                                  "an", "de", "del", "la", "le", "du"}]
    assert acr == "".join(w[0] for w in significant).upper()


@given(st.from_regex(r"[A-Z][A-Z0-9]{1,7}(-[A-Z0-9]{1,4})?", fullmatch=True))
def test_prop_generated_acronyms_look_like_acronyms(text: str) -> None:
    assert looks_like_acronym(text)


@given(st.from_regex(r"[A-Z][A-Z0-9]{1,7}", fullmatch=True), st.integers(0, 7))
def test_prop_lower_case_letter_spoils_acronym(text: str, pos: int) -> None:
    pos = pos % len(text)
    assume(text[pos].isalpha())
    spoiled = text[:pos] + text[pos].lower() + text[pos + 1:]
    assert not looks_like_acronym(spoiled)
    assert not looks_like_acronym(text[:1])


@given(st.text(alphabet=LETTERS, min_size=1, max_size=12))
def test_prop_skeleton_is_stable(word: str) -> None:
    once = skeleton(word)
    assert skeleton(once) == once
    assert set(once) <= set(LETTERS)
    assert len(once) <= len(word)
