"""The document types: the schema files in schemas/ are their registry.

A type is one file, ``schemas/<type>.yaml``, whose ``meta`` says what govpack
needs to know of the type beyond its fields: its label and the description the
publication scheme gives it (English; other languages in the message
catalogues), where its documents come in a pack, its class in the ICO's model
publication scheme, and what the public set leaves out of it. The type also has a
template (``templates/<type>.html.j2``) and a scaffold
(``templates/scaffold/<type>.yaml.j2``); nothing under ``src/`` names it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from govpack.errors import UsageError

# The schema of an organisation file, which is not a document type.
ORGANISATION = "organisation"
# Schema files that hold no type: rule sets shared by name.
_SHARED = "_common"
# What a derived type is made from, for a redline's type: a document's git history (``reading.redlines``).
HISTORY = "history"
# What a type's ``meta`` must say; see ``DocumentType``.
REQUIRED_META = ("label", "description", "order", "ico_class")


@dataclass(frozen=True)
class DocumentType:
    """One document type, as its schema's ``meta`` gives it.

    ``name`` is the schema file's stem: the folder or file name of its documents
    under an organisation, and the name of its template and scaffold. ``order``
    places its documents in a pack and on index pages (lowest first). ``label``
    and ``description`` are English; ``ico_class`` is the default class of the
    ICO model publication scheme for its documents. ``withholds`` names a list
    field whose items carrying a reason under ``withheld_by`` (``withheld`` unless
    the meta says otherwise) are kept from the public set (the register of
    interests' ``entries``), or is None. ``folder``: where a type kept one file per
    meeting keeps its documents (``meetings``; see ``govpack.reading.meetings``), or
    None for ``<type>.yaml`` and ``<type>/<name>.yaml``. ``in_pack``: whether its
    documents are among the governance documents of an organisation's pack.
    ``derived``: what govpack makes its documents from, where no one writes them
    (``meetings``: a body's logs; see ``govpack.reading.logs``), or None.
    ``written``: whether its documents are files kept as ``<type>.yaml`` or
    ``<type>/<name>.yaml``, neither in a folder of their own nor derived.
    ``published``: whether the public set may hold its documents at all.
    """

    name: str
    order: int
    label: str
    description: str
    ico_class: str
    withholds: str | None
    meta: dict[str, Any]

    @property
    def withheld_by(self) -> str:
        return str(self.meta.get("withheld_by", "withheld"))

    @property
    def folder(self) -> str | None:
        return self.meta.get("folder")

    @property
    def in_pack(self) -> bool:
        return bool(self.meta.get("in_pack", True))

    @property
    def derived(self) -> str | None:
        return self.meta.get("derived")

    @property
    def written(self) -> bool:
        return not self.folder and not self.derived

    @property
    def published(self) -> bool:
        return bool(self.meta.get("published", True))


def document_types(folder: Path) -> dict[str, DocumentType]:
    """Every document type whose schema is in ``folder``, by name, in pack order.

    Raises ``UsageError`` for a schema file that cannot be read or whose ``meta``
    lacks one of ``REQUIRED_META``: the person adding a type is told which.
    """
    return dict(_read(folder.resolve(), _stamp(folder)))


def _stamp(folder: Path) -> tuple[tuple[str, int], ...]:
    """The schema files and their modification times: a new or edited type is read afresh."""
    return tuple(sorted((path.name, path.stat().st_mtime_ns) for path in folder.glob("*.yaml")))


@functools.lru_cache(maxsize=8)
def _read(folder: Path, stamp: tuple[tuple[str, int], ...]) -> tuple[tuple[str, DocumentType], ...]:
    types = []
    for name, _ in stamp:
        path = folder / name
        if path.stem in (ORGANISATION, _SHARED):
            continue
        try:
            meta = YAML(typ="safe").load(path.read_text(encoding="utf-8")).get("meta")
        except (OSError, YAMLError, AttributeError) as err:
            raise UsageError(f"{path}: cannot read the document type's schema: {err}") from err
        missing = [key for key in REQUIRED_META if not isinstance(meta, dict) or key not in meta]
        if missing:
            raise UsageError(f"{path}: a document type's schema says in meta: {', '.join(missing)} (see {__name__})")
        if not isinstance(meta["order"], int):
            raise UsageError(f'{path}: meta: order is "{meta["order"]}"; write a whole number, which places the type in a pack')
        types.append(DocumentType(path.stem, meta["order"], meta["label"], meta["description"], meta["ico_class"], meta.get("withholds"), meta))
    types.sort(key=lambda t: (t.order, t.name))
    return tuple((t.name, t) for t in types)
