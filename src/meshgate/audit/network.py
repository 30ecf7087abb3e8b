"""The mesh's network metrics, from the products' dependencies (the reduce phase, from the inputs alone).

A dependency reaches an output port when what it names matches: the product
id, the port id (or name) and the contract id, as far as it names them, as
the mesh policies match them (``data.meshgate.lib.mesh``). A dependency that
names a product only reaches the product as a whole. A product's consumers
are the distinct other products reading any of its ports, or it as a whole.
"""

from __future__ import annotations

import datetime
import statistics
from collections import defaultdict
from collections.abc import Sequence

from meshgate.audit.model import Dependency, Mesh, ProductInput, TimeToMarket
from meshgate.records import record

NO_DOMAIN = "(no domain)"


def _reaches(dependency: Dependency, provider: ProductInput, index: int) -> bool:
    if dependency.product is None and dependency.port is None and dependency.contract is None:
        return False
    if dependency.product is not None and dependency.product != provider.id:
        return False
    port = provider.ports[index]
    names = {port, provider.port_names[index] if index < len(provider.port_names) else port}
    if dependency.port is not None and dependency.port not in names:
        return False
    contract = provider.port_contracts[index] if index < len(provider.port_contracts) else None
    return dependency.contract is None or dependency.contract == contract


def _whole(dependency: Dependency, provider: ProductInput) -> bool:
    return (
        dependency.product is not None
        and dependency.port is None
        and dependency.contract is None
        and dependency.product == provider.id
    )


def _who(product: ProductInput) -> str:
    return product.id or product.key


@record
class Readers:
    """Who reads what: consumers (product id, else key) of each product and port, and the edges."""

    of_product: dict[str, set[str]]  # product key -> consumers
    of_port: dict[str, set[str]]  # "product key#port" -> consumers
    of_whole: dict[str, set[str]]  # product key -> consumers that read it as a whole (no port named)
    edges: set[tuple[str, str]]  # (consumer key, provider key)


def _candidates(dependency: Dependency, index: dict[str, list[ProductInput]]) -> list[ProductInput]:
    """The providers a dependency may reach, looked up by the most specific thing it names."""
    for kind, value in (("product", dependency.product), ("port", dependency.port), ("contract", dependency.contract)):
        if value is not None:
            return index.get(f"{kind}\0{value}", [])
    return []


def readers(products: Sequence[ProductInput]) -> Readers:
    """Every product's and port's consumers, in time linear in the products and their dependencies."""
    providers = [product for product in products if product.kind == "product"]
    index: dict[str, list[ProductInput]] = defaultdict(list)
    for provider in providers:
        names = {f"product\0{provider.id}"} if provider.id is not None else set()
        names |= {f"port\0{port}" for port in (*provider.ports, *provider.port_names) if port is not None}
        names |= {f"contract\0{contract}" for contract in provider.port_contracts if contract is not None}
        for name in sorted(names):
            index[name].append(provider)
    found = Readers(
        of_product={provider.key: set() for provider in providers},
        of_port={f"{provider.key}#{port}": set() for provider in providers for port in provider.ports},
        of_whole={provider.key: set() for provider in providers},
        edges=set(),
    )
    for consumer in products:
        for dependency in consumer.dependencies:
            for provider in _candidates(dependency, index):
                if provider.key == consumer.key or (provider.id is not None and provider.id == consumer.id):
                    continue
                reached = [number for number in range(len(provider.ports)) if _reaches(dependency, provider, number)]
                if not reached and not _whole(dependency, provider):
                    continue
                for number in reached:
                    found.of_port[f"{provider.key}#{provider.ports[number]}"].add(_who(consumer))
                if not reached:
                    found.of_whole[provider.key].add(_who(consumer))
                found.of_product[provider.key].add(_who(consumer))
                found.edges.add((consumer.key, provider.key))
    return found


def network(products: Sequence[ProductInput], previous: Mesh | None = None) -> Mesh:
    """Consumers per port and product, zero-consumer products and ports, the domain matrix and its share."""
    providers = [product for product in products if product.kind == "product"]
    found = readers(products)
    product_consumers, port_consumers, edges = found.of_product, found.of_port, found.edges
    by_key = {product.key: product for product in products}
    matrix: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    cross: set[str] = set()
    for consumer_key, provider_key in sorted(edges):
        source = by_key[consumer_key].domain or NO_DOMAIN
        target = by_key[provider_key].domain or NO_DOMAIN
        matrix[source][target] += 1
        if by_key[consumer_key].domain != by_key[provider_key].domain:
            cross.add(provider_key)
    share = round(len(cross) / len(providers), 4) if providers else None
    before = previous.cross_domain_share if previous is not None and previous.derived else None
    return Mesh(
        derived=True,
        note="consumers are distinct products reading a port (matched by product id, port id and contract id)",
        consumers={key: len(found) for key, found in sorted(product_consumers.items())},
        consumers_per_port={key: len(found) for key, found in sorted(port_consumers.items())},
        zero_consumer_products=sorted(key for key, found in product_consumers.items() if not found),
        zero_consumer_ports=sorted(key for key, found in port_consumers.items() if not found),
        cross_domain_edges=sum(1 for consumer, provider in edges if by_key[consumer].domain != by_key[provider].domain),
        edges=len(edges),
        domain_matrix={source: dict(sorted(row.items())) for source, row in sorted(matrix.items())},
        cross_domain_share=share,
        cross_domain_share_before=before,
        cross_domain_share_change=round(share - before, 4) if share is not None and before is not None else None,
    )


def time_to_market(products: Sequence[ProductInput]) -> TimeToMarket:
    """The products' days from first commit to first live one: median, range, by domain; the rest by reason."""
    days: list[int] = []
    by_domain: dict[str, list[int]] = defaultdict(list)
    missing: dict[str, int] = defaultdict(int)
    for product in products:
        if product.kind != "product":
            continue
        history = product.history
        if history is None:
            missing["the history was not read (--no-history)"] += 1
            continue
        if history.time_to_market_days is None:
            missing[history.note or "not derivable"] += 1
            continue
        days.append(history.time_to_market_days)
        by_domain[product.domain or NO_DOMAIN].append(history.time_to_market_days)
    return TimeToMarket(
        derived=len(days),
        median_days=float(statistics.median(days)) if days else None,
        fastest_days=min(days) if days else None,
        slowest_days=max(days) if days else None,
        by_domain={domain: float(statistics.median(found)) for domain, found in sorted(by_domain.items())},
        not_derivable=dict(sorted(missing.items())),
    )


def ages(products: Sequence[ProductInput], keys: Sequence[str], today: str) -> dict[str, int]:
    """Days since each of these products was first committed, where its history says."""
    by_key = {product.key: product for product in products}
    day = datetime.date.fromisoformat(today)
    found: dict[str, int] = {}
    for key in keys:
        history = by_key[key].history if key in by_key else None
        if history is not None and history.first_commit is not None:
            found[key] = (day - datetime.datetime.fromisoformat(history.first_commit).date()).days
    return found
