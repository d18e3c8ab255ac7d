"""Photos as published: scaled, upright, stripped of camera metadata, cached by content."""

from __future__ import annotations

from PIL import Image

from storysite.pictures.story_photos import MAX_WIDTH, prepare_photo


def make_photo(path, size=(3000, 2000), exif_orientation=None, gps=True):
    image = Image.new("RGB", size, (200, 80, 40))
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    if exif_orientation:
        exif[0x0112] = exif_orientation
    if gps:
        exif[0x8825] = {2: (51.0, 30.0, 0.0), 1: "N"}  # GPSInfo: where the contributor stood
    image.save(path, exif=exif, quality=95)
    return path


def test_large_photo_is_scaled_to_the_maximum_width(tmp_path):
    prepared = prepare_photo(make_photo(tmp_path / "big.jpg"), tmp_path / "cache")
    with Image.open(prepared.path) as image:
        assert image.size == (MAX_WIDTH, round(2000 * MAX_WIDTH / 3000))
        assert (prepared.width, prepared.height) == image.size


def test_camera_metadata_and_location_are_removed(tmp_path):
    prepared = prepare_photo(make_photo(tmp_path / "gps.jpg"), tmp_path / "cache")
    with Image.open(prepared.path) as image:
        assert dict(image.getexif()) == {}
        assert b"CameraMaker" not in prepared.path.read_bytes()


def test_sideways_photo_is_turned_upright(tmp_path):
    # EXIF orientation 6: the camera was turned a quarter; the stored pixels are landscape.
    prepared = prepare_photo(make_photo(tmp_path / "turned.jpg", size=(400, 300), exif_orientation=6, gps=False),
                             tmp_path / "cache")
    assert (prepared.width, prepared.height) == (300, 400)


def test_same_photo_is_processed_once_and_identically(tmp_path):
    source = make_photo(tmp_path / "a.jpg", size=(800, 600))
    first = prepare_photo(source, tmp_path / "cache")
    mtime = first.path.stat().st_mtime_ns
    second = prepare_photo(source, tmp_path / "cache")
    assert second.path == first.path and second.path.stat().st_mtime_ns == mtime
    elsewhere = prepare_photo(source, tmp_path / "other-cache")
    assert elsewhere.path.read_bytes() == first.path.read_bytes()


def test_phone_photo_with_extra_pictures_is_published_as_a_jpeg(tmp_path):
    """Many phones save JPEGs with a second picture inside (Pillow calls them MPO)."""
    source = tmp_path / "phone.jpg"
    first, second = Image.new("RGB", (640, 480), (10, 120, 60)), Image.new("RGB", (320, 240), (0, 0, 0))
    first.save(source, format="MPO", save_all=True, append_images=[second])
    with Image.open(source) as check:
        assert check.format == "MPO"
    from storysite.pictures.story_photos import photo_problem

    assert photo_problem(tmp_path, "phone.jpg") is None
    prepared = prepare_photo(source, tmp_path / "cache")
    with Image.open(prepared.path) as image:
        assert image.format == "JPEG" and image.size == (640, 480)
