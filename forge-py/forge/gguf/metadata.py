"""A typed GGUF metadata value, and short constructors for the types llama.cpp expects."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from .constants import ValueType


@dataclass(frozen=True)
class Meta:
    """I am one metadata value with its GGUF type; arrays also carry their item type.

    llama.cpp checks the type of the keys it reads (a `u32` key written as `i64` is an error), so a value
    is never written with a guessed type.
    """

    type: ValueType
    value: Any
    item_type: ValueType | None = None

    def __post_init__(self) -> None:
        if self.type == ValueType.ARRAY and self.item_type is None:
            raise ValueError("an ARRAY Meta needs item_type: use Meta.array(item_type, values)")

    @staticmethod
    def u8(v: int) -> "Meta":
        return Meta(ValueType.UINT8, int(v))

    @staticmethod
    def i8(v: int) -> "Meta":
        return Meta(ValueType.INT8, int(v))

    @staticmethod
    def u16(v: int) -> "Meta":
        return Meta(ValueType.UINT16, int(v))

    @staticmethod
    def i16(v: int) -> "Meta":
        return Meta(ValueType.INT16, int(v))

    @staticmethod
    def u32(v: int) -> "Meta":
        return Meta(ValueType.UINT32, int(v))

    @staticmethod
    def i32(v: int) -> "Meta":
        return Meta(ValueType.INT32, int(v))

    @staticmethod
    def u64(v: int) -> "Meta":
        return Meta(ValueType.UINT64, int(v))

    @staticmethod
    def i64(v: int) -> "Meta":
        return Meta(ValueType.INT64, int(v))

    @staticmethod
    def f32(v: float) -> "Meta":
        return Meta(ValueType.FLOAT32, float(v))

    @staticmethod
    def f64(v: float) -> "Meta":
        return Meta(ValueType.FLOAT64, float(v))

    @staticmethod
    def bool(v: bool) -> "Meta":
        return Meta(ValueType.BOOL, bool(v))

    @staticmethod
    def str(v: str) -> "Meta":
        return Meta(ValueType.STRING, v)

    @staticmethod
    def array(item_type: ValueType, values: Sequence[Any]) -> "Meta":
        return Meta(ValueType.ARRAY, list(values), item_type)

    def plain(self) -> Any:
        """The value without its type (arrays as Python lists)."""
        return self.value
