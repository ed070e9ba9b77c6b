"""``perfxl excel setup`` / ``remove``: put perfxl's Excel buttons on a Windows PC for the current user, and take
them away again.

- :mod:`~perfxl.install.apply` does setup, :mod:`~perfxl.install.undo` undoes it from the record
  (:mod:`~perfxl.install.record`) that setup keeps.
- The registry (:mod:`~perfxl.install.registry`) and the user's folders (:mod:`~perfxl.install.environment`) are
  behind small interfaces: tests run setup and remove on Linux against an in-memory registry and temporary folders.
  The ``winreg`` implementation itself only runs on Windows.
"""
