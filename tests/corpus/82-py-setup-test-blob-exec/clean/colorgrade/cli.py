"""colorgrade command line: apply a LUT to an image."""
import argparse

from PIL import Image


def apply_lut(img, lut):
    return img.point(lut)


def main(argv=None):
    ap = argparse.ArgumentParser(prog="colorgrade")
    ap.add_argument("lut")
    ap.add_argument("src")
    ap.add_argument("dst")
    args = ap.parse_args(argv)
    with open(args.lut, "rb") as fh:
        lut = list(fh.read(768))
    apply_lut(Image.open(args.src), lut).save(args.dst)
    return 0
