"""Strided n-dimensional views over any buffer, zero-copy: memoryview with
NumPy's indexing, records and fields, any cast, DLPack."""
from types import EllipsisType, TracebackType
from typing import Any, Literal, Sequence, SupportsIndex, Union

from typing_extensions import Buffer, Self

_Item = Union[SupportsIndex, slice, EllipsisType, None]
_Key = Union[_Item, tuple[_Item, ...], str]
_Shape = Union[SupportsIndex, Sequence[SupportsIndex]]
_Order = Literal["C", "F"]

class View:
    """A zero-copy view of any buffer exporter.

    `View(obj)` is read-only; `View(obj, writable=True)` asks the exporter
    for a writable buffer (BufferError if it refuses). The view keeps `obj`
    alive. Every operation that returns a View shares the same bytes.
    """

    def __init__(self, obj: Buffer, writable: bool = False) -> None: ...
    @property
    def format(self) -> str:
        """The element format as a PEP 3118 / struct string (NumPy reads it
        back as the same dtype)."""
    @property
    def itemsize(self) -> int: ...
    @property
    def shape(self) -> tuple[int, ...]: ...
    @property
    def strides(self) -> tuple[int, ...]:
        """Byte strides (negative and zero allowed)."""
    @property
    def ndim(self) -> int: ...
    @property
    def nbytes(self) -> int: ...
    @property
    def readonly(self) -> bool: ...
    @property
    def c_contiguous(self) -> bool: ...
    @property
    def f_contiguous(self) -> bool: ...
    @property
    def contiguous(self) -> bool: ...
    @property
    def T(self) -> View:
        """The axes reversed."""
    def __len__(self) -> int: ...
    def __getitem__(self, key: _Key) -> Any:
        """NumPy basic indexing (ints, slices, ..., None, tuples) → View, or a
        Python value when every item is an integer; a string selects a
        record field."""
    def index(self, expr: str) -> Any:
        """`v.index("1:5:2, ..., None, -1")` is `v[1:5:2, ..., None, -1]`."""
    def field(self, name: str) -> View:
        """The view of one record field (same bytes, the record's strides)."""
    def cast(self, format: str, shape: _Shape | None = None) -> View:
        """memoryview.cast generalized: any format, any shape, any layout that
        has a strided representation; ValueError otherwise."""
    def view(self, format: str) -> View:
        """ndarray.view(dtype): the last axis reinterpreted as `format`."""
    def transpose(self, *axes: SupportsIndex | Sequence[SupportsIndex]) -> View: ...
    def reshape(self, shape: _Shape, order: _Order = "C") -> View:
        """A view with a new shape, never a copy (ValueError if it needs one)."""
    def broadcast_to(self, shape: _Shape) -> View: ...
    def tobytes(self, order: Literal["C", "F", "A"] | None = "C") -> bytes: ...
    def tolist(self) -> Any: ...
    def astype(self, format: str) -> View:
        """The elements converted to a numeric format, in new Rust-owned
        memory (C order)."""
    def sum(self) -> int | float | complex: ...
    def release(self) -> None:
        """Drops this view's hold on the bytes; BufferError while buffers of
        it are exported."""
    def __enter__(self) -> Self: ...
    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> bool: ...
    def __eq__(self, other: object) -> bool: ...
    def __buffer__(self, flags: int) -> memoryview: ...
    def __dlpack__(
        self,
        *,
        stream: Any = None,
        max_version: tuple[int, int] | None = None,
        dl_device: tuple[int, int] | None = None,
        copy: bool | None = None,
    ) -> Any:
        """A DLPack capsule (versioned when max_version >= (1, 0)); BufferError
        naming the reason for what DLPack cannot describe."""
    def __dlpack_device__(self) -> tuple[int, int]: ...

def zeros(format: str, shape: _Shape, order: _Order = "C") -> View:
    """Zeroed memory owned by Rust, exported writable and zero-copy."""

def from_dlpack(obj: Any) -> View:
    """A View of any DLPack producer's CPU tensor, zero-copy."""
