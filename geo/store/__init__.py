"""Where data lives: the bundled files (read-only), the workspace, atomic writes.

Public modules: ``__all__``; a module whose name starts with ``_`` is internal.
"""

__all__ = [
    "atomic",
    "bundled",
    "indicators",
    "lots",
    "synthetic_lots",
    "workspace",
]
