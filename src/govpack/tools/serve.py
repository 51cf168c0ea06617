"""Live preview (``invoke serve``): build, serve build/internal, rebuild on every save.

The server answers on 127.0.0.1 only. Each HTML page it sends carries a small
script that asks ``/__govpack__/state`` for the build's generation and findings,
and is answered when the generation is no longer the one the page was sent with
(or after a while, to ask again): the page reloads at once when a new build lands,
and shows the findings of the last attempt in a panel. The web pages of a build are
shown as soon as they are rendered, from memory, while its PDFs are still printed:
an edit is on screen in about the time it takes to check and render, not to print.
A build that fails leaves the last good one served; nothing the input can do stops
the server.
"""

from __future__ import annotations

import html
import itertools
import json
import sys
import threading
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable, Iterable
from urllib.parse import parse_qs, urlsplit

from watchfiles import watch

from govpack.pipeline.build import build
from govpack.errors import Finding, FindingsError, strictly
from govpack.project import Project
from govpack.rendering.names import INTERNAL

STATE = "/__govpack__/state"
# How long a request for the state waits for a new generation before it is answered
# with the same one (the page then asks again): under browsers' and proxies' timeouts.
WAIT_SECONDS = 20
# How often the watcher looks up from waiting, in milliseconds: the first time says it is watching.
WATCHING_MS = 500
_SCRIPT = """<script>
(function () {
  var seen = %(generation)d;
  function poll() {
    fetch("%(state)s?seen=" + seen, {cache: "no-store"}).then(function (r) { return r.json(); }).then(function (s) {
      if (s.generation !== seen) { location.reload(); return; }
      poll();
    }, function () { setTimeout(poll, 2000); });
  }
  poll();
})();
</script>"""


@dataclass
class State:
    """What the server knows: how many builds (or previews of one) have been shown,
    the last findings, and the web pages of a build whose PDFs are still printing
    (``printing``), by path within build/internal."""

    generation: int = 0
    findings: list[Finding] = field(default_factory=list)
    problem: str = ""  # why the last build failed, when it was not the input's findings
    pages: dict[str, bytes] = field(default_factory=dict)
    printing: bool = False
    stale: bool = False  # a page was sent from disk while a preview was shown: reload it when the build lands
    changed: threading.Condition = field(default_factory=threading.Condition)

    def as_json(self, seen: int | None = None, wait: float = WAIT_SECONDS) -> bytes:
        """The generation and findings; if ``seen`` is the generation, once it is not,
        or after ``wait`` seconds."""
        with self.changed:
            if seen is not None:
                self.changed.wait_for(lambda: self.generation != seen, timeout=wait)
            body = {"generation": self.generation, "findings": [str(f) for f in self.findings], "printing": self.printing}
        return json.dumps(body).encode()

    def show(self, findings: list[Finding], problem: str = "", pages: dict[str, bytes] | None = None) -> None:
        """A new generation: ``findings`` and ``problem`` in the panel, ``pages`` served
        before what is on disk (none: the disk's)."""
        with self.changed:
            self.generation += 1
            self.findings, self.problem, self.pages, self.printing, self.stale = list(findings), problem, pages or {}, bool(pages), False
            self.changed.notify_all()

    def page(self, path: str) -> bytes | None:
        """The previewed web page at ``path`` within build/internal, if there is one."""
        with self.changed:
            return self.pages.get(path)


def rebuild(project: Project, state: State, strict: bool, jobs: int, report: Callable[[str], None]) -> None:
    """Build once, printing only what changed; record the outcome in ``state`` and tell the terminal."""
    if not project.content.is_dir():
        report(f"not built: {project.rel(project.content)}/ is gone; the last good build is still served")
        return
    findings: list[Finding] = []
    def preview(pages: dict[str, bytes]) -> None:
        if pages:
            state.show([], pages=pages)  # printing from now until the build lands

    try:
        result = build(project, strict=strict, jobs=jobs, pages_rendered=preview)
        findings = strictly(result.findings) if strict else result.findings
        outcome, good = f"built {len(result.outputs)} output(s): {result.summary}", True
    except FindingsError as exc:
        findings, outcome, good = exc.findings, "not built: the last good build is still served", False
    except Exception as exc:  # noqa: BLE001 (a broken template or schema must not stop the server)
        outcome, good = f"not built: {type(exc).__name__}: {exc}; the last good build is still served", False
    for finding in findings:
        report(str(finding))
    report(outcome)
    with state.changed:
        # Pages shown from the preview are as on disk now: no reload, unless the panel has
        # findings to show or a page (an index) was sent from disk as it was before.
        quiet = state.printing and good and not findings and not state.stale
        if quiet:
            state.pages, state.printing = {}, False
    if not quiet:  # the previewed pages, if any, go: a failed build leaves the last good one
        state.show(findings, "" if good else outcome)


def _panel(findings: Iterable[Finding], problem: str) -> str:
    lines = [str(f) for f in findings] + ([problem] if problem else [])
    items = "".join(f"<li><code>{html.escape(line)}</code></li>" for line in lines)
    if not items:
        return ""
    return (
        '<aside class="govpack-findings" role="status" style="position:fixed;bottom:0;left:0;right:0;max-height:40vh;'
        'overflow:auto;background:#fff3c4;border-top:3px solid #a4000f;padding:.5rem 1rem;z-index:100">'
        f"<strong>govpack: findings of the last build</strong><ul>{items}</ul></aside>"
    )


class _Handler(SimpleHTTPRequestHandler):
    state: State

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0]
        if host not in ("127.0.0.1", "localhost"):
            # Another site's page, by DNS rebinding, could otherwise read the internal packs.
            self._send(403, "text/plain; charset=utf-8", b"govpack serves 127.0.0.1 and localhost only")
            return
        address = urlsplit(self.path)
        if address.path == STATE:
            seen = parse_qs(address.query).get("seen", [""])[0]
            self._send(200, "application/json", self.state.as_json(int(seen) if seen.isdecimal() and seen.isascii() else None))
            return
        path = Path(self.translate_path(self.path))
        if path.is_dir() and address.path.endswith("/"):
            path = path / "index.html"
        if path.suffix == ".html":
            with self.state.changed:  # the page and the generation it is of, together
                extra = _panel(self.state.findings, self.state.problem) + _SCRIPT % {"generation": self.state.generation, "state": STATE}
                previewed = self.state.page(path.relative_to(self.directory).as_posix())  # translate_path keeps it within
                if previewed is None and self.state.printing:
                    self.state.stale = True
            try:
                page = previewed.decode("utf-8") if previewed is not None else path.read_text(encoding="utf-8")
            except FileNotFoundError:
                super().do_GET()  # not found, answered as any other file
                return
            except OSError:  # a new build was being swapped in at that moment
                self._send(503, "text/plain; charset=utf-8", b"govpack is putting a new build in place: reload")
                return
            self._send(200, "text/html; charset=utf-8", page.replace("</body>", f"{extra}\n</body>", 1).encode())
            return
        super().do_GET()

    def _send(self, status: int, kind: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the base class's name)
        pass  # the terminal is for findings, not for every request


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):
            return  # the browser went away before the answer: nothing to report
        super().handle_error(request, client_address)


def _sources(change: Any, path: str) -> bool:
    """Only what a build reads: editors' swap and temporary files are not changes."""
    return Path(path).suffix in (".yaml", ".yml", ".j2", ".css", ".js")


def http_server(project: Project, state: State, port: int) -> ThreadingHTTPServer:
    """A server of build/internal on 127.0.0.1:``port`` that shows ``state`` (not yet
    serving). Raises OSError if the port cannot be bound."""
    (project.output / INTERNAL).mkdir(parents=True, exist_ok=True)
    handler = partial(type("Handler", (_Handler,), {"state": state}), directory=str(project.output / INTERNAL))
    return _Server(("127.0.0.1", port), handler)


def serve(project: Project, port: int, strict: bool = False, jobs: int = 1, report: Callable[[str], None] = print, stop: threading.Event | None = None) -> None:
    """Build, then serve build/internal on 127.0.0.1:``port`` and rebuild on every change,
    until interrupted or ``stop`` is set."""
    state = State()
    # Bound before the first build: a port in use fails at once, and leaves build/ alone.
    server = http_server(project, state, port)
    watched = [path for path in (project.content, project.templates, project.home / "schemas") if path.is_dir()]
    # Watching before the first build and before any page is served: a file saved as
    # soon as the page is open is seen. The watcher says it is watching by yielding
    # nothing after WATCHING_MS; it goes on yielding nothing so often, which is passed over.
    changes = watch(*watched, debounce=300, watch_filter=_sources, yield_on_timeout=True, rust_timeout=WATCHING_MS, stop_event=stop)
    saved = next(changes)
    rebuild(project, state, strict, jobs, report)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    report(f"serving {project.rel(project.output / INTERNAL)}/ at http://127.0.0.1:{port}/ (Ctrl+C stops)")
    try:
        for changed in itertools.chain([saved], changes):
            if not changed:
                continue
            paths = {Path(path) for _, path in changed}
            report(f"changed: {', '.join(sorted(project.rel(path) for path in paths))}")
            rebuild(project, state, strict, jobs, report)
    finally:
        server.shutdown()
        server.server_close()
