"""What WeasyPrint may read: the project's own assets, and nothing else."""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse


class AssetFetcher(URLFetcher):
    """Fetches regular files under one folder; refuses, fatally, anything else."""

    def __init__(self, assets: Path) -> None:
        super().__init__(allowed_protocols={"file"}, allow_redirects=False, fail_on_errors=True)
        self.assets = assets.resolve()

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            raise PermissionError(f"only the project's own assets may be read, not {url}")
        path = Path(unquote(parts.path)).resolve()
        if not path.is_relative_to(self.assets) or not path.is_file():
            raise PermissionError(f"only files under {self.assets} may be read, not {path}")
        mime, _ = mimetypes.guess_type(path.name)
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime or "application/octet-stream"})
