"""Dockerfiles read with BuildKit's rules, reduced to what pyparity needs.

Parser directives (`# escape=`), line continuations (comment and blank lines inside them
are skipped), heredocs (bodies skipped), global and stage `ARG`s, stage `ENV`s, `FROM`
lines, `RUN` text and `COPY --from`. Every position is a character offset into the text
handed to `parse`. Parsing never raises and is linear in the size of the text: stages are
found by name through an index, a file with more than `MAX_STAGES` stages keeps only the
first (and says it is incomplete), and the ARG substitutions of one call share a budget.
"""

from __future__ import annotations

import bisect
import itertools
import json
import posixpath
import re
from collections.abc import Iterator, Mapping
from functools import lru_cache

from pyparity import lazy_re
from pyparity.records import field, record, replace

DEFAULT_ESCAPE = "\\"

_DIRECTIVES = frozenset({"syntax", "escape", "check"})
# Every pattern here is linear: each is a run of one character class followed by a
# character that class cannot hold (spaces then a word then spaces; digits then `<<`), so
# the runs are possessive: nothing is given back.
# A line that opens with COPY or ADD, for the readers that look at what an image copies
# (not `add-apt-repository` on a RUN's continuation line).
COPY_LINE = lazy_re.compile(
    r"^[ \t]*+(?:COPY|ADD)(?=[ \t])(?P<arguments>[^\n]*+)", re.IGNORECASE | re.MULTILINE
)


def copied_sources(words: list[str]) -> list[str]:
    """A COPY or ADD line's sources: its words but the flags and the destination."""
    return [word for word in words if not word.startswith("--")][:-1]


_DIRECTIVE_KEY = lazy_re.compile(r"[a-zA-Z][a-zA-Z0-9]*+")
_KEYWORD = lazy_re.compile(r"[\t\v\f\r ]*+([^\t\v\f\r ]++)[\t\v\f\r ]*+")
_WORD = lazy_re.compile(r"[^\t\v\f\r ]++")
_HEREDOC = lazy_re.compile(r"(\d*+)<<(-?)([^<]*+)")
# A word of an instruction's arguments (BuildKit's parseWords): characters other than
# whitespace, an escape and the character after it, or a quoted run that whitespace does not
# end (an escape works inside double quotes only); a quote left open runs to the end. One
# pattern per escape character, each alternative starting with a character of its own;
# matched at each word's start, after the whitespace before it.
_SPACES = lazy_re.compile(r"\s*+")
_ARGUMENT_WORD = lazy_re.compile(
    r"""(?:[^\s'"\\]|\\(?:.|\Z)|'[^']*+(?:'|\Z)|"(?:[^"\\]|\\(?:.|\Z))*+(?:"|\Z))++""", re.DOTALL
)
_ARGUMENT_WORD_BACKTICK = lazy_re.compile(
    r"""(?:[^\s'"`]|`(?:.|\Z)|'[^']*+(?:'|\Z)|"(?:[^"`]|`(?:.|\Z))*+(?:"|\Z))++""", re.DOTALL
)
_NAME = lazy_re.compile(r"[A-Za-z0-9_]++")
_HEREDOC_INSTRUCTIONS = frozenset({"run", "copy", "add"})
# Nesting of `${V:-${W:-...}}` and the length of one expansion are capped, so that
# adversarial input cannot make expansion recurse deeply or grow exponentially.
_MAX_DEPTH = 16
_MAX_EXPANSION = 1024
MAX_EXPANSIONS = 1 << 20
"""Characters the ARG substitutions of one call (`base_images`) may make in all: a value
referenced many times counts each time."""
EXPANSIONS_TOO_LONG = f"ARG substitutions make more than {MAX_EXPANSIONS:,} characters"
MAX_STAGES = 256
"""Stages a Dockerfile may have; a real one has a few dozen at most."""


# --- text with positions ------------------------------------------------------------


@record
class Written:
    """Text as the file spells it, possibly joined from continuation lines.

    `starts[k]` is an index in `text` where a run of characters begins that sits at file
    offset `offsets[k]`; a continuation line starts a new run.
    """

    text: str
    starts: tuple[int, ...] = (0,)
    offsets: tuple[int, ...] = (0,)

    def offset(self, index: int) -> int:
        """File offset of `text[index]` (`index == len(text)`: just after the last one)."""
        if index >= len(self.text) > 0:
            return self.offset(len(self.text) - 1) + 1 + index - len(self.text)
        run = bisect.bisect_right(self.starts, index) - 1
        return self.offsets[run] + index - self.starts[run]

    @property
    def start(self) -> int:
        return self.offset(0)

    @property
    def end(self) -> int:
        return self.offset(len(self.text))

    def slice(self, start: int, end: int) -> Written:
        first = bisect.bisect_right(self.starts, start) - 1
        last = bisect.bisect_left(self.starts, end)
        starts = [0] + [s - start for s in self.starts[first + 1 : last]]
        offsets = [self.offset(start), *self.offsets[first + 1 : last]]
        return Written(text=self.text[start:end], starts=tuple(starts), offsets=tuple(offsets))

    def fragments(self, start: int, end: int) -> list[Fragment]:
        """`text[start:end]` as fragments that each sit in one run of the file."""
        if start >= end:
            return []
        first = bisect.bisect_right(self.starts, start) - 1
        last = bisect.bisect_left(self.starts, end)
        cuts = [start, *self.starts[first + 1 : last], end]
        return [
            Fragment(text=self.text[a:b], offset=self.offset(a))
            for a, b in itertools.pairwise(cuts)
            if a < b
        ]


@record
class Fragment:
    """A piece of expanded text and where it came from.

    `offset` is the file offset of `text[0]` when the text is written in the file (None
    for a build-arg override); `arg` names the ARG whose value or default supplied it.
    """

    text: str
    offset: int | None = None
    arg: str | None = None
    override: bool = False


@record
class Expansion:
    """A word after ARG substitution; `missing` names what had no value (or was too odd)."""

    fragments: tuple[Fragment, ...]
    missing: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return "".join(fragment.text for fragment in self.fragments)

    def covering(self, start: int, end: int) -> list[tuple[Fragment, int, int]]:
        """Fragments overlapping `text[start:end]`, with the overlap relative to each."""
        found: list[tuple[Fragment, int, int]] = []
        position = 0
        for fragment in self.fragments:
            low, high = position, position + len(fragment.text)
            if low < end and start < high:
                found.append((fragment, max(start, low) - low, min(end, high) - low))
            position = high
        return found

    def locate(self, start: int, end: int) -> tuple[int, int] | None:
        """File offsets of `text[start:end]` when it is written in one place, else None."""
        pieces = self.covering(start, end)
        offsets = [fragment.offset for fragment, _, _ in pieces]
        if not pieces or len({fragment.arg for fragment, _, _ in pieces}) > 1:
            return None
        if offsets[0] is None or offsets[-1] is None or None in offsets:
            return None
        begin, finish = offsets[0] + pieces[0][1], offsets[-1] + pieces[-1][2]
        return (begin, finish) if begin < finish else None

    def args(self, start: int, end: int) -> tuple[str, ...]:
        """The ARGs that supplied `text[start:end]`, in order."""
        names = (fragment.arg for fragment, _, _ in self.covering(start, end))
        return tuple(dict.fromkeys(name for name in names if name))

    def overridden(self, start: int, end: int) -> bool:
        return any(fragment.override for fragment, _, _ in self.covering(start, end))


# --- what a Dockerfile holds ----------------------------------------------------------


@record
class Arg:
    """`ARG name[=default]`; `default` keeps its quotes, expansion removes them."""

    name: str
    default: Written | None
    offset: int


@record
class Copy:
    """`COPY --from=source path... dest`; `source` is the `--from` value as written."""

    source: str
    paths: tuple[str, ...]
    dest: str
    offset: int


@record
class Stage:
    """One `FROM` and what the stage declares after it.

    `workdir` is the last `WORKDIR` (relative ones joined to the one before); `runs` holds
    the text of each `RUN`, flags included, and `run_lines` the same text with its place in
    the file. `envs` are the stage's `ENV name=value` pairs (and `ENV name value`).
    """

    index: int
    image: Written
    name: str | None = None
    platform: str | None = None
    offset: int = 0
    args: tuple[Arg, ...] = ()
    copies: tuple[Copy, ...] = ()
    workdir: str | None = None
    runs: tuple[str, ...] = ()
    run_lines: tuple[Written, ...] = ()
    envs: tuple[Arg, ...] = ()

    @property
    def label(self) -> str:
        return self.name if self.name else str(self.index)


@record
class BaseImage:
    """A stage's `FROM` after ARG substitution."""

    stage: Stage
    expansion: Expansion
    parent: Stage | None = None

    @property
    def reference(self) -> str:
        return self.expansion.text

    @property
    def resolved(self) -> bool:
        return not self.expansion.missing


_REMEMBERED_BUILDS = 64


@record
class Dockerfile:
    """`complete` is False when the file has more than `MAX_STAGES` stages (only the first
    are kept); `names` indexes the stages by lower-cased name."""

    escape: str = DEFAULT_ESCAPE
    directives: tuple[tuple[str, str], ...] = ()
    global_args: tuple[Arg, ...] = ()
    stages: tuple[Stage, ...] = ()
    complete: bool = True
    names: Mapping[str, tuple[int, ...]] = field(default_factory=dict, compare=False, repr=False)
    _images: dict[tuple[tuple[str, str], ...], tuple[BaseImage, ...]] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )
    """`base_images` by build args: a compose build asks twice (which ARGs reach a FROM, then
    the images), and the parsed file is shared by every build of it. (Not an argument: a
    `replace` starts with none.)"""

    def find_stage(self, reference: str, before: int) -> Stage | None:
        """The earlier stage `reference` names (case-insensitively) or numbers, if any."""
        wanted = reference.lower()
        indices = self.names.get(wanted, ())
        found = bisect.bisect_left(indices, before)
        if found:
            return self.stages[indices[found - 1]]
        number = wanted.lstrip("0") or "0"
        if wanted.isascii() and wanted.isdigit() and len(number) < 10 and int(number) < before:
            return self.stages[int(number)]
        return None

    def base_images(self, build_args: Mapping[str, str] | None = None) -> tuple[BaseImage, ...]:
        """Every stage's `FROM`, expanded with the global ARGs and `build_args` overrides."""
        key = tuple(sorted(build_args.items())) if build_args else ()
        known = self._images.get(key)
        if known is None:
            known = self._expanded_images(build_args)
            if len(self._images) < _REMEMBERED_BUILDS:
                self._images[key] = known
        return known

    def _expanded_images(self, build_args: Mapping[str, str] | None) -> tuple[BaseImage, ...]:
        budget = _Budget()
        env = global_env(self.global_args, self.escape, build_args or {}, budget)
        images = []
        for stage in self.stages:
            expansion = expand(stage.image, env, self.escape, budget)
            parent = None if expansion.missing else self.find_stage(expansion.text, stage.index)
            images.append(BaseImage(stage=stage, expansion=expansion, parent=parent))
        return tuple(images)


def global_env(
    args: tuple[Arg, ...],
    escape: str,
    build_args: Mapping[str, str],
    budget: _Budget | None = None,
) -> dict[str, Expansion | None]:
    """Values of the ARGs before the first FROM; an override counts even with no default."""
    env: dict[str, Expansion | None] = {}
    budget = budget if budget is not None else _Budget()
    for arg in args:
        if arg.name in build_args:
            text = build_args[arg.name]
            fragment = Fragment(text=text, arg=arg.name, override=True)
            env[arg.name] = Expansion(fragments=(fragment,) if text else ())
        elif arg.default is not None:
            env[arg.name] = _tagged(expand(arg.default, env, escape, budget), arg.name)
        else:
            env[arg.name] = None
    return env


def _tagged(expansion: Expansion, name: str) -> Expansion:
    fragments = tuple(f if f.arg else replace(f, arg=name) for f in expansion.fragments)
    return replace(expansion, fragments=fragments)


# --- variable expansion ---------------------------------------------------------------


class _Unsupported(Exception):
    """Expansion syntax we do not evaluate (`${V#x}`), or input too deep or too long."""


class _Budget:
    """What the expansions of one call have made so far. (The parser's private helpers are
    plain classes: a dataclass costs the import about half a millisecond.)"""

    __slots__ = ("produced",)

    def __init__(self) -> None:
        self.produced = 0

    def spend(self, amount: int) -> None:
        self.produced += amount
        if self.produced > MAX_EXPANSIONS:
            raise _Unsupported(EXPANSIONS_TOO_LONG)


class _Expander:
    """Expands one word's variables as BuildKit does, within a budget."""

    __slots__ = ("budget", "env", "escape", "missing", "pos", "produced", "word")

    def __init__(
        self, *, word: Written, env: Mapping[str, Expansion | None], escape: str, budget: _Budget
    ) -> None:
        self.word = word
        self.env = env
        self.escape = escape
        self.budget = budget
        self.pos = 0
        self.produced = 0
        self.missing: list[str] = []

    def run(self) -> Expansion:
        text = self.word.text
        if "$" not in text and self.escape not in text and "'" not in text and '"' not in text:
            self.pos = len(text)  # (most images: nothing to expand, no character to walk)
            return Expansion(fragments=tuple(self.literal(0, len(text))), missing=())
        fragments = self.until("", 0, quoted=False)
        return Expansion(fragments=tuple(fragments), missing=tuple(dict.fromkeys(self.missing)))

    def until(self, stops: str, depth: int, *, quoted: bool) -> list[Fragment]:
        """Expand from `pos` up to (not past) a character in `stops` or the end."""
        text, out = self.word.text, []
        run = self.pos
        while self.pos < len(text):
            char = text[self.pos]
            if char in stops:
                break
            if char != "$" and char != self.escape and (quoted or char not in "'\""):
                self.pos += 1
                continue
            out += self.literal(run, self.pos)
            out += self.special(char, depth, quoted=quoted)
            run = self.pos
        out += self.literal(run, self.pos)
        return out

    def literal(self, start: int, end: int) -> list[Fragment]:
        self.produced += end - start
        if self.produced > _MAX_EXPANSION:
            raise _Unsupported("expansion too long")
        self.budget.spend(end - start)
        return self.word.fragments(start, end)

    def special(self, char: str, depth: int, *, quoted: bool) -> list[Fragment]:
        if char == "$":
            return self.dollar(depth)
        if char == self.escape:
            return self.escaped(quoted=quoted)
        self.pos += 1
        if char == "'":
            close = self.word.text.find("'", self.pos)
            close = len(self.word.text) if close == -1 else close
            out = self.literal(self.pos, close)
            self.pos = close + 1
            return out
        out = self.until('"', depth, quoted=True)
        self.pos += 1
        return out

    def escaped(self, *, quoted: bool) -> list[Fragment]:
        text, self.pos = self.word.text, self.pos + 1
        if self.pos >= len(text):
            return []
        if quoted and text[self.pos] not in ('"', "$", self.escape):
            return self.literal(self.pos - 1, self.pos)
        self.pos += 1
        return self.literal(self.pos - 1, self.pos)

    def dollar(self, depth: int) -> list[Fragment]:
        text, self.pos = self.word.text, self.pos + 1
        if self.pos < len(text) and text[self.pos] == "{":
            return self.braced(depth)
        match = _NAME.match(text, self.pos)
        if match is None:
            return self.literal(self.pos - 1, self.pos)
        self.pos = match.end()
        return self.value(match[0])

    def braced(self, depth: int) -> list[Fragment]:
        if depth >= _MAX_DEPTH:
            raise _Unsupported("nested too deeply")
        text = self.word.text
        match = _NAME.match(text, self.pos + 1)
        if match is None:
            raise _Unsupported("bad substitution")
        name, self.pos = match[0], match.end()
        if self.pos >= len(text):
            raise _Unsupported("missing '}'")
        if text.startswith("}", self.pos):
            self.pos += 1
            return self.value(name)
        operator = text[self.pos : self.pos + 2]
        if operator[:1] == ":" and operator[1:] in ("-", "+", "?"):
            self.pos += 2
        elif operator[:1] in ("-", "+", "?"):
            operator, self.pos = operator[:1], self.pos + 1
        else:
            raise _Unsupported(f"${{{name}{operator[:1]}...}}")
        return self.alternative(name, operator, depth)

    def alternative(self, name: str, operator: str, depth: int) -> list[Fragment]:
        missing_before = len(self.missing)
        word = self.until("}", depth + 1, quoted=False)
        if not self.word.text.startswith("}", self.pos):
            raise _Unsupported("missing '}'")
        self.pos += 1
        value = self.env.get(name)
        empty = value is None or not value.text
        use_word = {
            ":-": empty,
            "-": value is None,
            ":+": not empty,
            "+": value is not None,
        }.get(operator)
        if use_word is None:  # `?` and `:?`: an error in BuildKit when unset
            del self.missing[missing_before:]
            return self.value(name)
        if not use_word:
            del self.missing[missing_before:]
            return self.value(name) if operator in (":-", "-") else []
        return [f if f.arg else replace(f, arg=name) for f in word]

    def value(self, name: str) -> list[Fragment]:
        value = self.env.get(name)
        if value is None:
            self.missing.append(name)
            return []
        self.missing += value.missing
        self.produced += len(value.fragments)
        if self.produced > _MAX_EXPANSION:
            raise _Unsupported("expansion too long")
        self.budget.spend(sum(len(fragment.text) for fragment in value.fragments))
        return list(value.fragments)


def expand(
    word: Written, env: Mapping[str, Expansion | None], escape: str, budget: _Budget | None = None
) -> Expansion:
    """Substitute ARGs in `word` the way BuildKit's shell lexer does for FROM and ARG; the
    expansions of one call share `budget` (past it, each says EXPANSIONS_TOO_LONG)."""
    budget = budget if budget is not None else _Budget()
    expander = _Expander(word=word, env=env, escape=escape, budget=budget)
    try:
        return expander.run()
    except _Unsupported as error:
        return Expansion(fragments=tuple(word.fragments(0, len(word.text))), missing=(str(error),))


# --- lines ---------------------------------------------------------------------------


class _Line:
    """One physical line and its offset in the file."""

    __slots__ = ("offset", "text")

    def __init__(self, *, offset: int, text: str) -> None:
        self.offset = offset
        self.text = text


def _physical_lines(text: str) -> list[_Line]:
    lines, offset = [], 1 if text.startswith("\ufeff") else 0
    for raw in text[offset:].split("\n"):
        lines.append(_Line(offset=offset, text=raw[:-1] if raw.endswith("\r") else raw))
        offset += len(raw) + 1
    return lines


def _directive(line: str) -> tuple[str, str] | None:
    if not line.startswith("#"):
        return None
    key, equals, value = line[1:].partition("=")
    key, value = key.strip(), value.strip()
    if not equals or not value or not _DIRECTIVE_KEY.fullmatch(key):
        return None
    return (key.lower(), value) if key.lower() in _DIRECTIVES else None


def _directives(lines: list[_Line]) -> tuple[tuple[str, str], ...]:
    found: dict[str, str] = {}
    for index, line in enumerate(lines):
        stripped = line.text.lstrip()
        if index == 0 and stripped.startswith("#!"):
            continue
        directive = _directive(stripped)
        if directive is None or directive[0] in found:
            break
        found[directive[0]] = directive[1]
    return tuple(found.items())


def _continued(text: str, escape: str) -> tuple[str, bool]:
    """Strip a trailing escape character; an escaped escape is no continuation."""
    body = text.rstrip(" \t")
    if not body.endswith(escape) or body[:-1].endswith(escape):
        return text, False
    return body[:-1], True


class _Reader:
    """The file's lines, read as logical lines (instructions)."""

    __slots__ = ("escape", "index", "lines")

    def __init__(self, *, lines: list[_Line], escape: str) -> None:
        self.lines = lines
        self.escape = escape
        self.index = 0

    def instructions(self) -> Iterator[Written]:
        """Logical lines: continuations joined, comments and blank lines dropped."""
        while self.index < len(self.lines):
            line = self.lines[self.index]
            self.index += 1
            stripped = line.text.lstrip()
            if stripped.startswith("#"):
                continue
            text, more = _continued(stripped, self.escape)
            if not more and not text:
                continue
            yield self.join(text, line.offset + len(line.text) - len(stripped), more=more)

    def join(self, first: str, offset: int, *, more: bool) -> Written:
        parts, starts, offsets, length = [first], [0], [offset], len(first)
        while more and self.index < len(self.lines):
            line = self.lines[self.index]
            self.index += 1
            if line.text.lstrip().startswith("#") or not line.text.strip():
                continue
            text, more = _continued(line.text, self.escape)
            parts.append(text)
            starts.append(length)
            offsets.append(line.offset)
            length += len(text)
        return Written(text="".join(parts), starts=tuple(starts), offsets=tuple(offsets))

    def skip_heredoc(self, name: str, *, chomp: bool) -> None:
        """Consume a heredoc body; an unterminated one runs to the end of the file."""
        while self.index < len(self.lines):
            text = self.lines[self.index].text
            self.index += 1
            if (text.lstrip("\t") if chomp else text) == name:
                return


def _words(text: str, start: int, escape: str) -> list[tuple[int, int]]:
    """Whitespace-separated words from `start`, quotes and escapes kept (BuildKit's parseWords),
    as (begin, end) offsets."""
    backtick = escape == "`"
    words = []
    position = _past_spaces(text, start)
    while position < len(text):
        found = (
            _ARGUMENT_WORD_BACKTICK.match(text, position)
            if backtick
            else _ARGUMENT_WORD.match(text, position)
        )
        if found is None:  # (never: an alternative takes any character but whitespace)
            break
        words.append(found.span())
        position = _past_spaces(text, found.end())
    return words


def _past_spaces(text: str, position: int) -> int:
    spaces = _SPACES.match(text, position)
    return spaces.end() if spaces is not None else position


def _unquote(word: str) -> str:
    if len(word) >= 2 and word[0] == word[-1] and word[0] in "'\"":
        return word[1:-1]
    return word


def _heredocs(line: str) -> list[tuple[str, bool]]:
    """(name, chomp) of each `<<EOF`, `<<-EOF`, `<<"EOF"` word on the instruction line."""
    found = []
    for begin, end in _words(line, 0, DEFAULT_ESCAPE):
        match = _HEREDOC.fullmatch(line, begin, end)
        if match is None:
            continue
        name = match[3].replace('"', "").replace("'", "")
        if name and not any(char.isspace() for char in name):
            found.append((name, match[2] == "-"))
    return found


def _flags(text: str, words: list[tuple[int, int]]) -> tuple[dict[str, str], int]:
    """Leading `--name=value` words, and the index of the first argument word."""
    flags: dict[str, str] = {}
    for index, (begin, end) in enumerate(words):
        word = text[begin:end]
        if not word.startswith("--"):
            return flags, index
        if word == "--":
            return flags, index + 1
        name, _, value = word[2:].partition("=")
        flags[name.lower()] = _unquote(value)
    return flags, len(words)


def _is_json_array(text: str) -> bool:
    """The exec form: a flat array of strings (a nested one is not, however deep)."""
    if not text.startswith("["):
        return False
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):  # the decoder recurses into nested arrays
        return False
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


# --- instructions --------------------------------------------------------------------


class _Builder:
    """The stages and the ARGs, ENVs, COPYs and RUNs of each, as the lines are read."""

    __slots__ = (
        "args",
        "complete",
        "copies",
        "envs",
        "escape",
        "global_args",
        "names",
        "run_lines",
        "runs",
        "stages",
        "workdirs",
    )

    def __init__(self, *, escape: str) -> None:
        self.escape = escape
        self.global_args: list[Arg] = []
        self.stages: list[Stage] = []
        self.args: list[list[Arg]] = []
        self.copies: list[list[Copy]] = []
        self.workdirs: list[str | None] = []
        self.runs: list[list[str]] = []
        self.run_lines: list[list[Written]] = []
        self.envs: list[list[Arg]] = []
        self.names: dict[str, list[int]] = {}
        self.complete = True

    def instruction(self, line: Written, reader: _Reader) -> None:
        keyword_match = _KEYWORD.match(line.text)
        if keyword_match is None:
            return
        keyword, start = keyword_match[1].lower(), keyword_match.end()
        if not self.complete:  # past MAX_STAGES: only heredocs still matter (their bodies)
            self.heredocs(line, keyword, start, reader)
            return
        if keyword == "from":
            self.from_(line, start)
        elif keyword == "arg":
            self.arg(line, start)
        elif keyword == "copy":
            self.copy(line, start)
        elif keyword == "workdir" and self.stages:
            self.workdirs[-1] = posixpath.join(self.workdirs[-1] or "/", line.text[start:].strip())
        elif keyword == "run" and self.stages:
            self.runs[-1].append(line.text[start:])
            self.run_lines[-1].append(line.slice(start, len(line.text)))
        elif keyword == "env" and self.stages:
            self.env(line, start)
        self.heredocs(line, keyword, start, reader)

    def heredocs(self, line: Written, keyword: str, start: int, reader: _Reader) -> None:
        if keyword == "onbuild":
            inner = _KEYWORD.match(line.text, start)
            keyword, start = (inner[1].lower(), inner.end()) if inner else ("", start)
        if keyword not in _HEREDOC_INSTRUCTIONS or "<<" not in line.text:
            return
        text = line.text
        words = _words(text, start, self.escape)
        _, first = _flags(text, words)
        if first < len(words) and _is_json_array(text[words[first][0] :].strip()):
            return
        for name, chomp in _heredocs(text):
            reader.skip_heredoc(name, chomp=chomp)

    def from_(self, line: Written, start: int) -> None:
        text = line.text
        words = [match.span() for match in _WORD.finditer(text, start)]
        flags, first = _flags(text, words)
        if first >= len(words):
            return
        if len(self.stages) >= MAX_STAGES:
            self.complete = False
            return
        arguments = words[first:]
        name = None
        if len(arguments) >= 3 and text[slice(*arguments[1])].lower() == "as":
            name = text[slice(*arguments[2])]
            self.names.setdefault(name.lower(), []).append(len(self.stages))
        image = line.slice(*arguments[0])
        stage = Stage(
            index=len(self.stages),
            image=image,
            name=name,
            platform=flags.get("platform"),
            offset=line.start,
        )
        self.stages.append(stage)
        self.args.append([])
        self.copies.append([])
        self.workdirs.append(None)
        self.runs.append([])
        self.run_lines.append([])
        self.envs.append([])

    def arg(self, line: Written, start: int) -> None:
        target = self.args[-1] if self.stages else self.global_args
        for begin, end in _words(line.text, start, self.escape):
            name, equals, _ = line.text[begin:end].partition("=")
            if not name:
                continue
            default = line.slice(begin + len(name) + 1, end) if equals else None
            target.append(Arg(name=name, default=default, offset=line.offset(begin)))

    def env(self, line: Written, start: int) -> None:
        """`ENV a=1 b=2`, or the legacy `ENV name value` (the rest of the line is the value)."""
        words = _words(line.text, start, self.escape)
        if not words:
            return
        first = line.text[slice(*words[0])]
        if "=" not in first:
            if len(words) > 1:
                value = line.slice(words[1][0], words[-1][1])
                self.envs[-1].append(
                    Arg(name=first, default=value, offset=line.offset(words[0][0]))
                )
            return
        for begin, end in words:
            name, equals, _ = line.text[begin:end].partition("=")
            if name and equals:
                value = line.slice(begin + len(name) + 1, end)
                self.envs[-1].append(Arg(name=name, default=value, offset=line.offset(begin)))

    def copy(self, line: Written, start: int) -> None:
        if not self.stages:
            return
        text = line.text
        words = _words(text, start, self.escape)
        flags, first = _flags(text, words)
        if "from" not in flags or first >= len(words):
            return
        rest = text[words[first][0] :].strip()
        if _is_json_array(rest):
            paths = [str(item) for item in json.loads(rest)]
        else:
            paths = [_unquote(text[begin:end]) for begin, end in words[first:]]
        if len(paths) >= 2:
            copy = Copy(
                source=flags["from"], paths=tuple(paths[:-1]), dest=paths[-1], offset=line.start
            )
            self.copies[-1].append(copy)

    def finished_stages(self) -> tuple[Stage, ...]:
        return tuple(
            replace(
                stage,
                args=tuple(self.args[index]),
                copies=tuple(self.copies[index]),
                workdir=self.workdirs[index],
                runs=tuple(self.runs[index]),
                run_lines=tuple(self.run_lines[index]),
                envs=tuple(self.envs[index]),
            )
            for index, stage in enumerate(self.stages)
        )


@lru_cache(maxsize=1024)
def parse(text: str) -> Dockerfile:
    """Parse a Dockerfile; garbage yields a Dockerfile with fewer stages, never an error.

    Cached: a Dockerfile named by compose services or devcontainers is parsed once, when it
    is read, not again when the links are followed (the result is immutable). The cache holds
    a large monorepo's Dockerfiles; a parsed one is a few kB."""
    lines = _physical_lines(text)
    directives = _directives(lines)
    escape = dict(directives).get("escape", DEFAULT_ESCAPE)
    if escape not in (DEFAULT_ESCAPE, "`"):
        escape = DEFAULT_ESCAPE
    reader = _Reader(lines=lines, escape=escape)
    builder = _Builder(escape=escape)
    for line in reader.instructions():
        builder.instruction(line, reader)
    return Dockerfile(
        escape=escape,
        directives=directives,
        global_args=tuple(builder.global_args),
        stages=builder.finished_stages(),
        complete=builder.complete,
        names={name: tuple(indices) for name, indices in builder.names.items()},
    )
