#!/usr/bin/env python3
"""Generate the .npy fixtures of tests/npy_header.rs and tests/npy_views.rs with NumPy.

Run from the crate root:  python3 tests/data/gen_npy.py

Writes tests/data/npy/*.npy and tests/data/npy/manifest.rs, a Rust table
(included by the test) with, for each file, what NumPy says about it: the
descr, shape, fortran_order, version, data offset, itemsize and the
expected PEP 3118 format string; and tests/data/npy/expected.rs, the
element bytes of each array in C order (`a.tobytes(order="C")`, as hex),
which tests/npy_views.rs compares every element against. Record arrays are
filled with counting bytes so that every field is checked. The `write_*`
files are NumPy's files for views of `write_src` (reversed, transposed,
sliced, permuted), which `npy::write` must reproduce byte for byte. The
files are committed; the tests do not
need Python. Generated with NumPy 2.4.6.
"""

import io
import os
import warnings

import numpy as np
from numpy.lib import _format_impl as npf  # _read_array_header handles 3.0 too

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "npy")


def rust_str(s):
    """A Rust string literal of `s` (JSON's `\\u000b` is not Rust)."""
    simple = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}
    out = []
    for c in s:
        if c in simple:
            out.append(simple[c])
        elif ord(c) < 0x20 or ord(c) == 0x7F:
            out.append(f"\\u{{{ord(c):x}}}")
        else:
            out.append(c)
    return '"' + "".join(out) + '"'



def rust_descr(descr):
    """A Rust expression building the ndview::npy::Descr of a dtype.descr."""
    if isinstance(descr, str):
        return f"Descr::Scalar({rust_str(descr)}.into())"
    fields = []
    for field in descr:
        name, sub = field[0], field[1]
        shape = list(field[2]) if len(field) == 3 else []
        fields.append(
            f"DescrField::with_shape({rust_str(name)}, {rust_descr(sub)}, vec!{shape!r})"
        )
    return f"Descr::Record(vec![{', '.join(fields)}])"


def itemsize(descr):
    if isinstance(descr, str):
        return np.dtype(descr).itemsize
    total = 0
    for field in descr:
        n = int(np.prod(field[2])) if len(field) == 3 else 1
        total += itemsize(field[1]) * n
    return total


STRUCT_CODES = {
    "b1": "?", "i1": "b", "u1": "B", "i2": "h", "i4": "i", "i8": "q",
    "u2": "H", "u4": "I", "u8": "Q", "f2": "e", "f4": "f", "f8": "d",
    "c8": "Zf", "c16": "Zd",
}


def struct_item(type_str):
    """A NumPy scalar type string as a `struct` item inside `T{...}`: an
    explicit byte order on multi-byte items, `Ns` / `Nx` for bytes / void."""
    kind, size = type_str[1], int(type_str[2:])
    if kind == "S":
        return f"{size}s"
    if kind == "V":
        return f"{size}x"
    code = STRUCT_CODES[type_str[1:]]
    return (type_str[0] + code) if size > 1 else code


PEP3118_SPACE = " \t\n\r\x0b\x0c"


def expressible(descr):
    """Whether a PEP 3118 string can carry every field name of `descr`: no
    `:` and no surrounding whitespace (which the format parser trims)."""
    if isinstance(descr, str):
        return True
    for field in descr:
        name = field[0]
        if ":" in name or (name and (name[0] in PEP3118_SPACE or name[-1] in PEP3118_SPACE)):
            return False
        if not expressible(field[1]):
            return False
    return True


def format_string(descr, top=True):
    """The PEP 3118 string ndview's Descr::to_format_string should give: a
    scalar keeps its NumPy type string; a record is in `struct` syntax;
    `""` when a field name cannot be expressed (to_format_string refuses
    it, while npy::view keeps the name)."""
    if top and not expressible(descr):
        return ""
    if isinstance(descr, str):
        return descr if top else struct_item(descr)
    parts = []
    for field in descr:
        name, sub = field[0], field[1]
        shape = field[2] if len(field) == 3 else ()
        if name == "" and isinstance(sub, str) and sub[1] == "V":
            parts.append(f"{itemsize(sub) * int(np.prod(shape))}x")
            continue
        prefix = "(" + ",".join(str(n) for n in shape) + ")" if shape else ""
        parts.append(f"{prefix}{format_string(sub, top=False)}:{name}:")
    return "T{" + "".join(parts) + "}"


CASES = []


def filled(shape, dtype, order="C"):
    """An array whose bytes count 0, 1, 2, ... (mod 251), padding included."""
    dtype = np.dtype(dtype)
    n = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    raw = (np.arange(n) % 251).astype(np.uint8).tobytes()
    a = np.frombuffer(raw, dtype=dtype).reshape(shape).copy()
    return np.asfortranarray(a) if order == "F" else a


def case(name, array, version=None):
    CASES.append((name, array, version))


# Every supported scalar type, 1-D.
for code in ["|b1", "|u1", "|i1", "<i2", ">i2", "<u2", "<u4", ">i4", "<i8", ">u8",
             "<f2", "<f4", ">f4", "<f8", ">f8", "<c8", "<c16", ">c16", "|S3", "|V5"]:
    tag = code.replace("<", "le_").replace(">", "be_").replace("|", "na_")
    dt = np.dtype(code)
    raw = (np.arange(3 * dt.itemsize) % 251).astype(np.uint8).tobytes()
    case(f"scalar_{tag}", np.frombuffer(raw, dtype=dt).copy())

# Shapes, C and Fortran order.
base = np.arange(24, dtype="<f8")
case("shape_0d", np.array(1.5, dtype="<f8"))
case("shape_0", np.zeros((0,), dtype="<f8"))
case("shape_3", base[:3].copy())
case("shape_2x3_c", base[:6].reshape(2, 3).copy())
case("shape_2x3_f", np.asfortranarray(base[:6].reshape(2, 3)))
case("shape_2x0x3", np.zeros((2, 0, 3), dtype="<f8"))
case("shape_2x0x3_f", np.asfortranarray(np.zeros((2, 0, 3), dtype="<f8")))
case("shape_1x1", np.ones((1, 1), dtype="<f8"))
case("shape_2x3x4_f_be", np.asfortranarray(np.arange(24, dtype=">i4").reshape(2, 3, 4)))
case("shape_noncontig", np.arange(12, dtype="<i2").reshape(3, 4)[:, ::2])
case("shape_wide", np.zeros((1, 2, 1, 2, 1, 2, 1, 2, 1, 2), dtype="|u1"))
case("shape_bigdim_empty", np.lib.stride_tricks.as_strided(
    np.zeros(1, dtype="|u1"), shape=(0, 12345678901), strides=(0, 0)))
case("shape_3x100_f", np.asfortranarray(np.arange(300, dtype="<u2").reshape(3, 100)))

# Structured dtypes.
packed = np.dtype([("x", "<f4"), ("y", "<i2")])
aligned = np.dtype([("a", "u1"), ("b", "<i4")], align=True)
aligned_tail = np.dtype([("a", "u1"), ("b", "<i4"), ("c", "u1")], align=True)
offsets = np.dtype({"names": ["x"], "formats": ["<i2"], "offsets": [2], "itemsize": 8})
inner = np.dtype([("a", "<i2"), ("b", "u1")])
nested = np.dtype([("p", inner), ("q", "<f8", (2,)), ("r", inner, (2,))])
subarray = np.dtype([("a", "<i2", (2, 3)), ("b", ">f4")])
mixed = np.dtype([("flag", "?"), ("name", "S4"), ("z", "<c8"), ("h", "<f2")])
case("rec_packed", filled(3, packed))
case("rec_aligned", filled(2, aligned))
case("rec_aligned_tail", filled(2, aligned_tail))
case("rec_offsets", filled(2, offsets))
case("rec_nested", filled(2, nested))
case("rec_subarray_2x2_f", filled((2, 2), subarray, order="F"))
case("rec_mixed_0d", filled((), mixed))
case("rec_names_quotes", np.zeros(1, dtype=[("it's", "<f4"), ('a"b', "u1"), ("x\\y", "u1")]))
case("rec_name_latin1", np.zeros(2, dtype=[("é", "<f4")]))
# Names NumPy keeps as they are: surrounding whitespace, whitespace only,
# names that differ only by whitespace (issue 13, defect 4).
case("rec_name_lead_space", filled(2, [(" lead", "<i2")]))
case("rec_name_tab", filled(2, [("\t", "<i2")]))
case("rec_names_by_space", filled(3, [("a", "<i2"), (" a", "<i2"), ("a ", "u1")]))
case("rec_names_newline_nested", filled(2, [("p\n", [(" q", "<f4"), ("\x0b", "u1")]), ("r\t ", ">i2", (2,))]))

# Files NumPy writes that ndview refuses (tests/npy_views.rs reads them by
# name; they are not in the manifest): a named field of 0 bytes.
REFUSED = [
    ("refused_zero_size_field", filled(2, [("a", "<f4", (0,)), ("b", "<i4")])),
    ("refused_zero_size_nested", filled(1, [("a", [("x", "<f8", (2, 0))]), ("b", "u1")])),
]

# Versions.
case("version_2", base[:4].copy(), version=(2, 0))
case("version_3", base[:4].reshape(2, 2).copy(), version=(3, 0))
case("version_3_auto", np.zeros(2, dtype=[("字", "<f4"), ("b", "<i2")]))

# Views of one array as NumPy writes them (tests/npy_views.rs: npy::write).
src = np.arange(24, dtype="<i4").reshape(2, 3, 4)
case("write_src", src)
case("write_rev", src[::-1])
case("write_rev_last", src[:, :, ::-1])
case("write_t", src.T)
case("write_perm", src.transpose(1, 0, 2))
case("write_slice", src[:, 1:3, ::2])
case("write_f", np.asfortranarray(src))
case("write_f_slice", np.asfortranarray(src)[:, :, 1:3])


def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        if f.endswith(".npy"):
            os.remove(os.path.join(OUT, f))
    rows = []
    expected = []
    for name, array, version in CASES:
        buf = io.BytesIO()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            npf.write_array(buf, array, version=version, allow_pickle=False)
        data = buf.getvalue()
        with open(os.path.join(OUT, name + ".npy"), "wb") as fh:
            fh.write(data)
        buf.seek(0)
        got_version = npf.read_magic(buf)
        shape, fortran, dtype = npf._read_array_header(buf, got_version)
        offset = buf.tell()
        descr = npf.dtype_to_descr(dtype)
        assert np.load(io.BytesIO(data)).shape == shape
        assert len(data) - offset == dtype.itemsize * int(np.prod(shape))
        assert itemsize(descr) == dtype.itemsize
        expected.append(f"    ({rust_str(name + '.npy')}, \"{array.tobytes(order='C').hex()}\"),\n")
        rows.append(
            "    Fixture {\n"
            f"        file: {rust_str(name + '.npy')},\n"
            f"        descr: {rust_descr(descr)},\n"
            f"        shape: vec!{list(shape)!r},\n"
            f"        fortran_order: {'true' if fortran else 'false'},\n"
            f"        version: {got_version!r},\n"
            f"        data_offset: {offset},\n"
            f"        itemsize: {dtype.itemsize},\n"
            f"        format: {rust_str(format_string(descr))},\n"
            "    },\n"
        )
    for name, array in REFUSED:
        buf = io.BytesIO()
        npf.write_array(buf, array, allow_pickle=False)
        assert np.load(io.BytesIO(buf.getvalue())).dtype == array.dtype
        with open(os.path.join(OUT, name + ".npy"), "wb") as fh:
            fh.write(buf.getvalue())
    with open(os.path.join(OUT, "manifest.rs"), "w", encoding="utf-8") as fh:
        fh.write("// Generated by tests/data/gen_npy.py with NumPy "
                 f"{np.__version__}; do not edit.\n")
        fh.write("vec![\n" + "".join(rows) + "]\n")
    with open(os.path.join(OUT, "expected.rs"), "w", encoding="utf-8") as fh:
        fh.write("// Generated by tests/data/gen_npy.py with NumPy "
                 f"{np.__version__}; do not edit.\n")
        fh.write("// (file, the array's bytes in C order as hex)\n")
        fh.write("&[\n" + "".join(expected) + "]\n")


if __name__ == "__main__":
    main()
