"""What every request passes through, as plain ASGI middleware: the body-size guard (it counts the
bytes that arrive, chunked or not), the language of the answer, security headers with a strict
Content-Security-Policy, and the last resort that turns any unexpected failure into a JSON (or
HTML) 500 answer without dropping the connection."""

from __future__ import annotations

import json
import logging
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..i18n import LANGUAGES, language, normalize

log = logging.getLogger("burdenshare.web")

MAX_BODY = 256 * 1024

CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
       "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors {frames}{extra}")
# Directives added on one page only: ReDoc (the API reference) runs its search in a worker it builds
# from a blob: URL; no other page may start workers.
PAGE_CSP = {"/redoc": "; worker-src 'self' blob:"}
HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), interest-cohort=()"),
]


async def _send_json(send: Send, status: int, body: dict[str, Any], extra: list[tuple[bytes, bytes]] | None = None) -> None:
    data = json.dumps(body, ensure_ascii=False).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode()), *(extra or [])]})
    await send({"type": "http.response.body", "body": data})


class BodyLimit:
    """Refuse request bodies over `limit` bytes: by Content-Length at once, and by counting the
    bytes as they arrive (a chunked body has no length), reading at most limit + 1 bytes."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY):
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        from ..i18n import _

        too_big = {"error": str(_("the request body is larger than {limit:,} bytes", limit=self.limit)), "where": "body"}
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            return await _send_json(send, 413, too_big, [(b"connection", b"close")])
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body = message.get("body", b"")
            size += len(body)
            if size > self.limit:
                return await _send_json(send, 413, too_big, [(b"connection", b"close")])
            chunks.append(body)
            if not message.get("more_body"):
                break
        whole = b"".join(chunks)
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": whole, "more_body": False}
            return await receive()

        return await self.app(scope, replay, send)


def choose_language(scope: Scope) -> tuple[str, bool]:
    """The answer's language: ?lang=, then the lang cookie, then Accept-Language. The flag says
    whether ?lang= chose it (then the choice is remembered in a cookie)."""
    qs = parse_qs((scope.get("query_string") or b"").decode("latin-1"))
    if "lang" in qs:
        lang = normalize(qs["lang"][0])
        if lang:
            return lang, True
    headers = dict(scope.get("headers") or [])
    cookie = headers.get(b"cookie")
    if cookie:
        try:
            c = SimpleCookie(cookie.decode("latin-1"))
            chosen = normalize(c["lang"].value) if "lang" in c else None
            if chosen:
                return chosen, False
        except Exception:
            pass
    accept = headers.get(b"accept-language", b"").decode("latin-1")
    best, best_q = None, -1.0
    for part in accept.split(",")[:20]:
        bits = part.strip().split(";")
        lang = normalize(bits[0])
        q = 1.0
        for b in bits[1:]:
            if b.strip().startswith("q="):
                try:
                    q = float(b.strip()[2:])
                except ValueError:
                    q = 0.0
        if lang and q > best_q:
            best, best_q = lang, q
    return best or LANGUAGES[0], False


class Language:
    """Answer in the request's language (a context variable for the request), and remember a
    language chosen by ?lang= in a cookie."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        lang, chosen = choose_language(scope)
        scope.setdefault("state", {})["lang"] = lang

        async def send_with(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                headers.append((b"content-language", lang.encode()))
                headers.append((b"vary", b"Accept-Language, Cookie"))
                if chosen:
                    headers.append((b"set-cookie", f"lang={lang}; Path=/; Max-Age=31536000; SameSite=Lax".encode()))
                message = {**message, "headers": headers}
            await send(message)

        with language(lang):
            return await self.app(scope, receive, send_with)


class SecurityHeaders:
    """Security headers on every answer; pages under /embed/ may be framed by other sites."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        embed = scope.get("path", "").startswith("/embed/")
        csp = CSP.format(frames="*" if embed else "'none'", extra=PAGE_CSP.get(scope.get("path", ""), "")).encode()

        async def send_with(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [h for h in (message.get("headers") or []) if h[0].lower() != b"content-security-policy"]
                headers += [*HEADERS, (b"content-security-policy", csp)]
                if not embed:
                    headers.append((b"x-frame-options", b"DENY"))
                message = {**message, "headers": headers}
            await send(message)

        return await self.app(scope, receive, send_with)


class CatchAll:
    """The last resort: an unexpected failure becomes a 500 answer (JSON for the API, a page for a
    browser), logged, and the connection stays usable."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception as exc:
            from ..errors import Unavailable

            if started:
                log.exception("unexpected failure on %s %s", scope.get("method"), scope.get("path"))
                return
            if isinstance(exc, Unavailable):  # the database is away (raised outside a route): 503, try again
                return await _send_json(send, 503, {"error": str(exc), "where": "database"},
                                        [(b"retry-after", str(exc.retry_after).encode())])
            log.exception("unexpected failure on %s %s", scope.get("method"), scope.get("path"))
            from ..i18n import _

            headers = dict(scope.get("headers") or [])
            if b"text/html" in headers.get(b"accept", b"") and not scope.get("path", "").startswith("/api/"):
                page = ("<!doctype html><meta charset=utf-8><title>500</title><h1>500</h1><p>"
                        + str(_("Something went wrong on the server; the error has been logged.")) + "</p><p><a href=/>burdenshare</a></p>")
                data = page.encode()
                await send({"type": "http.response.start", "status": 500,
                            "headers": [(b"content-type", b"text/html; charset=utf-8"), (b"content-length", str(len(data)).encode())]})
                await send({"type": "http.response.body", "body": data})
                return
            await _send_json(send, 500, {"error": str(_("internal error")), "where": None})


def wants_html(scope_or_request: Any) -> bool:
    headers = getattr(scope_or_request, "headers", None)
    accept = headers.get("accept", "") if headers is not None else ""
    path = scope_or_request.url.path if hasattr(scope_or_request, "url") else ""
    return "text/html" in accept and not path.startswith("/api/")
