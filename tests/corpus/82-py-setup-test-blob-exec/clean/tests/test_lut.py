import os
import zlib

HERE = os.path.dirname(__file__)


def test_reference_lut_roundtrip():
    with open(os.path.join(HERE, "data", "reference-lut.bin"), "rb") as fh:
        raw = fh.read()
    assert len(raw) > 2048
    assert zlib.crc32(raw[:768]) != 0
