"""Our /api/openapi.json: the HSDS 3.0 API template (schema/openapi.json), with its faults fixed.

Fixed: the swapped operation ids of ``/taxonomy_terms`` and ``/taxonomy_terms/{id}``; ``$ref``s
to remote URLs (they point to the copies this site serves at /api/schemas/); no error responses
(400, 404, 429 are described); ``format: "datetime"`` (``date-time``). Added: this site's own
parameters (``need``, ``community``, ``region``, ``near``, ``radius``) and their limits.
"""

from __future__ import annotations

import copy
import json
from functools import lru_cache
from typing import Any

from django.conf import settings

from resources.hsds.export import SCHEMA_DIR

REMOTE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
ERROR = {
    "type": "object",
    "required": ["error", "status"],
    "properties": {"error": {"type": "string"}, "status": {"type": "integer"}},
}
OUR_PARAMETERS = {
    "need": {"name": "need", "in": "query", "required": False, "description": "A need slug (repeatable; all must match).",  # noqa: E501
             "schema": {"type": "string"}},
    "community": {"name": "community", "in": "query", "required": False,
                  "description": "A community slug (repeatable; all must match).", "schema": {"type": "string"}},
    "region": {"name": "region", "in": "query", "required": False,
               "description": "Two-letter US state or territory: local listings there and statewide ones serving it.",
               "schema": {"type": "string", "pattern": "^[A-Za-z]{2}$"}},
    "near": {"name": "near", "in": "query", "required": False, "description": "A US ZIP code.",
             "schema": {"type": "string", "pattern": "^[0-9]{5}(-[0-9]{4})?$"}},
    "radius": {"name": "radius", "in": "query", "required": False, "description": "Miles around 'near' (default 25).",
               "schema": {"type": "integer", "enum": [10, 25, 50, 100]}},
}  # fmt: skip


@lru_cache(maxsize=1)
def _template() -> dict[str, Any]:
    return json.loads((SCHEMA_DIR / "openapi.json").read_text(encoding="utf-8"))


# The template names two compiled schemas that the specification does not ship under that name.
RENAMED = {
    "compiled/service.json": "compiled/service_with_definitions.json",
    "compiled/organization.json": "organization.json",
}


def _local(ref: str, base: str) -> str:
    name = ref.removeprefix(REMOTE)
    return base + "schemas/" + RENAMED.get(name, name)


def _relink(node: Any, base: str) -> Any:
    if isinstance(node, dict):
        return {
            key: (_local(value, base) if key == "$ref" and value.startswith(REMOTE) else
                  ("date-time" if key == "format" and value == "datetime" else _relink(value, base)))
            for key, value in node.items()
        }  # fmt: skip
    if isinstance(node, list):
        return [_relink(item, base) for item in node]
    return node


def openapi_document(base: str) -> dict[str, Any]:
    """``base`` is the absolute URL of /api/."""
    document = _relink(copy.deepcopy(_template()), base)
    license_ = settings.DATA_LICENSE
    document["info"] = {
        "title": "Survivor resources directory: HSDS 3.0 API",
        "version": "1.0.0",
        "summary": "Read-only Open Referral HSDS 3.0 API of the directory's published listings.",
        "description": "Published real listings only. Hidden addresses (shelters) never give a street; their point "
        "is their ZIP code's centre. Lists are paged (per_page at most 100) or streamed with format=ndjson.",
        "license": {"name": license_["title"], "url": license_["path"]},
    }
    document["servers"] = [{"url": base.rstrip("/")}]
    paths = document["paths"]
    paths["/taxonomy_terms"]["get"]["operationId"] = "getPaginatedListOfTaxonomyTerms"
    paths["/taxonomy_terms/{id}"]["get"]["operationId"] = "getTaxonomyTermById"
    parameters = document["components"]["parameters"]
    parameters.update(copy.deepcopy(OUR_PARAMETERS))
    parameters["page"]["schema"] = {"type": "integer", "minimum": 1}
    parameters["per_page"]["schema"] = {"type": "integer", "minimum": 1, "maximum": 100, "default": 25}
    parameters["format"]["schema"] = {"type": "string", "enum": ["json", "ndjson"]}
    parameters["proximity"]["schema"] = {"type": "integer", "minimum": 1, "maximum": 500000}
    paths["/services"]["get"]["parameters"] += [{"$ref": f"#/components/parameters/{name}"} for name in OUR_PARAMETERS]
    document["components"]["schemas"]["Error"] = ERROR
    error_response = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    for path, item in paths.items():
        operation = item["get"]
        operation["responses"]["429"] = {"description": "Too many requests (see Retry-After).", **error_response}
        if path != "/":
            operation["responses"]["400"] = {"description": "A parameter is not valid.", **error_response}
        if "{id}" in path or (
            path != "/"
            and any(p.get("$ref", "").endswith(("/page", "/per_page")) for p in operation.get("parameters", []))
        ):
            operation["responses"]["404"] = {
                "description": "No such record, or a page past the last.",
                **error_response,
            }
    return document
