"""meshgate bundle: an OPA bundle that is exactly validate's policy set, byte-identical for the same input, signable."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import tarfile
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES, REPO, TODAY, RunCli
from meshgate._version import __version__
from meshgate.evaluate import bundle


def _write(run_cli: RunCli, out: Path, *args: str, cwd: Path | None = None) -> bytes:
    done = run_cli("bundle", "-o", str(out), *args, cwd=cwd)
    assert done.returncode == 0, done.stderr
    return out.read_bytes()


def test_the_same_input_gives_the_same_bytes_anywhere(run_cli: RunCli, tmp_path: Path) -> None:
    first = _write(run_cli, tmp_path / "a.tar.gz", "-p", str(EXAMPLES / "policies"))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    second = _write(run_cli, tmp_path / "b.tar.gz", "-p", str(EXAMPLES / "policies"), cwd=elsewhere)
    assert first == second
    assert first[3] & 0x08 == 0, "the gzip header names a file"
    assert first[4:8] == b"\0\0\0\0", "the gzip header has a time"
    with tarfile.open(fileobj=io.BytesIO(first), mode="r:gz") as tar:
        members = tar.getmembers()
    names = [member.name for member in members]
    assert names == sorted(names)
    assert all(member.isfile() for member in members), "directory entries"
    assert {(m.mtime, m.uid, m.gid, m.uname, m.gname, m.mode) for m in members} == {(0, 0, 0, "", "", 0o644)}


def test_the_bundle_is_validates_policy_set(run_cli: RunCli, tmp_path: Path) -> None:
    files = bundle.read(_write(run_cli, tmp_path / "b.tar.gz", "-p", str(EXAMPLES / "policies")))
    done = run_cli("validate", str(EXAMPLES), "-p", str(EXAMPLES / "policies"), "-f", "json", "--today", TODAY)
    digest = json.loads(done.stdout)["run"]["policies"]["digest"]
    manifest = json.loads(files[".manifest"])
    assert manifest["revision"] == digest
    assert manifest["roots"] == ["meshgate", "meshgate_runtime"]
    assert manifest["rego_version"] == 1
    assert manifest["metadata"]["meshgate"]["version"] == __version__
    assert "bitol-odps" in manifest["metadata"]["meshgate"]["specs"]
    assert not [name for name in files if name.endswith("_test.rego")]
    assert [name for name in files if name.endswith(".manifest")] == [".manifest"]
    assert "meshgate/acme/cost_centre/cost_centre.rego" in files
    assert {"meshgate_runtime/runtime.rego", "meshgate_runtime/batch.rego", "meshgate/data.json"} <= set(files)
    shipped = json.loads((REPO / "policies" / "data.json").read_text(encoding="utf-8"))
    specs = json.loads((REPO / "policies" / "specs.json").read_text(encoding="utf-8"))
    assert json.loads(files["meshgate/data.json"]) == {**shipped["meshgate"], **specs["meshgate"]}
    rego = [name for name in files if name.endswith(".rego")]
    assert all(name.startswith(("meshgate/", "meshgate_runtime/")) for name in rego)


def test_a_package_outside_meshgates_roots_is_refused(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "x.rego").write_text("package acme.x\n\nimport rego.v1\n\ndeny contains 1 if false\n")
    done = run_cli("bundle", "-o", str(tmp_path / "b.tar.gz"), "-p", str(tmp_path / "p"))
    assert done.returncode == 2
    assert "outside meshgate's namespaces" in done.stderr
    assert not (tmp_path / "b.tar.gz").exists()


def _verified(files: dict[str, bytes], key: Any, algorithm: str) -> dict[str, Any]:
    import jwt

    (token,) = json.loads(files[bundle.SIGNATURES])["signatures"]
    payload: dict[str, Any] = jwt.decode(token, key, algorithms=[algorithm])
    listed = {item["name"]: item for item in payload["files"]}
    assert set(listed) == set(files) - {bundle.SIGNATURES}
    for name, content in files.items():
        if name == bundle.SIGNATURES:
            continue
        assert listed[name]["algorithm"] == "SHA-256"
        assert listed[name]["hash"] == bundle.file_hash(name, content)
    return payload


def test_an_hmac_signed_bundle_verifies(run_cli: RunCli, tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.write_text("a-shared-secret-of-a-decent-length-for-hs256\n")
    files = bundle.read(_write(run_cli, tmp_path / "b.tar.gz", "--signing-key", str(secret), "--signing-key-id", "ci"))
    payload = _verified(files, b"a-shared-secret-of-a-decent-length-for-hs256", "HS256")
    assert payload["keyid"] == "ci"
    rego = next(name for name in files if name.endswith(".rego"))
    assert (
        next(item for item in payload["files"] if item["name"] == rego)["hash"]
        == hashlib.sha256(files[rego]).hexdigest()
    )
    import jwt

    (token,) = json.loads(files[bundle.SIGNATURES])["signatures"]
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(token, b"another-secret-of-a-decent-length-for-hs256", algorithms=["HS256"])


def test_an_rsa_signed_bundle_verifies_and_is_deterministic(run_cli: RunCli, tmp_path: Path) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = tmp_path / "key.pem"
    pem.write_bytes(
        private.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    first = _write(run_cli, tmp_path / "a.tar.gz", "--signing-key", str(pem))
    assert _write(run_cli, tmp_path / "b.tar.gz", "--signing-key", str(pem)) == first
    files = bundle.read(first)
    _verified(files, private.public_key(), "RS256")
    tampered = dict(files)
    tampered["meshgate/data.json"] = b'{"config": {}}\n'
    with pytest.raises(AssertionError):
        _verified(tampered, private.public_key(), "RS256")


def test_a_bad_signing_key_is_a_usage_error(run_cli: RunCli, tmp_path: Path) -> None:
    short = tmp_path / "short"
    short.write_text("abc")
    done = run_cli("bundle", "-o", str(tmp_path / "b.tar.gz"), "--signing-key", str(short))
    assert done.returncode == 2
    assert "too short" in done.stderr
    broken = tmp_path / "broken.pem"
    broken.write_text("-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n")
    done = run_cli("bundle", "-o", str(tmp_path / "b.tar.gz"), "--signing-key", str(broken))
    assert done.returncode == 2
    assert "not an unencrypted PEM private key" in done.stderr


def test_canonical_json_is_what_opa_hashes() -> None:
    assert bundle.canonical_json({"b": [1, "<&>"], "a": "\u2028"}) == b'{"a":"\\u2028","b":[1,"<&>"]}'
    assert gzip.decompress(bundle.archive({"x": b"1"}))[:1] == b"x"
