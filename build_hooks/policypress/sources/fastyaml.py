"""A fast reader for files already published, used while reading history.

ruamel.yaml's round-trip loader (pure Python, with positions) takes ~25 ms for a section
file; libyaml through PyYAML takes under 1 ms. History holds hundreds of file versions that
were valid when published, so they are read here first. The result must equal ruamel's
YAML 1.2 reading or be refused: timestamps stay strings, only true/false are booleans,
duplicate keys are refused, and any file whose values are not what the schema expects is
re-read by the caller with positions, for a located message.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from policypress.untrusted import find_invisible, scan_yaml_events

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[misc,valid-type]
    """SafeLoader with YAML 1.2 booleans, no timestamps, and no duplicate keys."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")]
    for first, resolvers in _Base.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


class Unsure(Exception):
    """The fast reader cannot vouch for this file; read it with ruamel.yaml instead."""


def _mapping(loader: _Loader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    keys = [loader.construct_object(key, deep=deep) for key, _ in node.value]
    if len(set(map(str, keys))) != len(keys) or any(key.tag == "tag:yaml.org,2002:merge" for key, _ in node.value):
        raise Unsure("duplicate or merge keys")
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


_Loader.add_constructor("tag:yaml.org,2002:map", lambda loader, node: _mapping(loader, node, deep=True))


def load_fast(raw: bytes, *, rtl: bool = False) -> Any:
    """The data of a YAML file, or Unsure.

    Anything untrusted.py refuses (aliases, anchors, merge keys, limits, invisible characters)
    is Unsure, found by scanning libyaml's events before anything is composed or expanded;
    the caller's located reading then says where.
    """
    try:
        text = raw.decode("utf-8")
        if find_invisible(text, rtl=rtl) or scan_yaml_events(yaml.parse(text, Loader=_Base)):
            raise Unsure("refused by untrusted.py")
        return yaml.load(text, Loader=_Loader)  # noqa: S506 (a SafeLoader)
    except (yaml.YAMLError, UnicodeDecodeError, ValueError, TypeError) as error:
        raise Unsure(str(error)) from None
