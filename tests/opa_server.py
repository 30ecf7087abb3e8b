"""A small OPA server for the tests: the real OPA v1 engine behind the part of OPA's REST API meshgate uses.

The engine is OPA 1.20.2 itself (the Go ``rego`` package, as a c-shared
library in the ``opa-golib-python-bindings`` wheel), not a re-implementation
of Rego. What this file emulates is only the server around it:

- ``GET /health``;
- ``PUT/GET/DELETE /v1/policies/{id}``, ``GET /v1/policies`` (a PUT compiles
  every module with the new one and is refused with OPA's 400 when they do
  not compile, as a real server does);
- ``PUT/PATCH/GET/DELETE /v1/data/{path}``, ``POST /v1/data/{path}`` (with
  ``input``; the engine always evaluates with strict builtin errors, which
  is what meshgate asks for with ``?strict-builtin-errors=true``);
- bundles loaded from a ``.tar.gz`` as OPA loads them (regular files,
  ``data.json`` at its directory's path, ``.manifest`` roots enforced), their
  manifests served at ``GET /v1/data/system/bundles``.

Faults for the failure tests (``fault`` and ``fault_after``): answer 500,
answer garbage, answer slowly, lose the policies, or stop listening, once
that many queries have been answered.
"""

from __future__ import annotations

import io
import json
import os
import re
import ssl
import tarfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

ENGINES = max(1, min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 2))
_LOCATION = re.compile(r"(?P<file>[^\s:]+):(?P<row>\d+): (?P<code>\w+): (?P<message>.*)")


def _dotted(path: str) -> str:
    return ".".join(part for part in path.strip("/").split("/") if part)


def _compile(modules: dict[str, str], data: dict[str, Any]) -> Any:
    from opa_bindings import OpaEngine

    engine = OpaEngine()
    engine.print_handler = lambda message, location: None
    for policy_id, source in sorted(modules.items()):
        engine.add_policy(policy_id, source)
    engine.add_data(data)
    engine.eval_query("true")  # the bridge compiles on first evaluation: make that now
    return engine


def _errors(message: str) -> list[dict[str, Any]]:
    found = []
    for line in message.splitlines():
        match = _LOCATION.search(line)
        if match:
            found.append(
                {
                    "code": match.group("code"),
                    "message": match.group("message"),
                    "location": {"file": match.group("file"), "row": int(match.group("row")), "col": 1},
                }
            )
    return found or [{"code": "rego_compile_error", "message": message}]


def _get(tree: Any, parts: list[str]) -> Any:
    for part in parts:
        if not isinstance(tree, dict) or part not in tree:
            raise KeyError(part)
        tree = tree[part]
    return tree


def _set(tree: dict[str, Any], parts: list[str], value: Any) -> None:
    for part in parts[:-1]:
        tree = tree.setdefault(part, {})
    tree[parts[-1]] = value


class BundleError(ValueError):
    pass


class State:
    """Policies, data and loaded bundles; the compiled engine is rebuilt after a write."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.policies: dict[str, str] = {}
        self.data: dict[str, Any] = {}
        self.bundles: dict[str, dict[str, Any]] = {}
        self.queries = 0
        # Compiled engines, used one request at a time each: as many evaluations at once as there are
        # engines, as a real OPA server evaluates concurrent requests on all its cores.
        self._idle: list[Any] = []
        self._engines = 0
        self._generation = 0

    @contextmanager
    def engine(self) -> Iterator[Any]:
        with self.lock:
            generation = self._generation
            if self._idle:
                engine = self._idle.pop()
            else:
                engine = _compile(self.policies, self.data) if self._engines < ENGINES else None
                if engine is not None:
                    self._engines += 1
        if engine is None:  # every engine is busy: wait for one
            while True:
                time.sleep(0.001)
                with self.lock:
                    if self._idle:
                        engine, generation = self._idle.pop(), self._generation
                        break
        try:
            yield engine
        finally:
            with self.lock:
                if generation == self._generation:
                    self._idle.append(engine)
                else:
                    engine.close()
                    self._engines -= 1

    def _changed(self, engine: Any = None) -> None:
        """After a write: engines compiled before it are dropped (those in use when they come back)."""
        self._generation += 1
        self._engines -= len(self._idle)
        for old in self._idle:
            old.close()
        self._idle = [engine] if engine is not None else []
        self._engines += len(self._idle)

    def put_policy(self, policy_id: str, source: str) -> None:
        with self.lock:
            candidate = {**self.policies, policy_id: source}
            engine = _compile(candidate, self.data)  # raises OpaError when they do not compile
            self.policies = candidate
            self._changed(engine)

    def delete_policy(self, policy_id: str) -> None:
        with self.lock:
            del self.policies[policy_id]
            self._changed()

    def put_data(self, parts: list[str], value: Any) -> None:
        with self.lock:
            if parts:
                _set(self.data, parts, value)
            else:
                self.data = value
            self._changed()

    def delete_data(self, parts: list[str]) -> None:
        with self.lock:
            parent = _get(self.data, parts[:-1])
            del parent[parts[-1]]
            self._changed()

    def lose_everything(self) -> None:
        with self.lock:
            self.policies.clear()
            self.data.clear()
            self.bundles.clear()
            self._changed()

    def load_bundle(self, archive: Path | bytes, name: str = "meshgate") -> dict[str, Any]:
        """Load a bundle as OPA does; refuse one whose packages or data fall outside its roots."""
        raw = archive if isinstance(archive, bytes) else archive.read_bytes()
        modules: dict[str, str] = {}
        data: dict[str, Any] = {}
        manifest: dict[str, Any] = {}
        with tarfile.open(fileobj=io.BytesIO(raw), mode="r:gz") as tar:
            for member in tar.getmembers():
                if not member.isfile():
                    continue
                content = tar.extractfile(member).read()  # type: ignore[union-attr]
                path = "/" + member.name.removeprefix("./").lstrip("/")
                if path.endswith(".manifest"):
                    manifest = json.loads(content)
                elif path.endswith(".rego"):
                    modules[path] = content.decode("utf-8")
                elif path.rsplit("/", 1)[-1] == "data.json":
                    directory = [part for part in path.split("/")[:-1] if part]
                    if directory:
                        _set(data, directory, json.loads(content))
                    else:
                        data.update(json.loads(content))
        roots = manifest.get("roots", [""])
        if manifest.get("rego_version", 1) != 1:
            raise BundleError("this server loads Rego v1 bundles only")

        def under(path: str) -> bool:
            return any(root == "" or path == root or path.startswith(root + "/") for root in roots)

        for policy_id, source in modules.items():
            package = re.search(r"^package\s+([\w.]+)", source, re.MULTILINE)
            if package is None or not under(package.group(1).replace(".", "/")):
                raise BundleError(f"manifest roots {roots} do not permit the package of {policy_id}")

        def leaves(tree: Any, prefix: str) -> Iterator[str]:
            if isinstance(tree, dict) and tree and not under(prefix.strip("/")):
                for key, value in tree.items():
                    yield from leaves(value, f"{prefix}/{key}")
            elif prefix:
                yield prefix.strip("/")

        for leaf in leaves(data, ""):
            if not under(leaf):
                raise BundleError(f"manifest roots {roots} do not permit data at {leaf}")
        with self.lock:
            for root in roots:  # a bundle owns its roots: what was there is replaced
                if root:
                    self.data.pop(root, None)
            self.policies = {**self.policies, **{f"{name}{path}": source for path, source in modules.items()}}
            for key, value in data.items():
                self.data[key] = value
            self.bundles[name] = {"manifest": manifest}
            self._changed(_compile(self.policies, self.data))
        return manifest


class OpaServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        if tls is not None:
            self.socket = tls.wrap_socket(self.socket, server_side=True)
        self.scheme = "https" if tls is not None else "http"
        self.state = State()
        self.fault: str | None = None  # an HTTP status ("500"), "garbage", "slow", "lose", "stop", "undefined"
        self.fault_after = 0  # queries answered normally before the fault starts
        self.delay = 0.0
        self.token: str | None = None  # when set, every request needs "Authorization: Bearer <token>"
        self.requests: list[tuple[str, str]] = []
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"{self.scheme}://{host!s}:{port}"

    def start(self) -> OpaServer:
        self._thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()

    def fault_now(self) -> str | None:
        if self.fault is None:
            return None
        with self.state.lock:
            self.state.queries += 1
            return self.fault if self.state.queries > self.fault_after else None


@contextmanager
def running() -> Iterator[OpaServer]:
    server = OpaServer().start()
    try:
        yield server
    finally:
        server.stop()


class _Handler(BaseHTTPRequestHandler):
    server: OpaServer
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: Any) -> None:
        pass

    # -- replies

    def _send(self, status: int, body: Any = None, *, raw: bytes | None = None) -> None:
        payload = raw if raw is not None else (b"" if body is None else json.dumps(body).encode())
        self.send_response(status)
        if payload:
            self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _error(self, status: int, code: str, message: str, **extra: Any) -> None:
        self._send(status, {"code": code, "message": message, **extra})

    def _body(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def _route(self) -> tuple[str, list[str]]:
        path = urlsplit(self.path).path
        self.server.requests.append((self.command, self.path))
        token = self.server.token
        if token is not None and self.headers.get("Authorization") != f"Bearer {token}":
            return "/unauthorized", []
        for prefix in ("/v1/policies", "/v1/data"):
            if path == prefix or path.startswith(prefix + "/"):
                rest = path[len(prefix) :].strip("/")
                return prefix, [unquote(part) for part in rest.split("/") if part]
        return path, []

    # -- verbs

    def do_GET(self) -> None:
        kind, parts = self._route()
        state = self.server.state
        if kind == "/unauthorized":
            self._error(401, "unauthorized", "the request is missing a valid bearer token")
        elif kind == "/health":
            self._send(200, {})
        elif kind == "/v1/policies":
            with state.lock:
                if not parts:
                    listed = [{"id": key, "raw": value} for key, value in sorted(state.policies.items())]
                    self._send(200, {"result": listed})
                elif "/".join(parts) in state.policies:
                    policy_id = "/".join(parts)
                    self._send(200, {"result": {"id": policy_id, "raw": state.policies[policy_id]}})
                else:
                    self._error(404, "resource_not_found", f"storage_not_found_error: policy id {'/'.join(parts)!r}")
        elif kind == "/v1/data":
            if parts[:2] == ["system", "bundles"]:
                try:
                    self._send(200, {"result": _get(state.bundles, parts[2:])})
                except KeyError:
                    self._send(200, {})
                return
            self._evaluate(parts, None)
        else:
            self._error(404, "resource_not_found", f"no such endpoint {kind}")

    def do_POST(self) -> None:
        kind, parts = self._route()
        if kind != "/v1/data":
            self._error(404, "resource_not_found", f"no such endpoint {kind}")
            return
        try:
            body = json.loads(self._body() or b"{}")
        except ValueError:
            self._error(400, "invalid_parameter", "body is not JSON")
            return
        fault = self.server.fault_now()
        if fault is not None and fault.isdigit():
            self._error(int(fault), "internal_error" if fault.startswith("5") else "unauthorized", "the server broke")
            return
        if fault == "garbage":
            self._send(200, raw=b"<html>502 Bad Gateway</html>")
            return
        if fault == "undefined":
            self._send(200, {})
            return
        if fault == "slow":
            time.sleep(self.server.delay or 5)
        if fault == "lose":
            self.server.state.lose_everything()
        if fault == "stop":
            self.close_connection = True
            threading.Thread(target=self.server.stop, daemon=True).start()
            return
        self._evaluate(parts, body.get("input") if isinstance(body, dict) else None)

    def _evaluate(self, parts: list[str], given: Any) -> None:
        from opa_bindings import OpaError, OpaUndefinedError

        state = self.server.state
        try:
            with state.engine() as engine:
                value = engine.eval_document(_dotted("/".join(parts)), given)
        except OpaUndefinedError:
            self._send(200, {})
            return
        except OpaError as error:
            self._error(500, "internal_error", error.message)
            return
        self._send(200, {"result": value})

    def do_PUT(self) -> None:
        from opa_bindings import OpaError

        kind, parts = self._route()
        state = self.server.state
        raw = self._body()
        if kind == "/v1/policies" and parts:
            policy_id = "/".join(parts)
            try:
                state.put_policy(policy_id, raw.decode("utf-8"))
            except OpaError as error:
                self._error(
                    400,
                    "invalid_parameter",
                    "error(s) occurred while compiling module(s)",
                    errors=_errors(error.message),
                )
                return
            self._send(200, {})
        elif kind == "/v1/data":
            try:
                state.put_data(parts, json.loads(raw))
            except ValueError:
                self._error(400, "invalid_parameter", "body is not JSON")
                return
            self._send(204)
        else:
            self._error(404, "resource_not_found", f"no such endpoint {kind}")

    def do_PATCH(self) -> None:
        kind, parts = self._route()
        state = self.server.state
        if kind != "/v1/data":
            self._error(404, "resource_not_found", f"no such endpoint {kind}")
            return
        operations = json.loads(self._body())
        with state.lock:
            for operation in operations:
                target = parts + [unquote(part) for part in operation["path"].strip("/").split("/") if part]
                if operation["op"] in ("add", "replace"):
                    state.put_data(target, operation["value"])
                elif operation["op"] == "remove":
                    try:
                        state.delete_data(target)
                    except KeyError:
                        self._error(404, "resource_not_found", f"storage_not_found_error: {'/'.join(target)}")
                        return
        self._send(204)

    def do_DELETE(self) -> None:
        kind, parts = self._route()
        state = self.server.state
        try:
            if kind == "/v1/policies" and parts:
                state.delete_policy("/".join(parts))
                self._send(200, {})
            elif kind == "/v1/data" and parts:
                state.delete_data(parts)
                self._send(204)
            else:
                self._error(404, "resource_not_found", f"no such endpoint {kind}")
        except KeyError:
            self._error(404, "resource_not_found", f"storage_not_found_error: {'/'.join(parts)}")
