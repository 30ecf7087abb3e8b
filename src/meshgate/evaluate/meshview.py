"""The mesh view: what the shipped mesh policies read of each product, and nothing else.

The mesh entry point's input holds every product of a run at once: at 100,000
products the full views are 400 MB of JSON, and an engine holds several times
that. The shipped mesh policies read a product's identity, domain, lifecycle,
ports (identity, contract, lifecycle, visibility) and dependencies, and of
each document its file, so when they are the only mesh rules of a run, the
products they see are cut to that (about a quarter) and ``input.documents``
leaves out the specs. Lifecycle fields, a port's contract and its visibility are
left out when null: the shipped policies read them only as a string, ``true`` or
through ``.id``, where null and absent are the same (a tenth of the engine's
memory for the mesh). A run with a mesh policy or a library module of its own sees
the full views, so an organisation's mesh policy never meets a missing field.
tests/test_mesh.py checks that the shipped mesh policies answer the same on
both views.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from meshgate.evaluate.policies import Module

# The fields the shipped mesh policies and policies/lib/mesh.rego read (input.products[_] and its ports[_]).
PRODUCT_FIELDS = ("kind", "id", "name", "domain", "status", "deprecated", "end_of_life", "dependencies")
PORT_FIELDS = ("id", "name", "contract", "status", "deprecated", "end_of_life")
# Fields left out when null: the shipped policies read them only with is_string(), == true or .id.
_NULL_IS_ABSENT = frozenset({"status", "deprecated", "end_of_life", "contract"})
# Packages whose rules a shipped mesh policy evaluates: a module of its own there may read any field.
_MESH_PACKAGES = ("meshgate.mesh", "meshgate.lib")


def slim_applies(modules: Iterable[Module]) -> bool:
    """True when every module a mesh policy can evaluate is one meshgate ships, read from its own folder.

    A copy of a shipped policy (a vendored ``policies/`` folder, say) is a module of its own, edited or not.
    """
    return all(
        module.builtin
        for module in modules
        if any(module.package == root or module.package.startswith(root + ".") for root in _MESH_PACKAGES)
    )


def _fields(view: Mapping[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    return {name: view[name] for name in names if name in view and not (view[name] is None and name in _NULL_IS_ABSENT)}


def _port(port: Any) -> Any:
    if not isinstance(port, Mapping):
        return port
    slim = _fields(port, PORT_FIELDS)
    access = port.get("access")
    if isinstance(access, Mapping):
        if access.get("visibility") is not None:
            slim["access"] = {"visibility": access["visibility"]}
    elif "access" in port:
        slim["access"] = access
    return slim


def mesh_view(view: Mapping[str, Any]) -> dict[str, Any]:
    """A product view (``to_data(product)``) cut to what the shipped mesh policies read."""
    slim = _fields(view, PRODUCT_FIELDS)
    ports = view.get("ports")
    if isinstance(ports, list):
        slim["ports"] = [_port(port) for port in ports]
    elif "ports" in view:
        slim["ports"] = ports
    return slim
