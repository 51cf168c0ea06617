"""invoke serve: answers on 127.0.0.1, shows an edit after a save, survives bad input."""

from __future__ import annotations

import json
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

from conftest import INVOKE, copy_examples


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
        assert server.poll() is None
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert "serving build/internal/ at http://127.0.0.1:" in output
    assert "built 28 output(s) (rendered again: wyvern-vale)" in output  # only what changed
    assert "not built: the last good build is still served" in output
    assert "Traceback" not in output
