"""A pack PDF put together from PDFs already written: no page is laid out twice.

The front matter (cover and contents) and each document are tagged PDFs from
WeasyPrint. Their pages are copied into one file and their structure trees
joined: each document's Document element becomes a Part of the pack's, and the
keys that tie marked content and links to structure elements are renumbered.
Bookmarks are joined the same way, and each document's links to its own named
places are made direct, so that names used by two documents cannot clash.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

import pikepdf
from pikepdf import Array, Dictionary, Name, OutlineItem


def combine(front: bytes, documents: Iterable[bytes], numbers: bytes | None = None) -> bytes:
    """One PDF: the pages of ``front``, then those of each document, tags and bookmarks
    kept; with ``numbers`` (a PDF with a page for each of the pack's), each of its pages
    laid over the pack's page of the same number (see ``number_pages``), if it has as
    many pages as the pack."""
    pack = pikepdf.open(io.BytesIO(front))
    tree = pack.Root.StructTreeRoot
    top = _elements(tree.K)[0]  # the front's Document element
    kids = _elements(top.K)
    nums = list(tree.ParentTree.Nums)
    next_key = _next_key(nums)
    with pack.open_outline() as outline:
        for content in documents:
            document = pikepdf.open(io.BytesIO(content))
            _direct_links(document)
            first = len(pack.pages)
            pack.pages.extend(document.pages)
            for page in pack.pages[first:]:
                _shift_keys(page, next_key)
            source_tree = document.Root.StructTreeRoot
            for element in _elements(source_tree.K):
                element.P = pikepdf.Dictionary()  # not the source's tree root: not copied
                part = pack.copy_foreign(element)
                part.S = Name.Part
                part.P = top
                kids.append(part)
            namespaces = source_tree.get("/Namespaces")
            if namespaces is not None:  # those the copied elements name
                tree.Namespaces = Array([*tree.get("/Namespaces", []), *(pack.copy_foreign(n) for n in namespaces)])
            source_nums = source_tree.ParentTree.Nums
            for index in range(0, len(source_nums), 2):
                nums += [int(source_nums[index]) + next_key, _copied(pack, source_nums[index + 1])]
            next_key = _next_key(nums)
            places = {page.objgen: first + index for index, page in enumerate(document.pages)}
            outline.root.extend(_bookmarks(pack, document.open_outline().root, places))
    numbered = pikepdf.open(io.BytesIO(numbers)) if numbers is not None else None
    # Numbers made for a shorter front matter than was printed are not laid over: the
    # caller prints the pack again, its front and numbers made for the right length.
    if numbered is not None and len(numbered.pages) == len(pack.pages):
        number_pages(pack, numbered)
    top.K = Array(kids)
    tree.ParentTree = pack.make_indirect(Dictionary(Nums=Array(nums)))
    tree.ParentTreeNextKey = next_key
    out = io.BytesIO()
    # The file identifier comes from the content, so the same inputs give the same bytes.
    pack.save(out, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()


# Marked content of page furniture, outside the structure tree (ISO 32000-1, 14.8.2.2).
_PAGINATION = [Name.Artifact, Dictionary(Type=Name.Pagination, Subtype=Name.Footer)]
_NUMBER_FORM = Name("/GovpackPackPageNumber")


def number_pages(pack: pikepdf.Pdf, numbers: pikepdf.Pdf) -> None:
    """Lay each page of ``numbers`` over the page of ``pack`` with the same index, as a
    pagination artifact: WeasyPrint tags the page number it prints as text of the
    structure tree, which in the pack belongs to no element, so each of its marked-content
    sequences is marked as an artifact, which assistive technology passes over."""
    for page, numbered in zip(pack.pages, numbers.pages):
        instructions = pikepdf.parse_content_stream(numbered)
        marked = [
            pikepdf.ContentStreamInstruction(_PAGINATION, operator) if str(operator) == "BDC" else pikepdf.ContentStreamInstruction(operands, operator)
            for operands, operator in instructions
        ]
        numbered.obj.Contents = numbers.make_stream(pikepdf.unparse_content_stream(marked))
        # Drawn last, in a graphics state of its own, under a name of ours: pikepdf's
        # add_overlay names the form at random, which would change the pack's bytes.
        form = pack.copy_foreign(numbered.as_form_xobject())
        # The page's own copy of its resources, which pages may share.
        resources = Dictionary({key: value for key, value in page.obj.get("/Resources", Dictionary()).items()})
        resources.XObject = Dictionary({**dict(resources.get("/XObject", Dictionary()).items()), str(_NUMBER_FORM): form})
        page.obj.Resources = resources
        page.contents_add(pack.make_stream(b"q\n"), prepend=True)
        page.contents_add(pack.make_stream(f"Q\nq {_NUMBER_FORM} Do Q\n".encode()))


def _elements(k: pikepdf.Object) -> list[pikepdf.Object]:
    """The children a /K entry holds, whether it holds one or an array."""
    return list(k) if isinstance(k, Array) else [k]


def _copied(pack: pikepdf.Pdf, value: pikepdf.Object) -> pikepdf.Object:
    """``value`` in ``pack``: an array of a parent tree holds its elements directly."""
    if isinstance(value, Array) and not value.is_indirect:
        return Array([_copied(pack, item) for item in value])
    return pack.copy_foreign(value) if value.is_indirect else value


def _next_key(nums: list) -> int:
    keys = [int(nums[index]) for index in range(0, len(nums), 2)]
    return max(keys, default=-1) + 1


def _shift_keys(page: pikepdf.Page, by: int) -> None:
    """Renumber a copied page's keys into the pack's parent tree."""
    if "/StructParents" in page.obj:
        page.obj.StructParents = int(page.obj.StructParents) + by
    for annotation in page.obj.get("/Annots", []):
        if "/StructParent" in annotation:
            annotation.StructParent = int(annotation.StructParent) + by


def _direct_links(document: pikepdf.Pdf) -> None:
    """Point each link to a named place at the place itself."""
    names = document.Root.get("/Names", {}).get("/Dests")
    if names is None:
        return
    places = dict(pikepdf.NameTree(names).items())
    for page in document.pages:
        for annotation in page.obj.get("/Annots", []):
            target = annotation.get("/Dest")
            if isinstance(target, pikepdf.String) and str(target) in places:
                annotation.Dest = places[str(target)]


def _bookmarks(pack: pikepdf.Pdf, items: list[OutlineItem], places: dict) -> list[OutlineItem]:
    copied = []
    for item in items:
        _, fit, *position = item.destination
        page = pack.pages[places[item.destination[0].objgen]]
        destination = Array([page.obj, fit, *position])
        bookmark = OutlineItem(item.title, destination)
        bookmark.children.extend(_bookmarks(pack, item.children, places))
        copied.append(bookmark)
    return copied
