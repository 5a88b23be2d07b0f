"""Check the shape of a source file against the JSON Schema that ships with PolicyPress.

The same schema files are what editors get completion from (each YAML file names its schema on
its first line), so the editor's red squiggle and `policypress validate` agree.
"""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

import fastjsonschema
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError

from policypress.errors import Problem
from policypress.sources.yamlfile import YamlDocument, locate, to_plain
from policypress.untrusted import short

SCHEMAS = ("settings", "regions", "section", "releases")


@cache
def load_schema(name: str) -> dict[str, Any]:
    """The JSON Schema `name` (one of SCHEMAS) as shipped in the package."""
    text = resources.files("policypress.schemas").joinpath(f"{name}.schema.json").read_text("utf-8")
    return _bundled(json.loads(text))


_EXTERNAL = ".schema.json#/$defs/"


def _bundled(schema: dict[str, Any]) -> dict[str, Any]:
    """`schema` with references into sibling schema files ("section.schema.json#/$defs/block",
    so that a block kind is defined once) turned into local ones, their definitions copied in.
    Editors follow such references themselves; the validators here see one self-contained schema."""
    definitions = dict(schema.get("$defs", {}))

    def rewrite(node: Any) -> Any:
        if isinstance(node, list):
            return [rewrite(item) for item in node]
        if not isinstance(node, dict):
            return node
        reference = node.get("$ref", "")
        if _EXTERNAL in reference and not reference.startswith("#"):
            other = reference.split(_EXTERNAL)[0]
            for key, value in load_schema(other).get("$defs", {}).items():
                definitions.setdefault(key, value)
            node = {**node, "$ref": "#/$defs/" + reference.split(_EXTERNAL)[1]}
        return {key: rewrite(value) for key, value in node.items()}

    bundled = rewrite(schema)
    return {**bundled, "$defs": definitions} if definitions else bundled


@cache
def _validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(_inline_refs(load_schema(name)), format_checker=FormatChecker())


# Local "$ref"s cost jsonschema a lookup on every use, and history checks hundreds of files:
# the validator gets a copy with each reference replaced by its definition (recursive ones
# down to a depth no policy reaches, then kept as references).
_INLINE_DEPTH = 6


def _inline_refs(schema: dict[str, Any]) -> dict[str, Any]:
    definitions = schema.get("$defs", {})

    def inline(node: Any, seen: tuple[str, ...]) -> Any:
        if isinstance(node, list):
            return [inline(item, seen) for item in node]
        if not isinstance(node, dict):
            return node
        reference = node.get("$ref", "")
        if reference.startswith("#/$defs/") and seen.count(reference) < _INLINE_DEPTH:
            rest = {key: inline(value, seen) for key, value in node.items() if key != "$ref"}
            return {**inline(definitions[reference.rsplit("/", 1)[1]], (*seen, reference)), **rest}
        return {key: value if key == "$defs" else inline(value, seen) for key, value in node.items()}

    return inline(schema, ())


def _is_date(value: str) -> bool:
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


@cache
def _compiled(name: str) -> Any:
    # fastjsonschema turns a schema into Python code: several times faster than jsonschema,
    # but it stops at the first error and says little. It serves the fast reading (history,
    # valid sources); jsonschema gives the located messages for everything else.
    return fastjsonschema.compile(load_schema(name), formats={"date": _is_date})


def conforms(doc: YamlDocument, schema: str) -> bool:
    """Whether `doc` matches the schema (quickly; no messages)."""
    try:
        _compiled(schema)(to_plain(doc.data))
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def check_shape(doc: YamlDocument, schema: str) -> list[Problem]:
    """Every place where `doc` does not match the schema, each as a located problem."""
    errors = _validator(schema).iter_errors(to_plain(doc.data))
    return [
        Problem(locate(doc, _path(error), key=error.validator == "additionalProperties"), _message(error))
        for error in _leaves(errors)
    ]


def _path(error: ValidationError) -> list[str | int]:
    path = list(error.absolute_path)
    if error.validator == "additionalProperties":  # point at the first unknown key itself
        path.append(sorted(set(error.instance) - set(error.schema.get("properties", {})))[0])
    return path


def _leaves(errors: Any) -> list[ValidationError]:
    # if/then/else and $ref nest the real cause; report the innermost errors only.
    found: list[ValidationError] = []
    for error in errors:
        if error.context and error.validator != "anyOf":
            found.extend(_leaves(error.context))
        else:
            found.append(error)
    return found


def _where(error: ValidationError) -> str:
    path = [part for part in error.absolute_path if isinstance(part, str)]
    return f"'{path[-1]}'" if path else "this value"


def _message(error: ValidationError) -> str:
    hint = error.schema.get("x-hint") if isinstance(error.schema, dict) else None
    kind = error.validator
    if kind == "required":
        missing = error.message.split("'")[1]
        return f"missing required key '{missing}'"
    if kind == "additionalProperties":
        allowed = ", ".join(sorted(error.schema.get("properties", {})))
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        keys = ", ".join(short(key) for key in extra[:5]) + (f" and {len(extra) - 5} more" if len(extra) > 5 else "")
        return f"unknown key {keys}; allowed keys here: {allowed}"
    if hint:
        return f"{short(error.instance)} is not valid: {hint}"
    if kind == "type":
        wanted = error.validator_value
        names = [_TYPE_NAMES.get(w, w) for w in (wanted if isinstance(wanted, list) else [wanted])]
        return f"{_where(error)} must be {' or '.join(names)}, not {_describe(error.instance)}"
    if kind in ("minLength", "minItems", "minProperties"):
        return f"{_where(error)} must not be empty"
    if kind == "uniqueItems":
        return f"{_where(error)} lists the same value twice"
    # jsonschema's own messages quote the whole instance, which can be any size.
    return error.message.replace(repr(error.instance), short(error.instance))[:500]


# JSON Schema's words, as an editor of YAML would say them.
_TYPE_NAMES = {
    "array": "a list",
    "object": "a mapping of keys to values",
    "integer": "a whole number",
    "number": "a number",
    "string": "text",
    "boolean": "true or false",
}


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, dict):
        return "a mapping of keys"
    if isinstance(value, list):
        return "a list"
    return short(value)
