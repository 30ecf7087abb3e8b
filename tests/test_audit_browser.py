"""The audit's HTML page in a real browser: headless Chromium, from disk, with no network.

A probe page is the report with two scripts added: one first, recording
console errors, uncaught errors and content-security-policy violations (the
page forbids every load: a request it tried would be one), one last, that
sorts and filters the tables the way a reader clicks and types, counts the
resources the page fetched, and writes its results into the DOM, which
``--dump-dom`` prints. Skips cleanly when Chromium is not installed (.ci/run
installs Debian's chromium when it runs as root).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = next((found for name in ("chromium", "chromium-browser") if (found := shutil.which(name))), None)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (Debian: apt-get install chromium)")

FIRST = """<script>
window.__probe = {errors: []};
window.addEventListener('error', function (e) { window.__probe.errors.push('error: ' + e.message); });
document.addEventListener('securitypolicyviolation', function (e) {
  window.__probe.errors.push('blocked: ' + e.blockedURI + ' (' + e.violatedDirective + ')');
});
var original = console.error;
console.error = function () { window.__probe.errors.push('console: ' + Array.prototype.join.call(arguments, ' '));
  original.apply(console, arguments); };
</script>"""

LAST = """<script>
(function () {
  var p = window.__probe, table = document.getElementById('products-table');
  function column(index) { return Array.prototype.map.call(table.tBodies[0].rows, function (r) {
    return r.cells[index].textContent.trim(); }); }
  var score = table.tHead.rows[0].cells[3];
  score.click(); p.ascending = column(3).map(Number);
  score.click(); p.descending = column(3).map(Number);
  var filter = document.querySelector('input.filter[data-table="products-table"]');
  p.filterVisible = !filter.hidden;
  filter.value = 'urn:dmb:dp:finance:invoices'; filter.dispatchEvent(new Event('input'));
  var visible = Array.prototype.filter.call(table.tBodies[0].rows, function (r) { return !r.hidden; });
  p.shown = visible.map(function (r) { return r.cells[1].textContent.trim(); });
  p.rows = table.tBodies[0].rows.length;
  p.charts = Array.prototype.map.call(document.querySelectorAll('svg.chart'), function (svg) {
    var box = svg.getBoundingClientRect();
    return {bars: svg.querySelectorAll('rect.bar').length, width: box.width, height: box.height,
            widest: Math.max.apply(null, Array.prototype.map.call(svg.querySelectorAll('rect.bar'),
              function (r) { return r.getBBox().width; }))};
  });
  var matrix = document.getElementById('domain-matrix'), mbox = matrix && matrix.getBoundingClientRect();
  p.matrix = matrix && {width: mbox.width, height: mbox.height,
    cells: Array.prototype.map.call(matrix.querySelectorAll('rect.cell'), function (r) {
      return [r.getAttribute('data-from'), r.getAttribute('data-to'), Number(r.getAttribute('data-count')),
              r.getBBox().width]; })};
  p.ready = document.body.getAttribute('data-ready');
  p.resources = performance.getEntriesByType('resource').map(function (e) { return e.name; });
  var out = document.createElement('pre'); out.id = 'probe-result'; out.textContent = JSON.stringify(p);
  document.body.appendChild(out);
})();
</script>"""


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from meshgate.cli import main

    out = tmp_path_factory.mktemp("browser") / "audit.html"
    cwd = Path.cwd()
    os.chdir(REPO)
    try:
        assert (
            main(
                [
                    "audit",
                    "examples",
                    "--config",
                    "examples/governance.yaml",
                    "--today",
                    "2026-12-01",
                    "--format",
                    f"html={out}",
                ]
            )
            == 0
        )
    finally:
        os.chdir(cwd)
    return out


def test_the_page_works_in_a_browser_without_network(page: Path, tmp_path: Path) -> None:
    text = page.read_text(encoding="utf-8")
    head, rest = text.split("<style>", 1)
    probe = tmp_path / "probe.html"
    probe.write_text(
        head + FIRST + "<style>" + rest.replace("</body></html>", LAST + "</body></html>"), encoding="utf-8"
    )
    done = _chromium(tmp_path, "--dump-dom", probe.as_uri())
    assert done.returncode == 0, done.stderr
    marker = '<pre id="probe-result">'
    assert marker in done.stdout, done.stdout[-2000:]
    result = json.loads(
        done.stdout.split(marker, 1)[1]
        .split("</pre>", 1)[0]
        .replace("&quot;", '"')
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
    )
    assert result["errors"] == []
    assert result["resources"] == []  # nothing fetched
    assert result["ready"] == "yes"
    assert result["ascending"] == sorted(result["ascending"])
    assert result["descending"] == sorted(result["descending"], reverse=True)
    assert result["ascending"] != result["descending"]
    assert result["filterVisible"] is True
    assert result["rows"] > 5
    assert result["shown"] == ["finance"]  # the invoices product only
    assert len(result["charts"]) == 3
    for chart in result["charts"]:
        assert chart["bars"] > 0
        assert chart["width"] > 100
        assert chart["height"] > 30
        assert chart["widest"] > 0
    # The Mesh section's domain x domain matrix: every pair of domains a cell, drawn.
    matrix = result["matrix"]
    assert matrix is not None
    assert matrix["width"] > 100
    assert matrix["height"] > 100
    domains = sorted({cell[0] for cell in matrix["cells"]})
    assert len(matrix["cells"]) == len(domains) ** 2
    assert all(cell[3] > 0 for cell in matrix["cells"])
    # finance's revenue reads checkout's orders and marketing's reach, which reads it back and the cohorts.
    assert {(cell[0], cell[1], cell[2]) for cell in matrix["cells"] if cell[2]} == {
        ("finance", "checkout", 1),
        ("finance", "marketing", 1),
        ("marketing", "finance", 1),
        ("marketing", "marketing", 1),
    }


def test_without_javascript_the_tables_are_plain_tables(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    # the filter boxes are hidden until the script shows them; every row is in the HTML itself
    assert 'class="filter" type="search" hidden' in text
    assert text.count("<details>") >= 6


def test_a_screenshot_of_the_page(page: Path, tmp_path: Path) -> None:
    shot = tmp_path / "audit.png"
    done = _chromium(tmp_path, "--window-size=1280,1800", f"--screenshot={shot}", page.as_uri())
    assert done.returncode == 0, done.stderr
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG")
    assert len(data) > 50_000  # a rendered page, not a blank one
    if os.environ.get("MESHGATE_SCREENSHOT"):
        shutil.copyfile(shot, os.environ["MESHGATE_SCREENSHOT"])
