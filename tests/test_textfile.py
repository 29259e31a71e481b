"""TextFile: decoding what a reader is handed."""

from __future__ import annotations

import pytest

from pyparity.errors import UnreadableFile
from pyparity.textfile import TextFile


def test_a_python_file_is_decoded_as_its_coding_line_says():
    data = "# -*- coding: latin-1 -*-\nsetup(author='Jos\u00e9', python_requires='>=3.9')\n"
    text = TextFile.from_bytes("setup.py", data.encode("latin-1"))
    assert "Jos\u00e9" in text.text


def test_other_files_are_utf8_whatever_they_say():
    data = "# -*- coding: latin-1 -*-\n[tool]\nname = 'Jos\u00e9'\n".encode("latin-1")
    with pytest.raises(UnreadableFile, match="not valid UTF-8"):
        TextFile.from_bytes("pyproject.toml", data)


def test_a_coding_line_naming_no_text_codec_is_an_unreadable_file():
    with pytest.raises(UnreadableFile, match="cannot decode"):
        TextFile.from_bytes("noxfile.py", b"# coding: rot13\nimport nox\n")


def test_a_coding_line_naming_an_unknown_codec_leaves_the_file_utf8():
    text = TextFile.from_bytes("noxfile.py", b"# coding: no-such-codec\nimport nox\n")
    assert text.lines[1] == "import nox"


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"print(1)\n",
        b"\xef\xbb\xbfprint(1)\n",
        b"#!/usr/bin/env python\n# -*- coding: latin-1 -*-\n",
        b"# coding=cp1252\n",
        b"# vim: set fileencoding=utf-8 :\n",
        b"\n\n# -*- coding: latin-1 -*-\n",  # a third line is not read
        b"\xff\xfe not utf-8\n",
        b"# coding: no-such-codec\n",
        b"\xef\xbb\xbf# coding: latin-1\n",
        b"x = 1\r# coding: latin-1\r",
    ],
)
def test_the_coding_line_is_read_as_tokenize_reads_it(data: bytes) -> None:
    # Without "coding" in the first two lines the answer is known without tokenize.
    import tokenize

    from pyparity.textfile import _python_encoding

    lines = iter(data.splitlines(keepends=True)[:2])
    try:
        encoding, _ = tokenize.detect_encoding(lambda: next(lines, b""))
    except SyntaxError:
        encoding = "utf-8-sig"
    expected = "utf-8-sig" if encoding in {"utf-8", "utf-8-sig"} else encoding
    assert _python_encoding(data) == expected


# Windows PowerShell's `>` writes UTF-16 LE with a BOM (`conda env export > environment.yml`,
# `pip freeze > requirements.txt`): pyenv, Docker and most tools read UTF-8 only, so the
# file is unreadable, and the message says what it is and how to fix it.
POWERSHELL_EXPORT = (
    "name: base\r\nchannels:\r\n  - defaults\r\ndependencies:\r\n  - python=3.11.5\r\n"
)


@pytest.mark.parametrize(
    ("encoding", "named"),
    [
        ("utf-16-le", "UTF-16"),
        ("utf-16-be", "UTF-16"),
        ("utf-32-le", "UTF-32"),
        ("utf-32-be", "UTF-32"),
    ],
)
def test_utf16_and_utf32_text_is_named_for_what_it_is(encoding: str, named: str) -> None:
    data = "\ufeff".encode(encoding) + POWERSHELL_EXPORT.encode(encoding)
    with pytest.raises(UnreadableFile, match=f"^{named} text, .* save it as UTF-8$"):
        TextFile.from_bytes("environment.yml", data)


def test_nul_bytes_without_a_bom_are_a_binary_file():
    with pytest.raises(UnreadableFile, match="binary file"):
        TextFile.from_bytes("environment.yml", POWERSHELL_EXPORT.encode("utf-16-le"))
