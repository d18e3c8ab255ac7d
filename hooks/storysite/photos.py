"""Checking a story's photo file: it must sit inside the story's folder and be a real image."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}


def photo_problem(story_dir: Path, file: str) -> str | None:
    """What is wrong with the photo named in a story's `image.file`, or None if it is usable."""
    relative = Path(file)
    if relative.is_absolute() or ".." in relative.parts or len(relative.parts) != 1:
        return (f"'{file}' points outside the story's folder. Put the photo beside index.md "
                "and give just its file name, e.g. 'file: hall.jpg'.")
    path = (story_dir / relative).resolve()
    if not path.is_relative_to(story_dir.resolve()):
        return f"'{file}' points outside the story's folder. Put the photo beside index.md."
    if not path.is_file():
        present = sorted(p.name for p in story_dir.iterdir() if p.name != "index.md") if story_dir.is_dir() else []
        listing = f" The folder has: {', '.join(present)}." if present else " The folder has no other files."
        return f"'{file}' is not in the story's folder.{listing} Check the spelling, capitals included."
    try:
        with Image.open(path) as image:
            image_format = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return f"'{file}' is not an image that can be read. Save it as a JPEG, PNG or WebP photo and add it again."
    if image_format not in ALLOWED_FORMATS:
        return f"'{file}' is a {image_format} file. Save it as a JPEG, PNG or WebP photo."
    return None


def media_type(path: Path) -> str:
    with Image.open(path) as image:
        return ALLOWED_FORMATS[image.format]
