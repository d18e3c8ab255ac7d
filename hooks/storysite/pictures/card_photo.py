"""A story's photo made fit for a card: decoded from bytes, turned upright, any colour mode made
plain RGB, cropped to cover the card's picture box; or a clear reason why the card shows the map."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from . import colours

# A photo may be scaled up by at most this much to cover the box; more looks blurred, and the
# card is better off with its map.
MAX_UPSCALE = 2.0
MAX_PIXELS = 80_000_000  # as the story checks allow (pictures/story_photos.py, MAX_PIXELS)


@dataclass(frozen=True)
class Photo:
    data: bytes  # the file's bytes, as the contributor added it
    name: str  # how messages name it, e.g. 'stories/tafarn-sinc/bar.jpg'


@dataclass(frozen=True)
class Decoded:
    image: Image.Image | None  # upright RGB, or None when the photo cannot be used
    problem: str | None  # why not, for the contributor: names the file and the field


def decode(photo: Photo, box: tuple[int, int]) -> Decoded:
    """The photo as an upright RGB image that can cover `box` (width, height) without blurring,
    or the reason it cannot."""
    where = f"{photo.name} (image.file)"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(photo.data)) as opened:
                if opened.width * opened.height > MAX_PIXELS:
                    return Decoded(None, f"{where}: {opened.width}x{opened.height} px is too large to draw a "
                                         "card from. Resize it to at most 4000 px on its longest side.")
                opened.load()
                image = _upright(opened)
                image = _rgb(image)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombError):
        return Decoded(None, f"{where}: cannot be read as an image. Save it as a JPEG, PNG or WebP photo. "
                             "The share card shows the map instead.")
    need = max(box[0] / image.width, box[1] / image.height)
    if need > MAX_UPSCALE:
        return Decoded(None, f"{where}: {image.width}x{image.height} px is too small for a share card, which "
                             f"needs at least {round(box[0] / MAX_UPSCALE)}x{round(box[1] / MAX_UPSCALE)} px "
                             f"({box[0]}x{box[1]} or more looks best). The card shows the map instead.")
    return Decoded(image, None)


def cover(image: Image.Image, box: tuple[int, int]) -> Image.Image:
    """Scale and centre-crop to fill `box` exactly, as CSS object-fit: cover does."""
    return ImageOps.fit(image, box, method=Image.Resampling.LANCZOS, centering=(0.5, 0.5))


def _upright(image: Image.Image) -> Image.Image:
    """As the camera meant it (EXIF orientation); a broken EXIF block is ignored, not fatal."""
    try:
        return ImageOps.exif_transpose(image)
    except (ValueError, TypeError, KeyError, OSError, SyntaxError):
        return image


def _rgb(image: Image.Image) -> Image.Image:
    """Any mode Pillow can open, as 8-bit RGB: 16-bit greys scaled (not clipped to white),
    transparency laid on the card's background (not on black), CMYK and the rest converted."""
    if image.mode in ("I;16", "I;16L", "I;16B", "I;16N", "I"):
        high = image.getextrema()[1] if image.mode == "I" else 65535
        divisor = 256 if high > 255 else 1  # a 16-bit image, or 8-bit values in a 32-bit one
        image = image.convert("I").point(lambda v: v / divisor).convert("L")
    elif image.mode == "F":
        image = image.point(lambda v: v * 255).convert("L")
    if image.mode == "P" and "transparency" in image.info or image.mode in ("PA", "LA", "La", "RGBa"):
        image = image.convert("RGBA")
    if image.mode == "RGBA":
        background = Image.new("RGB", image.size, colours.rgb(colours.PURPLE_DARK))
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image.convert("RGB")
