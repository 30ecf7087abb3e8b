"""Views of an audit: the canonical JSON, CSV files, a Markdown summary, one self-contained HTML page.

Every view is a function of the ``Audit`` alone and sorts what it lists, so
the same audit gives the same bytes.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from pydantic import BaseModel, TypeAdapter
from pydantic.dataclasses import is_pydantic_dataclass

from meshgate.audit.model import Audit, ProductInput, ProductScore, Rollup, Stats
from meshgate.model import rules

LEVEL_COLOURS = {"gold": "#c9a227", "silver": "#8c9aa8", "bronze": "#b0703c", "none": "#d9534f"}


def _is_record(value: object) -> bool:
    """A model, or a pydantic dataclass (the audit's many small records are those: they take a tenth of the memory)."""
    return isinstance(value, BaseModel) or is_pydantic_dataclass(type(value))


_ADAPTERS: dict[type[Any], TypeAdapter[Any]] = {}


def _record_json(record: object, indent: int | None) -> str:
    kind = type(record)
    adapter = _ADAPTERS.get(kind) or _ADAPTERS.setdefault(kind, TypeAdapter(kind))
    return adapter.dump_json(record, indent=indent).decode()


def _json_pieces(model: BaseModel, indent: int | None, depth: int = 0) -> Iterator[str]:
    """``model.model_dump_json(indent=indent)`` in pieces, a list of models one model at a time.

    An audit of 10,000 products is over 100 MB of JSON: written whole, the text
    and pydantic's buffer behind it double the run's peak memory. Every value
    is still pydantic's own serialization; only the layout around the pieces is
    written here (tests compare the joined pieces with the whole dump).
    """
    newline, separator = ("\n", ": ") if indent is not None else ("", ":")

    def pad(level: int) -> str:
        return " " * (indent * level) if indent is not None else ""

    def shifted(text: str, level: int) -> str:
        # Newlines in JSON text are layout only (a string's newline is written \n), so each opens a line to shift.
        return text.replace("\n", "\n" + pad(level)) if indent else text

    names = list(type(model).model_fields)
    if not names:
        yield model.model_dump_json(indent=indent)
        return
    yield "{" + newline
    for number, name in enumerate(names):
        value = getattr(model, name)
        key = json.dumps(name, ensure_ascii=False)
        yield f"{pad(depth + 1)}{key}{separator}"
        if isinstance(value, BaseModel):
            yield from _json_pieces(value, indent, depth + 1)
        elif isinstance(value, list) and value and all(_is_record(item) for item in value):
            yield "[" + newline
            for position, item in enumerate(value):
                yield pad(depth + 2) + shifted(_record_json(item, indent), depth + 2)
                yield ("," if position < len(value) - 1 else "") + newline
            yield pad(depth + 1) + "]"
        else:
            whole = model.model_dump_json(indent=indent, include={name})  # {"name": value}, the value at level 1
            opening = len("{" + newline + pad(1) + key + separator)
            yield shifted(whole[opening : len(whole) - len(newline + "}")], depth)
        yield ("," if number < len(names) - 1 else "") + newline
    yield pad(depth) + "}"


def json_pieces(audit: Audit) -> Iterator[str]:
    """The canonical JSON, as json.dumps(indent=2, ensure_ascii=False) of the dumped model writes it, in pieces."""
    yield from _json_pieces(audit, 2)
    yield "\n"


def to_json(audit: Audit) -> str:
    return "".join(json_pieces(audit))


# What json.dumps(ensure_ascii=True) escapes beyond what pydantic does: DEL and every non-ASCII character.
_NON_ASCII = re.compile(r"[^\x00-\x7e]")


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000  # beyond the basic plane: a surrogate pair, as JSON writes it
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def _ascii_json_pieces(audit: Audit) -> Iterator[str]:
    """The audit as compact ASCII JSON, json.dumps(ensure_ascii=True) of the dumped model, in pieces."""
    for piece in _json_pieces(audit, None):
        yield _NON_ASCII.sub(_escaped, piece)


def _ascii_json(audit: Audit) -> str:
    return "".join(_ascii_json_pieces(audit))


_ROWS_PER_PIECE = 1_000


def _rows(header: Sequence[str], rows: Iterable[Sequence[object]]) -> Iterator[str]:
    """The CSV text, a thousand rows a piece: a large audit's findings are never one string."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for number, row in enumerate(rows, start=1):
        writer.writerow(["" if cell is None else cell for cell in row])
        if number % _ROWS_PER_PIECE == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def products_csv(audit: Audit) -> Iterator[str]:
    inputs = {product.key: product for product in audit.inputs.products}
    return _rows(
        (
            "product",
            "id",
            "name",
            "kind",
            "domain",
            "owner",
            "spec",
            "repository",
            "file",
            "score",
            "score_when_enforced",
            "level",
            "schema_valid",
            "errors",
            "warnings",
            "waived",
            "grace",
            "consumers",
            "first_commit",
            "time_to_market_days",
        ),
        (
            (
                s.key,
                s.id,
                inputs[s.key].name,
                inputs[s.key].kind,
                s.domain,
                s.owner,
                inputs[s.key].spec,
                inputs[s.key].repository,
                inputs[s.key].file,
                s.score,
                s.score_when_enforced,
                s.level,
                s.schema_valid,
                s.errors,
                s.warnings,
                s.waived,
                s.grace,
                s.consumers,
                history.first_commit if (history := inputs[s.key].history) else None,
                history.time_to_market_days if history else None,
            )
            for s in audit.results.products
        ),
    )


def findings_csv(audit: Audit) -> Iterator[str]:
    return _rows(
        (
            "policy",
            "severity",
            "status",
            "product",
            "domain",
            "owner",
            "file",
            "line",
            "message",
            "fix",
            "waiver",
            "waiver_expires",
            "enforce_after",
            "fingerprint",
        ),
        (
            (
                f.rule_id,
                f.severity,
                f.status,
                p.id or p.key,
                p.domain,
                p.owner,
                f.file,
                f.line,
                f.message,
                f.remediation,
                f.waiver.source if f.waiver else None,
                f.waiver.expires if f.waiver else None,
                f.enforce_after,
                f.fingerprint,
            )
            for p in audit.inputs.products
            for f in p.findings
        ),
    )


EXPIRING_DAYS = 30
WAIVER_STATES = {rules.WAIVER_EXPIRED.id: "expired", rules.WAIVER_UNUSED.id: "unused"}


def waiver_state(expires: str, today: str) -> str:
    """active, or expiring (within 30 days of today), for a waiver that still covers findings."""
    import datetime

    try:
        left = (datetime.date.fromisoformat(expires) - datetime.date.fromisoformat(today)).days
    except ValueError:
        return "active"
    return f"expiring in {left + 1} days" if left < EXPIRING_DAYS else "active"


def _score(value: float | None) -> str:
    return "–" if value is None else f"{value:g}"


def _signed(value: float | None) -> str:
    return "" if value is None else f"{value:+g}"


def markdown_pieces(audit: Audit) -> Iterator[str]:
    yield markdown(audit)


def markdown(audit: Audit) -> str:
    r, i = audit.results, audit.inputs
    change = (
        f" ({_signed(r.changes.mesh_after - r.changes.mesh_before)} since {r.changes.previous_today})"
        if r.changes and r.changes.mesh_after is not None and r.changes.mesh_before is not None
        else ""
    )
    lines = [
        f"# Data mesh audit, {i.today}",
        "",
        (
            f"**Mesh score {_score(r.mesh_score)}**{change} over {r.mesh.count} products "
            f"(min {_score(r.mesh.minimum)}, median {_score(r.mesh.median)}, max {_score(r.mesh.maximum)}); "
            f"{len(i.unscored)} unscored."
        ),
        "",
        "| level | products |",
        "|---|---|",
        *(f"| {level} | {count} |" for level, count in r.mesh.levels.items()),
        "",
        "## Domains",
        "",
        "| domain | products | mean | min | gold/silver/bronze/none | errors | warnings | change |",
        "|---|---|---|---|---|---|---|---|",
        *(_rollup_row(rollup) for rollup in r.domains),
        "",
        "## Most failing policies",
        "",
        "| policy | severity | failing | applicable | failure rate |",
        "|---|---|---|---|---|",
        *(
            f"| `{p.policy}` | {p.severity} | {p.failing} | {p.applicable} | {p.failure_rate:g}% |"
            for p in r.policies[:10]
            if p.failing
        ),
        "",
        "## Lowest products",
        "",
        "| product | domain | score | level |",
        "|---|---|---|---|",
        *(
            f"| {s.id or s.key} | {s.domain or ''} | {s.score:g} | {s.level} |"
            for s in sorted(r.products, key=lambda s: (s.score, s.key))[:10]
        ),
    ]
    lines += _mesh_markdown(audit)
    if i.unscored:
        lines += ["", "## Unscored", "", *(f"- `{u.source}`: {u.reason}" for u in i.unscored)]
    if i.governance:
        lines += ["", "## Governance", "", *(f"- `{f.file}:{f.line}` {f.rule_id}: {f.message}" for f in i.governance)]
    if r.changes:
        lines += [
            "",
            "## Changes",
            "",
            (
                f"{len(r.changes.new_findings)} new findings, "
                f"{len(r.changes.fixed_findings)} fixed, {len(r.changes.level_changes)} level changes."
            ),
        ]
    return "\n".join(lines) + "\n"


def _share(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}%"


def _time_to_market_text(audit: Audit) -> str:
    """Time to market in a sentence: the median and range where derived, and why not elsewhere."""
    found = audit.results.time_to_market
    missing = "; ".join(f"{reason}: {count}" for reason, count in found.not_derivable.items())
    if not found.derived:
        return f"Time to market: not derivable ({missing or 'no products'})."
    days = f"median {found.median_days:g} days (fastest {found.fastest_days}, slowest {found.slowest_days})"
    rest = f"; not derivable for the others ({missing})" if missing else ""
    return f"Time to market over {found.derived} products: {days}{rest}."


def _mesh_markdown(audit: Audit) -> list[str]:
    network = audit.results.network
    if not network.derived:
        return ["", "## Mesh", "", f"{network.note}."]
    labels = {s.key: s.id or s.key for s in audit.results.products}
    change = (
        f" ({_signed(100 * network.cross_domain_share_change)} points since --previous)"
        if network.cross_domain_share_change is not None
        else ""
    )
    matrix = network.domain_matrix or {}
    domains = sorted({d for row in matrix.values() for d in row} | set(matrix))
    ages = network.zero_consumer_age_days or {}
    return [
        "",
        "## Mesh",
        "",
        (
            f"{network.edges} dependency edges, {network.cross_domain_edges} across domains; "
            f"{_share(network.cross_domain_share)} of products are consumed from outside their domain{change}. "
            f"Zero-consumer products: {len(network.zero_consumer_products or [])}, "
            f"ports: {len(network.zero_consumer_ports or [])}. {_time_to_market_text(audit)}"
        ),
        "",
        "| product | consumers | age (days) |",
        "|---|---|---|",
        *(
            f"| {labels.get(key, key)} | {count} | {ages.get(key, '') if not count else ''} |"
            for key, count in sorted((network.consumers or {}).items())
        ),
        *(
            [
                "",
                "| consumer \\ provider | " + " | ".join(domains) + " |",
                "|---|" + "---|" * len(domains),
                *(
                    f"| {source} | " + " | ".join(str(matrix.get(source, {}).get(d, 0)) for d in domains) + " |"
                    for source in domains
                ),
            ]
            if domains
            else []
        ),
    ]


def _rollup_row(rollup: Rollup) -> str:
    levels = "/".join(str(rollup.stats.levels[level]) for level in ("gold", "silver", "bronze", "none"))
    return (
        f"| {rollup.name} | {rollup.stats.count} | {_score(rollup.stats.mean)} | {_score(rollup.stats.minimum)} "
        f"| {levels} | {rollup.errors} | {rollup.warnings} | {_signed(rollup.change)} |"
    )


# --- HTML -------------------------------------------------------------------------------------------------------

CSS = """
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
header{background:#1d2330;color:#fff;padding:16px 28px}header h1{margin:0;font-size:22px}
header p{margin:4px 0 0;color:#c3c9d4;font-size:12px}nav{padding:6px 28px;background:#fff;border-bottom:1px solid #dde}
nav a{margin-right:14px;color:#2a5bd7;text-decoration:none}main{padding:8px 28px 40px}
section{background:#fff;border:1px solid #e1e4ea;border-radius:8px;padding:14px 18px;margin:14px 0}
h2{font-size:17px;margin:0 0 10px}.cards{display:flex;gap:12px;flex-wrap:wrap}
.card{border:1px solid #e1e4ea;border-radius:8px;padding:10px 14px;min-width:120px}
.card b{display:block;font-size:26px}.muted{color:#6b7280}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #eef}
th{background:#f0f2f6;cursor:pointer;user-select:none}td.num,th.num{text-align:right}
.lvl{padding:1px 7px;border-radius:9px;color:#fff;font-size:12px}
.gold{background:#c9a227}.silver{background:#8c9aa8}.bronze{background:#b0703c}.none{background:#d9534f}
details{margin:2px 0}summary{cursor:pointer}input.filter{margin:0 0 8px;padding:4px 8px;width:280px}
.charts{display:flex;gap:24px;flex-wrap:wrap}code{font-size:12px}
"""

JS = """
(function(){
  function key(cell){var v=cell.getAttribute('data-v');if(v===null){v=cell.textContent.trim();}
    var n=parseFloat(v);return isNaN(n)||/[^0-9.+\\-e]/.test(v)?v.toLowerCase():n;}
  document.querySelectorAll('table.sortable').forEach(function(table){
    table.querySelectorAll('th').forEach(function(th,col){th.addEventListener('click',function(){
      var body=table.tBodies[0],rows=Array.prototype.slice.call(body.rows);
      var asc=th.getAttribute('data-dir')!=='asc';
      table.querySelectorAll('th').forEach(function(h){h.removeAttribute('data-dir');});
      th.setAttribute('data-dir',asc?'asc':'desc');
      rows.sort(function(a,b){var x=key(a.cells[col]),y=key(b.cells[col]);
        if(typeof x!==typeof y){x=String(x);y=String(y);}return (x<y?-1:x>y?1:0)*(asc?1:-1);});
      rows.forEach(function(r){body.appendChild(r);});});});});
  document.querySelectorAll('input.filter').forEach(function(input){
    input.hidden=false;
    input.addEventListener('input',function(){var q=input.value.toLowerCase();
      var table=document.getElementById(input.getAttribute('data-table'));
      Array.prototype.forEach.call(table.tBodies[0].rows,function(r){
        r.hidden=q!==''&&r.textContent.toLowerCase().indexOf(q)<0;});});});
  document.body.setAttribute('data-ready','yes');
})();
"""


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value))


def _bars(title: str, items: Sequence[tuple[str, float, str]], maximum: float, unit: str = "") -> str:
    """A horizontal bar chart in inline SVG."""
    height = 22 * len(items) + 28
    parts = [
        (
            f'<svg class="chart" role="img" aria-label="{_e(title)}" width="420" height="{height}" '
            f'viewBox="0 0 420 {height}" xmlns="http://www.w3.org/2000/svg">'
        ),
        f'<text x="0" y="14" font-size="13" font-weight="600">{_e(title)}</text>',
    ]
    for index, (label, value, colour) in enumerate(items):
        y = 24 + 22 * index
        width = 0 if maximum <= 0 else round(230 * value / maximum, 1)
        parts.append(
            f'<text x="0" y="{y + 14}" font-size="12">{_e(label[:22])}</text>'
            f'<rect class="bar" x="150" y="{y + 3}" width="{width}" height="15" fill="{colour}"/>'
            f'<text x="{150 + width + 5}" y="{y + 14}" font-size="12">{value:g}{unit}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _table(
    ident: str, header: Sequence[str], rows: Iterable[str], numeric: Iterable[int] = (), filter_hint: str = ""
) -> str:
    return "".join(_table_pieces(ident, header, rows, numeric, filter_hint))


def _table_pieces(
    ident: str, header: Sequence[str], rows: Iterable[str], numeric: Iterable[int] = (), filter_hint: str = ""
) -> Iterator[str]:
    nums = set(numeric)
    head = "".join(f"<th{' class=num' if index in nums else ''}>{_e(name)}</th>" for index, name in enumerate(header))
    filtering = (
        (
            f'<input class="filter" type="search" hidden data-table="{ident}" placeholder="Filter {filter_hint}"'
            f' aria-label="Filter {filter_hint}">'
        )
        if filter_hint
        else ""
    )
    yield f'{filtering}<table id="{ident}" class="sortable"><thead><tr>{head}</tr></thead><tbody>'
    yield from rows
    yield "</tbody></table>"


def _level(level: str) -> str:
    return f'<span class="lvl {_e(level)}">{_e(level)}</span>'


def _stats_cells(stats: Stats) -> str:
    levels = " ".join(f"{stats.levels[level]}{level[0].upper()}" for level in ("gold", "silver", "bronze", "none"))
    spread = f"{_score(stats.minimum)} / {_score(stats.median)} / {_score(stats.maximum)}"
    return (
        f'<td class=num>{stats.count}</td><td class=num data-v="{_score(stats.mean)}">{_score(stats.mean)}</td>'
        f"<td>{spread}</td><td>{_e(levels)}</td>"
    )


def _rollup_rows(rollups: Sequence[Rollup]) -> list[str]:
    return [
        f"<tr><td>{_e(r.name)}</td>{_stats_cells(r.stats)}<td class=num>{r.errors}</td>"
        f"<td class=num>{r.warnings}</td><td class=num>{_signed(r.change)}</td></tr>"
        for r in rollups
    ]


def _product_row(score: ProductScore, product: ProductInput) -> str:
    findings = "".join(
        f"<li><code>{_e(f.file)}:{f.line}</code> <b>{_e(f.rule_id)}</b> [{_e(f.severity)}, {_e(f.status)}] "
        f"{_e(f.message)}{' <i>fix: ' + _e(f.remediation) + '</i>' if f.remediation else ''}"
        f"{' <i>waived by ' + _e(f.waiver.source) + ' until ' + _e(f.waiver.expires) + '</i>' if f.waiver else ''}"
        f"{' <i>grace until ' + _e(f.enforce_after) + '</i>' if f.enforce_after else ''}</li>"
        for f in product.findings
    )
    ports = ", ".join(product.ports) or "none"
    detail = (
        f"<details><summary>{_e(score.id or score.key)}</summary><p class=muted>{_e(product.file)} · "
        f"{_e(product.spec)} {_e(product.spec_version)} · ports: {_e(ports)}</p>"
        f"<ul>{findings or '<li>no findings</li>'}</ul></details>"
    )
    return (
        f"<tr><td>{detail}</td><td>{_e(score.domain)}</td><td>{_e(score.owner)}</td>"
        f'<td class=num data-v="{score.score:g}">{score.score:g}</td>'
        f'<td class=num data-v="{score.score_when_enforced:g}">{score.score_when_enforced:g}</td>'
        f'<td data-v="{"gsbn".index(score.level[0])}">{_level(score.level)}</td>'
        f"<td class=num>{score.errors}</td><td class=num>{score.warnings}</td><td class=num>{score.waived}</td>"
        f"<td class=num>{score.grace}</td></tr>"
    )


def _matrix_svg(matrix: dict[str, dict[str, int]]) -> str:
    """The domain x domain matrix (consumer rows, provider columns) as an inline SVG heat map."""
    domains = sorted({d for row in matrix.values() for d in row} | set(matrix))
    cell, left, top = 34, 130, 110
    # Room on the right for the last rotated column label and for the title.
    size_x, size_y = max(left + cell * len(domains) + 90, 380), top + cell * len(domains) + 10
    peak = max((count for row in matrix.values() for count in row.values()), default=0)
    parts = [
        (
            f'<svg id="domain-matrix" class="matrix" role="img" aria-label="Dependencies between domains" '
            f'width="{size_x}" height="{size_y}" viewBox="0 0 {size_x} {size_y}" xmlns="http://www.w3.org/2000/svg">'
        ),
        '<text x="0" y="14" font-size="13" font-weight="600">consumer (row) reads provider (column)</text>',
    ]
    for index, domain in enumerate(domains):
        x = left + cell * index + cell / 2
        parts.append(
            f'<text x="{x}" y="{top - 6}" font-size="12" transform="rotate(-45 {x} {top - 6})">{_e(domain[:16])}</text>'
            f'<text x="{left - 6}" y="{top + cell * index + 21}" font-size="12" text-anchor="end">'
            f"{_e(domain[:16])}</text>"
        )
    for row, source in enumerate(domains):
        for column, target in enumerate(domains):
            count = matrix.get(source, {}).get(target, 0)
            shade = 0.08 if not count or not peak else round(0.25 + 0.75 * count / peak, 2)
            x, y = left + cell * column, top + cell * row
            parts.append(
                f'<rect class="cell" data-from="{_e(source)}" data-to="{_e(target)}" data-count="{count}" x="{x}" '
                f'y="{y}" width="{cell - 2}" height="{cell - 2}" fill="#2f6fba" fill-opacity="{shade}">'
                f"<title>{_e(source)} reads {_e(target)}: {count}</title></rect>"
                f'<text x="{x + cell / 2 - 1}" y="{y + 21}" font-size="12" text-anchor="middle">{count or ""}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def _mesh_html(audit: Audit) -> str:
    network = audit.results.network
    if not network.derived:
        return f"<p class=muted>{_e(network.note)}.</p>"
    labels = {s.key: s.id or s.key for s in audit.results.products}
    change = (
        f" ({_e(_signed(100 * network.cross_domain_share_change))} points since the previous audit)"
        if network.cross_domain_share_change is not None
        else ""
    )
    zero = set(network.zero_consumer_products or [])
    ages = network.zero_consumer_age_days or {}

    def no_consumer(key: str) -> str:
        if key not in zero:
            return ""
        return f"no consumer, {ages[key]} days after its first commit" if key in ages else "no consumer"

    rows = (
        f"<tr><td>{_e(labels.get(key, key))}</td><td class=num>{count}</td><td>{_e(no_consumer(key))}</td></tr>"
        for key, count in sorted((network.consumers or {}).items())
    )
    ports = (
        f"<tr><td>{_e(key)}</td><td class=num>{count}</td></tr>"
        for key, count in sorted((network.consumers_per_port or {}).items())
    )
    return (
        f"<p>{network.edges} dependency edges, {network.cross_domain_edges} across domains; "
        f"{_e(_share(network.cross_domain_share))} of products are consumed from outside their domain{change}. "
        f"{len(zero)} products and {len(network.zero_consumer_ports or [])} ports have no consumer.</p>"
        f"<p id=time-to-market>{_e(_time_to_market_text(audit))}</p>"
        + _matrix_svg(network.domain_matrix or {})
        + "<h3>Consumers per product</h3>"
        + _table("consumers-table", ("product", "consumers", ""), rows, (1,))
        + "<h3>Consumers per port</h3>"
        + _table("ports-table", ("port", "consumers"), ports, (1,))
    )


def to_html(audit: Audit) -> str:
    return "".join(html_pieces(audit))


def html_pieces(audit: Audit) -> Iterator[str]:
    """The page in pieces: the audit's JSON, most of the page, is embedded a piece at a time."""
    r, i = audit.results, audit.inputs
    inputs = {product.key: product for product in i.products}
    change = ""
    if r.changes and r.changes.mesh_after is not None and r.changes.mesh_before is not None:
        change = (
            f"<span class=muted>{_signed(round(r.changes.mesh_after - r.changes.mesh_before, 1))} since "
            f"{_e(r.changes.previous_today)}</span>"
        )
    cards = "".join(
        f'<div class="card"><b>{value}</b>{_e(label)}</div>'
        for label, value in (
            ("mesh score", _score(r.mesh_score)),
            ("products", r.mesh.count),
            ("unscored", len(i.unscored)),
            ("failing findings", r.counts.get("fail", 0) + r.counts.get("error", 0)),
            ("waived", r.counts.get("waived", 0)),
            ("in grace", r.counts.get("grace", 0)),
        )
    )
    charts = "".join(
        (
            _bars(
                "Levels",
                [(level, float(count), LEVEL_COLOURS[level]) for level, count in r.mesh.levels.items()],
                max([1.0, *map(float, r.mesh.levels.values())]),
            ),
            _bars(
                "Score distribution",
                [(band, float(count), "#2a5bd7") for band, count in r.mesh.distribution.items()],
                max([1.0, *map(float, r.mesh.distribution.values())]),
            ),
            _bars("Mean score by domain", [(d.name, d.stats.mean or 0.0, "#3c9d6b") for d in r.domains], 100.0),
        )
    )
    top = "".join(
        f"<li><code>{_e(p.policy)}</code> {p.failure_rate:g}% ({p.failing}/{p.applicable})</li>"
        for p in r.policies[:5]
        if p.failing
    )
    lowest = "".join(
        f"<li>{_e(s.id or s.key)}: {s.score:g} {_level(s.level)}</li>"
        for s in sorted(r.products, key=lambda s: (s.score, s.key))[:5]
    )
    rollup_header = ("name", "products", "mean", "min / median / max", "levels G S B N", "errors", "warnings", "change")
    policy_rows = [
        f"<tr><td><code>{_e(p.policy)}</code></td><td>{_e(p.area)}</td><td>{_e(p.severity)}</td><td>{_e(p.lifecycle)}"
        f"</td><td class=num>{p.failure_rate:g}</td><td class=num>{p.failing}</td><td class=num>{p.applicable}</td>"
        f"<td class=num>{p.waived}</td><td class=num>{p.grace}</td><td>{_e(', '.join(p.failing_products))}</td></tr>"
        for p in r.policies
    ]
    area_rows = [
        f"<tr><td>{_e(a.area)}</td><td class=num>{a.failure_rate:g}</td><td class=num>{a.failing}</td>"
        f"<td class=num>{a.applicable}</td></tr>"
        for a in r.areas
    ]
    waivers = sorted(
        {
            (f.waiver.source, f.waiver.expires, f.waiver.approved_by, f.waiver.reason, f.rule_id, f.file)
            for p in i.products
            for f in p.findings
            if f.waiver is not None
        }
    )
    waiver_rows = [
        f"<tr><td>{_e(w[0])}</td><td>{_e(waiver_state(w[1], i.today))}</td><td>{_e(w[4])}</td><td>{_e(w[5])}</td>"
        f"<td>{_e(w[1])}</td><td>{_e(w[2])}</td><td>{_e(w[3])}</td></tr>"
        for w in waivers
    ]
    waiver_rows += [
        f"<tr><td>{_e(f.file)}:{f.line}</td><td>{_e(WAIVER_STATES.get(f.rule_id, f.rule_id))}</td><td></td><td></td>"
        f"<td></td><td></td><td>{_e(f.message)}</td></tr>"
        for f in i.governance
        if f.rule_id in WAIVER_STATES
    ]
    unscored = [f"<tr><td>{_e(u.source)}</td><td>{_e(u.reason)}</td></tr>" for u in i.unscored]
    unscored += [
        f"<tr><td>{_e(f.file)}:{f.line}</td><td>{_e(f.rule_id)} [{_e(f.severity)}]: {_e(f.message)}</td></tr>"
        for f in i.governance
    ]
    if r.changes:
        c = r.changes
        changes = (
            f"<p>Compared with the audit of {_e(c.previous_today)}: {len(c.new_findings)} new findings, "
            f"{len(c.fixed_findings)} fixed, {len(c.level_changes)} level changes.</p>"
            + _table(
                "changes",
                ("product", "before", "after", "change", "level before", "level after"),
                (
                    f"<tr><td>{_e(p.key)}</td><td class=num>{_score(p.before)}</td><td class=num>{_score(p.after)}</td>"
                    f"<td class=num>{_signed(p.change)}</td><td>{_e(p.level_before)}</td>"
                    f"<td>{_e(p.level_after)}</td></tr>"
                    for p in c.products
                    if p.change or p.level_before != p.level_after
                ),
                (1, 2, 3),
            )
            + "<h3>New findings</h3><ul>"
            + "".join(f"<li><code>{_e(f.rule_id)}</code> {_e(f.file)}: {_e(f.message)}</li>" for f in c.new_findings)
            + "</ul><h3>Fixed findings</h3><ul>"
            + "".join(f"<li><code>{_e(f.rule_id)}</code> {_e(f.file)}: {_e(f.message)}</li>" for f in c.fixed_findings)
            + "</ul>"
        )
    else:
        changes = "<p class=muted>No previous audit given (--previous).</p>"
    repos = "".join(
        f"<li>{_e(repo.name)} {_e(repo.url)} {_e(repo.ref or '')} {_e((repo.commit or 'not fetched')[:12])}</li>"
        for repo in i.repositories
    )
    sections = (
        (
            "summary",
            "Summary",
            (
                f'<div class="cards">{cards}</div><p>{change}</p><div class="charts">{charts}</div>'
                f"<h3>Top failing policies</h3><ol>{top}</ol><h3>Lowest products</h3><ol>{lowest}</ol>"
            ),
        ),
        ("domains", "Domains", _table("domains-table", rollup_header, _rollup_rows(r.domains), (1, 2, 5, 6, 7))),
        ("teams", "Teams", _table("teams-table", rollup_header, _rollup_rows(r.teams), (1, 2, 5, 6, 7))),
        (
            "policies",
            "Policies",
            _table(
                "policies-table",
                (
                    "policy",
                    "area",
                    "severity",
                    "lifecycle",
                    "failing %",
                    "failing",
                    "applicable",
                    "waived",
                    "grace",
                    "failing products",
                ),
                policy_rows,
                (4, 5, 6, 7, 8),
                "policies",
            )
            + "<h3>Areas</h3>"
            + _table("areas-table", ("area", "failing %", "failing", "applicable"), area_rows, (1, 2, 3)),
        ),
        (
            "products",
            "Products",
            lambda: _table_pieces(  # row by row: a row per product
                "products-table",
                (
                    "product",
                    "domain",
                    "owner",
                    "score",
                    "when enforced",
                    "level",
                    "errors",
                    "warnings",
                    "waived",
                    "grace",
                ),
                (_product_row(s, inputs[s.key]) for s in r.products),
                (3, 4, 6, 7, 8, 9),
                "products",
            ),
        ),
        ("mesh", "Mesh", lambda: [_mesh_html(audit)]),
        ("changes", "Changes", changes),
        (
            "waivers",
            "Waivers",
            _table(
                "waivers-table", ("waiver", "state", "rule", "file", "expires", "approved by", "reason"), waiver_rows
            )
            if waiver_rows
            else "<p class=muted>No finding is waived.</p>",
        ),
        (
            "errors",
            "Errors (unscored)",
            _table("errors-table", ("source", "reason"), unscored)
            if unscored
            else "<p class=muted>Everything found was scored.</p>",
        ),
        (
            "method",
            "Method",
            "<ul>"
            + "".join(f"<li>{_e(line)}</li>" for line in r.method)
            + "</ul>"
            + (f"<h3>Repositories</h3><ul>{repos}</ul>" if repos else ""),
        ),
    )
    nav = "".join(f'<a href="#{ident}">{_e(title)}</a>' for ident, title, _ in sections)
    csp = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"
    yield (
        "<!DOCTYPE html>\n"
        f'<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="{csp}">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>Data mesh audit {_e(i.today)}'
        f"</title><style>{CSS}</style></head><body><header><h1>Data mesh audit</h1><p>as of {_e(i.today)} · "
        f"meshgate {_e(i.tool_version)} · policies {_e(i.policy_digest[:12])} · engine {_e(i.engine)} · "
        f"{len(i.units)} units{' · shard ' + _e(audit.shard) if audit.shard else ''}</p></header><nav>{nav}</nav>"
        "<main>"
    )
    # Each section is written as it is made: the ones that grow with the mesh are made only then.
    for ident, title, content in sections:
        yield f'<section id="{ident}"><h2>{_e(title)}</h2>'
        yield from [content] if isinstance(content, str) else content()
        yield "</section>"
    yield '</main><script type="application/json" id="audit-data">'
    # A piece ends between two JSON tokens, never inside a string, so no '</' straddles two pieces.
    for piece in _ascii_json_pieces(audit):
        yield piece.replace("</", "<\\/")
    yield f"</script><script>{JS}</script></body></html>\n"
