#!/usr/bin/python3
"""Writes resources/samples/: the first image of each class in Fashion-MNIST's test set as a
28x28 8-bit grayscale PNG named by class. Pure Python (gzip, struct, zlib); the PNGs carry no
timestamps, so running it again gives byte-identical files.

    /usr/bin/python3 installer/make_samples.py [--data DIR] [--out DIR]

DIR defaults to /usr/share/datasets/fashion-mnist (Debian's dataset-fashion-mnist package).
"""
import argparse
import gzip
import os
import struct
import sys
import zlib

CLASSES = ["t-shirt", "trouser", "pullover", "dress", "coat",
           "sandal", "shirt", "sneaker", "bag", "ankle-boot"]


def read_idx(path, magic, dims):
    with gzip.open(path, "rb") as f:
        data = f.read()
    header = struct.calcsize(">%dI" % (dims + 1))
    if len(data) < header:
        sys.exit("%s: too short for an IDX header" % path)
    fields = struct.unpack_from(">%dI" % (dims + 1), data)
    if fields[0] != magic:
        sys.exit("%s: magic number %d, expected %d" % (path, fields[0], magic))
    size = 1
    for d in fields[1:]:
        size *= d
    if len(data) - header != size:
        sys.exit("%s: %d data bytes, the header says %d" % (path, len(data) - header, size))
    return fields[1:], data[header:]


def png_gray8(width, height, pixels):
    def chunk(kind, body):
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))
    rows = b"".join(b"\x00" + pixels[y * width:(y + 1) * width] for y in range(height))
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows, 9))
            + chunk(b"IEND", b""))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    parser.add_argument("--out", default=os.path.join(here, "..", "resources", "samples"))
    args = parser.parse_args()

    (n, rows, cols), images = read_idx(os.path.join(args.data, "t10k-images-idx3-ubyte.gz"), 2051, 3)
    (m,), labels = read_idx(os.path.join(args.data, "t10k-labels-idx1-ubyte.gz"), 2049, 1)
    if n != m:
        sys.exit("%d test images but %d labels" % (n, m))
    os.makedirs(args.out, exist_ok=True)
    written = set()
    for i, label in enumerate(labels):
        if label >= len(CLASSES):
            sys.exit("label %d of image %d is out of range" % (label, i))
        if label in written:
            continue
        pixels = images[i * rows * cols:(i + 1) * rows * cols]
        path = os.path.join(args.out, CLASSES[label] + ".png")
        with open(path, "wb") as f:
            f.write(png_gray8(cols, rows, pixels))
        print("%-16s test image %5d" % (CLASSES[label] + ".png", i))
        written.add(label)
        if len(written) == len(CLASSES):
            break
    if len(written) != len(CLASSES):
        sys.exit("the test set lacks classes %s" % sorted(set(range(len(CLASSES))) - written))


if __name__ == "__main__":
    main()
