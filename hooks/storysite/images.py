"""Photos as published: turned upright, scaled down to a sensible width, re-encoded, with their
metadata (camera details, GPS position) stripped, and cached by content hash so that a rebuild
only re-encodes what changed."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps

MAX_WIDTH = 1600
# Bump when the processing below changes, so cached files are made again.
PIPELINE_VERSION = "1"
PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")
_SAVE_OPTIONS = {
    "JPEG": {"quality": 82, "optimize": True, "progressive": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 82, "method": 6},
}


@dataclass(frozen=True)
class PreparedPhoto:
    source: Path  # the contributor's file
    path: Path  # the processed file, in the cache
    width: int
    height: int


def story_photos(story_dir: Path) -> list[Path]:
    """Every photo in a story's folder, in a stable order."""
    return sorted(p for p in story_dir.iterdir() if p.is_file() and p.suffix.lower() in PHOTO_SUFFIXES)


def prepare_photo(source: Path, cache_dir: Path) -> PreparedPhoto:
    """The processed copy of `source`, made once per distinct content and reused after that."""
    data = source.read_bytes()
    digest = hashlib.sha256(PIPELINE_VERSION.encode() + data).hexdigest()[:20]
    target = cache_dir / f"{digest}{source.suffix.lower()}"
    if target.is_file():
        with Image.open(target) as done:
            return PreparedPhoto(source, target, done.width, done.height)
    cache_dir.mkdir(parents=True, exist_ok=True)
    with Image.open(source) as original:
        image_format = "JPEG" if original.format == "MPO" else original.format  # see photos.ALLOWED_FORMATS
        icc_profile = original.info.get("icc_profile")
        image = ImageOps.exif_transpose(original)  # upright, as the camera meant it
        if image_format == "JPEG" and image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        if image.width > MAX_WIDTH:
            height = round(image.height * MAX_WIDTH / image.width)
            image = image.resize((MAX_WIDTH, height), Image.Resampling.LANCZOS)
        options = dict(_SAVE_OPTIONS.get(image_format, {}))
        if icc_profile:
            options["icc_profile"] = icc_profile  # colours stay right; EXIF and XMP are dropped
        partial = target.with_suffix(target.suffix + f".{os.getpid()}.part")
        image.save(partial, format=image_format, **options)
        os.replace(partial, target)  # atomic: a crashed build never leaves half a photo
        return PreparedPhoto(source, target, image.width, image.height)
