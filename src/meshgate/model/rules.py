"""Every rule a report can name: meshgate's own checks and the loaded policies.

Findings of the load, detect and schema steps carry ids from the table
below; policy findings carry their policy's id. Reporters that describe rules
(SARIF, JUnit, the docs) read them from here.
"""

from __future__ import annotations

from dataclasses import dataclass

from meshgate.model.finding import Severity


@dataclass(frozen=True, slots=True)
class RuleInfo:
    id: str
    title: str
    description: str
    severity: Severity
    remediation: str = ""
    origin: str = "meshgate"  # "meshgate" for built-in checks, else the policy's file


def _rule(rule_id: str, severity: Severity, title: str, description: str, remediation: str) -> RuleInfo:
    return RuleInfo(rule_id, title, description, severity, remediation)


ERR, WARN, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

BUILTIN: dict[str, RuleInfo] = {
    rule.id: rule
    for rule in (
        _rule(
            "load/parse-error",
            ERR,
            "File does not parse",
            "The file is not valid YAML or JSON.",
            "Fix the syntax at the line given.",
        ),
        _rule(
            "load/empty",
            ERR,
            "Empty file",
            "The file holds no descriptor.",
            "Write the descriptor, or delete the file.",
        ),
        _rule(
            "load/binary",
            ERR,
            "Binary file",
            "The file is binary, not YAML or JSON text.",
            "Pass descriptor files only.",
        ),
        _rule(
            "load/encoding", ERR, "Not UTF-8", "The file has bytes that are not valid UTF-8.", "Save the file as UTF-8."
        ),
        _rule(
            "load/unreadable",
            ERR,
            "File cannot be read",
            "The file cannot be opened or read.",
            "Check the path and its permissions.",
        ),
        _rule(
            "load/not-a-file",
            ERR,
            "Not a regular file",
            "The path names a directory, a pipe or a device.",
            "Pass descriptor files or directories.",
        ),
        _rule(
            "load/too-large",
            ERR,
            "File too large",
            "The file is larger than the size limit and is not read.",
            "Split the file, or raise --max-file-size.",
        ),
        _rule(
            "load/too-deep",
            ERR,
            "Nesting too deep",
            "Values nest deeper than meshgate reads (64 levels).",
            "Flatten the document.",
        ),
        _rule(
            "load/alias-limit",
            ERR,
            "YAML aliases expand too far",
            "Aliases expand to more values than meshgate reads (a 'billion laughs' document).",
            "Remove the nested aliases or write the values out.",
        ),
        _rule(
            "load/bad-merge",
            ERR,
            "Bad YAML merge key",
            "A '<<' merge key is not followed by a mapping or a list of mappings.",
            "Point '<<' at an anchored mapping.",
        ),
        _rule(
            "load/complex-key",
            ERR,
            "Mapping key that is not text",
            "A key is a list or mapping, which JSON cannot represent.",
            "Use a plain string as the key.",
        ),
        _rule(
            "load/duplicate-key",
            ERR,
            "Duplicate key",
            "A key appears twice in one mapping; parsers keep only one of the values.",
            "Remove one of the entries.",
        ),
        _rule(
            "load/unsupported-tag",
            ERR,
            "Unsupported YAML tag",
            "A tag such as !!python/object asks for a program object; meshgate never builds one and reads plain data.",
            "Remove the tag.",
        ),
        _rule(
            "load/non-json-number",
            ERR,
            "Number JSON cannot hold",
            "NaN or infinity is not a JSON number.",
            "Use a finite number, or quote the value.",
        ),
        _rule(
            "load/template-placeholder",
            ERR,
            "Unrendered template placeholder",
            "A value holds a {{...}} placeholder of a template that was never rendered.",
            "Render the template.",
        ),
        _rule(
            "load/variable-placeholder",
            WARN,
            "Environment variable placeholder",
            "A value holds ${VAR}, filled in when the descriptor is rendered; meshgate checks the text as written.",
            "Check the rendered descriptor too.",
        ),
        _rule(
            "load/yaml11-boolean",
            WARN,
            "YAML 1.1 boolean",
            "A word such as Yes, No, On or Off is read as a boolean by YAML 1.1 and as a string by YAML 1.2.",
            "Write true/false, or quote the word.",
        ),
        _rule(
            "load/yaml11-number",
            WARN,
            "YAML 1.1 number",
            "A value in octal (010) or base-60 (1:30) notation is read as a number by YAML 1.1.",
            "Quote the value if it is text.",
        ),
        _rule(
            "load/numeric-version",
            WARN,
            "Version read as a number",
            "An unquoted version such as 4.1 is read as a number (4.10 becomes 4.1).",
            "Quote the version.",
        ),
        _rule(
            "load/multi-document",
            INFO,
            "Several documents in one file",
            "The file holds more than one YAML document; each is checked on its own, a repeated one once.",
            "Put each descriptor in a file of its own.",
        ),
        _rule(
            "detect/not-a-mapping",
            ERR,
            "Document is not a mapping",
            "A descriptor is a mapping of fields; this document is a list or a single value.",
            "Write the descriptor as key: value pairs.",
        ),
        _rule(
            "detect/unknown-spec",
            ERR,
            "Unknown specification",
            "No supported specification's marker fields are in the document.",
            "Declare the specification and its version.",
        ),
        _rule(
            "detect/missing-version",
            ERR,
            "Version not declared",
            "The document looks like a known specification but does not declare its version.",
            "Add the specification's version field.",
        ),
        _rule(
            "detect/unknown-version",
            ERR,
            "Unknown specification version",
            "The declared version is not one meshgate has the schema of.",
            "Declare the version the descriptor follows.",
        ),
        _rule(
            "detect/substitute-version",
            INFO,
            "Version checked against a later patch",
            "meshgate has no schema for the declared patch version and used a later patch of the same version.",
            "Nothing to fix.",
        ),
        _rule(
            "detect/implied-version",
            INFO,
            "Version implied",
            "The specification allows leaving out its version field; its only version is assumed.",
            "Declare the version to be explicit.",
        ),
        _rule(
            "detect/configured",
            INFO,
            "Specification set by the configuration",
            "The configuration's 'specs' entry names the specification and version of this file.",
            "Nothing to fix.",
        ),
        _rule(
            "detect/wrapped",
            INFO,
            "Provisioning request",
            "A Witboost provisioning request; the descriptor inside it is checked.",
            "Nothing to fix.",
        ),
        _rule(
            "schema/version-mismatch",
            WARN,
            "Shape of another version",
            "The document fits another version of its specification better than the one it declares.",
            "Declare the version the descriptor follows, or fix it.",
        ),
    )
}


def schema_rule(rule_id: str) -> RuleInfo:
    """The rule behind a schema/<keyword> finding."""
    keyword = rule_id.removeprefix("schema/")
    return RuleInfo(
        rule_id,
        f"JSON Schema: {keyword}",
        f"The document breaks the '{keyword}' keyword of its specification's JSON Schema.",
        Severity.ERROR,
        "Make the document conform to its specification's schema (the message says where).",
    )


def describe(rule_id: str, severity: Severity = ERR) -> RuleInfo:
    """A rule known without its policy: a built-in check, a schema keyword, or only its id."""
    if rule_id in BUILTIN:
        return BUILTIN[rule_id]
    if rule_id.startswith("schema/"):
        return schema_rule(rule_id)
    return RuleInfo(rule_id, rule_id, "", severity)
