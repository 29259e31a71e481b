"""Read-only GitHub REST requests for organisation audits, on the standard library.

The org audit reads hundreds of repositories with one token, so every request is counted
and made as cheap as GitHub allows; PyGithub (`gh/api.py`, for what the Action writes) hides
the headers this needs and is an optional extra, so reading goes through `urllib`:

- conditional requests: the `ETag` of each answer is kept (in memory, and on disk with a
  cache folder) and sent back as `If-None-Match`; a 304 reuses the kept body and does not
  count against the rate limit;
- rate limits: a 403 or 429 with `Retry-After` (secondary limit) waits that long, one with
  `X-RateLimit-Remaining: 0` waits until `X-RateLimit-Reset`; the wait holds every thread,
  since all of them spend one token's budget;
- retries: 5xx answers, timeouts and dropped connections are retried with backoff;
- the token goes only to the API's own host (a redirect elsewhere loses it) and is never
  part of a message.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from email.message import Message
from http.client import HTTPMessage
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urlencode, urlsplit

from pyparity.records import field, record

DEFAULT_TIMEOUT_SECONDS = 30
DEFAULT_ATTEMPTS = 4
MAX_RATE_LIMIT_WAITS = 20
"""Rate-limit waits one request sits out before it is given up (each may last an hour)."""
MAX_BODY_BYTES = 16 * 1024 * 1024
"""A larger answer is refused: a recursive tree tops out near 7 MB, a blob we read at 1 MiB."""
API_VERSION = "2022-11-28"


class RestError(Exception):
    """A request that failed for good; `status` None when no answer came."""

    def __init__(self, path: str, status: int | None, reason: str) -> None:
        said = f"HTTP {status}" if status is not None else "no answer"
        super().__init__(f"GET {path}: {said}: {reason}")
        self.path = path
        self.status = status
        self.reason = reason


@record(kw_only=False)
class Answer:
    """An API response: status, body and headers (a 304's body is the one cached)."""

    status: int
    body: bytes
    headers: Mapping[str, str]
    cached: bool = False  # a 304: the body is the one kept with the ETag

    def json(self) -> Any:
        return json.loads(self.body)

    def next_page(self) -> str | None:
        """The `rel="next"` address of the `Link` header."""
        for part in self.headers.get("link", "").split(","):
            address, _, rel = part.partition(";")
            if rel.strip().replace(" ", "") == 'rel="next"':
                return address.strip().removeprefix("<").removesuffix(">")
        return None


@record(frozen=False, kw_only=False)
class Budget:
    """What the requests cost: sent, answered from an ETag, waited, and what GitHub says is left."""

    requests: int = 0
    not_modified: int = 0
    retries: int = 0
    waits: int = 0
    remaining: int | None = None
    limit: int | None = None


@record(frozen=False, kw_only=False)
class EtagStore:
    """ETags and the bodies they stand for, by address; on disk under `folder` when given."""

    folder: Path | None = None
    _memory: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _touched: set[str] = field(default_factory=set)

    def get(self, address: str) -> tuple[str, bytes] | None:
        with self._lock:
            self._touched.add(_key(address))
            if address in self._memory:
                return self._memory[address]
        if self.folder is None:
            return None
        try:
            stored = json.loads((self.folder / _key(address)).read_text("utf-8"))
            return str(stored["etag"]), str(stored["body"]).encode("utf-8")
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, address: str, etag: str, body: bytes) -> None:
        with self._lock:
            self._memory[address] = (etag, body)
            self._touched.add(_key(address))
        if self.folder is None:
            return
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self.folder / _key(address)
        temporary = target.with_suffix(f".{threading.get_ident()}.tmp")
        temporary.write_text(json.dumps({"etag": etag, "body": text}), "utf-8")
        temporary.replace(target)

    def prune(self) -> int:
        """Forget what this run did not ask for (a repository deleted, a page gone); the
        number of entries removed."""
        if self.folder is None or not self.folder.is_dir():
            return 0
        removed = 0
        for path in self.folder.iterdir():
            if path.name not in self._touched:
                path.unlink(missing_ok=True)
                removed += 1
        return removed


def _key(address: str) -> str:
    return hashlib.sha256(address.encode("utf-8")).hexdigest() + ".json"


class Rest:
    """GETs against one API root (`https://api.github.com`, or a GHES `.../api/v3`)."""

    def __init__(
        self,
        *,
        api_url: str,
        token: str,
        etags: EtagStore | None = None,
        attempts: int = DEFAULT_ATTEMPTS,
        backoff: float = 1.0,
        timeout: float = DEFAULT_TIMEOUT_SECONDS,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
        on_wait: Callable[[float, str], None] | None = None,
    ) -> None:
        self.api_url = api_url.rstrip("/")
        self._origin = _origin(self.api_url)
        self._token = token
        self.etags = etags if etags is not None else EtagStore()
        self._attempts = max(1, attempts)
        self._backoff = backoff
        self._timeout = timeout
        self._sleep = sleep
        self._clock = clock
        self._on_wait = on_wait
        self._opener = urllib.request.build_opener(_SameOriginRedirects(self._origin))
        self._lock = threading.Lock()
        self._not_before = 0.0  # no request before this time: a rate limit is being waited out
        self.budget = Budget()

    def address(self, path: str, params: Mapping[str, str | int] | None = None) -> str:
        address = path if "://" in path else f"{self.api_url}/{path.lstrip('/')}"
        return f"{address}?{urlencode(params)}" if params else address

    def get(
        self,
        address: str,
        *,
        accept: str = "application/vnd.github+json",
        into: BinaryIO | None = None,
        limit: int = MAX_BODY_BYTES,
        conditional: bool = True,
    ) -> Answer:
        """The answer to GET `address` (from `address()`), 2xx or 304 only; else RestError.

        `into`: the body is written to this file (at most `limit` bytes, else RestError)
        instead of kept, and no ETag is used (a tarball). `conditional=False`: an answer
        that never changes (a tree or blob by SHA, kept by its caller) keeps no ETag."""
        if _origin(address) != self._origin:
            raise RestError(self._shown(address), None, "an address outside the API's host")
        attempt, waits = 1, 0
        while True:
            self._hold()
            try:
                return self._send(address, accept, into, limit, conditional and into is None)
            except _RateLimited as limited:
                waits += 1
                if waits > MAX_RATE_LIMIT_WAITS:
                    raise RestError(self._shown(address), limited.status, "rate limited") from None
                self._wait_until(limited.until, limited.why)
            except _Transient as failure:
                if attempt >= self._attempts:
                    raise RestError(self._shown(address), failure.status, failure.reason) from None
                with self._lock:
                    self.budget.retries += 1
                self._sleep(self._backoff * 2 ** (attempt - 1))
                attempt += 1

    def pages(self, path: str, params: Mapping[str, str | int]) -> Iterator[Any]:
        """Each page's JSON of a paginated listing, following `Link: rel="next"`."""
        address: str | None = self.address(path, {**params, "per_page": 100})
        seen = 0
        while address is not None:
            answer = self.get(address)
            yield answer.json()
            address = answer.next_page()
            seen += 1
            if seen > 10_000:
                raise RestError(self._shown(path), None, "more than 10,000 pages")

    # --- one request -----------------------------------------------------------------------

    def _send(
        self, address: str, accept: str, into: BinaryIO | None, limit: int, conditional: bool
    ) -> Answer:
        request = urllib.request.Request(address, method="GET")
        request.add_header("Accept", accept)
        request.add_header("X-GitHub-Api-Version", API_VERSION)
        request.add_header("User-Agent", "pyparity-org-audit")
        if self._token:
            request.add_header("Authorization", f"Bearer {self._token}")
        kept = self.etags.get(address + "\n" + accept) if conditional else None
        if kept is not None:
            request.add_header("If-None-Match", kept[0])
        with self._lock:
            self.budget.requests += 1
        try:
            with self._opener.open(request, timeout=self._timeout) as response:
                status, headers = response.status, _headers(response.headers)
                if into is not None and 200 <= status < 300:
                    if not _copy(response, into, limit):
                        raise RestError(self._shown(address), status, f"over {limit} bytes")
                    return Answer(status=status, body=b"", headers=headers)
                body = response.read(MAX_BODY_BYTES + 1)
        except urllib.error.HTTPError as error:
            status, headers = error.code, _headers(error.headers)
            body = _read_quietly(error)
        except (OSError, TimeoutError) as error:  # URLError, resets, timeouts
            raise _Transient(None, type(error).__name__) from None
        self._note_budget(headers)
        if status == 304 and kept is not None:
            with self._lock:
                self.budget.not_modified += 1
            return Answer(status=200, body=kept[1], headers=headers, cached=True)
        if len(body) > MAX_BODY_BYTES:
            raise RestError(self._shown(address), status, f"answer over {MAX_BODY_BYTES} bytes")
        if 200 <= status < 300:
            etag = headers.get("etag")
            if etag and conditional:
                self.etags.put(address + "\n" + accept, etag, body)
            return Answer(status=status, body=body, headers=headers)
        self._refuse(address, status, headers, body)
        raise AssertionError("unreachable")  # pragma: no cover

    def _refuse(self, address: str, status: int, headers: Mapping[str, str], body: bytes) -> None:
        message = self._message(body)
        wait = _retry_after(headers)
        if status in (403, 429) and wait is not None:
            raise _RateLimited(status, self._clock() + wait, f"secondary rate limit: {wait:g} s")
        if status in (403, 429) and headers.get("x-ratelimit-remaining") == "0":
            reset = _number(headers.get("x-ratelimit-reset"))
            until = reset + 1 if reset is not None else self._clock() + 60
            raise _RateLimited(status, until, "rate limit used up until its reset")
        if status == 429 or "rate limit" in message.lower():
            raise _RateLimited(status, self._clock() + 60, "rate limited")
        if status >= 500:
            raise _Transient(status, message or "server error")
        raise RestError(self._shown(address), status, message or "refused")

    def _message(self, body: bytes) -> str:
        try:
            data = json.loads(body)
        except ValueError:
            return ""
        text = str(data.get("message", "")) if isinstance(data, dict) else ""
        text = " ".join(text.split())[:200]
        return text.replace(self._token, "***") if self._token else text

    def _note_budget(self, headers: Mapping[str, str]) -> None:
        remaining = _number(headers.get("x-ratelimit-remaining"))
        limit = _number(headers.get("x-ratelimit-limit"))
        reset = _number(headers.get("x-ratelimit-reset"))
        with self._lock:
            if remaining is not None:
                self.budget.remaining = int(remaining)
            if limit is not None:
                self.budget.limit = int(limit)
            if remaining == 0 and reset is not None:
                # The primary limit is spent: nobody asks again before it resets.
                self._not_before = max(self._not_before, reset + 1)

    def _wait_until(self, until: float, why: str) -> None:
        with self._lock:
            self._not_before = max(self._not_before, until)
            self.budget.waits += 1

    def _hold(self) -> None:
        while True:
            with self._lock:
                delay = self._not_before - self._clock()
            if delay <= 0:
                return
            if self._on_wait is not None:
                self._on_wait(delay, "rate limit")
            self._sleep(delay)

    def _shown(self, address: str) -> str:
        """The address as messages show it: the path under the API root."""
        shown = address.removeprefix(self.api_url) or "/"
        return shown.replace(self._token, "***") if self._token else shown


class _RateLimited(Exception):
    def __init__(self, status: int, until: float, why: str) -> None:
        super().__init__(why)
        self.status = status
        self.until = until
        self.why = why


class _Transient(Exception):
    def __init__(self, status: int | None, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


class _SameOriginRedirects(urllib.request.HTTPRedirectHandler):
    """Follow a redirect, but carry the token only to the API's own origin."""

    def __init__(self, origin: str) -> None:
        self._origin_kept = origin

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: Any,
        code: int,
        msg: str,
        headers: HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None and _origin(newurl) != self._origin_kept:
            new.remove_header("Authorization")
            new.remove_header("If-none-match")
        return new


def _copy(response: Any, into: BinaryIO, limit: int) -> bool:
    """Copy the body into the file; False when it is over `limit` bytes."""
    into.seek(0)
    into.truncate()
    copied = 0
    while chunk := response.read(1024 * 1024):
        copied += len(chunk)
        if copied > limit:
            return False
        into.write(chunk)
    return True


def _origin(address: str) -> str:
    parts = urlsplit(address)
    return f"{parts.scheme}://{parts.netloc}".lower()


def _headers(message: Message | None) -> dict[str, str]:
    if message is None:
        return {}
    return {key.lower(): value for key, value in message.items()}


def _read_quietly(error: urllib.error.HTTPError) -> bytes:
    try:
        return error.read(64 * 1024)
    except OSError:
        return b""


def _retry_after(headers: Mapping[str, str]) -> float | None:
    value = _number(headers.get("retry-after"))
    return None if value is None else max(0.0, value)


def _number(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        return float(text)
    except ValueError:
        return None
