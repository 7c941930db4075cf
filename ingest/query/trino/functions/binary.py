"""Binary functions and operators (trino.io/docs/current/functions/binary.html)."""

from __future__ import annotations

from ingest.query.trino.registry import REGISTRY

REGISTRY.begin("binary", strict=True)  # NULL in, NULL out

REGISTRY.scalar(
    "lpad(varbinary, bigint, varbinary) -> varbinary", "athena_pad_binary({0}, {1}, {2}, true)"
)
REGISTRY.scalar(
    "rpad(varbinary, bigint, varbinary) -> varbinary", "athena_pad_binary({0}, {1}, {2}, false)"
)
REGISTRY.scalar("reverse(varbinary) -> varbinary", "athena_reverse_binary({0})")
REGISTRY.scalar("to_base64(varbinary) -> varchar", "to_base64({0})")
REGISTRY.scalar("from_base64(varchar) -> varbinary", "athena_decode({0}, 'base64')")
REGISTRY.scalar("from_base64(varbinary) -> varbinary", "athena_decode(decode({0}), 'base64')")
REGISTRY.scalar("to_base64url(varbinary) -> varchar", "athena_encode({0}, 'base64url')")
REGISTRY.scalar("from_base64url(varchar) -> varbinary", "athena_decode({0}, 'base64url')")
REGISTRY.scalar("to_base32(varbinary) -> varchar", "athena_encode({0}, 'base32')")
REGISTRY.scalar("from_base32(varchar) -> varbinary", "athena_decode({0}, 'base32')")
REGISTRY.scalar("to_hex(varbinary) -> varchar", "hex({0})")
REGISTRY.scalar("from_hex(varchar) -> varbinary", "athena_from_hex({0})")
REGISTRY.scalar("to_big_endian_32(integer) -> varbinary", "athena_to_big_endian({0}, 4)")
REGISTRY.scalar(
    "from_big_endian_32(varbinary) -> integer", "CAST(athena_from_big_endian({0}, 4) AS INTEGER)"
)
REGISTRY.scalar("to_big_endian_64(bigint) -> varbinary", "athena_to_big_endian({0}, 8)")
REGISTRY.scalar("from_big_endian_64(varbinary) -> bigint", "athena_from_big_endian({0}, 8)")
REGISTRY.scalar("to_ieee754_32(real) -> varbinary", "athena_to_ieee754_32({0})")
REGISTRY.scalar("from_ieee754_32(varbinary) -> real", "athena_from_ieee754_32({0})")
REGISTRY.scalar("to_ieee754_64(double) -> varbinary", "athena_to_ieee754_64({0})")
REGISTRY.scalar("from_ieee754_64(varbinary) -> double", "athena_from_ieee754_64({0})")
REGISTRY.scalar("crc32(varbinary) -> bigint", "athena_crc32({0})")
for _name in ("md5", "sha1", "sha256", "sha512"):
    REGISTRY.scalar(f"{_name}(varbinary) -> varbinary", f"athena_digest({{0}}, '{_name}')")
    REGISTRY.scalar(
        f"hmac_{_name}(varbinary, varbinary) -> varbinary", f"athena_hmac({{0}}, {{1}}, '{_name}')"
    )
REGISTRY.scalar("xxhash64(varbinary) -> varbinary", "athena_xxhash64({0})")
REGISTRY.scalar("murmur3(varbinary) -> varbinary", "athena_murmur3({0})")
REGISTRY.scalar("spooky_hash_v2_32(varbinary) -> varbinary", "athena_spooky({0}, 4)")
REGISTRY.scalar("spooky_hash_v2_64(varbinary) -> varbinary", "athena_spooky({0}, 8)")
