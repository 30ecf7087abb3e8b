"""An OPA bundle of a policy set: what ``meshgate bundle`` writes for an OPA fleet to serve.

The bundle holds exactly the policy set ``validate`` evaluates (the modules,
never ``*_test.rego``), the generated runtime module and its batch entry
points, the data at the paths the policies read (``meshgate/data.json`` is
``data.meshgate``) and a ``.manifest`` whose ``revision`` is the policy-set
digest, so ``validate --engine opa --opa-mode bundle`` can tell the server
serves the same policies. ``roots`` name only meshgate's namespaces: the
default root (``""``) would let the bundle own, and wipe, every other
tenant's policies and data on the server.

The archive is byte-identical for the same input: entries sorted, regular
files only, mtime 0, owner root with no names, mode 0644, and a gzip header
with no file name and time 0.

Signing (``.signatures.json``) follows OPA: a JWT whose payload lists every
file with the SHA-256 of its content (of its canonical JSON for JSON files).
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import tarfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import Any

from meshgate._version import __version__
from meshgate.errors import UsageError
from meshgate.evaluate.policies import PolicySet
from meshgate.evaluate.runtime import RUNTIME_PACKAGE, batch_module, entry_point_of, runtime_module
from meshgate.records import record

ROOTS = ("meshgate", RUNTIME_PACKAGE)
MANIFEST = ".manifest"
SIGNATURES = ".signatures.json"


def _json(value: Any) -> bytes:
    return (json.dumps(value, sort_keys=True, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def canonical_json(value: Any) -> bytes:
    """JSON as OPA hashes it: sorted keys, no whitespace, no HTML escaping; U+2028/U+2029 escaped as Go does."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").encode("utf-8")


def file_hash(name: str, content: bytes) -> str:
    """The SHA-256 OPA checks for a bundle file: of the canonical JSON for JSON files, else of the bytes."""
    if name.endswith(".json") or PurePosixPath(name).name == MANIFEST:
        return hashlib.sha256(canonical_json(json.loads(content))).hexdigest()
    return hashlib.sha256(content).hexdigest()


def _roots(policy_set: PolicySet) -> list[str]:
    for module in policy_set.modules:
        if module.package.split(".")[0] not in ROOTS:
            raise UsageError(
                f"{module.path}: package {module.package} is outside meshgate's namespaces ({', '.join(ROOTS)})",
                hint="Put organisation policies under 'package meshgate.<area>.<name>', so the bundle owns only "
                "meshgate's roots on a shared OPA server.",
            )
    for key in policy_set.data:
        if key not in ROOTS:
            raise UsageError(
                f"the policy data's top-level key '{key}' is outside meshgate's namespaces",
                hint="Keep policy data under 'meshgate:' (it is read as data.meshgate...).",
            )
    return list(ROOTS)


def _module_names(policy_set: PolicySet) -> dict[str, str]:
    """Module path -> its name in the bundle: the package's path, then the file name (unique)."""
    names: dict[str, str] = {}
    taken: set[str] = set()
    for module in sorted(policy_set.modules, key=lambda module: (module.package, module.path)):
        base = "/".join(module.package.split(".")) + "/" + PurePosixPath(module.path.replace("\\", "/")).name
        name, number = base, 1
        while name in taken:
            number += 1
            name = base.removesuffix(".rego") + f"-{number}.rego"
        taken.add(name)
        names[module.path] = name
    return names


def manifest(policy_set: PolicySet) -> dict[str, Any]:
    from meshgate.specs import SPECS

    entries = sorted({entry_point_of(policy.package) for policy in policy_set.policies})
    return {
        "revision": policy_set.digest,
        "roots": _roots(policy_set),
        "rego_version": 1,
        "metadata": {
            "meshgate": {
                "version": __version__,
                "policy_digest": policy_set.digest,
                "policies": len(policy_set.policies),
                "entrypoints": {entry.value: f"{RUNTIME_PACKAGE}/{entry.value}_batch" for entry in entries},
                "specs": {spec.name: list(spec.versions) for spec in SPECS},
            }
        },
    }


def files(policy_set: PolicySet) -> dict[str, bytes]:
    """Every file of the bundle, by name (no signatures)."""
    found: dict[str, bytes] = {MANIFEST: _json(manifest(policy_set))}
    names = _module_names(policy_set)
    for module in policy_set.modules:
        found[names[module.path]] = module.source.encode("utf-8")
    entries = {entry_point_of(policy.package) for policy in policy_set.policies}
    found[f"{RUNTIME_PACKAGE}/runtime.rego"] = runtime_module(policy_set.policies).encode("utf-8")
    found[f"{RUNTIME_PACKAGE}/batch.rego"] = batch_module(entries).encode("utf-8")
    for key, value in policy_set.data.items():
        found[f"{key}/data.json"] = _json(value)
    return found


@record
class SigningKey:
    algorithm: str
    key: Any
    key_id: str | None = None


def signing_key(path: Path, key_id: str | None = None) -> SigningKey:
    """A PEM private key (RS256 for RSA, ES256 for EC), else the file's bytes as an HMAC secret (HS256)."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise UsageError(f"cannot read the signing key {path}: {error.strerror or error}") from error
    if b"-----BEGIN" in raw:
        try:
            from cryptography.hazmat.primitives.asymmetric import ec, rsa
            from cryptography.hazmat.primitives.serialization import load_pem_private_key
        except ImportError as error:
            raise UsageError(
                "signing with a PEM key needs cryptography", hint="pip install 'meshgate[sign]'"
            ) from error
        try:
            key = load_pem_private_key(raw, password=None)
        except (ValueError, TypeError) as error:
            raise UsageError(f"{path} is not an unencrypted PEM private key: {error}") from error
        if isinstance(key, rsa.RSAPrivateKey):
            return SigningKey("RS256", key, key_id)
        if isinstance(key, ec.EllipticCurvePrivateKey):
            return SigningKey("ES256", key, key_id)
        raise UsageError(f"{path}: only RSA and EC private keys can sign a bundle")
    secret = raw.strip()
    if len(secret) < 32:  # RFC 7518 3.2: an HS256 key has at least 256 bits
        raise UsageError(f"the HMAC secret in {path} is too short (fewer than 32 bytes)")
    return SigningKey("HS256", secret, key_id)


def signatures(contents: Mapping[str, bytes], key: SigningKey) -> bytes:
    try:
        import jwt
    except ImportError as error:
        raise UsageError("signing a bundle needs PyJWT", hint="pip install 'meshgate[sign]'") from error
    payload: dict[str, Any] = {
        "files": [
            {"name": name, "hash": file_hash(name, content), "algorithm": "SHA-256"}
            for name, content in sorted(contents.items())
        ]
    }
    headers: dict[str, Any] = {}
    if key.key_id:
        payload["keyid"] = key.key_id
        headers["kid"] = key.key_id
    token = jwt.encode(payload, key.key, algorithm=key.algorithm, headers=headers or None)
    return _json({"signatures": [token]})


def archive(contents: Mapping[str, bytes]) -> bytes:
    """A deterministic .tar.gz of the files: sorted, regular files only, no times, owners or gzip name."""
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name in sorted(contents):
            info = tarfile.TarInfo(name)
            info.size = len(contents[name])
            info.mode = 0o644
            info.mtime = 0
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            tar.addfile(info, io.BytesIO(contents[name]))
    packed = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=packed, mtime=0, compresslevel=9) as stream:
        stream.write(raw.getvalue())
    return packed.getvalue()


def build(policy_set: PolicySet, key: SigningKey | None = None) -> bytes:
    contents = files(policy_set)
    if key is not None:
        contents[SIGNATURES] = signatures(contents, key)
    return archive(contents)


def read(data: bytes) -> dict[str, bytes]:
    """The regular files of a bundle archive, by name (for checks and tests)."""
    found: dict[str, bytes] = {}
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        for member in tar.getmembers():
            handle = tar.extractfile(member) if member.isfile() else None
            if handle is not None:
                found[member.name] = handle.read()
    return found
