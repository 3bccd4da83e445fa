"""Exporters layer: tracked-change Word, comparison table, HTML. Imports diffing, never Qt."""
