"""Rule modules, one per family (indicators split in five); importing this package registers every rule."""

from perfxl.rules import (  # noqa: F401
    calculation,
    completeness,
    consistency,
    hygiene,
    indicator_names,
    indicator_placement,
    indicator_structure,
    indicator_targets,
    indicator_values,
    integrity,
    money,
    structure,
    totals,
)
