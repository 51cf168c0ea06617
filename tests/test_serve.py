"""invoke serve: answers on 127.0.0.1, shows an edit after a save, survives bad input."""

from __future__ import annotations

import json
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from conftest import INVOKE, copy_examples

from govpack.project import Project
import govpack.tools.serve as serve_module
from govpack.tools.serve import State, http_server, rebuild
from govpack.writing.pdf import Printer


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def _wait_for(what, timeout: float = 120):
    """Poll ``what`` until it returns something true, or fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            result = what()
        except OSError:
            result = None
        if result:
            return result
        time.sleep(0.5)
    raise AssertionError(f"gave up waiting after {timeout} s")


def test_serve_answers_shows_an_edit_and_survives_broken_yaml(tmp_path: Path) -> None:
    project = copy_examples(tmp_path)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([*INVOKE, "serve", "--port", str(port)], cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        state = lambda: json.loads(_get(f"{base}/__govpack__/state"))  # noqa: E731
        assert _wait_for(state)["generation"] == 1
        assert "Wyvern Vale" in _get(f"{base}/index.html")
        vision = project / "content" / "wyvern-vale" / "vision.yaml"
        text = vision.read_text(encoding="utf-8")
        vision.write_text(text.replace("Purpose and Vision 2026-2029", "Purpose and Vision, as edited", 1), encoding="utf-8")
        _wait_for(lambda: state()["generation"] == 2)
        page = _get(f"{base}/wyvern-vale/vision.en.html")
        assert "Purpose and Vision, as edited" in page
        assert "/__govpack__/state" in page  # the page reloads itself when the next build lands

        vision.write_text(text + "broken: [unclosed\n", encoding="utf-8")
        findings = _wait_for(lambda: state()["generation"] == 3 and state()["findings"])
        assert findings[0].startswith("content/wyvern-vale/vision.yaml:") and findings[0].endswith("[yaml-syntax]")
        page = _get(f"{base}/wyvern-vale/vision.en.html")
        assert "govpack: findings of the last build" in page and "[yaml-syntax]" in page
        assert "Purpose and Vision, as edited" in page  # the last good build is still served

        # While wyvern-vale is broken, an edit to cwm-arian; then wyvern-vale mended.
        cwm = project / "content" / "cwm-arian" / "vision.yaml"
        cwm.write_text(cwm.read_text(encoding="utf-8").replace("Vision, Values and Common Purpose", "Vision, as edited too", 1), encoding="utf-8")
        _wait_for(lambda: state()["generation"] == 4)
        vision.write_text(text, encoding="utf-8")
        _wait_for(lambda: state()["generation"] == 5 and not state()["findings"])
        assert "Vision, as edited too" in _get(f"{base}/cwm-arian/vision.en.html")

        _wait_for(lambda: not state()["printing"])  # the PDFs of the last edit are in place
        assert server.poll() is None
        request = urllib.request.Request(f"{base}/index.html", headers={"Host": "attacker.example"})
        try:
            urllib.request.urlopen(request, timeout=5)
            raise AssertionError("a page for another host name was served")
        except urllib.error.HTTPError as refused:
            assert refused.code == 403
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert "serving build/internal/ at http://127.0.0.1:" in output
    assert "built 204 output(s): 13 rendered, 191 unchanged, 0 removed in " in output, output  # only what the edit reaches
    assert "not built: the last good build is still served" in output
    assert "Traceback" not in output, output


def test_serve_refuses_a_port_it_cannot_use(tmp_path: Path) -> None:
    project = copy_examples(tmp_path)
    for port in ("0", "70000", "abc", "-1"):
        result = subprocess.run([*INVOKE, "serve", "--port", port], cwd=project, capture_output=True, text=True, timeout=60)
        assert (result.returncode, result.stderr.strip()) == (2, f'error: --port is "{port}"; give a port from 1 to 65535'), port
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([*INVOKE, "serve", "--port", str(port)], cwd=project, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and result.stderr.startswith(f"error: cannot serve on 127.0.0.1:{port}")
    assert not (project / "build" / "internal" / "index.html").exists()  # it failed before building


def test_an_edit_s_pages_are_shown_before_its_pdfs_are_printed(tmp_path: Path, monkeypatch) -> None:
    project = Project.at(copy_examples(tmp_path, organisations=("wyvern-vale",)))
    state = State()
    rebuild(project, state, strict=False, jobs=1, report=lambda line: None)
    assert (state.generation, state.pages, state.printing) == (1, {}, False)
    pdf = project.output / "internal" / "wyvern-vale" / "vision.en.pdf"
    before = pdf.read_bytes()
    vision = project.content / "wyvern-vale" / "vision.yaml"
    vision.write_text(vision.read_text(encoding="utf-8").replace("Purpose and Vision 2026-2029", "Purpose and Vision, as edited", 1), encoding="utf-8")
    printed, shown = [], []
    layout = Printer.layout
    monkeypatch.setattr(Printer, "layout", lambda self, html, what: printed.append(what) or layout(self, html, what))
    show = state.show
    state.show = lambda findings, problem="", pages=None: (shown.append((pages, list(printed))), show(findings, problem, pages))  # type: ignore[method-assign]
    rebuild(project, state, strict=False, jobs=1, report=lambda line: None)

    [(pages, printed_then)] = shown  # one new generation: the preview; the build that lands after it adds none
    assert "Purpose and Vision, as edited" in pages["wyvern-vale/vision.en.html"].decode("utf-8")
    # The pages rendered anew: the vision's and those that show its title (the rest are
    # as they were, and are sent from disk; index pages come with the build).
    reading = ("vision", "self-assessment", "federation-board-2026-04-14", "federation-board-decision-log")
    assert set(pages) == {f"wyvern-vale/{slug}.en.html" for slug in reading}
    assert printed_then == [] and printed  # shown before anything was printed, on one process too
    assert pdf.read_bytes() != before
    assert (state.generation, state.pages, state.printing) == (2, {}, False)


def test_a_page_sent_from_disk_during_a_preview_reloads_when_the_build_lands(tmp_path: Path) -> None:
    project = Project.at(copy_examples(tmp_path, organisations=("wyvern-vale",)))
    state = State()
    rebuild(project, state, strict=False, jobs=1, report=lambda line: None)
    server = http_server(project, state, _free_port())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        show = state.show

        def show_then_open_the_index(findings, problem="", pages=None):
            show(findings, problem, pages)
            if pages:  # the organisation's index, not previewed: sent as it was
                assert "Purpose and Vision 2026-2029" in _get(f"{base}/wyvern-vale/index.html")
                assert "Purpose and Vision, as edited" in _get(f"{base}/wyvern-vale/vision.en.html")

        state.show = show_then_open_the_index  # type: ignore[method-assign]
        vision = project.content / "wyvern-vale" / "vision.yaml"
        vision.write_text(vision.read_text(encoding="utf-8").replace("Purpose and Vision 2026-2029", "Purpose and Vision, as edited", 1), encoding="utf-8")
        rebuild(project, state, strict=False, jobs=1, report=lambda line: None)
        assert state.generation == 3  # the preview, then the build: the index asks again
        assert "Purpose and Vision, as edited" in _get(f"{base}/wyvern-vale/index.html")
    finally:
        server.shutdown()
        server.server_close()


def test_a_page_s_question_is_answered_when_the_next_generation_comes(tmp_path: Path) -> None:
    state = State()
    assert json.loads(state.as_json(seen=0, wait=0.1)) == {"generation": 0, "findings": [], "printing": False}  # none came
    answers: list[bytes] = []
    waiting = threading.Thread(target=lambda: answers.append(state.as_json(seen=0, wait=60)))
    waiting.start()
    state.show([], pages={"a/b.en.html": b"<p>new</p>"})
    waiting.join(timeout=10)
    assert json.loads(answers[0]) == {"generation": 1, "findings": [], "printing": True}
    assert state.page("a/b.en.html") == b"<p>new</p>" and state.page("a/c.en.html") is None


def test_a_file_saved_while_serve_starts_is_built(tmp_path: Path, monkeypatch) -> None:
    # The watcher watches from before the first build: a save as soon as serve starts is seen.
    project = Project.at(copy_examples(tmp_path, organisations=("wyvern-vale",)))
    vision = project.content / "wyvern-vale" / "vision.yaml"
    built, rebuild, stop = [], serve_module.rebuild, threading.Event()

    def rebuild_saving_once(*args, **kwargs):
        rebuild(*args, **kwargs)
        if not built:  # saved after the first build, before the server serves a page
            vision.write_text(vision.read_text(encoding="utf-8").replace("Purpose and Vision 2026-2029", "Purpose and Vision, saved at once", 1), encoding="utf-8")
        built.append(True)
        if len(built) == 2:
            stop.set()

    monkeypatch.setattr(serve_module, "rebuild", rebuild_saving_once)
    said: list[str] = []
    server = threading.Thread(target=serve_module.serve, args=(project, _free_port()), kwargs={"jobs": 1, "report": said.append, "stop": stop}, daemon=True)
    server.start()
    server.join(timeout=120)
    assert not server.is_alive() and len(built) == 2, said
    assert "Purpose and Vision, saved at once" in (project.output / "internal" / "wyvern-vale" / "vision.en.html").read_text(encoding="utf-8")
