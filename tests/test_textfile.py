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
