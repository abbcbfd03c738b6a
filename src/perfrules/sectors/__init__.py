"""perfrules' own sector packs: elderly care (pension), agricultural trusteeship, basic public health.

Each module holds the packs of one sector; each pack is a rubric data file
(indicator template and sector checks) in ``perfrules/sectors/data``. They are
registered as entry points of perfrules itself, exactly like third-party
plugins, and nothing here is imported until a pack is asked for.
"""
