"""The ``opa`` engine: an Open Policy Agent server, reached through opa-python-client.

Two ways to get the policies there:

- **push** (development, CI with a throwaway OPA): meshgate uploads the policy
  set for the run and deletes it afterwards. Every package and data path is
  moved under ``meshgate_push.<run>`` (``<run>`` = the policy-set digest and a
  random suffix), so two runs against one server never see each other's
  rules or data. That is the only change made to the text, line for line;
  nothing else is rewritten (``rego_compat=False``), and what the server
  stored is read back and compared before any document is evaluated.
- **bundle** (production): the server already serves the bundle ``meshgate
  bundle`` wrote; meshgate only queries, after checking that the revision the
  server loaded is this policy set's digest (or the one ``--opa-revision``
  accepts).

Documents are evaluated in batches: a generated rule evaluates each element
of ``input.batch`` ``with input as`` that element, so one request answers
many documents, and a few requests are in flight at once. Queries ask for
``strict-builtin-errors`` so a builtin error is an error, as in the embedded
engine, not an undefined value that would hide a finding.

Everything fails closed: a server that cannot be reached, times out, answers
4xx/5xx, answers nothing (undefined) or something malformed, or lost the
policies mid-run stops the run with a ``MeshgateError`` (exit 2) naming the
URL. opa-python-client (which imports aiohttp and requests) is imported only
here, and this module only when ``--engine opa`` is chosen.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import secrets
import threading
import time
import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import urlsplit

from meshgate.errors import MeshgateError, PolicyError, UsageError
from meshgate.evaluate.engines import Answer, EngineFailure, Text, whole
from meshgate.evaluate.engines import regorus as embedded
from meshgate.evaluate.policies import Module, PolicySet
from meshgate.evaluate.runtime import RUNTIME_PACKAGE, EntryPoint, batch_module, entry_point_of, runtime_module
from meshgate.options import OpaOptions, Options
from meshgate.records import record

MODES = ("push", "bundle")
IN_FLIGHT = 4  # requests in flight at once, per process
PUSH_ROOT = "meshgate_push"
QUERY_PARAMS = {"strict-builtin-errors": "true"}
_RETRY_STATUS = frozenset({502, 503, 504})
_BACKOFF_S = 0.3
_ROUNDS = 4  # pushes of modules a server refused because a module they use was not there yet
_DATA_REF = re.compile(r"(?<![\w.])data\.([A-Za-z_][\w.]*)")
_LOCATION = re.compile(r"(?P<file>[^\s:]+):(?P<line>\d+)(?::(?P<column>\d+))?: (?P<message>\w+: .*)")
_EVAL_ERROR = re.compile(r"\beval_\w+")
_ID_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")


# --- settings -----------------------------------------------------------------------------------------------


@record
class Server:
    """The checked settings: base URL (no trailing slash) and how to reach it."""

    base: str
    options: OpaOptions

    @property
    def https(self) -> bool:
        return self.base.startswith("https://")


def check_options(options: OpaOptions) -> Server:
    """The OPA settings, refused with a usage error (exit 2) when they cannot work."""
    hint = "Give the server's address, e.g. --opa-url http://localhost:8181 (or MESHGATE_OPA_URL)."
    if not options.url:
        raise UsageError("the opa engine needs the OPA server's URL", hint=hint)
    url = options.url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise UsageError(f"--opa-url {url!r} is not a URL: {error}", hint=hint) from error
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"--opa-url {url!r} is not an http:// or https:// URL with a host", hint=hint)
    if parts.query or parts.fragment or parts.username or parts.password:
        raise UsageError(
            f"--opa-url {url!r} has a query, fragment or credentials", hint="Pass a token with --opa-token instead."
        )
    if options.mode not in MODES:
        raise UsageError(f"--opa-mode {options.mode!r} is not one of {', '.join(MODES)}")
    if not options.timeout > 0 or options.timeout > 3600:
        raise UsageError(f"--opa-timeout {options.timeout!r} must be more than 0 and at most 3600 seconds")
    if not 0 <= options.retries <= 10:
        raise UsageError(f"--opa-retries {options.retries!r} must be between 0 and 10")
    if not 1 <= options.batch_size <= 1000:
        raise UsageError(f"--opa-batch-size {options.batch_size!r} must be between 1 and 1000")
    if options.revision is not None and (not options.revision.strip() or options.mode != "bundle"):
        raise UsageError(
            "--opa-revision names the bundle revision to accept; it needs --opa-mode bundle and a non-empty value"
        )
    if options.token is not None and (not options.token.strip() or any(c in options.token for c in "\r\n")):
        raise UsageError("--opa-token (or MESHGATE_OPA_TOKEN) is empty or spans lines")
    if options.client_key is not None and options.client_cert is None:
        raise UsageError("--opa-client-key needs --opa-client-cert")
    for name, path in (
        ("--opa-ca-bundle", options.ca_bundle),
        ("--opa-client-cert", options.client_cert),
        ("--opa-client-key", options.client_key),
    ):
        if path is not None and not path.is_file():
            raise UsageError(f"{name} {path} is not a readable file")
    if parts.scheme == "http" and (options.ca_bundle or options.client_cert):
        raise UsageError("--opa-ca-bundle and --opa-client-cert need an https:// --opa-url")
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    base = f"{parts.scheme}://{host}{f':{port}' if port is not None else ''}{parts.path.rstrip('/')}"
    return Server(base, options)


def _client(server: Server) -> Any:
    """An opa-python-client OpaClient for the server (imported here: it costs the embedded path nothing)."""
    from opa_client.opa import OpaClient

    options = server.options
    parts = urlsplit(server.base)
    port = parts.port or (443 if server.https else 80)
    ssl: bool | str = False
    if server.https:
        ssl = str(options.ca_bundle) if options.ca_bundle else True
    cert: str | tuple[str, str] | None = None
    if options.client_cert is not None:
        cert = (str(options.client_cert), str(options.client_key)) if options.client_key else str(options.client_cert)
    client = OpaClient(
        host=parts.hostname or "localhost",
        port=port,
        ssl=ssl,
        cert=cert,
        token=options.token,
        retries=options.retries,
        timeout=options.timeout,
    )
    # The client builds scheme://host:port/v1 itself and knows no path prefix (a proxy's /opa/): set it whole.
    client.root_url = f"{server.base}/v1"
    if options.ca_bundle is not None:
        from requests.utils import get_environ_proxies

        # requests lets REQUESTS_CA_BUNDLE/CURL_CA_BUNDLE in the environment replace the session's CA file;
        # --opa-ca-bundle must win. Proxies from the environment still apply.
        session = client._session
        session.proxies.update(get_environ_proxies(server.base))
        session.trust_env = False
    return client


class _Clients:
    """One client per process: a forked worker must not share the parent's open connections."""

    def __init__(self, server: Server) -> None:
        self._server = server
        self._lock = threading.Lock()
        self._pid = -1
        self._client: Any = None

    def get(self) -> Any:
        pid = os.getpid()
        if self._pid != pid:
            with self._lock:
                if self._pid != pid:
                    self._client = _client(self._server)
                    self._pid = pid
        return self._client


# --- failures -----------------------------------------------------------------------------------------------


def _hint(server: Server) -> str:
    return (
        f"Check that OPA is running and reachable at {server.base} (--opa-url), that the token and certificates "
        "are right, and run again; or use --engine regorus. meshgate reports no result it could not evaluate."
    )


def _request_errors() -> tuple[type[BaseException], ...]:
    import requests
    from opa_client import errors

    return (
        requests.RequestException,
        ValueError,  # a body that is not JSON
        errors.ConnectionsError,
        errors.QueryExecuteError,
        errors.PolicyNotFoundError,
        errors.DeleteDataError,
        errors.DeletePolicyError,
        errors.RegoParseError,
        errors.TypeException,
    )


def _describe(error: BaseException) -> str:
    import requests

    if isinstance(error, requests.Timeout):
        return "did not answer in time"
    if isinstance(error, requests.ConnectionError):
        text = str(error)
        if "Name or service not known" in text or "nodename nor servname" in text or "NameResolution" in text:
            return "cannot be found (DNS lookup failed)"
        if "refused" in text.lower():
            return "refused the connection"
        return "cannot be reached"
    if isinstance(error, requests.HTTPError) and error.response is not None:
        return f"answered HTTP {error.response.status_code}: {_body_message(error.response)}"
    message = getattr(error, "message", None) or str(error) or type(error).__name__
    return f"failed: {message}"


def _body_message(response: Any) -> str:
    try:
        body = response.json()
    except ValueError:
        return repr(response.text[:120]) if response.text else "(no body)"
    if isinstance(body, dict) and isinstance(body.get("message"), str):
        return str(body["message"])[:300]
    return repr(body)[:120]


def unavailable(server: Server, what: str, error: BaseException | None = None) -> MeshgateError:
    problem = _describe(error) if error is not None else ""
    return MeshgateError(f"the OPA server at {server.base} {problem}{' ' if problem else ''}{what}", hint=_hint(server))


def _call_method(name: str, args: tuple[Any, ...], kwargs: dict[str, Any], client: Any) -> Any:
    return getattr(client, name)(*args, **kwargs)


def _method(name: str, *args: Any, **kwargs: Any) -> Callable[[Any], Any]:
    """``client.<name>(*args, **kwargs)``, for a client given later."""
    return functools.partial(_call_method, name, args, kwargs)


# --- the Rego meshgate adds ---------------------------------------------------------------------------------


def namespaced(source: str, roots: Iterable[str], namespace: str) -> str:
    """The module with every package and ``data.`` reference under one of ``roots`` moved under ``namespace``."""
    names = "|".join(re.escape(root) for root in sorted(roots, key=len, reverse=True))
    package = re.compile(rf"^(package[ \t]+)({names})\b", re.MULTILINE)
    reference = re.compile(rf"(?<![\w.])data\.({names})\b")
    return reference.sub(rf"data.{namespace}.\1", package.sub(rf"\1{namespace}.\2", source))


def push_order(modules: Sequence[Module]) -> list[Module]:
    """Modules before the modules that use them (``data.<package>`` references), else by path."""
    by_package: dict[str, list[Module]] = {}
    for module in modules:
        by_package.setdefault(module.package, []).append(module)
    needs: dict[str, set[str]] = {}
    for module in modules:
        found: set[str] = set()
        for reference in _DATA_REF.findall(module.source):
            for package in by_package:
                inside = reference.startswith(package + ".") or package.startswith(reference + ".")
                if package != module.package and (reference == package or inside):
                    found.update(other.path for other in by_package[package])
        needs[module.path] = found
    ordered: list[Module] = []
    placed: set[str] = set()
    waiting = sorted(modules, key=lambda module: module.path)
    while waiting:
        ready = [module for module in waiting if needs[module.path] <= placed] or waiting[:1]  # a cycle: by path
        for module in ready:
            ordered.append(module)
            placed.add(module.path)
        waiting = [module for module in waiting if module.path not in placed]
    return ordered


def _policy_id(prefix: str, number: int, path: str) -> str:
    return f"{prefix}/{number:03d}-{_ID_UNSAFE.sub('_', path.lstrip('/')).strip('._')[:120]}"


# --- the evaluator ------------------------------------------------------------------------------------------

_PROBES = embedded._PROBES


@record
class _Pushed:
    """What a push put on the server, for cleaning up."""

    policy_ids: tuple[str, ...]
    data_path: str


def _clean_up(server: Server, pushed: _Pushed, owner: int) -> None:
    """Delete what this run pushed (only in the process that pushed it; never raises)."""
    if os.getpid() != owner:
        return
    try:
        client = _client(server)
    except Exception:  # noqa: BLE001 - cleaning up must not hide the run's own outcome
        return
    for policy_id in reversed(pushed.policy_ids):
        try:
            client.delete_policy(policy_id)
        except Exception:  # noqa: BLE001, S112 - already gone, or the server is down: nothing more to do
            continue
    with contextlib.suppress(Exception):  # as above
        client.delete_data(pushed.data_path)
    client.close_connection()


class OpaEvaluator:
    """A policy set on an OPA server, answering entry points in batches."""

    def __init__(self, policy_set: PolicySet, server: Server) -> None:
        self._server = server
        self._clients = _Clients(server)
        self._entries = frozenset(entry_point_of(policy.package) for policy in policy_set.policies)
        self._files: dict[str, str] = {}
        self.closed = False
        self._cleanup: weakref.finalize[Any, Any] | None = None
        options = server.options
        self._errors = _request_errors()
        self._health()
        if options.mode == "bundle":
            self.revision = self._check_revision(policy_set)
            self._package = RUNTIME_PACKAGE
        else:
            self.revision = policy_set.digest
            self._package = self._push(policy_set)
        self._probe()

    # -- reporting

    @property
    def description(self) -> str:
        mode = self._server.options.mode
        return f"OPA server at {self._server.base} ({mode}, policy revision {self.revision})"

    # -- requests

    def _call(self, what: str, action: Callable[[Any], Any]) -> Any:
        try:
            return action(self._clients.get())
        except MeshgateError:
            raise
        except self._errors as error:
            raise unavailable(self._server, what, error) from error

    def _health(self) -> None:
        def check(client: Any) -> Any:
            import requests

            # Not check_health(): it turns every failure into False and says nothing of why.
            response = client._session.get(f"{self._server.base}/health", timeout=self._server.options.timeout)
            if response.status_code != 200:
                raise requests.HTTPError(response=response)
            return True

        self._call("(health check)", check)

    # -- bundle mode

    def _check_revision(self, policy_set: PolicySet) -> str:
        body = self._call("(reading the loaded bundles, data.system.bundles)", lambda c: c.get_data("system/bundles"))
        bundles = body.get("result") if isinstance(body, dict) else None
        if not isinstance(bundles, dict):
            raise unavailable(self._server, "gave a malformed answer for data.system.bundles")
        served: dict[str, str] = {}
        for name, bundle in bundles.items():
            manifest = bundle.get("manifest") if isinstance(bundle, dict) else None
            roots = manifest.get("roots") if isinstance(manifest, dict) else None
            if isinstance(roots, list) and RUNTIME_PACKAGE in roots:
                served[str(name)] = str(manifest.get("revision", ""))  # type: ignore[union-attr]
        wanted = self._server.options.revision or policy_set.digest
        if not served:
            raise UsageError(
                f"the OPA server at {self._server.base} serves no meshgate bundle (none has root {RUNTIME_PACKAGE})",
                hint="Serve the bundle `meshgate bundle` writes, or use --opa-mode push.",
            )
        if wanted not in served.values():
            shown = ", ".join(f"{name}: {revision}" for name, revision in sorted(served.items()))
            raise UsageError(
                f"the OPA server at {self._server.base} serves meshgate bundle revision {shown}, "
                f"but this policy set is {policy_set.digest}",
                hint="Publish the bundle `meshgate bundle` builds from these policies and data, or accept the "
                "served one with --opa-revision REVISION.",
            )
        return wanted

    # -- push mode

    def _push(self, policy_set: PolicySet) -> str:
        token = f"r{policy_set.digest.removeprefix('sha256:')[:16]}_{secrets.token_hex(4)}"
        namespace = f"{PUSH_ROOT}.{token}"
        prefix = f"{PUSH_ROOT}/{token}"
        roots = {module.package.split(".")[0] for module in policy_set.modules} | {*policy_set.data, RUNTIME_PACKAGE}
        modules = [
            Module(module.path, namespaced(module.source, roots, namespace), module.package)
            for module in push_order(policy_set.modules)
        ]
        runtime = namespaced(runtime_module(policy_set.policies), roots, namespace)
        modules.append(Module(f"<{RUNTIME_PACKAGE}>", runtime, RUNTIME_PACKAGE))
        modules.append(
            Module(f"<{RUNTIME_PACKAGE}.batch>", batch_module(self._entries, f"{namespace}.{RUNTIME_PACKAGE}"), "")
        )
        ids = [_policy_id(prefix, number, module.path) for number, module in enumerate(modules)]
        self._files = dict(zip(ids, (module.path for module in modules), strict=True))
        pushed = _Pushed(tuple(ids), prefix)
        self._cleanup = weakref.finalize(self, _clean_up, self._server, pushed, os.getpid())
        try:
            for key, value in sorted(policy_set.data.items()):
                if not isinstance(value, dict):
                    raise PolicyError(f"the policy data's top-level '{key}' must be an object to push it to OPA")
                self._call(
                    f"(storing data at {prefix}/{key})", _method("update_or_create_data", value, f"{prefix}/{key}")
                )
            self._upload(dict(zip(ids, modules, strict=True)))
            self._verify(dict(zip(ids, (module.source for module in modules), strict=True)))
        except BaseException:
            self.close()
            raise
        return f"{namespace}.{RUNTIME_PACKAGE}"

    def _upload(self, modules: Mapping[str, Module]) -> None:
        from opa_client.errors import RegoParseError

        waiting = list(modules)
        for round_number in range(1, _ROUNDS + 1):
            refused: list[tuple[str, Any]] = []
            for policy_id in waiting:
                source = modules[policy_id].source
                try:
                    self._call(
                        f"(uploading policy {policy_id})",
                        _method("update_policy_from_string", source, policy_id, rego_compat=False),
                    )
                except MeshgateError as error:
                    cause = error.__cause__
                    if not isinstance(cause, RegoParseError):
                        raise
                    refused.append((policy_id, cause))
            if not refused:
                return
            if round_number == _ROUNDS or len(refused) == len(waiting):
                policy_id, cause = refused[0]
                raise self._compile_error(modules[policy_id], cause)
            waiting = [policy_id for policy_id, _ in refused]

    def _compile_error(self, module: Module, error: Any) -> PolicyError:
        details = getattr(error, "errors", None) or []
        first = details[0] if details and isinstance(details[0], dict) else {}
        location = first.get("location") or {}
        message = str(first.get("message") or getattr(error, "message", None) or error)
        return PolicyError(
            f"the OPA server at {self._server.base} refused the policy: {message}",
            file=module.path,
            line=location.get("row") if isinstance(location.get("row"), int) else None,
            column=location.get("col") if isinstance(location.get("col"), int) else None,
            hint="Fix the policy; meshgate stops rather than report a partial result.",
        )

    def _verify(self, sources: Mapping[str, str]) -> None:
        listed = set(self._call("(listing policies)", lambda c: c.get_policies_list()))
        missing = [policy_id for policy_id in sources if policy_id not in listed]
        if missing:
            raise unavailable(self._server, f"does not list the policy {missing[0]} just uploaded")
        for policy_id, source in sources.items():
            body = self._call(f"(reading back {policy_id})", _method("get_policy", policy_id))
            raw = body.get("result", {}).get("raw") if isinstance(body, dict) else None
            if raw != source:
                raise unavailable(self._server, f"stored the policy {policy_id} differently from what was uploaded")

    def close(self) -> None:
        """Delete what a push put on the server (also done when the evaluator is collected, or at exit)."""
        self.closed = True
        if self._cleanup is not None:
            self._cleanup()

    # -- evaluation

    def _probe(self) -> None:
        for entry in sorted(self._entries):
            (answer,) = self._request(entry, [json.dumps(_PROBES[entry])])
            if isinstance(answer, EngineFailure):
                raise PolicyError(
                    f"the policies do not evaluate on the OPA server at {self._server.base}: {answer.message}",
                    file=answer.file,
                    line=answer.line,
                    column=answer.column,
                )

    def _failure(self, message: str) -> EngineFailure:
        match = _LOCATION.search(message)
        if match is None:
            return EngineFailure(message)
        file = self._files.get(match.group("file"), match.group("file"))
        column = int(match.group("column")) if match.group("column") else None
        return EngineFailure(match.group("message"), file, int(match.group("line")), column)

    def _post(self, entry: EntryPoint, items: list[Any]) -> Any:
        """One query for a batch, retried on connection errors and 502/503/504 with backoff."""
        import requests

        package = self._package.replace(".", "/")
        attempts = self._server.options.retries + 1
        for attempt in range(attempts):
            try:
                return self._clients.get().query_rule(
                    {"batch": items}, package, f"{entry.value}_batch", query_params=QUERY_PARAMS
                )
            except requests.HTTPError as error:
                status = error.response.status_code if error.response is not None else 0
                if status == 500 and error.response is not None:
                    message = _body_message(error.response)
                    if _EVAL_ERROR.search(message):
                        return EngineFailure(message)
                if status not in _RETRY_STATUS or attempt + 1 == attempts:
                    raise unavailable(self._server, f"(evaluating {entry.value})", error) from error
            except (requests.ConnectionError, requests.Timeout) as error:
                if attempt + 1 == attempts:
                    raise unavailable(self._server, f"(evaluating {entry.value})", error) from error
            except (requests.RequestException, ValueError) as error:
                raise unavailable(self._server, f"(evaluating {entry.value})", error) from error
            time.sleep(_BACKOFF_S * 2**attempt)
        raise AssertionError("unreachable")  # pragma: no cover

    def _request(self, entry: EntryPoint, inputs: Sequence[Text]) -> list[Answer]:
        items = [json.loads(whole(text)) for text in inputs]
        body = self._post(entry, items)
        if isinstance(body, EngineFailure):
            if len(items) == 1:
                return [self._failure(body.message)]
            # One input stopped the batch: ask again one by one, so only that input gets the failure.
            return [answer for text in inputs for answer in self._request(entry, [text])]
        if not isinstance(body, dict) or "result" not in body:
            raise unavailable(
                self._server,
                f"answered {entry.value} with no result (undefined): it does not hold meshgate's policies "
                f"(were they removed or replaced mid-run?)",
            )
        result = body["result"]
        if not isinstance(result, list) or len(result) != len(items) or not all(isinstance(r, dict) for r in result):
            raise unavailable(self._server, f"gave a malformed answer for {entry.value}: {json.dumps(result)[:120]}")
        answers: list[Answer] = []
        for value in result:
            if not all(isinstance(rules, dict) for rules in value.values()):
                raise unavailable(self._server, f"gave a malformed answer for {entry.value}: {json.dumps(value)[:120]}")
            answers.append(value)
        return answers

    def evaluate(self, entry: EntryPoint, inputs: Sequence[Text]) -> list[Answer]:
        if entry not in self._entries:
            return [{} for _ in inputs]
        if self.closed:
            raise MeshgateError(f"the policies pushed to the OPA server at {self._server.base} were already removed")
        size = self._server.options.batch_size
        batches = [inputs[start : start + size] for start in range(0, len(inputs), size)]
        if len(batches) <= 1:
            return [answer for batch in batches for answer in self._request(entry, batch)]
        with ThreadPoolExecutor(max_workers=min(IN_FLIGHT, len(batches))) as pool:
            answered = list(pool.map(lambda batch: self._request(entry, batch), batches))
        return [answer for batch in answered for answer in batch]


class OpaEngine:
    """Policies evaluated on an OPA server; ``meshgate test`` and parsing stay embedded."""

    name = "opa"

    def __init__(self, options: OpaOptions | None = None) -> None:
        self.options = options or OpaOptions()

    def compile(self, policy_set: PolicySet) -> OpaEvaluator:
        return OpaEvaluator(policy_set, check_options(self.options))

    def test_session(self, modules: Sequence[Module], data: Mapping[str, Any], *, coverage: bool) -> Any:
        return embedded.ENGINE.test_session(modules, data, coverage=coverage)

    def parse(self, module: Module) -> Any:
        return embedded.ENGINE.parse(module)


def configured(options: Options) -> OpaEngine:
    return OpaEngine(options.opa)


ENGINE = OpaEngine()
