"""The rule catalogue: every rule meshgate itself applies, written once.

Each built-in check of the load, detect, join, evaluate and schema steps is
a constant here that makes its own findings, so its id, severity, title and
remediation live in one place. Policies describe themselves through their
METADATA and become rules the same shape (``meshgate.evaluate.policies``).
Reporters read rules from the report, never from the stages, so this module
imports nothing but the finding model.
"""

from __future__ import annotations

import re
from enum import StrEnum

from meshgate.model.finding import UNKNOWN_SPAN, Finding, Severity, Span, Status
from meshgate.records import record

BUILTIN_ORIGIN = "meshgate"
# Namespaces of meshgate's own checks: a policy may not take an id in them.
RESERVED_NAMESPACES = ("load/", "detect/", "schema/", "join/", "evaluate/", "govern/", "meshgate/")


class Lifecycle(StrEnum):
    """Where a policy is on its way from a proposal to a rule everyone must follow."""

    DRAFT = "draft"  # evaluated and reported as info; never fails the gate
    GRACE = "grace"  # reported at its severity; fails the gate only after enforce_after
    ENABLED = "enabled"  # fails the gate
    RETIRED = "retired"  # not evaluated


@record
class Rule:
    """What a rule checks and how to fix what it finds."""

    id: str
    severity: Severity
    title: str
    description: str
    remediation: str = ""
    origin: str = BUILTIN_ORIGIN  # "meshgate" for built-in checks, else the policy's file
    lifecycle: Lifecycle = Lifecycle.ENABLED
    enforce_after: str | None = None  # grace: the last day before the rule fails the gate

    def finding(
        self,
        file: str,
        message: str,
        *,
        pointer: str = "",
        span: Span = UNKNOWN_SPAN,
        document: int = 1,
        remediation: str | None = None,
        severity: Severity | None = None,
        status: Status = Status.FAIL,
        product_id: str | None = None,
        port_id: str | None = None,
    ) -> Finding:
        """A finding of this rule; ``remediation`` replaces the rule's own with one specific to the place."""
        return Finding(
            rule_id=self.id,
            severity=severity or self.severity,
            message=message,
            file=file,
            pointer=pointer,
            span=span,
            remediation=self.remediation if remediation is None else remediation,
            status=status,
            document=document,
            product_id=product_id,
            port_id=port_id,
        )


ERR, WARN, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

PARSE_ERROR = Rule(
    "load/parse-error",
    ERR,
    "File does not parse",
    "The file is not valid YAML or JSON.",
    "Fix the syntax at this line; `yamllint` shows the details of YAML errors.",
)

EMPTY = Rule(
    "load/empty",
    ERR,
    "Empty file",
    "The file holds no descriptor.",
    "Write the descriptor, or delete the file.",
)

BINARY = Rule(
    "load/binary",
    ERR,
    "Binary file",
    "The file is binary, not YAML or JSON text.",
    "Pass descriptor files only.",
)

ENCODING = Rule(
    "load/encoding",
    ERR,
    "Not UTF-8",
    "The file has bytes that are not valid UTF-8.",
    "Save the file as UTF-8.",
)

UNREADABLE = Rule(
    "load/unreadable",
    ERR,
    "File cannot be read",
    "The file cannot be opened or read.",
    "Check the path and its permissions.",
)

NOT_A_FILE = Rule(
    "load/not-a-file",
    ERR,
    "Not a regular file",
    "The path names a directory, a pipe or a device.",
    "Pass descriptor files or directories.",
)

UNLISTED_DIRECTORY = Rule(
    "load/unlisted-directory",
    ERR,
    "Directory cannot be listed",
    "A directory under a searched path cannot be listed, so the descriptors in it were not checked.",
    "Give meshgate permission to read the directory, or exclude it with --exclude.",
)

TOO_LARGE = Rule(
    "load/too-large",
    ERR,
    "File too large",
    "The file is larger than the size limit and is not read.",
    "Split the file, or raise the limit with --max-file-size if it really is one descriptor.",
)

TOO_DEEP = Rule(
    "load/too-deep",
    ERR,
    "Nesting too deep",
    "Values nest deeper than meshgate reads (64 levels).",
    "Flatten the document; descriptors never need this much nesting.",
)

ALIAS_LIMIT = Rule(
    "load/alias-limit",
    ERR,
    "YAML aliases expand too far",
    "Aliases expand to more values than meshgate reads (a 'billion laughs' document).",
    "Remove the nested aliases (*name) or write the values out.",
)

BAD_MERGE = Rule(
    "load/bad-merge",
    ERR,
    "Bad YAML merge key",
    "A '<<' merge key is not followed by a mapping or a list of mappings.",
    "Point '<<' at an anchored mapping, e.g. '<<: *defaults'.",
)

COMPLEX_KEY = Rule(
    "load/complex-key",
    ERR,
    "Mapping key that is not text",
    "A key is a list or mapping, which JSON cannot represent.",
    "Use a plain string as the key.",
)

DUPLICATE_KEY = Rule(
    "load/duplicate-key",
    ERR,
    "Duplicate key",
    "A key appears twice in one mapping; parsers keep only one of the values.",
    "Remove one of the entries.",
)

UNSUPPORTED_TAG = Rule(
    "load/unsupported-tag",
    ERR,
    "Unsupported YAML tag",
    "A tag such as !!python/object asks for a program object; meshgate never builds one and reads plain data.",
    "Remove the tag; descriptors hold plain strings, numbers, booleans, lists and mappings.",
)

NON_JSON_NUMBER = Rule(
    "load/non-json-number",
    ERR,
    "Number JSON cannot hold",
    "NaN, infinity or a number beyond about 1.8e308 is not a number JSON tools and the policy engine can hold.",
    "Use a finite number, or quote the value.",
)

BAD_TAGGED_VALUE = Rule(
    "load/bad-tagged-value",
    ERR,
    "Tagged value of the wrong type",
    "An explicit tag (!!int, !!float, !!bool) is on a value that is not of that type.",
    "Remove the tag, or write a value of the tagged type.",
)

LONE_SURROGATE = Rule(
    "load/lone-surrogate",
    ERR,
    "Lone surrogate escape",
    "A string holds a \\uD800-\\uDFFF escape without its pair, which is not a character and cannot be written "
    "as UTF-8.",
    "Write the character itself, or the complete surrogate pair.",
)

TEMPLATE_PLACEHOLDER = Rule(
    "load/template-placeholder",
    ERR,
    "Unrendered template placeholder",
    "A value holds a {{...}} placeholder of a template that was never rendered.",
    "Render the template, or replace the placeholder with the real value.",
)

VARIABLE_PLACEHOLDER = Rule(
    "load/variable-placeholder",
    WARN,
    "Environment variable placeholder",
    "A value holds ${VAR}, filled in when the descriptor is rendered; meshgate checks the text as written.",
    "Check the rendered descriptor too, or write the value out if it never changes.",
)

YAML11_BOOLEAN = Rule(
    "load/yaml11-boolean",
    WARN,
    "YAML 1.1 boolean",
    "A word such as Yes, No, On or Off is read as a boolean by YAML 1.1 and as a string by YAML 1.2.",
    "Write true/false, or quote the word.",
)

YAML11_NUMBER = Rule(
    "load/yaml11-number",
    WARN,
    "YAML 1.1 number",
    "A value in octal (010) or base-60 (1:30) notation is read as a number by YAML 1.1.",
    "Quote the value if it is text.",
)

NUMERIC_VERSION = Rule(
    "load/numeric-version",
    WARN,
    "Version read as a number",
    "An unquoted version such as 4.1 is read as a number (4.10 becomes 4.1).",
    "Quote the version.",
)

MULTI_DOCUMENT = Rule(
    "load/multi-document",
    INFO,
    "Several documents in one file",
    "The file holds more than one YAML document; each is checked on its own, a repeated one once.",
    "Put each descriptor in a file of its own.",
)

NOT_A_MAPPING = Rule(
    "detect/not-a-mapping",
    ERR,
    "Document is not a mapping",
    "A descriptor is a mapping of fields; this document is a list or a single value.",
    "A descriptor is a YAML or JSON mapping (key: value).",
)

UNKNOWN_SPEC = Rule(
    "detect/unknown-spec",
    ERR,
    "Unknown specification",
    "No supported specification's marker fields are in the document.",
    "Declare the specification and its version.",
)

MISSING_VERSION = Rule(
    "detect/missing-version",
    ERR,
    "Version not declared",
    "The document looks like a known specification but does not declare its version.",
    "Add the specification's version field.",
)

UNKNOWN_VERSION = Rule(
    "detect/unknown-version",
    ERR,
    "Unknown specification version",
    "The declared version is not one meshgate has the schema of.",
    "Declare the version the descriptor follows.",
)

SUBSTITUTE_VERSION = Rule(
    "detect/substitute-version",
    INFO,
    "Version checked against a later patch",
    "meshgate has no schema for the declared patch version and used a later patch of the same version.",
    "Nothing to fix.",
)

IMPLIED_VERSION = Rule(
    "detect/implied-version",
    INFO,
    "Version implied",
    "The specification allows leaving out its version field; its only version is assumed.",
    "Declare the version to be explicit.",
)

WRAPPED = Rule(
    "detect/wrapped",
    INFO,
    "Provisioning request",
    "A Witboost provisioning request; the descriptor inside it is checked.",
    "Nothing to fix.",
)

VERSION_MISMATCH = Rule(
    "schema/version-mismatch",
    WARN,
    "Shape of another version",
    "The document fits another version of its specification better than the one it declares.",
    "Declare the version the descriptor follows, or fix it.",
)
REPEATED_DOCUMENT = Rule(
    "load/repeated-document",
    WARN,
    "Repeated document",
    "A later YAML document in the file repeats an earlier one word for word; it is checked once.",
    "Keep one copy of the descriptor in the file.",
)
CONTRACT_NOT_FOUND = Rule(
    "join/contract-not-found",
    WARN,
    "Linked contract not in the run",
    "An output port names a data contract by id, and no contract with that id was checked in the same run, "
    "so the access and service-level checks that read the contract were not applied to the port.",
    "Check the contract id for a typo, or pass the contract file in the same run.",
)
DUPLICATE_CONTRACT = Rule(
    "join/duplicate-contract",
    ERR,
    "Two contracts share an id",
    "Two data contracts checked in the same run declare the same id, so a port that names it cannot be joined "
    "to one of them with certainty.",
    "Give each contract its own id (a new major version usually gets a new id).",
)
POLICY_RESULT = Rule(
    "evaluate/policy-result",
    ERR,
    "Policy result meshgate cannot read",
    "A policy rule returned a value outside the result contract (a set of strings or of objects with a 'msg'), "
    "so meshgate cannot tell what it found; the document is reported as not checked by that policy.",
    "Fix the policy: deny/warn rules are sets ('deny contains msg if ...'); see policies/README.md.",
)
POLICY_ERROR = Rule(
    "evaluate/policy-error",
    ERR,
    "Policy failed while evaluating",
    "The policy engine stopped with an error while evaluating a policy on this document, so the document was not "
    "checked by it.",
    "Fix the policy (the message names its file and line), or the value it could not handle.",
)

WAIVER_EXPIRED = Rule(
    "govern/waiver-expired",
    ERR,
    "Waiver expired",
    "A waiver's expiry date has passed: it no longer covers the findings it names, which fail again.",
    "Fix the findings, or have the exception approved again with a new expiry date.",
)
WAIVER_UNUSED = Rule(
    "govern/waiver-unused",
    WARN,
    "Waiver matches nothing",
    "A waiver covers no finding of this run: what it excused was fixed, or it names the wrong rule or place.",
    "Remove the waiver, or correct what it covers.",
)
WAIVER_EXPIRING = Rule(
    "govern/waiver-expiring",
    INFO,
    "Waiver expires soon",
    "A waiver expires within the notice window; after that the findings it covers fail the gate.",
    "Fix the findings before the waiver expires, or ask for a new approval.",
)
INLINE_WAIVER_FORBIDDEN = Rule(
    "govern/inline-waiver-forbidden",
    ERR,
    "Inline waiver not allowed",
    "The configuration forbids waivers written in descriptors (inline-waivers: false); this one covers nothing.",
    "Remove the comment and ask for a waiver in the waivers file.",
)


# Breaking-change detection (meshgate validate --against, meshgate diff): the checks that need more than one
# pair of versions, so are not Rego change policies (policies/change/).
PRODUCT_REMOVED = Rule(
    "change/product-removed",
    ERR,
    "Product removed",
    "A product or contract present at the revision compared against is gone: no descriptor declares its id any "
    "more, at its old path or elsewhere. Every consumer of its output ports breaks.",
    "Deprecate the product first (status deprecated, an end-of-life date and a successor), keep serving it until "
    "then, and remove it after the date; if it moved, keep its id so it is matched at its new path.",
)
MAJOR_VERSION_NOT_BUMPED = Rule(
    "change/major-version-not-bumped",
    ERR,
    "Breaking change without a major version bump",
    "The product has a breaking change (a finding of a change policy marked 'change: breaking') but its major "
    "version did not go up (for Witboost: the major version in the product's and components' URN ids too), or "
    "its version went down. Consumers pinned to the major version break without warning.",
    "Bump the major version (and, for Witboost, the major version in the product id and every component id), "
    "or undo the breaking change.",
)
MAJOR_VERSION_WITHOUT_BREAKING = Rule(
    "change/major-version-without-breaking-change",
    INFO,
    "Major version bump without a breaking change",
    "The product's major version went up, but no breaking change was found: consumers will migrate for nothing "
    "(or the breaking change is one meshgate does not see).",
    "Keep the major version for breaking changes, or ignore this if the change is breaking in a way not described.",
)


def _all_rules() -> dict[str, Rule]:
    return {value.id: value for value in globals().values() if isinstance(value, Rule)}


BUILTIN: dict[str, Rule] = dict(sorted(_all_rules().items()))


def _kebab(keyword: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", keyword).lower()


def schema_rule(keyword: str) -> Rule:
    """The rule behind a schema/<keyword> finding: the keyword as jsonschema names it (minLength) or its id part."""
    name = _kebab(keyword.removeprefix("schema/"))
    return BUILTIN.get(f"schema/{name}") or Rule(
        f"schema/{name}",
        ERR,
        f"JSON Schema: {name}",
        f"The document breaks the '{name}' keyword of its specification's JSON Schema.",
        "Make the document conform to its specification's schema (the message says where).",
    )


def describe(rule_id: str, severity: Severity = ERR) -> Rule:
    """A rule known without its policy: a built-in check, a schema keyword, or only its id."""
    if rule_id in BUILTIN:
        return BUILTIN[rule_id]
    if rule_id.startswith("schema/"):
        return schema_rule(rule_id)
    return Rule(rule_id, severity, rule_id, "")


def is_reserved(rule_id: str) -> bool:
    """Whether the id lies in one of meshgate's own namespaces."""
    return rule_id.startswith(RESERVED_NAMESPACES)
