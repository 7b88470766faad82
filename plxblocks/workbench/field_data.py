"""The workbench's field storage: one query per row per request, and no row created by a read.

The SDK's key-value store runs two queries for every field a block reads (``has`` then ``get``),
each loading the same JSON row again: a journal save read 19 rows. The LMS loads a block's
fields in bulk instead (``FieldDataCache``). This store keeps each row it loaded for the life of
one runtime, and the workbench makes a runtime per request, so nothing is shared between
requests or learners; writes go to the database at once, as before.

The SDK's store also *creates* a row whenever a field is read (``XBlockState.get_for_key`` is a
``get_or_create``), and its table has no unique key. When several learners open a unit for the
first time at once, each inserts the same shared row (a vertical's ``settings``, read for its
``name``), and every later read of it fails with ``MultipleObjectsReturned``: the page answers
500 for everyone, for good. Here a read never writes: a missing row reads as empty, a write
creates it, and where an older database already holds duplicates the oldest row is used.
"""
from __future__ import annotations

import json

from workbench.models import XBlockState, shorten_scope_name
from workbench.runtime import WorkbenchDjangoKeyValueStore
from xblock.fields import Scope
from xblock.runtime import KvsFieldData


def row_identity(key) -> dict:
    """The ``XBlockState`` columns that name *key*'s row, worked out as the SDK's ``get_for_key``
    does (it only offers get-or-create, which is what must not run on a read)."""
    if key.scope in (Scope.parent, Scope.children):
        scope = shorten_scope_name(key.scope.attr_name)
    else:
        scope = shorten_scope_name(key.scope.block.attr_name)
    if scope in ("type", "all"):
        scenario, tag = None, key.block_scope_id
    else:
        scenario, tag, _ = key.block_scope_id.split(".", 2)
    return {"scope": scope, "scope_id": key.block_scope_id, "user_id": key.user_id, "scenario": scenario, "tag": tag}


class RequestCachedKeyValueStore(WorkbenchDjangoKeyValueStore):
    def __init__(self) -> None:
        self._rows: dict = {}

    def _row(self, key) -> XBlockState | None:
        ident = (key.scope, key.block_scope_id, key.user_id)
        if ident not in self._rows:
            self._rows[ident] = XBlockState.objects.filter(**row_identity(key)).order_by("id").first()
        return self._rows[ident]

    def _state(self, key) -> dict:
        row = self._row(key)
        return json.loads(row.state) if row is not None else {}

    def get(self, key):
        return self._state(key)[key.field_name]

    def has(self, key) -> bool:
        return key.field_name in self._state(key)

    def _write(self, key, state: dict) -> None:
        row = self._row(key)
        if row is None:
            row = self._rows[(key.scope, key.block_scope_id, key.user_id)] = XBlockState(**row_identity(key))
        row.state = self._to_json_str(state)
        row.save()

    def set(self, key, value) -> None:
        self._write(key, {**self._state(key), key.field_name: value})

    def delete(self, key) -> None:
        state = self._state(key)
        del state[key.field_name]
        self._write(key, state)


class RequestCachedFieldData(KvsFieldData):
    """The ``field-data`` service (``WORKBENCH["services"]`` in our settings): one per runtime."""

    def __init__(self) -> None:
        super().__init__(RequestCachedKeyValueStore())
