"""A per-request cache over the workbench's field storage.

The SDK's key-value store runs two queries for every field a block reads (``has`` then ``get``),
each loading the same JSON row again: a journal save read 19 rows. The LMS loads a block's
fields in bulk instead (``FieldDataCache``). This store keeps each row it loaded for the life of
one runtime, and the workbench makes a runtime per request, so nothing is shared between
requests or learners; writes go to the database at once, as before.
"""
from __future__ import annotations

import json

from workbench.models import XBlockState
from workbench.runtime import WorkbenchDjangoKeyValueStore
from xblock.runtime import KvsFieldData


class RequestCachedKeyValueStore(WorkbenchDjangoKeyValueStore):
    def __init__(self) -> None:
        self._rows: dict = {}

    def _row(self, key) -> XBlockState:
        ident = (key.scope, key.block_scope_id, key.user_id)
        if ident not in self._rows:
            self._rows[ident] = XBlockState.get_for_key(key)
        return self._rows[ident]

    def get(self, key):
        return json.loads(self._row(key).state)[key.field_name]

    def has(self, key) -> bool:
        return key.field_name in json.loads(self._row(key).state)

    def set(self, key, value) -> None:
        row = self._row(key)
        state = json.loads(row.state)
        state[key.field_name] = value
        row.state = self._to_json_str(state)
        row.save()

    def delete(self, key) -> None:
        row = self._row(key)
        state = json.loads(row.state)
        del state[key.field_name]
        row.state = self._to_json_str(state)
        row.save()


class RequestCachedFieldData(KvsFieldData):
    """The ``field-data`` service (``WORKBENCH["services"]`` in our settings): one per runtime."""

    def __init__(self) -> None:
        super().__init__(RequestCachedKeyValueStore())
