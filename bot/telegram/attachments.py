"""Files a job's output names (``output["images"]``, ``output["files"]``), checked before upload."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from core.limits import TELEGRAM_FILE_UPLOAD_MAX_BYTES, TELEGRAM_PHOTO_UPLOAD_MAX_BYTES

logger = logging.getLogger(__name__)

PHOTO_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".webp"})
OUTPUT_FILE_KEYS = ("images", "files")


def result_attachments(output: dict[str, Any], data_dir: Path) -> tuple[list[Path], list[Path]]:
    """Return the photos and other files of a job output that exist under ``data_dir``.

    An entry is a path string or a mapping with a ``path`` key. A relative
    path is read from the working directory, else from ``data_dir``. Files
    outside ``data_dir``, missing files and files over Telegram's upload
    limits are skipped with a warning. An image too big for a photo (10 MB)
    is sent as a file instead.
    """
    root = data_dir.resolve()
    photos: list[Path] = []
    files: list[Path] = []
    seen: set[Path] = set()
    for key in OUTPUT_FILE_KEYS:
        for entry in _entries(output.get(key)):
            path = _resolve(entry, data_dir)
            if path is None or path in seen or not _is_within(path, root):
                continue
            seen.add(path)

            size = path.stat().st_size
            is_photo = path.suffix.lower() in PHOTO_SUFFIXES
            if is_photo and size <= TELEGRAM_PHOTO_UPLOAD_MAX_BYTES:
                photos.append(path)
            elif size <= TELEGRAM_FILE_UPLOAD_MAX_BYTES:
                files.append(path)
            else:
                logger.warning(
                    "output file %s is %d bytes, over Telegram's upload limit; skipped",
                    path.name,
                    size,
                )
    return photos, files


def _entries(value: Any) -> list[str]:
    if not isinstance(value, list):
        return []
    entries = []
    for item in value:
        if isinstance(item, dict):
            item = item.get("path")
        if isinstance(item, str) and item:
            entries.append(item)
    return entries


def _resolve(entry: str, data_dir: Path) -> Path | None:
    for candidate in (Path(entry), data_dir / entry):
        if candidate.is_file():
            return candidate.resolve()
    logger.warning("output file %s does not exist; skipped", entry)
    return None


def _is_within(path: Path, root: Path) -> bool:
    if path.is_relative_to(root):
        return True
    logger.warning("output file %s is outside the data directory %s; skipped", path, root)
    return False
