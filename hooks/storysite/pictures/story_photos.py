"""A story's photos: checking the file a contributor names (inside the story's folder, a real
image), and publishing it (upright, scaled, metadata stripped, cached by content hash)."""

from __future__ import annotations

import re
import unicodedata
import hashlib
import os
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from ..routes import photo_variant
from ..problems import Problem

# MPO is how Pillow names a JPEG with extra pictures inside (Ultra HDR and many phone cameras):
# it is a JPEG to browsers, and is published as one.
ALLOWED_FORMATS = {"JPEG": "image/jpeg", "MPO": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
# Far above any camera's photo (a 50-megapixel camera makes 50 million), far below what would
# exhaust a CI runner's memory when the build decodes and resizes it.
MAX_PIXELS = 80_000_000
SAFE_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")

# What to do instead of showing a photo from another site (also said by stories/allowlist.py).
REMOTE_IMAGE_FIX = ("Download the photo where its licence allows, put it beside index.md and credit it: "
                    "write ![What the photo shows](photo.jpg) and say who took it and its licence "
                    "(or name it in 'image:' with 'credit:').")


def photo_problem(story_dir: Path, file: str) -> str | None:
    """What is wrong with the photo named in a story's `image.file`, or None if it is usable."""
    if any(ord(c) < 32 or ord(c) == 127 for c in file):
        return (f"{file!r} contains an invisible control character. Type the photo's file name again, "
                "e.g. 'file: hall.jpg'.")
    if re.match(r"[A-Za-z][A-Za-z0-9+.-]*:|[/\\\\]{2}", file.strip()):
        # A remote image would be fetched from its site by every reader (stories/allowlist.py).
        return (f"'{file}' is an address, not a photo in the story's folder. {REMOTE_IMAGE_FIX} "
                "Then give just the file name, e.g. 'file: hall.jpg'.")
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
        if _is_heic(path):
            return (f"'{file}' is a HEIC photo (the iPhone's own format), which browsers cannot show. Export it "
                    "as a JPEG (on an iPhone: share it to Files or Mail as 'Most Compatible', or set Settings > "
                    "Camera > Formats > Most Compatible), add the .jpg and name it in 'file:'.")
        return f"'{file}' is not an image that can be read. Save it as a JPEG, PNG or WebP photo and add it again."
    if image_format not in ALLOWED_FORMATS:
        return f"'{file}' is a {image_format} file. Save it as a JPEG, PNG or WebP photo."
    if size[0] * size[1] > MAX_PIXELS:
        return (f"'{file}' is {size[0]} by {size[1]} pixels, too large to publish (the limit is "
                f"{MAX_PIXELS // 1_000_000} million pixels). Resize it to at most 4000 pixels on its "
                "longest side and add it again.")
    return None


def _is_heic(path: Path) -> bool:
    """HEIC/HEIF by its ISO box header ('ftyp' + a HEIF brand), whatever the file is called."""
    with path.open("rb") as handle:
        head = handle.read(12)
    return head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1")


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


# Responsive sizes of the hero photo -------------------------------------------------------------

WIDTHS = (480, 960, MAX_WIDTH)  # a phone, a laptop's column, a large or 2x screen
MEDIA_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}


@dataclass(frozen=True)
class Variant:
    path: Path  # the file, in the cache
    width: int
    height: int
    suffix: str  # '.webp', or the original's ('.jpg', '.png')


@dataclass(frozen=True)
class PhotoSet:
    """The hero photo at each width up to its own (never scaled up), in WebP and in its own format.
    The largest in its own format is `largest` (published under the contributor's file name)."""

    largest: PreparedPhoto
    original: tuple[Variant, ...]  # smallest first; the last is `largest`
    webp: tuple[Variant, ...]  # smallest first


def photo_set(source: Path, cache_dir: Path) -> PhotoSet:
    """Every published size of `source`: made once per distinct content, reused after that."""
    largest = prepare_photo(source, cache_dir)
    widths = sorted({w for w in WIDTHS if w < largest.width} | {largest.width})
    suffix = largest.path.suffix
    digest = largest.path.stem
    original, webp = [], []
    base: Image.Image | None = None
    for width in widths:
        for kind, out in ((suffix, original), (".webp", webp)):
            if kind == suffix and width == largest.width:
                out.append(Variant(largest.path, largest.width, largest.height, suffix))
                continue
            height = round(largest.height * width / largest.width)
            target = cache_dir / f"{digest}-{width}{kind}"
            if not target.is_file():
                if base is None:
                    with Image.open(largest.path) as opened:
                        opened.load()
                        base = opened.copy()
                _save_variant(base, width, height, kind, target)
            out.append(Variant(target, width, height, kind))
    return PhotoSet(largest, tuple(original), tuple(webp))


def _save_variant(image: Image.Image, width: int, height: int, suffix: str, target: Path) -> None:
    image_format = {".webp": "WEBP", ".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG"}[suffix]
    resized = image if image.width == width else image.resize((width, height), Image.Resampling.LANCZOS)
    if image_format == "JPEG" and resized.mode not in ("RGB", "L"):
        resized = resized.convert("RGB")
    options = dict(_SAVE_OPTIONS.get(image_format, {}))
    if image.info.get("icc_profile"):
        options["icc_profile"] = image.info["icc_profile"]
    partial = target.with_suffix(target.suffix + f".{os.getpid()}.part")
    resized.save(partial, format=image_format, **options)
    os.replace(partial, target)


def published_files(file: str, photos: PhotoSet) -> tuple[tuple[str, Variant], ...]:
    """(name beside the story page, variant) for every size: the largest in the original format
    keeps the contributor's file name (feeds and old links use it); the rest are 'hall-480.webp' …"""
    return tuple((file if v.path == photos.largest.path else photo_variant(file, v.width, v.suffix), v)
                 for v in (*photos.original, *photos.webp))


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
