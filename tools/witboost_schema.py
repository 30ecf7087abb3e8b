"""Generate the Witboost JSON Schemas from the rules of the Witboost CUE definition.

The authoritative definition is CUE (agile-lab-dev/Data-Product-Specification,
data-product-specification.cue); it has no JSON Schema. This script writes
one by hand from its rules, for each revision meshgate knows, so the two can
be compared line by line:

- ``0.0.1``: the current definition (commit 904d7e5, 2024-11): supportSLA,
  businessInfo, securityInfo, contacts and targetConsumption at the top,
  dataSharingAgreement inside the output port's dataContract;
- ``0.0.1-2023-01``: the definition of January 2023 (commit 5cec68b), which
  most tech-adapter fixtures follow: informationSLA, no supportSLA,
  businessInfo or securityInfo, dataSharingAgreement on the output port.

The schemas mean what ``cue vet -c descriptor.yaml data-product-specification.cue``
means (the specification's own CI; tests/test_cue_parity.py runs CUE over every
Witboost fixture and example and compares verdicts):

- A field without ``?`` is required unless its absence is concrete: an open
  list (``[...T]``) and a struct whose fields are all optional or themselves
  satisfied by absence are; ``x | null`` and ``{...} | null`` disjunctions and
  plain strings are not (CUE calls them incomplete). So ``businessConcepts``,
  ``tags``, an output port's ``dataContract`` with its ``SLA`` and
  ``dataSharingAgreement`` are optional; ``targetConsumption`` and every field
  of ``supportSLA``, ``businessInfo`` (but valueGeneration) and
  ``securityInfo`` are required, and may be null.
- Definitions without ``...`` are closed: a column (``#OM_Column``), a tag and
  sample table data admit only their own fields, and a column's conditional
  fields only under their data types (``dataLength`` for CHAR, VARCHAR,
  BINARY and VARBINARY; ``arrayDataType`` for ARRAY; ``jsonSchema`` for JSON;
  ``children`` for MAP, STRUCT and UNION). Everything else stays open.
- CUE's case-insensitive regexes ((?i)...) become character classes, because
  JSON Schema patterns are ECMA-262 regexes, which have no inline flags.

What the governance board wants beyond the CUE (a data-sharing agreement,
business concepts) is checked by policies, not here. Cross-field rules that
JSON Schema cannot state (the ids embed the domain and the major version;
every component's major version equals the product's) are checked by the
policy spec/witboost-version-alignment.

Run: python tools/witboost_schema.py > schemas/witboost-dps/0.0.1.schema.json
     python tools/witboost_schema.py 2023-01 > schemas/witboost-dps/0.0.1-2023-01.schema.json
"""

from __future__ import annotations

import json
import sys
from typing import Any


def ci(*words: str) -> str:
    """An anchored, case-insensitive alternation as an ECMA-262 pattern."""

    def fold(word: str) -> str:
        return "".join(f"[{c.upper()}{c.lower()}]" if c.isalpha() else c for c in word)

    return "^(" + "|".join(fold(word) for word in words) + ")$"


NULLABLE_STRING: dict[str, Any] = {"type": ["string", "null"]}
VERSION = "^[0-9]+\\.[0-9]+\\..+$"
ID = "^[a-zA-Z0-9:._-]+$"
URL = "^https?://[a-zA-Z0-9@:%._~#=&/?]*$"
DATA_TYPES = [
    "NUMBER",
    "TINYINT",
    "SMALLINT",
    "INT",
    "BIGINT",
    "BYTEINT",
    "BYTES",
    "FLOAT",
    "DOUBLE",
    "DECIMAL",
    "NUMERIC",
    "TIMESTAMP",
    "TIME",
    "DATE",
    "DATETIME",
    "INTERVAL",
    "STRING",
    "MEDIUMTEXT",
    "TEXT",
    "CHAR",
    "VARCHAR",
    "BOOLEAN",
    "BINARY",
    "VARBINARY",
    "ARRAY",
    "BLOB",
    "LONGBLOB",
    "MEDIUMBLOB",
    "MAP",
    "STRUCT",
    "UNION",
    "SET",
    "GEOGRAPHY",
    "ENUM",
    "JSON",
]


def component_common(extra_required: list[str]) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["id", "name", "description", "version", "infrastructureTemplateId", *extra_required],
        "properties": {
            "id": {"$ref": "#/$defs/componentId"},
            "name": {"type": "string"},
            "fullyQualifiedName": NULLABLE_STRING,
            "description": {"type": "string"},
            "version": {"type": "string", "pattern": VERSION},
            "infrastructureTemplateId": {"type": "string"},
            "useCaseTemplateId": NULLABLE_STRING,
            "dependsOn": {"type": "array", "items": {"$ref": "#/$defs/componentId"}},
            "platform": NULLABLE_STRING,
            "technology": NULLABLE_STRING,
        },
    }


def extend(base: dict[str, Any], required: list[str], properties: dict[str, Any]) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(json.dumps(base))
    schema["required"] = [*schema["required"], *required]
    schema["properties"].update(properties)
    return schema


NULLABLE_OBJECT: dict[str, Any] = {"type": ["object", "null"]}
NULLABLE_STRINGS: dict[str, Any] = {"type": ["array", "null"], "items": {"type": "string"}}
TAGS: dict[str, Any] = {"type": "array", "items": {"$ref": "#/$defs/tag"}}
CURRENT, JANUARY_2023 = "current", "2023-01"


def nullable_pattern(*words: str) -> dict[str, Any]:
    return {"type": ["string", "null"], "pattern": ci(*words)}


def conditional(types: tuple[str, ...], name: str) -> dict[str, Any]:
    """A closed column's field that exists (and is required) only under some data types."""
    return {
        "if": {"properties": {"dataType": {"type": "string", "pattern": ci(*types)}}, "required": ["dataType"]},
        "then": {"required": [name]},
        "else": {"properties": {name: False}},
    }


def build(revision: str) -> dict[str, Any]:
    current = revision == CURRENT
    required = [
        "id",
        "name",
        "description",
        "kind",
        "domain",
        "version",
        "environment",
        "dataProductOwner",
        "dataProductOwnerDisplayName",
        "devGroup",
        "ownerGroup",
    ]
    properties: dict[str, Any] = {
        "id": {
            "type": "string",
            "pattern": "^urn:dmb:dp:[a-zA-Z0-9._-]+:[a-zA-Z0-9_-]+:[0-9]+$",
            "description": "urn:dmb:dp:<domain>:<name>:<major version>",
        },
        "name": {"type": "string"},
        "fullyQualifiedName": NULLABLE_STRING,
        "description": {"type": "string"},
        "kind": {"type": "string", "pattern": ci("dataproduct")},
        "domain": {"type": "string"},
        "version": {"type": "string", "pattern": VERSION},
        "environment": {"type": "string"},
        "dataProductOwner": {"type": "string"},
        "dataProductOwnerDisplayName": {"type": "string"},
        "devGroup": {"type": "string"},
        "ownerGroup": {"type": "string"},
        "email": NULLABLE_STRING,
        "status": nullable_pattern("draft", "published", "retired"),
        "maturity": nullable_pattern("tactical", "strategic"),
        "billing": NULLABLE_OBJECT,
        "tags": TAGS,
        "specific": {"type": "object"},
        "components": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/component"}},
    }
    if current:
        required += ["supportSLA", "businessInfo", "securityInfo", "contacts", "targetConsumption"]
        properties |= {
            "supportSLA": {
                "type": "object",
                "required": ["supportHours", "responseTime", "resolutionTime", "informationTime", "endOfSupport"],
                "properties": dict.fromkeys(
                    ("supportHours", "responseTime", "resolutionTime", "informationTime", "endOfSupport"),
                    NULLABLE_STRING,
                ),
            },
            "businessInfo": {
                "type": "object",
                "required": [
                    "valueProposition",
                    "strategicInitiatives",
                    "stakeholderRoles",
                    "pricingType",
                    "pricingInfo",
                ],
                "properties": {
                    "valueProposition": NULLABLE_STRING,
                    "valueGeneration": nullable_pattern("Foundation", "RevenueGeneration", "OperationMonitoring"),
                    "strategicInitiatives": NULLABLE_STRINGS,
                    "stakeholderRoles": NULLABLE_STRINGS,
                    "pricingType": nullable_pattern("PayPerUse", "Subscription"),
                    "pricingInfo": NULLABLE_OBJECT,
                },
            },
            "securityInfo": {
                "type": "object",
                "required": ["confidentiality", "visibility", "GDPR"],
                "properties": {
                    "confidentiality": nullable_pattern("public", "internal", "confidential", "restricted", "secret"),
                    "visibility": nullable_pattern("global", "department"),
                    "GDPR": nullable_pattern("yes", "no"),
                },
            },
            "contacts": {
                "type": "object",
                "required": ["ownerContact", "suportContact"],
                "properties": {"ownerContact": {"type": "string"}, "suportContact": {"type": "string"}},
            },
            "targetConsumption": NULLABLE_STRINGS,
            "businessConcepts": TAGS,
        }
    else:
        properties["informationSLA"] = NULLABLE_STRING

    column_properties: dict[str, Any] = {
        "name": {"type": "string"},
        "dataType": {"type": "string", "pattern": ci(*DATA_TYPES)},
        "arrayDataType": {"type": "string", "pattern": ci(*DATA_TYPES)},
        "dataLength": {"type": "number"},
        "dataTypeDisplay": NULLABLE_STRING,
        "description": NULLABLE_STRING,
        "fullyQualifiedName": NULLABLE_STRING,
        "tags": TAGS,
        "constraint": nullable_pattern("null", "not_null", "unique", "primary_key"),
        "ordinalPosition": {"type": ["number", "null"]},
        "jsonSchema": {"type": "string"},
        "children": {"type": "array", "items": {"$ref": "#/$defs/column"}},
    }
    if current:
        column_properties["businessTerms"] = TAGS
    agreement_fields: tuple[str, ...] = (
        "purpose",
        "billing",
        "security",
        "intendedUsage",
        "limitations",
        "lifeCycle",
        "confidentiality",
    )
    if current:
        agreement_fields = ("termsAndConditions", *agreement_fields)
    data_contract: dict[str, Any] = {
        "type": "object",
        "properties": {
            "schema": {"type": "array", "items": {"$ref": "#/$defs/column"}},
            "SLA": {
                "type": "object",
                "properties": dict.fromkeys(("intervalOfChange", "timeliness", "upTime"), NULLABLE_STRING),
            },
            "endpoint": {"type": ["string", "null"], "pattern": URL},
        },
    }
    output_port: dict[str, Any] = {
        "outputPortType": {"type": "string"},
        "creationDate": NULLABLE_STRING,
        "startDate": NULLABLE_STRING,
        "retentionTime": NULLABLE_STRING,
        "processDescription": NULLABLE_STRING,
        "dataContract": {"$ref": "#/$defs/dataContract"},
        "tags": TAGS,
        "sampleData": {"anyOf": [{"$ref": "#/$defs/tableData"}, {"type": "null"}]},
        "semanticLinking": NULLABLE_OBJECT,
        "specific": {"type": "object"},
    }
    if current:
        data_contract["properties"]["dataSharingAgreement"] = {"$ref": "#/$defs/dataSharingAgreement"}
        output_port |= {
            "biTempBusinessTs": NULLABLE_STRING,
            "biTempWriteTs": NULLABLE_STRING,
            "sampleQuery": NULLABLE_STRING,
        }
    else:
        data_contract["properties"] |= dict.fromkeys(
            ("termsAndConditions", "biTempBusinessTs", "biTempWriteTs"), NULLABLE_STRING
        )
        output_port["dataSharingAgreement"] = {"$ref": "#/$defs/dataSharingAgreement"}
    when = "of January 2023 (commit 5cec68b)" if not current else "current (commit 904d7e5)"
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://meshgate.dev/schemas/witboost-dps/"
        + ("0.0.1" if current else "0.0.1-2023-01")
        + ".schema.json",
        "title": "Agile Lab / Witboost Data Product Specification" + ("" if current else " (January 2023 revision)"),
        "description": (
            f"Written for meshgate from the rules of the {when} data-product-specification.cue "
            "(agile-lab-dev/Data-Product-Specification), meaning what cue vet means: objects stay open "
            "where CUE's '...' or a plain struct allows, columns and tags are closed. "
            "Generated by tools/witboost_schema.py."
        ),
        "type": "object",
        "required": required,
        "properties": properties,
        "$defs": {
            "componentId": {
                "type": "string",
                "pattern": "^urn:dmb:cmp:[a-zA-Z0-9._-]+:[a-zA-Z0-9_-]+:[0-9]+:[a-zA-Z0-9_-]+$",
                "description": "urn:dmb:cmp:<domain>:<product name>:<major version>:<component name>",
            },
            "tag": {
                "type": "object",
                "required": ["tagFQN", "source", "labelType", "state"],
                "properties": {
                    "tagFQN": {"type": "string"},
                    "description": NULLABLE_STRING,
                    "source": {"type": "string", "pattern": ci("tag", "glossary")},
                    "labelType": {"type": "string", "pattern": ci("manual", "propagated", "automated", "derived")},
                    "state": {"type": "string", "pattern": ci("suggested", "confirmed")},
                    "href": NULLABLE_STRING,
                },
                "additionalProperties": False,
            },
            "column": {
                "type": "object",
                "required": ["name", "dataType"],
                "properties": column_properties,
                "additionalProperties": False,
                "allOf": [
                    conditional(("ARRAY",), "arrayDataType"),
                    conditional(("CHAR", "VARCHAR", "BINARY", "VARBINARY"), "dataLength"),
                    conditional(("JSON",), "jsonSchema"),
                    conditional(("MAP", "STRUCT", "UNION"), "children"),
                ],
            },
            "dataContract": data_contract,
            "dataSharingAgreement": {
                "type": "object",
                "properties": dict.fromkeys(agreement_fields, NULLABLE_STRING),
            },
            "outputPort": extend(component_common([]), ["outputPortType"], output_port),
            "workload": extend(
                component_common([]),
                ["specific"],
                {
                    "workloadType": NULLABLE_STRING,
                    "connectionType": nullable_pattern("housekeeping", "datapipeline"),
                    "tags": TAGS,
                    "readsFrom": {"type": "array", "items": {"type": "string"}},
                    "specific": NULLABLE_OBJECT,
                },
            ),
            "storage": extend(
                component_common([]),
                ["specific"],
                {
                    "owners": {"type": "array", "items": {"type": "string"}},
                    "storageType": NULLABLE_STRING,
                    "tags": TAGS,
                    "specific": NULLABLE_OBJECT,
                },
            ),
            "observability": extend(
                component_common([]),
                [
                    "fullyQualifiedName",
                    "endpoint",
                    "completeness",
                    "dataProfiling",
                    "freshness",
                    "availability",
                    "dataQuality",
                    "specific",
                ],
                {
                    "fullyQualifiedName": {"type": "string"},
                    "endpoint": {"type": "string", "pattern": URL},
                    **dict.fromkeys(
                        ("completeness", "dataProfiling", "freshness", "availability", "dataQuality", "specific"),
                        NULLABLE_OBJECT,
                    ),
                },
            ),
            "tableData": {
                "type": "object",
                "properties": {
                    "columns": {"type": "array", "items": {"type": "string"}},
                    "rows": {"type": "array", "items": {"type": "array"}},
                },
                "additionalProperties": False,
            },
            "component": {
                "type": "object",
                "required": ["kind"],
                "properties": {
                    "kind": {"type": "string", "pattern": ci("outputport", "workload", "storage", "observability")}
                },
                "allOf": [
                    {
                        "if": {"properties": {"kind": {"pattern": ci(kind)}}, "required": ["kind"]},
                        "then": {"$ref": f"#/$defs/{definition}"},
                    }
                    for kind, definition in (
                        ("outputport", "outputPort"),
                        ("workload", "workload"),
                        ("storage", "storage"),
                        ("observability", "observability"),
                    )
                ],
            },
        },
    }


if __name__ == "__main__":
    json.dump(build(sys.argv[1] if len(sys.argv) > 1 else CURRENT), sys.stdout, indent=2)
    sys.stdout.write("\n")
