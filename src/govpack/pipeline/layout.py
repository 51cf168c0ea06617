"""What WeasyPrint warned of while printing, as findings at the content it is about."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from govpack.errors import WARNING, Finding
from govpack.pipeline.manifest import Output
from govpack.reading.assemble import Organisation
from govpack.rendering.names import meeting_pack


_ANOTHER_WAY = 'Write it another way, or install a font that has it (see "Fonts and layout" in govpack\'s README)'


def layout_findings(organisations: list[Organisation], outputs: list[Output]) -> list[Finding]:
    """What WeasyPrint warned of while printing ``outputs``, as findings at the content:
    a character that no font has (rule ``missing-glyph``) where the document or the
    organisation file first has it, any other warning (``pdf-warning``) at the file."""
    sources = {(org.slug, doc.slug): doc.source for org in organisations for doc in org.documents}
    # A pack's warnings are of its front matter: the organisation's, or a meeting's agenda.
    sources |= {(org.slug, "pack"): org.source for org in organisations}
    sources |= {(org.slug, meeting_pack(doc.slug)): doc.source for org in organisations for doc in org.documents if doc.meeting is not None}
    findings = []
    for output in outputs:
        source = sources.get((output.organisation, output.document))
        if source is None or not output.warnings:
            continue
        name = Path(output.path).name
        for warning in output.warnings:
            if not warning.missing:
                findings.append(Finding(source.path, 1, 1, WARNING, f"{name}: WeasyPrint warned while printing it: {warning.message}", "pdf-warning"))
                continue
            where = next((found for span in source.spans.values() if (found := span.find(warning.missing))), None)
            path, line, col = (where.path, where.line, where.col) if where else (source.path, 1, 1)
            message = f"{name} shows an empty box for {_character(warning.missing)}: no font installed has it. {_ANOTHER_WAY}"
            findings.append(Finding(path, line, col, WARNING, message, "missing-glyph"))
    return sorted(set(findings))


def _character(char: str) -> str:
    """A character as a person can find it again: ``"ਸ" (U+0A38 GURMUKHI LETTER SA)``;
    one that shows nothing, by its code point and what it is."""
    if unicodedata.category(char) == "Co":  # where Word's Symbol and Wingdings fonts put their bullets
        return f"U+{ord(char):04X} (a private-use character, often a bullet or symbol pasted from Word)"
    name = unicodedata.name(char, "")
    if not name:
        return f"U+{ord(char):04X} (not a character Unicode assigns)"
    return f'"{char}" (U+{ord(char):04X} {name})'
