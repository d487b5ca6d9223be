"""Files that are not UTF-8 (issue 16, class 11): the legacy encoding is detected or, when it is a
guess, named in a warning with ``--encoding NAME`` to choose another.

The byte strings are made with Python's codecs, which implement the encodings' published tables
(GB18030, Big5, Shift_JIS, EUC-JP, EUC-KR, Windows-1251/1252, ISO 8859-1); the texts are
bibliography entries as people write them in those languages.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from bibexport import api
from bibexport.cli import main
from bibexport.text import decode, guess_encoding

ENTRIES = {
    "gb18030": ("基于深度学习的图像识别方法研究", "张三 and 李四", "计算机学报"),
    "big5": ("基於深度學習的圖像識別方法研究", "張三 and 李四", "計算機學報"),
    "shift_jis": ("深層学習による画像認識の研究", "山田 太郎", "情報処理学会論文誌"),
    "euc-jp": ("深層学習による画像認識の研究", "山田 太郎", "情報処理学会論文誌"),
    "euc-kr": ("딥 러닝을 이용한 영상 인식 방법 연구", "김철수 and 이영희", "한국정보과학회 논문지"),
    "cp1251": ("Глубокое обучение для распознавания изображений", "Иванов, Иван", "Труды института"),
    "cp1252": ("“Über” Graphen – Méthodes", "Müller, Jürgen and Çelik, Zoë", "Zeitschrift für Informatik"),
    "latin-1": ("Über Graphen", "Müller, Jürgen", "Revue française d'informatique"),
}
LABELS = {
    "gb18030": "GBK (GB18030, simplified Chinese)", "big5": "Big5 (traditional Chinese)",
    "shift_jis": "Shift_JIS (Japanese)", "euc-jp": "EUC-JP (Japanese)", "euc-kr": "EUC-KR (Korean)",
    "cp1251": "Windows-1251 (Cyrillic)", "cp1252": "Windows-1252 (Western European)", "latin-1": "Latin-1",
}


def _bib(title: str, author: str, journal: str) -> str:
    return f"% my old bibliography\n@article{{k2001,\n  title = {{{title}}},\n  author = {{{author}}},\n" \
           f"  journal = {{{journal}}},\n  year = 2001\n}}\n"


def _encoded(encoding: str) -> bytes:
    data = _bib(*ENTRIES[encoding]).encode(encoding)
    # Latin-1 proper: a C1 control byte (0x81) that Windows-1252 leaves undefined, in a comment.
    return data + b"% \x81\n" if encoding == "latin-1" else data


@pytest.mark.parametrize("encoding", list(ENTRIES))
def test_a_legacy_file_is_read_in_its_encoding_and_the_warning_names_it(tmp_path, encoding):
    path = tmp_path / "old.bib"
    path.write_bytes(_encoded(encoding))
    result = api.read(path)
    (record,) = result.records
    title, _, journal = ENTRIES[encoding]
    assert (record.title, record.get("container-title")) == (title, journal)
    (warning,) = [p for p in result.problems if "UTF-8" in p.message]
    assert warning.line == 3  # the first byte that is not UTF-8 is in the title
    assert f"read as {LABELS[encoding]}" in warning.message
    assert "--encoding NAME" in warning.message


def test_guess_encoding_of_each_sample():
    for encoding in ENTRIES:
        assert guess_encoding(_encoded(encoding)) == encoding


@pytest.mark.parametrize("text, encoding", [
    ("Gödel, Kurt", "latin-1"),  # a lone accented letter next to ASCII is no double-byte character
    ("Dupré, René and Noël, Brûlé", "latin-1"),
    ("Őrült Ürügy, Ágnes Ödön", "cp1250"),  # Central European: not in the list, still read as Western
    ("Иванов, Пётр", "cp1251"),
    ("北京大学", "gbk"),
])
def test_short_texts(text, encoding):
    guessed = guess_encoding(text.encode(encoding))
    if encoding in ("latin-1", "cp1250"):
        assert guessed in ("cp1252", "latin-1")
    else:
        assert guessed == {"gbk": "gb18030"}.get(encoding, encoding)


def test_a_latin1_file_with_entries_added_in_utf8_reads_both():
    data = (_bib("Über Graphen", "Müller, Jürgen", "Z").encode("latin-1")
            + _bib("Łódź – Kraków", "Wałęsa, Lech", "Ślůnsk").replace("k2001", "k2002").encode("utf-8"))
    text, problems = decode(data, "mixed.bib")
    assert "Über Graphen" in text and "Łódź – Kraków" in text and "Wałęsa" in text
    (warning,) = problems
    assert "read as UTF-8, its other bytes as Windows-1252" in warning.message and warning.line == 3


def test_utf8_utf16_and_ascii_need_no_guess():
    for data in ("Über".encode(), "\ufeffÜber".encode(), "Über".encode("utf-16"), b"plain"):
        text, problems = decode(data, "x.bib")
        assert text.lstrip("\ufeff") in ("Über", "plain") and not problems


def test_encoding_option_reads_as_told_without_a_warning(tmp_path):
    path = tmp_path / "old.bib"
    path.write_bytes(_encoded("gb18030"))
    runner = CliRunner()
    told = runner.invoke(main, ["export", str(path), "--to", "csljson", "--encoding", "GBK"])
    assert told.exit_code == 0, told.output
    assert "基于深度学习的图像识别方法研究" in told.stdout and told.stderr == ""
    other = runner.invoke(main, ["export", str(path), "--to", "csljson", "--encoding", "latin-1"])
    assert other.exit_code == 0 and other.stderr == ""
    assert json.loads(other.stdout)[0]["title"].startswith("»ùÓÚ")  # 基于 is BB F9 D3 DA in GBK


def test_encoding_that_does_not_fit_is_an_error_at_its_line(tmp_path):
    path = tmp_path / "old.bib"
    path.write_bytes(_encoded("cp1252"))
    result = CliRunner().invoke(main, ["check", str(path), "--encoding", "utf-8"])
    assert result.exit_code == 1
    assert f"{path}:3: error: not valid utf-8 (byte 0x93); undecodable bytes read as U+FFFD" in result.stdout


@pytest.mark.parametrize("command", ["export", "check", "keys", "list"])
def test_every_reading_command_takes_encoding(tmp_path, command):
    path = tmp_path / "old.bib"
    path.write_bytes(_encoded("big5"))
    to = ["--to", "csljson"] if command == "export" else []
    result = CliRunner().invoke(main, [command, str(path), "--encoding", "big5", *to])
    assert "UTF-8" not in result.stderr and "Traceback" not in result.output
    if command != "check":
        assert result.exit_code == 0, result.output


def test_cite_takes_encoding(tmp_path):
    path = tmp_path / "old.bib"
    path.write_bytes(_encoded("cp1251"))
    result = CliRunner().invoke(main, ["cite", "k2001", "-i", str(path), "--encoding", "cp1251"])
    assert result.exit_code == 0, result.output
    assert "Иванов" in result.stdout and result.stderr == ""


def test_unknown_encoding_is_a_usage_error(tmp_path):
    path = tmp_path / "a.bib"
    path.write_text("@misc{a, title={T}}\n")
    result = CliRunner().invoke(main, ["export", str(path), "--to", "csljson", "--encoding", "klingon"])
    assert result.exit_code == 2 and "unknown encoding 'klingon'" in result.stderr


def test_a_streamed_listing_takes_encoding_too(tmp_path, monkeypatch):
    from bibexport import stream

    path = tmp_path / "listing.txt"
    path.write_bytes(api.default_listing().read_text(encoding="utf-8").encode("cp1250"))  # has Ł, ö, ·
    outputs = []
    for minimum in (0, 1 << 62):  # streamed, in memory
        monkeypatch.setattr(stream, "STREAM_MIN_BYTES", minimum)
        result = CliRunner().invoke(main, ["export", str(path), "--to", "csljson", "--encoding", "cp1250",
                                           "--as-of", "2026-11-25", "-q"])
        assert result.exit_code == 0, result.output
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1]
    assert outputs[0] == CliRunner().invoke(main, ["export", str(api.default_listing()), "--to", "csljson",
                                                   "--as-of", "2026-11-25", "-q"]).stdout
