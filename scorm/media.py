"""Media for a package: local files copied in, remote images downloaded at build time.

A package must work with no network (an LMS may serve it to schools behind filters, and no
request may leave the package), so an image written as ``https://...`` in the content is
downloaded when the package is built, stored under ``media/remote/``, and the page points at the
copy. Downloads go through a cache folder, so rebuilding does not fetch again and two builds of
the same content give the same bytes. A download that fails stops the build with a message at
the ``file:line`` of the Markdown that shows the image (every failed download at once), never a
package with a broken image. Each download has a total deadline and goes to public addresses only
unless the builder allows others (:mod:`plxblocks.remote_fetch`).
"""
from __future__ import annotations

import hashlib
import html
import mimetypes
import os
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from plxblocks.course import Prose, Unit
from plxblocks.course.diagnostics import display_path
from plxblocks.remote_fetch import DEFAULT_DEADLINE, NO_PRIVATE, AddressPolicy, FetchError, download

from .errors import PackageError
from .paths import archive_name

REMOTE_DIR = "media/remote"
DEFAULT_TIMEOUT = DEFAULT_DEADLINE
MAX_BYTES = 25 * 1024 * 1024
"""Refuse remote files larger than this (a course image, not a video library)."""

_ALLOWED_TYPES = ("image/", "audio/", "video/", "application/pdf")
_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif", ".mp3", ".m4a", ".ogg",
             ".mp4", ".webm", ".pdf"}


def default_cache_dir() -> Path:
    """``$PLX_CACHE_DIR``, else ``$XDG_CACHE_HOME/plx/media``, else ``~/.cache/plx/media``."""
    if os.environ.get("PLX_CACHE_DIR"):
        return Path(os.environ["PLX_CACHE_DIR"])
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "plx" / "media"


@dataclass
class RemoteMedia:
    """Downloads remote media once per URL into a cache folder."""

    cache_dir: Path = field(default_factory=default_cache_dir)
    timeout: float = DEFAULT_TIMEOUT
    """Seconds one download may take in all, redirects included."""
    addresses: AddressPolicy = NO_PRIVATE
    """The non-public addresses downloads may come from (none unless the builder allows them)."""

    def fetch(self, url: str, where: str) -> tuple[str, bytes]:
        """(package file name, content) for *url*; *where* names the block for error messages."""
        key = hashlib.sha256(url.encode("utf-8")).hexdigest()[:24]
        cached = sorted(self.cache_dir.glob(key + ".*")) if self.cache_dir.is_dir() else []
        if cached:
            return f"{REMOTE_DIR}/{cached[0].name}", cached[0].read_bytes()
        content, suffix = self._download(url, where)
        name = key + suffix
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        partial = self.cache_dir / f".{name}.part"
        partial.write_bytes(content)
        os.replace(partial, self.cache_dir / name)
        return f"{REMOTE_DIR}/{name}", content

    def _download(self, url: str, where: str) -> tuple[bytes, str]:
        try:
            fetched = download(url, deadline=self.timeout, addresses=self.addresses, accept_types=_ALLOWED_TYPES,
                               accept_names="an image, audio, video or PDF file", max_bytes=MAX_BYTES,
                               user_agent="plx-scorm-builder")
        except FetchError as error:
            raise PackageError(f"{where}: cannot download {url}: {error}") from None
        return fetched.content, _suffix(url, fetched.content_type)


_URL_ATTRIBUTE = re.compile(r'\s(?:src|href)="([^"]*)"')


def _local_targets(page_html: str) -> set[str]:
    """The files *page_html* links to or shows, as the loader resolved them (``media/my photo.png``).

    The HTML carries them as Markdown wrote them, percent-encoded (``media/my%20photo.png``,
    ``media/d%C5%B5r.png``) and HTML-escaped; the model's media are decoded paths. (The sanitiser
    writes every attribute in double quotes, so a regular expression finds them all.)
    """
    return {unquote(html.unescape(value).split("#", 1)[0].split("?", 1)[0])
            for value in _URL_ATTRIBUTE.findall(page_html)}


def _suffix(url: str, kind: str) -> str:
    suffix = posixpath.splitext(urlsplit(url).path)[1].lower()
    if suffix in _SUFFIXES:
        return suffix
    guessed = mimetypes.guess_extension(kind) or ".bin"
    return ".jpg" if guessed == ".jpe" else guessed


@dataclass(frozen=True)
class PackageMedia:
    """The media files of a package and how page HTML must be rewritten to reach them."""

    files: dict[str, bytes]
    """Package file name -> content."""
    replacements: dict[str, str]
    """``src="<remote url>"`` attribute text -> ``src="<package file>"`` (applied by pages.py)."""


def collect_media(course_root: Path, units: tuple[Unit, ...], languages: tuple[str, ...],
                  remote: RemoteMedia) -> PackageMedia:
    """Every media file the *units* show in *languages*, read or downloaded."""
    files: dict[str, bytes] = {}
    replacements: dict[str, str] = {}
    shown_remote: dict[str, list[str]] = {}
    """Remote URL -> ``file:line`` of each place the units show it."""
    for unit in units:
        for block in unit.blocks:
            if not isinstance(block, Prose):
                continue
            shown = "".join(block.body.get(lang) for lang in languages)
            linked = _local_targets(shown)
            for path in block.media:
                if path in linked and path not in files:
                    files[archive_name(path)] = (course_root / path).read_bytes()
            for url in block.remote_media:
                if f'src="{html.escape(url)}"' in shown:
                    shown_remote.setdefault(url, []).extend(_references(block, url))
    problems = []
    for url, (first, *others) in shown_remote.items():  # each URL once, however often it is shown
        try:
            name, content = remote.fetch(url, first)
        except PackageError as error:  # go on: the author sees every failed download at once
            problems.append(str(error) + (f" (also shown at {', '.join(others)})" if others else ""))
            continue
        files[archive_name(name)] = content
        replacements[f'src="{html.escape(url)}"'] = f'src="{name}"'
    if problems:
        raise PackageError("\n".join(problems))
    return PackageMedia(files, replacements)


def _references(block: Prose, url: str) -> list[str]:
    """``file:line`` of every place *block* shows *url* (its declaration, if the model lacks them)."""
    return [f"{display_path(r.path)}:{r.line}" for r in block.remote_references if r.url == url] or [
        f"{display_path(block.source)}:{block.line}"]
