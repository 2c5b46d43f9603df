"""The screenshot's own PNG encoder: a valid file that loads back pixel for pixel."""
import struct
import zlib

import numpy as np
import pygame
import pytest

from game import app, cli, png
from game import state as st


def _load_rgb(path):
    return pygame.surfarray.array3d(pygame.image.load(str(path))).swapaxes(0, 1)


@pytest.mark.parametrize("shape", [(1, 1), (3, 7), (64, 33)])
def test_encoded_png_loads_back_pixel_equal(tmp_path, shape):
    rows = np.random.default_rng(sum(shape)).integers(0, 256, shape + (3,), dtype=np.uint8)
    path = tmp_path / "a.png"
    path.write_bytes(png.encode(rows))
    np.testing.assert_array_equal(_load_rgb(path), rows)


def test_chunks_carry_their_crc_and_the_rows_their_filter_byte():
    rows = np.arange(2 * 3 * 3, dtype=np.uint8).reshape(2, 3, 3)
    data = png.encode(rows)
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, kinds = 8, []
    while pos < len(data):
        (n,), kind = struct.unpack(">I", data[pos:pos + 4]), data[pos + 4:pos + 8]
        payload = data[pos + 8:pos + 8 + n]
        (crc,) = struct.unpack(">I", data[pos + 8 + n:pos + 12 + n])
        assert crc == zlib.crc32(kind + payload)
        kinds.append((kind, payload))
        pos += 12 + n
    assert [k for k, _ in kinds] == [b"IHDR", b"IDAT", b"IEND"]
    assert struct.unpack(">IIBBBBB", kinds[0][1]) == (3, 2, 8, 2, 0, 0, 0)
    raw = zlib.decompress(kinds[1][1])
    assert raw == b"\x00" + rows[0].tobytes() + b"\x00" + rows[1].tobytes()


def test_encode_refuses_what_is_not_rgb_bytes():
    with pytest.raises(ValueError):
        png.encode(np.zeros((2, 2, 4), np.uint8))
    with pytest.raises(ValueError):
        png.encode(np.zeros((2, 2, 3), np.float32))


def test_a_screenshot_run_writes_the_frame_the_window_would_show(tmp_path):
    out = tmp_path / "shot.png"
    argv = ["--screenshot", str(out), "--size", "800x500", "--contours", "--cursor", "0.5,0.5",
            "--balls", "1,1;-0.5,0.3", "--steps", "5"]
    assert cli.main(argv) == 0
    session = app.Session.start(st.State(contours=True), [(1.0, 1.0), (-0.5, 0.3)], 5, (0.5, 0.5))
    want = pygame.surfarray.array3d(app.render_frame(session, (800, 500))).swapaxes(0, 1)
    np.testing.assert_array_equal(_load_rgb(out), want)
