"""A Parquet file's column sizes from its footer alone, read through the lake's storage
(two ranged reads at most: the tail, then the whole footer if it is longer).

Curated files are immutable versions, so what a footer says is cached by key and size.
"""

from __future__ import annotations

import io
import struct
import threading
from collections import OrderedDict

import pyarrow.parquet as pq

from ingest.storage.base import ObjectStore

_FIRST_READ = 64 * 1024
_CACHE_SIZE = 4096
_cache: OrderedDict[tuple[str, str, int], dict[str, int]] = OrderedDict()
_lock = threading.Lock()


class _Tail(io.RawIOBase):
    """A read-only view of a file of `size` bytes of which only the tail is known."""

    def __init__(self, tail: bytes, size: int) -> None:
        self._tail, self._size, self._start, self._position = tail, size, size - len(tail), 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = 0) -> int:
        base = {0: 0, 1: self._position, 2: self._size}[whence]
        self._position = base + offset
        return self._position

    def tell(self) -> int:
        return self._position

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        start = max(self._position, self._start)
        end = min(self._position + len(buffer), self._size)
        if end <= start:
            return 0
        chunk = self._tail[start - self._start : end - self._start]
        padding = start - self._position
        buffer[padding : padding + len(chunk)] = chunk
        self._position = end
        return padding + len(chunk)


def column_sizes(storage: ObjectStore, key: str, size: int) -> dict[str, int]:
    """Compressed bytes per top-level column (all row groups), as engines read them."""
    cache_key = (storage.bucket, key, size)
    with _lock:
        if cache_key in _cache:
            _cache.move_to_end(cache_key)
            return _cache[cache_key]
    tail = storage.get_tail(key, min(size, _FIRST_READ))
    footer_length = struct.unpack("<I", tail[-8:-4])[0] if len(tail) >= 8 else 0
    if footer_length + 8 > len(tail):
        tail = storage.get_tail(key, min(size, footer_length + 8))
    metadata = pq.ParquetFile(_Tail(tail, size)).metadata
    sizes: dict[str, int] = {}
    for group in range(metadata.num_row_groups):
        row_group = metadata.row_group(group)
        for index in range(row_group.num_columns):
            column = row_group.column(index)
            name = column.path_in_schema.split(".")[0].lower()
            sizes[name] = sizes.get(name, 0) + int(column.total_compressed_size)
    with _lock:
        _cache[cache_key] = sizes
        if len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return sizes
