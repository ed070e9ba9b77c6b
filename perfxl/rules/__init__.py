"""Rule modules, one per family; importing this package registers every rule (see perfxl.check.registry)."""

from perfxl.rules import (  # noqa: F401
    calculation,
    completeness,
    consistency,
    hygiene,
    indicators,
    integrity,
    money,
)
