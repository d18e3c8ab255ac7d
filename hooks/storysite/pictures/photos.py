"""A story's photos: checking the file a contributor names (inside the story's folder, a real
image), and publishing it (upright, scaled, metadata stripped, cached by content hash)."""

from __future__ import annotations

import re
import unicodedata
import warnings
from pathlib import Path

from PIL import Image, UnidentifiedImageError
import hashlib
import os
from dataclasses import dataclass
from PIL import Image, ImageOps

from ..problems import Problem

# MPO is how Pillow names a JPEG with extra pictures inside (Ultra HDR and many phone cameras):
# it is a JPEG to browsers, and is published as one.
ALLOWED_FORMATS = {"JPEG": "image/jpeg", "MPO": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
# Far above any camera's photo (a 50-megapixel camera makes 50 million), far below what would
# exhaust a CI runner's memory when the build decodes and resizes it.
MAX_PIXELS = 80_000_000
SAFE_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")


def photo_problem(story_dir: Path, file: str) -> str | None:
    """What is wrong with the photo named in a story's `image.file`, or None if it is usable."""
    if any(ord(c) < 32 or ord(c) == 127 for c in file):
        return (f"{file!r} contains an invisible control character. Type the photo's file name again, "
                "e.g. 'file: hall.jpg'.")
    relative = Path(file)
    if relative.is_absolute() or ".." in relative.parts or len(relative.parts) != 1:
        return (f"'{file}' points outside the story's folder. Put the photo beside index.md "
                "and give just its file name, e.g. 'file: hall.jpg'.")
    if not SAFE_NAME.match(file):
        # The file name becomes part of the photo's web address: '#', '?' and spaces break it.
        return (f"'{file}' has characters that do not work in a web address. Rename the photo using only "
                f"letters, digits, hyphens and underscores, e.g. '{_suggest_name(file)}', and change "
                "'file:' to match if it names this photo.")
    path = (story_dir / relative).resolve()
    if not path.is_relative_to(story_dir.resolve()):
        return f"'{file}' points outside the story's folder. Put the photo beside index.md."
    # Compare names exactly: on macOS and Windows 'hall.jpg' would find 'Hall.jpg', and the page
    # would then link to a file the (case-sensitive) web host does not have.
    if not path.is_file() or file not in {p.name for p in story_dir.iterdir()}:
        present = sorted(p.name for p in story_dir.iterdir() if p.name != "index.md") if story_dir.is_dir() else []
        listing = f" The folder has: {', '.join(present)}." if present else " The folder has no other files."
        return f"'{file}' is not in the story's folder.{listing} Check the spelling, capitals included."
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # we check the size ourselves
            with Image.open(path) as image:
                image_format, size = image.format, image.size
                if image_format in ALLOWED_FORMATS and size[0] * size[1] <= MAX_PIXELS:
                    # Decode every pixel: verify() alone lets a half-uploaded JPEG through, and
                    # the build would then fail on it with a traceback.
                    image.draft("RGB", (size[0] // 8 or 1, size[1] // 8 or 1))  # JPEG: decode at 1/8 scale, fast
                    image.load()
    except Image.DecompressionBombError:
        return (f"'{file}' is far too large (over {MAX_PIXELS // 1_000_000} million pixels). Resize it to "
                "at most 4000 pixels on its longest side and add it again.")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        return f"'{file}' is not an image that can be read. Save it as a JPEG, PNG or WebP photo and add it again."
    if image_format not in ALLOWED_FORMATS:
        return f"'{file}' is a {image_format} file. Save it as a JPEG, PNG or WebP photo."
    if size[0] * size[1] > MAX_PIXELS:
        return (f"'{file}' is {size[0]} by {size[1]} pixels, too large to publish (the limit is "
                f"{MAX_PIXELS // 1_000_000} million pixels). Resize it to at most 4000 pixels on its "
                "longest side and add it again.")
    return None


def _suggest_name(file: str) -> str:
    stem, dot, suffix = file.rpartition(".") if "." in file else (file, "", "")
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^A-Za-z0-9_]+", "-", ascii_stem).strip("-") or "photo"
    return f"{stem}{dot}{re.sub(r'[^A-Za-z0-9]', '', suffix).lower()}"


def media_type(path: Path) -> str:
    with Image.open(path) as image:
        return ALLOWED_FORMATS[image.format]


# Photos as published ----------------------------------------------------------------------------

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


def prepare_story_photos(stories, cache_dir: Path, shown_dir: str = "stories",
                         ) -> tuple[dict[tuple[str, str], PreparedPhoto], list[Problem]]:
    """Every photo of every story processed (or found in the cache), before anything is written
    to the site: a photo that only fails here (a JPEG whose last bytes are missing is read at 1/8
    scale by the check, in full here) is reported like any other mistake, and site/ is untouched."""
    prepared: dict[tuple[str, str], PreparedPhoto] = {}
    problems: list[Problem] = []
    for story in stories:
        for source in story_photos(story.source_path.parent):
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # sizes were checked
                    prepared[story.slug, source.name] = prepare_photo(source, cache_dir)
            except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombError):
                problems.append(Problem(f"{shown_dir}/{story.slug}/{source.name}", None, None,
                                        "this photo could not be processed (it may be damaged or cut short). "
                                        "Export it again as a JPEG, PNG or WebP photo and add it again."))
    return prepared, problems
