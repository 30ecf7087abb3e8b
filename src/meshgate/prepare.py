"""prepare: load → detect → schema → normalize, one file at a time, in whichever process runs it.

Returns plain data (the raw descriptor, the normalized ``Product``, the
findings so far); no joins and no policy engine: those need the whole run
and belong to ``meshgate.evaluate``.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass, field, replace
from typing import Any

from meshgate.discover import Target
from meshgate.load.document import Document
from meshgate.load.files import load_file
from meshgate.model import pointer as jp
from meshgate.model import rules
from meshgate.model.finding import Finding, fingerprint
from meshgate.model.product import Product
from meshgate.model.report import DocumentResult
from meshgate.options import Options
from meshgate.records import record
from meshgate.schema.validate import SchemaSet
from meshgate.specs import BY_NAME, Spec
from meshgate.specs.classification import Scale
from meshgate.specs.detect import detect
from meshgate.specs.fields import Raw


@record
class Prepared:
    """One document taken as far as the normalized view."""

    document: Document
    spec: Spec
    version: str
    root: str  # the descriptor's pointer inside the document
    descriptor: Any
    product: Product

    @property
    def file(self) -> str:
        return self.document.path

    def spec_input(self) -> dict[str, Any]:
        """``input.spec`` as policies see it."""
        return {
            "name": self.spec.name,
            "version": self.version,
            "title": self.spec.title,
            "kind": self.spec.kind,
            "capabilities": sorted(self.spec.capabilities),
        }

    def result(self) -> DocumentResult:
        product = self.product
        return DocumentResult(
            file=self.document.path,
            document=self.document.index,
            spec=product.spec,
            spec_version=product.spec_version,
            kind=product.kind,
            product_id=product.id,
            name=product.name,
            domain=product.domain,
            owner=product.owner,
            ports=tuple(port.id or port.name or f"#{index}" for index, port in enumerate(product.ports)),
            port_names=tuple(port.name for port in product.ports),
            port_contracts=tuple(port.contract.id if port.contract else None for port in product.ports),
            dependencies=tuple((item.product, item.port, item.contract) for item in product.dependencies),
        )


def pack(prepared: Prepared) -> bytes:
    """A prepared document as a few kilobytes of bytes, for keeping many of them between the phases."""
    document = prepared.document
    state = (document.path, document.index, document.data, document.locator.compact(), prepared.spec.name)
    return pickle.dumps((*state, prepared.version, prepared.root, prepared.product), protocol=pickle.HIGHEST_PROTOCOL)


def unpack(packed: bytes) -> Prepared:
    path, index, data, locator, spec, version, root, product = pickle.loads(packed)  # noqa: S301 - our own bytes
    return Prepared(Document(path, data, locator, index), BY_NAME[spec], version, root, jp.resolve(data, root), product)


@dataclass(slots=True)
class PreparedFile:
    """One file, prepared: its documents, their results, and the findings about the file."""

    display: str
    findings: list[Finding] = field(default_factory=list)
    results: list[DocumentResult] = field(default_factory=list)
    prepared: list[Prepared] = field(default_factory=list)


class Preparer:
    """Takes documents as far as the normalized view: detect, schema, normalize."""

    def __init__(self, options: Options, *, validate_schemas: bool = True, scale: Scale | None = None) -> None:
        self.options = options
        self.scale = scale or Scale.builtin()
        self.schemas = SchemaSet()
        self.validate_schemas = validate_schemas

    def prepare(self, document: Document, findings: list[Finding]) -> Prepared | None:
        """One document's view; None (with findings saying why) when its spec cannot be told."""
        override = self.options.override_for(document.path)
        detection, detected = detect(document, (override.spec, override.version) if override else None)
        findings.extend(detected)
        if detection is None:
            return None
        if self.validate_schemas:
            findings.extend(self.schemas.validate(document, detection, configured=override is not None))
        descriptor = jp.resolve(document.data, detection.root)
        version = detection.version or str(detection.spec.declared_version(descriptor).value or "unknown")
        product = detection.spec.normalize(Raw(descriptor, detection.root), version, self.scale)
        return Prepared(document, detection.spec, version, detection.root, descriptor, product)

    def prepare_file(self, target: Target) -> PreparedFile:
        if target.unlisted is not None:
            return PreparedFile(
                target.display, findings=[rules.UNLISTED_DIRECTORY.finding(target.display, target.unlisted)]
            )
        loaded = load_file(target.path, target.display, self.options.limits)
        outcome = PreparedFile(target.display, findings=list(loaded.findings))
        for document in loaded.documents:
            prepared = self.prepare(document, outcome.findings)
            if prepared is None:
                outcome.results.append(DocumentResult(document.path, document.index))
                continue
            outcome.prepared.append(prepared)
            outcome.results.append(prepared.result())
        data = {document.index: document.data for document in loaded.documents}
        outcome.findings = [_fingerprinted(finding, data) for finding in outcome.findings]
        return outcome


def _fingerprinted(finding: Finding, data: dict[int, Any]) -> Finding:
    value = None
    if finding.document in data:
        try:
            value = jp.resolve(data[finding.document], finding.pointer)
        except (KeyError, IndexError, TypeError, ValueError):
            value = None
    return replace(finding, fingerprint=fingerprint(finding, value))
