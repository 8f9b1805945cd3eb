"""Legacy Vietnamese encodings: tables, round trips, syllables and detection."""

from __future__ import annotations

import unicodedata

import pytest

from geo.imports.encoding import (
    decode_bytes,
    detect_encoding,
    detect_text_encoding,
    encode_text,
    is_vietnamese_syllable,
    redecode_text,
)

NAMES = ["Khu công nghiệp Yên Phong", "Đình Vũ", "Hải Dương", "Quế Võ", "Khu kinh tế Thái Bình",
         "Phố Nối A", "Nguyễn Đức Cảnh", "Khu chế xuất và công nghiệp Nam Đình Vũ"]


def test_known_byte_values() -> None:
    # TCVN3 (ABC): ô = 0xAB, ệ = 0xD6, ê = 0xAA, Đ = 0xA7, ư = 0xAD, ơ = 0xAC, ả = 0xB6
    assert decode_bytes(b"Khu c\xabng nghi\xd6p Y\xaan Phong", "tcvn3") == NAMES[0]
    assert decode_bytes(b"\xa7\xd7nh V\xf2", "tcvn3") == "Đình Vũ"
    assert decode_bytes(b"H\xb6i D\xad\xacng", "tcvn3") == "Hải Dương"
    # VNI-Windows: base letter + mark bytes ("Xin chaøo" = "Xin chào"), ô = ơ, ö = ư, Ñ = Đ
    assert decode_bytes(b"Xin cha\xf8o ca\xf9c ba\xefn", "vni") == "Xin chào các bạn"
    assert decode_bytes(b"Ha\xfbi D\xf6\xf4ng", "vni") == "Hải Dương"
    assert decode_bytes(b"\xd1\xecnh Vu\xf5", "vni") == "Đình Vũ"


@pytest.mark.parametrize("enc", ["tcvn3", "vni", "cp1258", "utf-8"])
def test_round_trip_nfc(enc: str) -> None:
    for name in NAMES:
        data = encode_text(name, enc)
        text = decode_bytes(data, enc)
        assert text == name
        assert unicodedata.is_normalized("NFC", text)


def test_cp1258_uses_combining_marks_and_is_normalised() -> None:
    data = encode_text("Quế Võ", "cp1258")
    assert len(data) > len("Quế Võ")  # tone marks stored as separate combining bytes
    assert decode_bytes(data, "cp1258") == "Quế Võ"


def test_syllables() -> None:
    for word in ("nghiệp", "Quế", "Đình", "khuya", "người", "thuở", "giữa", "Yên", "Ỵ"):
        assert is_vietnamese_syllable(word), word
    for word in ("c«ng", "nghiÖp", "Haûi", "Döông", "aeiou", "nghiệpp", "hoá̀"):
        assert not is_vietnamese_syllable(word), word


@pytest.mark.parametrize("enc", ["tcvn3", "vni", "cp1258", "utf-8"])
def test_detect_each_encoding(enc: str) -> None:
    guess = detect_encoding([encode_text(n, enc) for n in NAMES])
    assert guess.encoding == enc
    assert guess.source == "detected"


def test_wrong_cpg_is_overruled_and_right_one_kept() -> None:
    samples = [encode_text(n, "tcvn3") for n in NAMES]
    wrong = detect_encoding(samples, declared="UTF-8")
    assert wrong.encoding == "tcvn3" and ".cpg" in wrong.note
    right = detect_encoding([encode_text(n, "cp1258") for n in NAMES], declared="1258")
    assert (right.encoding, right.source) == ("cp1258", "file (.cpg)")
    assert detect_encoding(samples, user="vni").encoding == "vni"


def test_ascii_only_defaults_to_utf8() -> None:
    guess = detect_encoding([b"Yen Phong", b"Que Vo"])
    assert (guess.encoding, guess.source) == ("utf-8", "default")


def test_text_typed_in_legacy_fonts() -> None:
    # spreadsheet cells typed in .VnTime: the TCVN3 bytes appear as Windows-1252 characters
    cells = [encode_text(n, "tcvn3").decode("cp1252", errors="ignore") for n in NAMES[:4]]
    guess = detect_text_encoding(cells)
    assert guess.encoding == "tcvn3"
    assert redecode_text(cells[2], "tcvn3") == "Hải Dương"
    assert detect_text_encoding(NAMES).encoding == "utf-8"
