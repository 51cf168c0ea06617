"""Live preview (``invoke serve``): build, serve build/internal, rebuild on every save.

The server answers on 127.0.0.1 only. Each HTML page it sends carries a small
script that asks ``/__govpack__/state`` once a second for the build's generation
and findings: the page reloads when a new build lands, and shows the findings of
the last attempt in a panel. A build that fails leaves the last good one served;
nothing the input can do stops the server.
"""

from __future__ import annotations

import html
import json
import threading
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable, Iterable

from watchfiles import watch

from .build import build
from .errors import Finding, FindingsError, GovpackError, strictly
from .project import Project
from .render import INTERNAL

STATE = "/__govpack__/state"
_SCRIPT = """<script>
(function () {
  var seen = %(generation)d;
  function poll() {
    fetch("%(state)s", {cache: "no-store"}).then(function (r) { return r.json(); }).then(function (s) {
      if (s.generation !== seen) { location.reload(); return; }
      setTimeout(poll, 1000);
    }, function () { setTimeout(poll, 2000); });
  }
  setTimeout(poll, 1000);
})();
</script>"""


@dataclass
class State:
    """What the server knows: how many builds have landed, and the last findings."""

    generation: int = 0
    findings: list[Finding] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def as_json(self) -> bytes:
        with self.lock:
            body = {"generation": self.generation, "findings": [str(f) for f in self.findings]}
        return json.dumps(body).encode()


def rebuild(project: Project, state: State, strict: bool, report: Callable[[str], None], only: set[str] | None = None) -> None:
    """Build once (rendering again ``only`` those organisations, if given); record
    the outcome in ``state`` and tell the terminal."""
    try:
        result = build(project, strict=strict, only=only)
        findings = strictly(result.findings) if strict else result.findings
        rendered = f" (rendered again: {', '.join(sorted(only))})" if only is not None else ""
        outcome = f"built {len(result.outputs)} output(s){rendered}"
    except FindingsError as exc:
        findings, outcome = exc.findings, "not built: the last good build is still served"
    except GovpackError as exc:
        findings, outcome = [], f"not built: {exc}"
    for finding in findings:
        report(str(finding))
    report(outcome)
    with state.lock:
        state.generation += 1
        state.findings = list(findings)


def _panel(findings: Iterable[Finding]) -> str:
    items = "".join(f"<li><code>{html.escape(str(f))}</code></li>" for f in findings)
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
        if self.path.split("?")[0] == STATE:
            self._send(200, "application/json", self.state.as_json())
            return
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            with self.state.lock:
                extra = _panel(self.state.findings) + _SCRIPT % {"generation": self.state.generation, "state": STATE}
            page = path.read_text(encoding="utf-8").replace("</body>", f"{extra}\n</body>", 1)
            self._send(200, "text/html; charset=utf-8", page.encode())
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


def _organisations_of(project: Project, paths: Iterable[Path]) -> set[str] | None:
    """The organisations whose own files changed; None if anything shared changed
    (templates, schemas, defaults), which every organisation's pages depend on."""
    slugs = set()
    for path in paths:
        try:
            slug = path.resolve().relative_to(project.content).parts[0]
        except (ValueError, IndexError):
            return None
        if slug.startswith("_") or slug == path.name:
            return None
        slugs.add(slug)
    return slugs


def _sources(change: Any, path: str) -> bool:
    """Only what a build reads: editors' swap and temporary files are not changes."""
    return Path(path).suffix in (".yaml", ".yml", ".j2", ".css")


def serve(project: Project, port: int, strict: bool = False, report: Callable[[str], None] = print) -> None:
    """Build, then serve build/internal on 127.0.0.1:``port`` and rebuild on every change."""
    state = State()
    rebuild(project, state, strict, report)
    (project.output / INTERNAL).mkdir(parents=True, exist_ok=True)
    handler = partial(type("Handler", (_Handler,), {"state": state}), directory=str(project.output / INTERNAL))
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    report(f"serving {project.rel(project.output / INTERNAL)}/ at http://127.0.0.1:{port}/ (Ctrl+C stops)")
    watched = [path for path in (project.content, project.templates, project.home / "schemas") if path.is_dir()]
    try:
        for changes in watch(*watched, debounce=300, watch_filter=_sources):
            paths = {Path(path) for _, path in changes}
            report(f"changed: {', '.join(sorted(project.rel(path) for path in paths))}")
            rebuild(project, state, strict, report, _organisations_of(project, paths))
    finally:
        server.shutdown()
