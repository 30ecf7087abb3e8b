"""The opa engine against a real OPA engine over real HTTP on loopback (tests/opa_server.py), and its settings."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from conftest import EXAMPLES, REPO, TODAY, RunCli
from meshgate.evaluate import bundle
from meshgate.evaluate.engines import NAMES, EngineFailure, engine
from meshgate.evaluate.engines.opa import namespaced, push_order
from meshgate.evaluate.policies import Module, load_policies
from meshgate.evaluate.runtime import EntryPoint
from meshgate.options import OpaOptions, Options

if TYPE_CHECKING:
    from opa_server import OpaServer

TINY = """\
package meshgate.tiny.checks

import rego.v1

deny contains {"msg": "the descriptor needs a name", "path": "/name"} if not input.descriptor.name

deny contains {"msg": "a date that is not RFC 3339", "path": "/when"} if {
	time.parse_rfc3339_ns(input.descriptor.when) < 0
}
"""
ONE = EXAMPLES / "sales" / "data-product.yaml"


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    directory = tmp_path / "tiny"
    directory.mkdir()
    (directory / "checks.rego").write_text(TINY, encoding="utf-8")
    return directory


def _report(run_cli: RunCli, *args: str, env: dict[str, str] | None = None) -> tuple[int, dict[str, Any], str]:
    done = run_cli("validate", *args, "--format", "json", "--today", TODAY, env=env)
    report = json.loads(done.stdout) if done.returncode in (0, 1) else {}
    return done.returncode, report, done.stderr


def _findings(report: dict[str, Any]) -> str:
    return json.dumps(report["findings"], sort_keys=True, indent=1)


def _serve_bundle(server: OpaServer, *policy_dirs: Path, builtin: bool = True) -> str:
    policy_set = load_policies(policy_dirs, builtin=builtin)
    server.state.load_bundle(bundle.build(policy_set))
    return policy_set.digest


# --- the engine registry and the cost of the client ----------------------------------------------------------


def test_the_cli_offers_exactly_the_registered_engines() -> None:
    from meshgate.cli import ENGINES

    assert ENGINES == NAMES


def test_the_default_engine_never_imports_the_opa_client() -> None:
    probe = textwrap.dedent(
        f"""\
        import sys
        from meshgate.cli import main
        code = main(["validate", {str(ONE)!r}, "--format", "json", "--today", "{TODAY}"])
        loaded = sorted(name for name in ("opa_client", "aiohttp", "requests") if name in sys.modules)
        print(f"{{code}}|{{','.join(loaded)}}|", file=sys.stderr)
        """
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=False)
    code, loaded, _ = done.stderr.strip().splitlines()[-1].split("|")
    assert code in ("0", "1"), done.stderr
    assert loaded == "", f"the embedded path imported {loaded}"


# --- settings: garbage is a usage error (exit 2) ---------------------------------------------------------------

GARBAGE = [
    (["--engine", "opa"], "needs the OPA server's URL"),
    (["--engine", "opa", "--opa-url", "ftp://opa.example"], "not an http:// or https:// URL"),
    (["--engine", "opa", "--opa-url", "http://"], "not an http:// or https:// URL"),
    (["--engine", "opa", "--opa-url", "opa.example:8181"], "not an http:// or https:// URL"),
    (["--engine", "opa", "--opa-url", "http://opa.example:99999"], "is not a URL"),
    (["--engine", "opa", "--opa-url", "http://user:secret@opa.example"], "credentials"),
    (["--engine", "opa", "--opa-url", "http://opa.example?x=1"], "query"),
    (["--engine", "opa", "--opa-url", "http://o", "--opa-timeout", "0"], "--opa-timeout"),
    (["--engine", "opa", "--opa-url", "http://o", "--opa-timeout", "soon"], "--opa-timeout"),
    (["--engine", "opa", "--opa-url", "http://o", "--opa-retries", "11"], "--opa-retries"),
    (["--engine", "opa", "--opa-url", "http://o", "--opa-retries", "-1"], "--opa-retries"),
    (["--engine", "opa", "--opa-url", "http://o", "--opa-mode", "pull"], "--opa-mode"),
    (["--engine", "opa", "--opa-url", "http://o", "--opa-batch-size", "0"], "--opa-batch-size"),
    (["--engine", "opa", "--opa-url", "http://o", "--opa-revision", "sha256:1"], "--opa-mode bundle"),
    (["--engine", "opa", "--opa-url", "http://o", "--opa-mode", "bundle", "--opa-revision", " "], "non-empty"),
    (["--engine", "opa", "--opa-url", "http://o", "--opa-ca-bundle", "/nonexistent/ca.pem"], "--opa-ca-bundle"),
    (["--engine", "opa", "--opa-url", "http://o", "--opa-client-key", "README.md"], "needs --opa-client-cert"),
    (["--engine", "opa", "--opa-url", "http://o", "--opa-ca-bundle", "README.md"], "need an https://"),
    (["--engine", "opa", "--opa-url", "http://o", "--opa-token", ""], "--opa-token"),
    (["--opa-url", "http://o"], "is for the opa engine"),
    (["--engine", "oppa"], "--engine"),
]


@pytest.mark.parametrize(("args", "said"), GARBAGE, ids=[" ".join(args)[-40:] for args, _ in GARBAGE])
def test_garbage_settings_are_usage_errors(run_cli: RunCli, args: list[str], said: str) -> None:
    done = run_cli("validate", str(ONE), *args)
    assert done.returncode == 2, done.stderr
    assert said in done.stderr


@pytest.mark.parametrize(
    ("variable", "value", "said"),
    [
        ("MESHGATE_OPA_URL", "nonsense", "not an http:// or https:// URL"),
        ("MESHGATE_OPA_URL", "http://[::1", "is not a URL"),
        ("MESHGATE_OPA_TOKEN", "two\nlines", "--opa-token"),
    ],
)
def test_garbage_in_the_environment_is_a_usage_error(run_cli: RunCli, variable: str, value: str, said: str) -> None:
    env = {"MESHGATE_OPA_URL": "http://127.0.0.1:9", variable: value}
    done = run_cli("validate", str(ONE), "--engine", "opa", env=env)
    assert done.returncode == 2, done.stderr
    assert said in done.stderr


@pytest.mark.parametrize(
    ("section", "said"),
    [
        ("opa:\n  url: 5\n", "/opa/url"),
        ("opa:\n  url: opa.example\n", "/opa/url"),
        ("opa:\n  mode: pull\n", "/opa/mode"),
        ("opa:\n  timeout: -1\n", "/opa/timeout"),
        ("opa:\n  retries: many\n", "/opa/retries"),
        ("opa:\n  token: secret\n", "/opa"),
        ("opa:\n  ca-bundle: missing.pem\n  url: https://opa.example\n", "--opa-ca-bundle"),
        ("opa: [1]\n", "/opa"),
    ],
)
def test_garbage_in_the_configuration_is_a_usage_error(
    run_cli: RunCli, tmp_path: Path, section: str, said: str
) -> None:
    (tmp_path / "meshgate.yaml").write_text("engine: opa\n" + section, encoding="utf-8")
    done = run_cli("validate", str(ONE), cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert said in done.stderr


def test_unreachable_servers_fail_closed(run_cli: RunCli) -> None:
    refused = run_cli("validate", str(ONE), "--engine", "opa", "--opa-url", "http://127.0.0.1:9", "--opa-retries", "0")
    assert refused.returncode == 2
    assert "the OPA server at http://127.0.0.1:9 refused the connection" in refused.stderr
    assert "--opa-url" in refused.stderr
    unknown = run_cli("validate", str(ONE), "--engine", "opa", "--opa-url", "http://opa.invalid", "--opa-retries", "0")
    assert unknown.returncode == 2
    assert "the OPA server at http://opa.invalid" in unknown.stderr


# --- pieces of the push --------------------------------------------------------------------------------------


def test_modules_are_pushed_after_the_modules_they_use() -> None:
    modules = [
        Module("a.rego", "package meshgate.a\nimport data.meshgate.lib.z\nx := z.f(1)\n", "meshgate.a"),
        Module("lib/z.rego", "package meshgate.lib.z\nimport data.meshgate.lib.y\nf(v) := y.g(v)\n", "meshgate.lib.z"),
        Module("lib/y.rego", "package meshgate.lib.y\ng(v) := v\n", "meshgate.lib.y"),
    ]
    assert [module.path for module in push_order(modules)] == ["lib/y.rego", "lib/z.rego", "a.rego"]


def test_the_namespace_moves_packages_and_references_only() -> None:
    source = 'package meshgate.a\n\nimport data.meshgate.lib\n\nx := data.meshgate.config.k\ny := input.data.meshgate\nz := "data.meshgate"\n'
    moved = namespaced(source, {"meshgate", "meshgate_runtime"}, "meshgate_push.r1")
    assert moved.splitlines() == [
        "package meshgate_push.r1.meshgate.a",
        "",
        "import data.meshgate_push.r1.meshgate.lib",
        "",
        "x := data.meshgate_push.r1.meshgate.config.k",
        "y := input.data.meshgate",
        'z := "data.meshgate_push.r1.meshgate"',  # a string that spells a data reference moves too
    ]


# --- against the real engine over HTTP ------------------------------------------------------------------------


def test_push_mode_gives_the_embedded_findings_and_cleans_up(run_cli_process: RunCli, opa_server: OpaServer) -> None:
    args = ["validate", str(EXAMPLES), "--format", "json", "--today", TODAY]
    embedded = run_cli_process(*args)
    pushed = run_cli_process(*args, "--engine", "opa", "--opa-url", opa_server.url)
    assert pushed.returncode == embedded.returncode, pushed.stderr
    report = json.loads(pushed.stdout)
    assert _findings(report) == _findings(json.loads(embedded.stdout))
    assert report["run"]["engine"].startswith(f"OPA server at {opa_server.url} (push, policy revision sha256:")
    assert opa_server.state.policies == {}, "the run left its policies on the server"
    assert opa_server.state.data.get("meshgate_push") == {}
    uploads = [path for verb, path in opa_server.requests if verb == "PUT" and path.startswith("/v1/policies/")]
    assert uploads
    assert all(path.startswith("/v1/policies/meshgate_push/r") for path in uploads)


def test_two_policy_sets_on_one_server_do_not_clobber_each_other(
    opa_server: OpaServer, tiny: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other"
    other.mkdir()
    (other / "checks.rego").write_text(TINY.replace("needs a name", "must be named"), encoding="utf-8")
    options = Options(engine="opa", opa=OpaOptions(url=opa_server.url))
    first = engine("opa", options).compile(load_policies([tiny], builtin=False))
    second = engine("opa", options).compile(load_policies([other], builtin=False))
    document = json.dumps({"descriptor": {}, "product": {"ports": []}, "spec": {}, "context": {}})
    (one,) = first.evaluate(EntryPoint.DOCUMENT, [document])
    (two,) = second.evaluate(EntryPoint.DOCUMENT, [document])
    assert one == {"tiny/checks": {"deny": [{"msg": "the descriptor needs a name", "path": "/name"}]}}
    assert two == {"tiny/checks": {"deny": [{"msg": "the descriptor must be named", "path": "/name"}]}}
    first.close()  # type: ignore[attr-defined]
    (again,) = second.evaluate(EntryPoint.DOCUMENT, [document])
    assert again == two
    del first, second
    gc.collect()
    assert opa_server.state.policies == {}


def test_a_policy_the_server_refuses_names_file_and_line(
    run_cli: RunCli, opa_server: OpaServer, tmp_path: Path
) -> None:
    (tmp_path / "bad.rego").write_text(
        "package meshgate.bad\n\nimport rego.v1\n\ndeny contains x if {\n\tinput.a == 1\n}\n", encoding="utf-8"
    )
    done = run_cli(
        "validate",
        str(ONE),
        "--no-builtin-policies",
        "-p",
        str(tmp_path),
        "--engine",
        "opa",
        "--opa-url",
        opa_server.url,
    )
    assert done.returncode == 2
    assert "bad.rego:" in done.stderr
    assert "unsafe" in done.stderr or "refused" in done.stderr
    gc.collect()
    assert opa_server.state.policies == {}


def test_bundle_mode_checks_the_revision(run_cli: RunCli, opa_server: OpaServer) -> None:
    digest = _serve_bundle(opa_server)
    code, report, stderr = _report(
        run_cli, str(EXAMPLES), "--engine", "opa", "--opa-url", opa_server.url, "--opa-mode", "bundle"
    )
    assert code in (0, 1), stderr
    assert report["run"]["engine"] == f"OPA server at {opa_server.url} (bundle, policy revision {digest})"
    sarif = run_cli(
        "validate", str(ONE), "-f", "sarif", "--engine", "opa", "--opa-url", opa_server.url, "--opa-mode", "bundle"
    )
    properties = json.loads(sarif.stdout)["runs"][0]
    assert f"OPA server at {opa_server.url} (bundle" in json.dumps(properties)
    assert not [verb for verb, _ in opa_server.requests if verb in ("PUT", "PATCH", "DELETE")], "bundle mode wrote"

    stale = ["--engine", "opa", "--opa-url", opa_server.url, "--opa-mode", "bundle", "--environment", "x"]
    extra = REPO / "examples" / "policies"
    done = run_cli("validate", str(ONE), "-p", str(extra), *stale)
    assert done.returncode == 2
    assert f"serves meshgate bundle revision meshgate: {digest}" in done.stderr
    assert "--opa-revision" in done.stderr
    accepted = run_cli("validate", str(ONE), "-p", str(extra), *stale, "--opa-revision", digest)
    assert accepted.returncode in (0, 1), accepted.stderr


def test_bundle_mode_without_a_bundle_is_refused(run_cli: RunCli, opa_server: OpaServer) -> None:
    done = run_cli("validate", str(ONE), "--engine", "opa", "--opa-url", opa_server.url, "--opa-mode", "bundle")
    assert done.returncode == 2
    assert "serves no meshgate bundle" in done.stderr


def test_builtin_errors_are_errors_on_both_engines(
    run_cli: RunCli, opa_server: OpaServer, tiny: Path, tmp_path: Path
) -> None:
    descriptor = tmp_path / "data-product.yaml"
    descriptor.write_text(
        "apiVersion: v1.0.0\nkind: DataProduct\nid: x\nname: x\nstatus: active\nwhen: nope\n", encoding="utf-8"
    )
    _serve_bundle(opa_server, tiny, builtin=False)
    args = [str(descriptor), "--no-builtin-policies", "-p", str(tiny)]
    _, embedded, _ = _report(run_cli, *args)
    code, served, stderr = _report(
        run_cli, *args, "--engine", "opa", "--opa-url", opa_server.url, "--opa-mode", "bundle"
    )
    assert code == 1, stderr
    rules = sorted((finding["rule_id"], finding["severity"]) for finding in served["findings"])
    assert rules == sorted((finding["rule_id"], finding["severity"]) for finding in embedded["findings"])
    assert any("eval_builtin_error" in json.dumps(finding) for finding in served["findings"])


FAULTS = [
    ("500", "answered HTTP 500"),
    ("403", "answered HTTP 403"),
    ("garbage", "failed"),
    ("undefined", "with no result (undefined)"),
    ("lose", "with no result (undefined)"),
    ("slow", "did not answer in time"),
    ("stop", "the OPA server at"),
]


@pytest.mark.parametrize(("fault", "said"), FAULTS, ids=[fault for fault, _ in FAULTS])
def test_every_failure_mid_run_fails_closed(
    run_cli: RunCli, opa_server: OpaServer, tiny: Path, fault: str, said: str
) -> None:
    _serve_bundle(opa_server, tiny, builtin=False)
    opa_server.fault, opa_server.fault_after, opa_server.delay = fault, 3, 1.5
    done = run_cli(
        "validate",
        str(EXAMPLES),
        "--no-builtin-policies",
        "-p",
        str(tiny),
        "--engine",
        "opa",
        "--opa-url",
        opa_server.url,
        "--opa-mode",
        "bundle",
        "--opa-batch-size",
        "1",
        "--opa-timeout",
        "0.5",
        "--opa-retries",
        "1",
        "--jobs",
        "1",
    )
    assert done.returncode == 2, done.stdout + done.stderr
    assert said in done.stderr
    assert opa_server.url in done.stderr
    assert "--opa-url" in done.stderr  # what to do
    assert done.stdout == ""  # no report of a run with unevaluated documents


def test_batches_answer_in_order_with_several_requests_in_flight(opa_server: OpaServer, tiny: Path) -> None:
    _serve_bundle(opa_server, tiny, builtin=False)
    options = Options(engine="opa", opa=OpaOptions(url=opa_server.url, mode="bundle", batch_size=3))
    evaluator = engine("opa", options).compile(load_policies([tiny], builtin=False))
    inputs = [
        json.dumps({"descriptor": {"name": f"n{i}"} if i % 2 else {}, "product": {}, "spec": {}, "context": {}})
        for i in range(20)
    ]
    answers = evaluator.evaluate(EntryPoint.DOCUMENT, inputs)
    assert [bool(answer["tiny/checks"]["deny"]) for answer in answers if not isinstance(answer, EngineFailure)] == [
        i % 2 == 0 for i in range(20)
    ]
    posts = [path for verb, path in opa_server.requests if verb == "POST"]
    assert len(posts) == 1 + 7  # the probe, then 20 inputs in batches of 3
    assert all("strict-builtin-errors=true" in path for path in posts)


def test_the_configuration_and_the_environment_reach_the_server(
    run_cli: RunCli, opa_server: OpaServer, tmp_path: Path
) -> None:
    _serve_bundle(opa_server)
    opa_server.token = "s3cret-token"
    (tmp_path / "meshgate.yaml").write_text(
        f"engine: opa\nopa:\n  url: {opa_server.url}\n  mode: bundle\n  timeout: 30\n  batch-size: 4\n",
        encoding="utf-8",
    )
    denied = run_cli("validate", str(ONE), cwd=tmp_path)
    assert denied.returncode == 2
    assert "answered HTTP 401" in denied.stderr
    done = run_cli("validate", str(ONE), "-f", "json", cwd=tmp_path, env={"MESHGATE_OPA_TOKEN": "s3cret-token"})
    assert done.returncode in (0, 1), done.stderr
    assert json.loads(done.stdout)["run"]["engine"].startswith(f"OPA server at {opa_server.url} (bundle")
    (tmp_path / "meshgate.yaml").write_text("engine: opa\nopa:\n  mode: bundle\n", encoding="utf-8")
    environment = {"MESHGATE_OPA_URL": opa_server.url, "MESHGATE_OPA_TOKEN": "s3cret-token"}
    assert run_cli("validate", str(ONE), cwd=tmp_path, env=environment).returncode in (0, 1)


def test_a_server_that_stores_other_text_than_was_pushed_is_refused(
    run_cli: RunCli, opa_server: OpaServer, tiny: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from opa_server import State

    original = State.put_policy

    def rewriting(self: State, policy_id: str, source: str) -> None:  # as a client-side "compat" rewrite would
        original(self, policy_id, source.replace("import rego.v1\n", "import rego.v1\n\n"))

    monkeypatch.setattr(State, "put_policy", rewriting)
    done = run_cli(
        "validate", str(ONE), "--no-builtin-policies", "-p", str(tiny), "--engine", "opa", "--opa-url", opa_server.url
    )
    assert done.returncode == 2
    assert "stored the policy meshgate_push/" in done.stderr
    gc.collect()
    assert opa_server.state.policies == {}


def _certificates(directory: Path) -> dict[str, Path]:
    """A private CA, a server certificate for 127.0.0.1 and a client certificate, as PEM files."""
    import datetime
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = datetime.datetime.now(datetime.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "meshgate test CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(1)
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(True, False, False, False, False, True, True, False, False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    files = {"ca": directory / "ca.pem"}
    files["ca"].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    for name, usage in (
        ("server", ExtendedKeyUsageOID.SERVER_AUTH),
        ("client", ExtendedKeyUsageOID.CLIENT_AUTH),
    ):
        key = ec.generate_private_key(ec.SECP256R1())
        builder = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)]))
            .issuer_name(ca_name)
            .public_key(key.public_key())
            .serial_number(2 if name == "server" else 3)
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.ExtendedKeyUsage([usage]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        )
        if name == "server":
            builder = builder.add_extension(
                x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False
            )
        certificate = builder.sign(ca_key, hashes.SHA256())
        files[name] = directory / f"{name}.pem"
        files[name].write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
        files[f"{name}-key"] = directory / f"{name}-key.pem"
        files[f"{name}-key"].write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
    return files


def test_a_private_ca_and_client_certificates_reach_an_https_server(
    run_cli: RunCli, opa_engine: None, tmp_path: Path
) -> None:
    # The environment may name the system's CAs for requests (REQUESTS_CA_BUNDLE): --opa-ca-bundle still wins.
    import ssl

    from opa_server import OpaServer

    pem = _certificates(tmp_path)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(pem["server"], pem["server-key"])
    context.load_verify_locations(pem["ca"])
    context.verify_mode = ssl.CERT_REQUIRED  # mutual TLS: no client certificate, no answer
    server = OpaServer(tls=context).start()
    try:
        _serve_bundle(server)
        base = ["validate", str(ONE), "--engine", "opa", "--opa-url", server.url, "--opa-mode", "bundle"]
        base += ["--opa-retries", "0"]
        client = ["--opa-client-cert", str(pem["client"]), "--opa-client-key", str(pem["client-key"])]
        import certifi

        done = run_cli(*base, "--opa-ca-bundle", str(pem["ca"]), *client, env={"REQUESTS_CA_BUNDLE": certifi.where()})
        assert done.returncode in (0, 1), done.stderr
        untrusted = run_cli(*base, *client)  # the system's CAs do not know the private CA
        assert untrusted.returncode == 2
        assert f"the OPA server at {server.url}" in untrusted.stderr
        anonymous = run_cli(*base, "--opa-ca-bundle", str(pem["ca"]))
        assert anonymous.returncode == 2
    finally:
        server.stop()
