"""Damage a lake the way disks, people and scripts do: through its own storage, so the
same helpers serve both targets (a folder, or S3 on the moto server)."""

from __future__ import annotations

from ingest.lake import Lake


def live_keys(lake: Lake, table: str, suffix: str) -> list[str]:
    """The data files `table` reads now (its live partitions' or location's)."""
    found = lake.catalog.get_table(lake.outputs.database, table)
    assert found is not None
    if found.partition_keys:
        locations = [p.location for p in lake.catalog.partitions(found.database, table)]
    else:
        locations = [found.location]
    keys = []
    for location in locations:
        folder = location.split("/", 3)[3]
        keys += [
            o.key
            for o in lake.storage.list(folder)
            if o.key.endswith(suffix) and "/" not in o.key[len(folder) :]
        ]
    return sorted(keys)


def truncate(lake: Lake, key: str, size: int = 100) -> None:
    lake.storage.put_bytes(key, lake.storage.get_bytes(key)[:size])


def flip_a_byte(lake: Lake, key: str) -> None:
    """Same size, different content: only a checksum tells."""
    data = bytearray(lake.storage.get_bytes(key))
    data[len(data) // 2] ^= 0xFF
    lake.storage.put_bytes(key, bytes(data))
