"""Where a list file comes from: a path, a folder, or any http(s) address (downloaded)."""

from __future__ import annotations

import hashlib
import http.client
import shutil
import tempfile
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

USER_AGENT = "SanctionsTracker/1.0 (+list importer)"
TIMEOUT = 120


class FetchError(Exception):
    pass


def is_url(location: str) -> bool:
    return urllib.parse.urlsplit(location).scheme in ("http", "https")


@contextmanager
def local_files(locations: list[str]):
    """Yield local paths for ``locations``, downloading addresses into a temporary folder."""
    with tempfile.TemporaryDirectory(prefix="list-") as tmp:
        paths = []
        for location in locations:
            if is_url(location):
                name = Path(urllib.parse.urlsplit(location).path).name or "download"
                target = Path(tmp) / name
                request = urllib.request.Request(location, headers={"User-Agent": USER_AGENT})
                try:
                    with (
                        urllib.request.urlopen(request, timeout=TIMEOUT) as response,
                        open(target, "wb") as out,
                    ):
                        shutil.copyfileobj(response, out, 1 << 20)
                except (OSError, http.client.HTTPException, ValueError) as exc:
                    # Refused, timed out, cut short, a malformed address: one clear line.
                    raise FetchError(f"could not download {location}: {exc}") from exc
                paths.append(target)
            else:
                path = Path(location)
                if not path.exists():
                    raise FetchError(f"no such file or folder: {location}")
                paths.append(path)
        yield paths


def sha256_of(paths: list[Path]) -> str:
    """One hash for the file, or for a folder's or set's files in name order."""
    digest = hashlib.sha256()
    files = []
    for path in paths:
        files += sorted(p for p in path.iterdir() if p.is_file()) if path.is_dir() else [path]
    for path in sorted(files, key=lambda p: p.name):
        with open(path, "rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
    return digest.hexdigest()
