"""OLX import/export for the plx blocks: ``parse_xml`` / ``add_xml_to_node`` through the one
block <-> XML table in ``plxblocks/olx/blocks.py`` (used by the OLX export and the workbench)."""
from __future__ import annotations

from ..olx.blocks import field_names, from_xml, to_xml


class OlxMixin:
    """Round-trips a plx block through OLX: parse(export(block)) has the same field values."""

    @classmethod
    def parse_xml(cls, node, runtime, keys):
        block = runtime.construct_xblock_from_class(cls, keys)
        for name, value in from_xml(node).items():
            setattr(block, name, value)
        return block

    def add_xml_to_node(self, node):
        tag = self.scope_ids.block_type
        element = to_xml(tag, {name: getattr(self, name) for name in field_names(tag)})
        node.tag = element.tag
        node.set("xblock-family", self.entry_point)
        for name, value in element.attrib.items():
            node.set(name, value)
        for child in element:
            node.append(child)
