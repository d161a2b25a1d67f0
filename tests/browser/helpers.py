"""Helpers for the browser tests: a guarded browser context, axe-core, and finding a pixel inside a map shape."""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
AXE_JS = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def new_page(browser, base_url: str, **context_options):
    """A context on the live server that aborts (and records in page.external_requests) any other request."""
    context = browser.new_context(base_url=base_url, locale="nl-NL", **context_options)
    context.set_default_timeout(10_000)
    external: list[str] = []

    def guard(route):
        if route.request.url.startswith(base_url):
            route.continue_()
        else:
            external.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.external_requests = external
    # Script errors and console errors (a CSP refusal shows up here), except the browser's own favicon probe.
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(f"pageerror: {error}"))
    page.on("console", lambda message: message.type == "error" and "favicon" not in (message.location or {}).get(
        "url", "") and page.errors.append(f"console: {message.text} @ {message.location}"))
    return context, page


def axe_violations(page) -> list[dict]:
    """Run axe-core (WCAG 2.0/2.1 A and AA rules) on the current page; returns its violations."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations",
        WCAG_TAGS,
    )


def describe_violations(url: str, violations: list[dict]) -> str:
    lines = [f"{url}: {len(violations)} axe violation(s)"]
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:5]:
            summary = " ".join(line.strip() for line in (node.get("failureSummary") or "").splitlines()[1:])
            lines.append(f"    {node['target']}: {summary}")
            lines.append(f"      {node['html'][:160]}")
    return "\n".join(lines)


def point_inside(page, selector: str) -> tuple[float, float]:
    """A viewport pixel where `selector` (an SVG shape) is the topmost element, found by sampling its box."""
    point = page.evaluate(
        """(selector) => {
          const el = document.querySelector(selector);
          if (!el) return null;
          const box = el.getBoundingClientRect();
          for (const n of [3, 5, 9, 17]) {
            for (let i = 1; i < n; i++) for (let j = 1; j < n; j++) {
              const x = box.left + box.width * i / n, y = box.top + box.height * j / n;
              if (document.elementFromPoint(x, y) === el) return [x, y];
            }
          }
          return null;
        }""",
        selector,
    )
    assert point, f"no visible pixel of {selector} on the map"
    return point[0], point[1]
