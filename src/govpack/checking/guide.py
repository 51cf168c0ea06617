"""What the guide recommends a document states, and what a document leaves out.

The guide's checklists (the headings of a terms of reference, 3.10; what an
agreement sets out, 9.10) are advice: a real document that does not state a
chair or a quorum is still that document, and govpack prints nothing in its
place. Each type's schema lists them in ``meta: recommends`` (``schema.recommended``
finds the ones left out); this module says each as a warning, ``guide-gap``,
naming the guide's section, for ``govpack check --guide``: a body preparing its
next version sees what the guide would have it say.
"""

from __future__ import annotations

from govpack.checking.schema import Gap, Schema, recommended
from govpack.checking.validate import naming
from govpack.errors import WARNING, Finding
from govpack.reading.assemble import Organisation
from govpack.reading.source import dotted

GUIDE_GAP = "guide-gap"


def guide_gaps(organisations: list[Organisation], schemas: dict[str, Schema]) -> list[Finding]:
    """A warning for each field the guide recommends that a document of
    ``organisations`` does not state (with its shared defaults merged), at the
    place in the document's own file where it would be added."""
    return [
        naming(doc.source.finding(gap.parent, _message(gap), GUIDE_GAP, WARNING, own=True), doc)
        for org in organisations
        for doc in org.documents
        for gap in recommended(doc.data, schemas[doc.type].rules)
    ]


def _message(gap: Gap) -> str:
    where = f" under {dotted(gap.parent)}" if gap.parent else ""
    section = f"guide {gap.section}" if gap.section[:1].isdigit() else f"guide, {gap.section}"
    return f"not stated: {gap.what}, which the guide recommends ({section}); add {gap.key}{where}, or leave it out if the document does not say"
