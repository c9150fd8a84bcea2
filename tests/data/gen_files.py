#!/usr/bin/env python3
"""Generate the fixtures of tests/files.rs: .npz archives written by NumPy,
safetensors files written by the `safetensors` package, a Zip64 archive
written by Python's zipfile, and the arrays they hold as plain .npy files
(the expected values: tests/npy_views.rs already checks the .npy reader
against NumPy, so a member must equal its .npy twin byte for byte).

Run once from the crate root, in a scratch venv with numpy and safetensors:

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install numpy safetensors
    /tmp/venv/bin/python tests/data/gen_files.py

Writes tests/data/files/:
  many.npz             np.savez: many dtypes and layouts (STORED members,
                       zip64 extra fields as NumPy always writes them)
  many_compressed.npz  np.savez_compressed of the same arrays (DEFLATED)
  zip64.npz            zipfile with force_zip64=True, STORED, two members
  model.safetensors    safetensors.numpy.save_file: F64 F32 F16 I64 I32 I16
                       I8 U8 BOOL tensors (with __metadata__)
  exotic.safetensors   written by hand (the numpy API has no bfloat16):
                       a BF16 tensor, an F8_E4M3 tensor and an F32 tensor
  expected/<name>.npy  each array of many.npz, model.safetensors and
                       exotic.safetensors (bf16 as its float32 values, F8 as
                       its raw uint8 bytes), saved with np.save
Deterministic (fixed values, no randomness). Generated with NumPy 2.4.6,
safetensors 0.8.0.
"""

import json
import os
import struct
import zipfile

import numpy as np
from safetensors.numpy import save_file

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "files")
EXP = os.path.join(OUT, "expected")


def counting(dtype, shape):
    n = int(np.prod(shape))
    return (np.arange(n) % 120 - 7).astype(dtype).reshape(shape)


def arrays():
    a = {}
    a["f8_c"] = np.linspace(-2.5, 3.25, 12).reshape(3, 4)
    a["f4_f"] = np.asfortranarray(counting("<f4", (3, 5)) / 4)
    a["i2_be"] = counting(">i2", (2, 3, 2))
    a["u1"] = counting("u1", (7,)) + 7
    a["b1"] = np.array([True, False, True, True, False])
    a["i8"] = counting("<i8", (4,)) * 1_000_000_007
    a["u4_f3d"] = np.asfortranarray(counting("<u4", (2, 3, 4)) + 10)
    a["c16"] = np.array([1 + 2j, -3.5 + 0.25j, 0j])
    a["f2"] = counting("<f2", (2, 2)) / 8
    a["rec"] = np.array(
        [(1, 2.5, b"ab"), (-3, 0.125, b"cd")],
        dtype=[("id", "<i4"), ("x", "<f8"), ("tag", "S2")],
    )
    a["zero_d"] = np.array(42.0)
    a["empty"] = np.zeros((0, 3), dtype="<f4")
    a["f8_be_f"] = np.asfortranarray(np.arange(6, dtype=">f8").reshape(2, 3))
    return a


def write_exotic(path):
    """A safetensors file with BF16 and F8_E4M3 tensors, written by hand:
    8-byte little-endian header length, JSON header padded with spaces to a
    multiple of 8, then the data."""
    f32 = np.array([1.0, 2.0, 3.5, -0.15625, 65280.0, 1e-3], dtype="<f4")
    bf16 = (f32.view("<u4") >> 16).astype("<u2")  # exact for these values but 1e-3
    f8 = np.array([0x38, 0x40, 0xC8, 0x00], dtype="u1")  # 1.0, 2.0, -4.0, 0.0 in E4M3
    w = np.arange(6, dtype="<f4").reshape(2, 3)
    tensors = [
        ("bf", "BF16", [2, 3], bf16.tobytes()),
        ("f8", "F8_E4M3", [4], f8.tobytes()),
        ("w", "F32", [2, 3], w.tobytes()),
    ]
    header, data, off = {}, b"", 0
    for name, dtype, shape, raw in tensors:
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [off, off + len(raw)]}
        data += raw
        off += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as fh:
        fh.write(struct.pack("<Q", len(text)) + text + data)
    # bf16 is the top half of a float32: its exact value as float32.
    bf_values = (bf16.astype("<u4") << 16).view("<f4").reshape(2, 3)
    return {"bf": bf_values, "f8": f8, "w": w}


def main():
    os.makedirs(EXP, exist_ok=True)
    a = arrays()
    np.savez(os.path.join(OUT, "many.npz"), **a)
    np.savez_compressed(os.path.join(OUT, "many_compressed.npz"), **a)
    for name, arr in a.items():
        np.save(os.path.join(EXP, f"{name}.npy"), arr)

    with zipfile.ZipFile(os.path.join(OUT, "zip64.npz"), "w", zipfile.ZIP_STORED) as z:
        for name in ["f8_c", "u1"]:
            with z.open(f"{name}.npy", "w", force_zip64=True) as fh:
                np.lib.format.write_array(fh, a[name])

    st = {
        "f64": np.linspace(0, 1, 6).reshape(2, 3),
        "f32": counting("<f4", (4, 2)) / 2,
        "f16": counting("<f2", (3,)) / 4,
        "i64": counting("<i8", (2, 2)),
        "i32": counting("<i4", (5,)),
        "i16": counting("<i2", (1, 3)),
        "i8": counting("i1", (4,)),
        "u8": counting("u1", (2, 2)) + 7,
        "bool": np.array([True, False, False]),
    }
    save_file(st, os.path.join(OUT, "model.safetensors"), metadata={"format": "np"})
    for name, arr in st.items():
        np.save(os.path.join(EXP, f"st_{name}.npy"), arr)

    for name, arr in write_exotic(os.path.join(OUT, "exotic.safetensors")).items():
        np.save(os.path.join(EXP, f"exotic_{name}.npy"), arr)


if __name__ == "__main__":
    main()
