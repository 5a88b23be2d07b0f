"""Fault injection: each test breaks something on purpose and checks what PolicyPress does.

- `catalogue.py` / `test_catalogue.py`: broken sources and release logs, each reported at
  its place, the previous site kept;
- `kept_site.py`, `inject.py` and the `test_kept_*.py` modules: the kept files
  (`.cache/policypress/`) damaged, two builds at once, builds killed at chosen moments, a kept
  folder that cannot be written — after each, the next build publishes exactly what a cold
  build does, prints no traceback and leaves nothing behind.
"""
