"""Python functions for binary.html: encodings, fixed-width integers and floats, hashes."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import struct
import zlib

from ingest.query.trino.udf import invalid, udf

_MASK = (1 << 64) - 1


@udf("athena_from_hex", ["VARCHAR"], "BLOB")
def from_hex(text: str) -> bytes:
    if len(text) % 2:
        raise invalid("invalid input length")
    try:
        return bytes.fromhex(text)
    except ValueError:
        raise invalid(f"invalid hex character in '{text}'") from None


@udf("athena_encode", ["BLOB", "VARCHAR"], "VARCHAR")
def encode(data: bytes, how: str) -> str:
    raw = bytes(data)
    if how == "base64url":
        return base64.urlsafe_b64encode(raw).decode()
    return base64.b32encode(raw).decode()


@udf("athena_decode", ["VARCHAR", "VARCHAR"], "BLOB")
def decode(text: str, how: str) -> bytes:
    try:
        if how == "base64":
            return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
        if how == "base64url":
            return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        return base64.b32decode(text + "=" * (-len(text) % 8))
    except (binascii.Error, ValueError):
        raise invalid(f"Invalid {how} input: {text}") from None


@udf("athena_pad_binary", ["BLOB", "BIGINT", "BLOB", "BOOLEAN"], "BLOB")
def pad_binary(data: bytes, size: int, pad: bytes, left: bool) -> bytes:
    raw, filler = bytes(data), bytes(pad)
    if size < 0 or size > 2**31 - 1:
        raise invalid("Target length must be in the range [0..2147483647]")
    if not filler:
        raise invalid("Padding bytes must not be empty")
    if size <= len(raw):
        return raw[:size]
    needed = size - len(raw)
    padding = (filler * (needed // len(filler) + 1))[:needed]
    return padding + raw if left else raw + padding


@udf("athena_reverse_binary", ["BLOB"], "BLOB")
def reverse_binary(data: bytes) -> bytes:
    return bytes(reversed(bytes(data)))


@udf("athena_to_big_endian", ["BIGINT", "INTEGER"], "BLOB")
def to_big_endian(value: int, width: int) -> bytes:
    return struct.pack(">i" if width == 4 else ">q", value)


@udf("athena_from_big_endian", ["BLOB", "INTEGER"], "BIGINT")
def from_big_endian(data: bytes, width: int) -> int:
    raw = bytes(data)
    if len(raw) != width:
        raise invalid(f"input size must be exactly {width} bytes")
    return int(struct.unpack(">i" if width == 4 else ">q", raw)[0])


@udf("athena_to_ieee754_32", ["FLOAT"], "BLOB")
def to_ieee754_32(value: float) -> bytes:
    return struct.pack(">f", value)


@udf("athena_to_ieee754_64", ["DOUBLE"], "BLOB")
def to_ieee754_64(value: float) -> bytes:
    return struct.pack(">d", value)


@udf("athena_from_ieee754_32", ["BLOB"], "FLOAT")
def from_ieee754_32(data: bytes) -> float:
    raw = bytes(data)
    if len(raw) != 4:
        raise invalid("Input floating-point value must be exactly 4 bytes long")
    return float(struct.unpack(">f", raw)[0])


@udf("athena_from_ieee754_64", ["BLOB"], "DOUBLE")
def from_ieee754_64(data: bytes) -> float:
    raw = bytes(data)
    if len(raw) != 8:
        raise invalid("Input floating-point value must be exactly 8 bytes long")
    return float(struct.unpack(">d", raw)[0])


@udf("athena_crc32", ["BLOB"], "BIGINT")
def crc32(data: bytes) -> int:
    return zlib.crc32(bytes(data))


@udf("athena_digest", ["BLOB", "VARCHAR"], "BLOB")
def digest(data: bytes, name: str) -> bytes:
    return hashlib.new(name, bytes(data)).digest()


@udf("athena_hmac", ["BLOB", "BLOB", "VARCHAR"], "BLOB")
def hmac_digest(data: bytes, key: bytes, name: str) -> bytes:
    return hmac.new(bytes(key), bytes(data), name).digest()


# -- xxHash64 and MurmurHash3 (x64, 128-bit), as Trino computes them -------------------------------

_P1, _P2, _P3, _P4, _P5 = (
    0x9E3779B185EBCA87,
    0xC2B2AE3D27D4EB4F,
    0x165667B19E3779F9,
    0x85EBCA77C2B2AE63,
    0x27D4EB2F165667C5,
)


def _rotl(value: int, bits: int) -> int:
    return ((value << bits) | (value >> (64 - bits))) & _MASK


def _round(acc: int, lane: int) -> int:
    acc = (acc + lane * _P2) & _MASK
    return (_rotl(acc, 31) * _P1) & _MASK


def _merge(acc: int, value: int) -> int:
    acc ^= _round(0, value)
    return (acc * _P1 + _P4) & _MASK


def xxh64(data: bytes, seed: int = 0) -> int:
    length, index = len(data), 0
    if length >= 32:
        v1 = (seed + _P1 + _P2) & _MASK
        v2 = (seed + _P2) & _MASK
        v3 = seed
        v4 = (seed - _P1) & _MASK
        while index <= length - 32:
            lanes = struct.unpack_from("<4Q", data, index)
            v1, v2, v3, v4 = (
                _round(v, lane) for v, lane in zip((v1, v2, v3, v4), lanes, strict=True)
            )
            index += 32
        acc = (_rotl(v1, 1) + _rotl(v2, 7) + _rotl(v3, 12) + _rotl(v4, 18)) & _MASK
        for v in (v1, v2, v3, v4):
            acc = _merge(acc, v)
    else:
        acc = (seed + _P5) & _MASK
    acc = (acc + length) & _MASK
    while index <= length - 8:
        (lane,) = struct.unpack_from("<Q", data, index)
        acc ^= _round(0, lane)
        acc = (_rotl(acc, 27) * _P1 + _P4) & _MASK
        index += 8
    if index <= length - 4:
        (lane,) = struct.unpack_from("<I", data, index)
        acc ^= (lane * _P1) & _MASK
        acc = (_rotl(acc, 23) * _P2 + _P3) & _MASK
        index += 4
    while index < length:
        acc ^= (data[index] * _P5) & _MASK
        acc = (_rotl(acc, 11) * _P1) & _MASK
        index += 1
    acc ^= acc >> 33
    acc = (acc * _P2) & _MASK
    acc ^= acc >> 29
    acc = (acc * _P3) & _MASK
    acc ^= acc >> 32
    return acc


@udf("athena_xxhash64", ["BLOB"], "BLOB")
def xxhash64(data: bytes) -> bytes:
    return struct.pack(">Q", xxh64(bytes(data)))


_C1, _C2 = 0x87C37B91114253D5, 0x4CF5AD432745937F


def _fmix(k: int) -> int:
    k ^= k >> 33
    k = (k * 0xFF51AFD7ED558CCD) & _MASK
    k ^= k >> 33
    k = (k * 0xC4CEB9FE1A85EC53) & _MASK
    k ^= k >> 33
    return k


def murmur3_x64_128(data: bytes, seed: int = 0) -> tuple[int, int]:
    length = len(data)
    h1 = h2 = seed
    blocks = length // 16
    for block in range(blocks):
        k1, k2 = struct.unpack_from("<2Q", data, block * 16)
        k1 = (k1 * _C1) & _MASK
        k1 = _rotl(k1, 31)
        k1 = (k1 * _C2) & _MASK
        h1 ^= k1
        h1 = _rotl(h1, 27)
        h1 = (h1 + h2) & _MASK
        h1 = (h1 * 5 + 0x52DCE729) & _MASK
        k2 = (k2 * _C2) & _MASK
        k2 = _rotl(k2, 33)
        k2 = (k2 * _C1) & _MASK
        h2 ^= k2
        h2 = _rotl(h2, 31)
        h2 = (h2 + h1) & _MASK
        h2 = (h2 * 5 + 0x38495AB5) & _MASK
    tail = data[blocks * 16 :]
    k1 = k2 = 0
    for i in range(len(tail) - 1, 7, -1):
        k2 ^= tail[i] << ((i - 8) * 8)
    if len(tail) > 8:
        k2 = (k2 * _C2) & _MASK
        k2 = _rotl(k2, 33)
        k2 = (k2 * _C1) & _MASK
        h2 ^= k2
    for i in range(min(len(tail), 8) - 1, -1, -1):
        k1 ^= tail[i] << (i * 8)
    if tail:
        k1 = (k1 * _C1) & _MASK
        k1 = _rotl(k1, 31)
        k1 = (k1 * _C2) & _MASK
        h1 ^= k1
    h1 ^= length
    h2 ^= length
    h1 = (h1 + h2) & _MASK
    h2 = (h2 + h1) & _MASK
    h1, h2 = _fmix(h1), _fmix(h2)
    h1 = (h1 + h2) & _MASK
    h2 = (h2 + h1) & _MASK
    return h1, h2


@udf("athena_murmur3", ["BLOB"], "BLOB")
def murmur3(data: bytes) -> bytes:
    h1, h2 = murmur3_x64_128(bytes(data))
    return struct.pack("<2Q", h1, h2)


# -- SpookyHash V2 (Bob Jenkins), the short-message path -----------------------------------------

_SPOOKY_CONST = 0xDEADBEEFDEADBEEF
#: Messages this long take SpookyHash's long path, which is not implemented here.
SPOOKY_SHORT_LIMIT = 192


def _short_mix(h: list[int]) -> None:
    for a, b, c, rot in (
        (2, 3, 0, 50), (3, 0, 1, 52), (0, 1, 2, 30), (1, 2, 3, 41),
        (2, 3, 0, 54), (3, 0, 1, 48), (0, 1, 2, 38), (1, 2, 3, 37),
        (2, 3, 0, 62), (3, 0, 1, 34), (0, 1, 2, 5), (1, 2, 3, 36),
    ):  # fmt: skip
        h[a] = _rotl(h[a], rot)
        h[a] = (h[a] + h[b]) & _MASK
        h[c] ^= h[a]


def _short_end(h: list[int]) -> None:
    for a, b, rot in (
        (3, 2, 15), (0, 3, 52), (1, 0, 26), (2, 1, 51), (3, 2, 28), (0, 3, 9),
        (1, 0, 47), (2, 1, 54), (3, 2, 32), (0, 3, 25), (1, 0, 63),
    ):  # fmt: skip
        h[a] ^= h[b]
        h[b] = _rotl(h[b], rot)
        h[a] = (h[a] + h[b]) & _MASK


def spooky_short(data: bytes, seed: int = 0) -> int:
    """SpookyHash V2's hash1 for a message shorter than 192 bytes."""
    length = len(data)
    h = [seed, seed, _SPOOKY_CONST, _SPOOKY_CONST]
    index, remainder = 0, length % 32
    if length > 15:
        for _ in range(length // 32):
            w = struct.unpack_from("<4Q", data, index)
            h[2] = (h[2] + w[0]) & _MASK
            h[3] = (h[3] + w[1]) & _MASK
            _short_mix(h)
            h[0] = (h[0] + w[2]) & _MASK
            h[1] = (h[1] + w[3]) & _MASK
            index += 32
        if remainder >= 16:
            w = struct.unpack_from("<2Q", data, index)
            h[2] = (h[2] + w[0]) & _MASK
            h[3] = (h[3] + w[1]) & _MASK
            _short_mix(h)
            index += 16
            remainder -= 16
    tail = data[index:] + bytes(16)
    h[3] = (h[3] + (length << 56)) & _MASK
    if remainder == 0:
        h[2] = (h[2] + _SPOOKY_CONST) & _MASK
        h[3] = (h[3] + _SPOOKY_CONST) & _MASK
    elif remainder >= 12:
        (low,) = struct.unpack_from("<Q", tail, 0)
        (mid,) = struct.unpack_from("<I", tail, 8)
        extra = sum(tail[8 + i] << (8 * i) for i in range(4, remainder - 8))
        h[2] = (h[2] + low) & _MASK
        h[3] = (h[3] + mid + extra) & _MASK
    elif remainder >= 8:
        (low,) = struct.unpack_from("<Q", tail, 0)
        extra = sum(tail[8 + i] << (8 * i) for i in range(remainder - 8))
        h[2] = (h[2] + low) & _MASK
        h[3] = (h[3] + extra) & _MASK
    else:
        h[2] = (h[2] + sum(tail[i] << (8 * i) for i in range(remainder))) & _MASK
    _short_end(h)
    return h[0]


@udf("athena_spooky", ["BLOB", "INTEGER"], "BLOB")
def spooky(data: bytes, width: int) -> bytes:
    raw = bytes(data)
    if len(raw) >= SPOOKY_SHORT_LIMIT:
        raise ValueError(
            f"NOT_SUPPORTED: spooky_hash_v2 of {SPOOKY_SHORT_LIMIT} bytes or more is not "
            "supported by the local engine"
        )
    value = spooky_short(raw)
    return struct.pack(">I", value & 0xFFFFFFFF) if width == 4 else struct.pack(">Q", value)
