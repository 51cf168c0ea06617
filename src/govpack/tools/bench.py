"""invoke bench: how fast builds are, measured as people run them.

A synthetic corpus is made from the example content in a temporary folder: each
example organisation copied under new names until there are as many as asked.
Every step runs ``govpack`` in a fresh process, as a person or CI would, and is
timed from start to exit: a cold build, then a publication of the same content
(which keeps every PDF whose public HTML is the internal one's), a rebuild with
nothing changed, a build after one document is edited, one after a shared default
is edited, and check, cold and with nothing changed; then ``govpack serve`` is
started and timed from saving a document to the page the browser reloads having
the edit, through the server, as a browser asks for it. The floor is WeasyPrint, with
no pipeline around it, laying out and writing the same print HTML, one document after
another, in one process, as govpack's printer has it (each stylesheet parsed once); each
page is laid out again with the print stylesheets replaced by a plain A4 page rule,
which is what the text alone costs, so that the difference is what the print CSS
costs (the two taking turns to go first, page by page, so that the machine's speed
changing during the run does not favour either).
"""

from __future__ import annotations

import datetime
import json
import os
import re
import platform
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from govpack.checking.check import check
from govpack.reading.document_types import document_types
from govpack.reading.logs import with_logs
from govpack.writing.pdf import harfbuzz_subsets
from govpack.cores import available_cores
from govpack.project import TODAY_VARIABLE, Project
from govpack.reading.texts import languages
from govpack.rendering.names import PRINT
from govpack.rendering.render import Renderer

# The edits: one document's title, and a clause of a shared default that reaches
# the code of conduct of every copy of the Welsh cluster.
EDITED_ORGANISATION = "cwm-arian"
EDITED_DOCUMENT = "vision"
DOCUMENT_EDIT = ("en: Cwm Arian Cluster Vision", "en: Cwm Arian Cluster Revised Vision")
EDITED_DEFAULT = Path("_defaults", "bae-cymoedd-uhb", "code-of-conduct.yaml")
DEFAULT_EDIT = ("Members also keep confidential", "Members also keep strictly confidential")
# Two saves while served: the first after starting, and the next, once the process has
# rendered (and so cached) the organisation's texts.
SERVE_EDITS = (
    ("Cwm Arian Cluster Revised Vision", "Cwm Arian Cluster Vision, as saved while served"),
    ("Cwm Arian Cluster Vision, as saved while served", "Cwm Arian Cluster Vision, as saved again"),
)


@dataclass(frozen=True)
class Step:
    name: str
    seconds: float
    summary: str


def corpus(examples: Path, folder: Path, organisations: int) -> Path:
    """A content folder of ``organisations`` copies of the example organisations."""
    content = folder / "content"
    shutil.copytree(examples / "_defaults", content / "_defaults")
    originals = sorted(p for p in examples.iterdir() if p.is_dir() and not p.name.startswith("_"))
    for index in range(organisations):
        original = originals[index % len(originals)]
        copy = index // len(originals)
        shutil.copytree(original, content / (original.name if copy == 0 else f"{original.name}-{copy + 1}"))
    return content


def bench(examples: Path, organisations: int, jobs: int) -> dict[str, Any]:
    """Every measurement, with the machine it was made on."""
    with tempfile.TemporaryDirectory(prefix="govpack-bench-") as temporary:
        root = Path(temporary)
        content = corpus(examples, root, organisations)
        env = {**os.environ, TODAY_VARIABLE: os.environ.get(TODAY_VARIABLE) or datetime.date.today().isoformat()}
        # Python keeps each module compiled, as people's do, even where this machine says otherwise:
        # compiling govpack again in every step cost each about 0.3 s no user spends.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        steps = [_run(root, env, "cold build", "build", "--jobs", str(jobs))]
        steps.append(_run(root, env, "publish, after the cold build", "publish", "--jobs", str(jobs)))
        steps.append(_run(root, env, "no-op rebuild", "build", "--jobs", str(jobs)))
        _edit(content / EDITED_ORGANISATION / f"{EDITED_DOCUMENT}.yaml", *DOCUMENT_EDIT)
        steps.append(_run(root, env, "one-document edit", "build", "--jobs", str(jobs)))
        _edit(content / EDITED_DEFAULT, *DEFAULT_EDIT)
        steps.append(_run(root, env, "shared-default edit", "build", "--jobs", str(jobs)))
        shutil.rmtree(root / "build" / ".cache")
        steps.append(_run(root, env, "check, cold", "check"))
        steps.append(_run(root, env, "check, nothing changed", "check"))
        steps += _serve(root, env, jobs)
        floor, one, modes = _floor(root, env)
        steps.append(Step("floor: bare WeasyPrint, serial", floor, ""))
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KiB to MiB, on Linux
    return _report(steps, organisations, jobs, peak, one, modes)


def _edit(path: Path, old: str, new: str) -> None:
    """A change a person might make: a word or two of a text."""
    text = path.read_text(encoding="utf-8")
    if old not in text:
        raise RuntimeError(f"{path.name} no longer says {old!r}: update the benchmark's edit")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _run(root: Path, env: dict[str, str], name: str, *args: str) -> Step:
    command = [sys.executable, "-c", "import sys; from govpack.tools.tasks import program; program.run(['govpack', *sys.argv[1:]])", *args]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{name} failed:\n{done.stdout}{done.stderr}")
    return Step(name, seconds, done.stdout.strip().splitlines()[0])  # publish says what to upload after


def _serve(root: Path, env: dict[str, str], jobs: int) -> list[Step]:
    """``govpack serve`` started on a free port; each of ``SERVE_EDITS`` timed from saving
    it to having the page the browser then reloads with the new title: the page's own
    question for the next generation, then the page, through the server."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-c", "import sys; from govpack.tools.tasks import program; program.run(['govpack', *sys.argv[1:]])"]
    # Unbuffered: what serve printed is read after it is stopped, which no buffer survives.
    server = subprocess.Popen(
        [*command, "serve", "--port", str(port), "--jobs", str(jobs)], cwd=root, env={**env, "PYTHONUNBUFFERED": "1"}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    base = f"http://127.0.0.1:{port}"
    seconds = []
    try:
        _waited(lambda: _state(base))
        for edit in SERVE_EDITS:
            generation = _state(base)["generation"]
            started = time.perf_counter()
            _edit(root / "content" / EDITED_ORGANISATION / f"{EDITED_DOCUMENT}.yaml", *edit)
            while _state(base, generation)["generation"] == generation:
                pass  # asked again after the server's wait, as the page does
            page = _get(f"{base}/{EDITED_ORGANISATION}/{EDITED_DOCUMENT}.en.html")
            seconds.append(time.perf_counter() - started)
            if edit[1] not in page:
                raise RuntimeError("serve reloaded a page without the edit")
            _waited(lambda: not _state(base)["printing"])  # its PDFs printed before the next save
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=60)
    said = [line for line in output.splitlines() if line.startswith("built ")]
    if len(said) != 1 + len(SERVE_EDITS):
        raise RuntimeError(f"serve did not say it built after starting and after each save:\n{output}")
    return [Step(f"serve: {which} save, reloaded", second, line) for which, second, line in zip(("first", "next"), seconds, said[1:])]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.read().decode("utf-8")


def _state(base: str, seen: int | None = None) -> dict[str, Any]:
    """The server's state; with ``seen``, once its generation is another, as a page asks."""
    return json.loads(_get(f"{base}/__govpack__/state" + ("" if seen is None else f"?seen={seen}")))


def _waited(what: Any, timeout: float = 600) -> Any:
    """``what()`` once it is true (connection refused counts as false), polled every 0.1 s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if result := what():
                return result
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"serve did not answer in {timeout} s")


def _floor(root: Path, env: dict[str, str]) -> tuple[float, float, dict[str, dict[str, float]]]:
    """Seconds for WeasyPrint, with no pipeline around it, to lay out and write every document's print HTML, in
    each of its organisation's languages, serially; for the one the benchmark edits; and, for
    the print CSS and for a plain page rule, the pages and the seconds laying out and
    writing took."""
    project = Project.at(root, today=env[TODAY_VARIABLE])
    types = document_types(project.schemas)
    # The documents a build prints: the organisations' own, and the logs made from their meetings.
    organisations = [with_logs(org, types) for org in check(project)[0]]
    renderer = Renderer(project.templates, types)
    pages = root / "floor"
    pages.mkdir()
    for org in organisations:
        for lang in languages(org):
            for doc in org.documents:
                name = f"{org.slug}.{doc.slug}.html" if lang == "en" else f"{org.slug}.{doc.slug}.{lang}.html"
                (pages / name).write_text(renderer.document(org, doc, lang, PRINT), encoding="utf-8")
    command = [sys.executable, "-m", "govpack.tools.bench", str(pages), str(project.assets.resolve())]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    measured = json.loads(done.stdout)
    return sum(measured["seconds"].values()), measured["seconds"][f"{EDITED_ORGANISATION}.{EDITED_DOCUMENT}.html"], measured["modes"]


# The stylesheets of a print page, linked or inline; the plain floor has a bare A4 page instead.
_STYLESHEETS = re.compile(r"<link[^>]*rel=\"stylesheet\"[^>]*>|<style\b.*?</style>", re.S)
_PLAIN_PAGE = "<style>@page { size: A4; margin: 2cm }</style>"


def _print_serially(pages: Path, assets: Path) -> None:
    """The floor's process: each page laid out and written by one printer, as the print
    HTML is and with a plain page rule for its stylesheets, one after the other, the
    first of the two taking turns (so that a machine slowing or speeding up during the
    run weighs on both alike). Prints JSON: seconds per page (as it is), and for each
    mode its pages and seconds laying out and writing."""
    from govpack.writing.pdf import Printer

    printer = Printer(assets)
    seconds: dict[str, float] = {}
    modes = {mode: {"pages": 0, "layout": 0.0, "write": 0.0} for mode in ("print CSS", "plain page")}
    for number, page in enumerate(sorted(pages.glob("*.html"))):
        # Both ways, the one that goes first changing from page to page.
        for mode in list(modes) if number % 2 == 0 else list(modes)[::-1]:
            html = page.read_text(encoding="utf-8")
            if mode == "plain page":
                html = _STYLESHEETS.sub("", html).replace("</head>", f"{_PLAIN_PAGE}</head>", 1)
            started = time.perf_counter()
            layout = printer.layout(html, page.name)
            laid_out = time.perf_counter()
            printer.write(layout, page.name)
            done = time.perf_counter()
            modes[mode]["pages"] += len(layout.pages)
            modes[mode]["layout"] += laid_out - started
            modes[mode]["write"] += done - laid_out
            if mode == "print CSS":
                seconds[page.name] = done - started
    print(json.dumps({"seconds": seconds, "modes": modes}))


def _report(steps: list[Step], organisations: int, jobs: int, peak: float, one: float, modes: dict[str, dict[str, float]]) -> dict[str, Any]:
    by = {step.name: step.seconds for step in steps}
    cold, floor = by["cold build"], by["floor: bare WeasyPrint, serial"]
    rate = {mode: tally["pages"] / (tally["layout"] + tally["write"]) for mode, tally in modes.items()}
    css = modes["print CSS"]
    return {
        "machine": {
            "cores": available_cores(),
            "cpu": _cpu(),
            "python": platform.python_version(),
            "weasyprint": metadata.version("weasyprint"),
            "harfbuzz_subset": harfbuzz_subsets(),
        },
        "organisations": organisations,
        "jobs": jobs,
        "steps": [{"name": s.name, "seconds": round(s.seconds, 2), "govpack said": s.summary} for s in steps],
        "peak_memory_mib": round(peak),
        "ratios": {
            "cold / floor": round(cold / floor, 2),
            "cold build + publish / floor": round((cold + by["publish, after the cold build"]) / floor, 2),
            "no-op / cold": round(by["no-op rebuild"] / cold, 3),
            "one-document edit / cold": round(by["one-document edit"] / cold, 3),
            "one-document edit - that document alone (s)": round(by["one-document edit"] - one, 2),
            "shared-default edit / cold": round(by["shared-default edit"] / cold, 3),
            "serve: first save to reloaded page (s)": round(by["serve: first save, reloaded"], 2),
            "serve: next save to reloaded page (s)": round(by["serve: next save, reloaded"], 2),
            "floor pages/s per core, print CSS": round(rate["print CSS"], 1),
            "floor pages/s per core, plain page": round(rate["plain page"], 1),
            "print CSS cost (share of floor time)": round(1 - rate["print CSS"] / rate["plain page"], 2),
            "layout share of floor time": round(css["layout"] / (css["layout"] + css["write"]), 2),
        },
    }


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def table(report: dict[str, Any]) -> str:
    """The report for people: one line a step, then the ratios."""
    machine = report["machine"]
    lines = [
        f"{report['organisations']} organisations, --jobs {report['jobs']}, on {machine['cores']} cores ({machine['cpu']}), "
        f"Python {machine['python']}, WeasyPrint {machine['weasyprint']}, HarfBuzz subsetting: {'yes' if machine['harfbuzz_subset'] else 'no'}",
        "",
        f"{'step':<32} {'seconds':>8}  govpack said",
    ]
    lines += [f"{s['name']:<32} {s['seconds']:>8.2f}  {s['govpack said']}" for s in report["steps"]]
    lines += ["", f"{'peak memory of one process (MiB)':<32} {report['peak_memory_mib']:>8}"]
    lines += [f"{name:<44} {value:>8}" for name, value in report["ratios"].items()]
    return "\n".join(lines)


if __name__ == "__main__":
    _print_serially(Path(sys.argv[1]), Path(sys.argv[2]))
