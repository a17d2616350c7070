#!/usr/bin/python3
"""Writes the seed corpora of fuzz_torch_pickle (CORPUS/torch_pickle: the data.pkl of real
torch.save files, one per form the weights reader handles or refuses, plus hand-made hostile
pickles) and fuzz_zip_directory (CORPUS/zip: a few whole torch.save files).
Usage: make_pickle_corpus.py CORPUS [RESDENSE_CHECKPOINT.pt]   (the checkpoint, written by
write_torch_file through torch::pickle_save, adds that form: restore_type_tag)."""
import collections
import io
import os
import struct
import sys
import zipfile

import torch


def saved(obj):
    buf = io.BytesIO()
    torch.save(obj, buf)
    return buf.getvalue()


def data_pkl(obj):
    with zipfile.ZipFile(io.BytesIO(saved(obj))) as z:
        return z.read(next(n for n in z.namelist() if n.endswith("/data.pkl")))


class Tiny(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(1, 2, 3)
        self.bn = torch.nn.BatchNorm2d(2)
        self.fc = torch.nn.Linear(2, 3)


def pstr(s):
    b = s.encode()
    return b"X" + struct.pack("<I", len(b)) + b


def main():
    out = os.path.join(sys.argv[1], "torch_pickle")
    zips = os.path.join(sys.argv[1], "zip")
    os.makedirs(out, exist_ok=True)
    os.makedirs(zips, exist_ok=True)
    torch.manual_seed(0)
    model = Tiny()
    state = model.state_dict()
    forms = {
        "ordered": state,
        "plain": dict(state),
        "nested": {"epoch": 3, "state_dict": state, "optimizer": {"lr": 0.1}, "arch": "tiny"},
        "dataparallel": collections.OrderedDict(("module." + k, v) for k, v in state.items()),
        "half": collections.OrderedDict((k, v.half() if v.is_floating_point() else v)
                                        for k, v in state.items()),
        "dtypes": {str(d): torch.ones(2, dtype=d) for d in
                   [torch.float64, torch.bfloat16, torch.int32, torch.int16, torch.int8,
                    torch.uint8, torch.bool]},
        "views": {"t": torch.arange(12.0).reshape(3, 4).t(), "slice": torch.arange(10.0)[2:7],
                  "expanded": torch.zeros(1).expand(5), "scalar": torch.tensor(1.0),
                  "empty": torch.zeros(0, 3)},
        "tied": {"a": state["fc.weight"], "b": state["fc.weight"]},
        "parameters": {"p": torch.nn.Parameter(torch.ones(2))},
        "whole_model": model,
    }
    for name, obj in forms.items():
        with open(os.path.join(out, name + ".pkl"), "wb") as f:
            f.write(data_pkl(obj))
    for name in ["ordered", "nested", "tied"]:
        with open(os.path.join(zips, name + ".pt"), "wb") as f:
            f.write(saved(forms[name]))
    if len(sys.argv) > 2:
        with zipfile.ZipFile(sys.argv[2]) as z:
            pkl = z.read(next(n for n in z.namelist() if n.endswith("/data.pkl")))
        with open(os.path.join(out, "pickle_save.pkl"), "wb") as f:
            f.write(pkl)
    # Hostile: nested lists, a self-referencing dict, a stride-0 view claiming 2^31 elements.
    hostile = {
        "deep": b"\x80\x02}(" + pstr("deep") + b"]" * 2000 + b"a" * 1999 + b"u.",
        "self_ref": b"\x80\x02}\x94(" + b"".join(pstr(f"k{i}") + b"h\x00" for i in range(8))
                    + b"u.",
        "stride0": data_pkl({"w": torch.zeros(1).expand(3)}).replace(
            b"K\x03\x85", b"\x8a\x05\x00\x00\x00\x80\x00\x85"),
    }
    for name, pkl in hostile.items():
        with open(os.path.join(out, "hostile_" + name + ".pkl"), "wb") as f:
            f.write(pkl)


if __name__ == "__main__":
    main()
