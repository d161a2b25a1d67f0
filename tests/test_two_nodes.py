"""Two web nodes on one database keep their public pages current without a shared cache (issue #16).

Each node is a gunicorn process of its own with its own per-process page cache (no REDIS_URL): the first is the
burst tests' `wijkgericht demo` server, the second a plain gunicorn beside it on the same database (a file on
SQLite, a database of its own on PostgreSQL) and data folder. The page cache keys every entry on the
municipality's version counters (districts/versioning.py), so a change made through one node shows at once on the
other. A write that raises no counter stays hidden on the node that cached the page: that shows the cache is
really in use, and why every service must raise the counter.
"""

from __future__ import annotations

import pytest

from tests.burst.harness import Post, running_site

pytestmark = pytest.mark.slow

LIST = "/inbreng/?q=Burst"


@pytest.fixture(scope="module")
def nodes(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("nodes")
    with running_site(workdir, "_nodes") as first:
        second = first.another_node(tmp_path_factory.mktemp("second-node"))
        second.start()
        try:
            yield first, second
        finally:
            second.stop()


def _page(site, path: str) -> str:
    response = site.get(path)
    assert response.status == 200, (path, response.status, site.log())
    return response.body.decode()


def test_a_change_through_one_node_shows_at_once_on_the_other(nodes):
    a, b = nodes
    item = a.seed("scenario", kind="item")["id"]
    resident = a.seed("people", n=1, prefix="node-resident")[0]

    first = _page(a, LIST)
    assert "Burst: meer bankjes" in first and "0 steunbetuigingen" in first
    assert _page(a, LIST) == first  # the same page again, now from node A's own cache

    # Behind the services' back (no version raised): node A keeps its cached page, node B renders the new title.
    a.seed("scenario", kind="silent_retitle", id=item, title="Burst: bankjes, stil hernoemd")
    assert "stil hernoemd" not in _page(a, LIST)
    assert "stil hernoemd" in _page(b, LIST)

    # Through node B's support form: the service raises the municipality's version after its commit, and node A,
    # which never saw the request, shows the support (and the new title) on its next request.
    supported = b.burst([Post(f"/inbreng/{item}/steun/", {}, resident["session"])])
    assert supported.statuses == {"302": 1}, supported.line("support through B")
    after = _page(a, LIST)
    assert "Burst: bankjes, stil hernoemd" in after and "1 steunbetuiging" in after
    assert a.seed("state", kind="item", id=item)["supports"] == [resident["id"]]


def test_a_session_made_on_one_node_is_good_on_the_other(nodes):
    """Sessions live in the database (no REDIS_URL) and are signed with the one secret key both nodes read from the
    shared data folder: a resident moved by the load balancer stays signed in."""
    a, b = nodes
    resident = a.seed("people", n=1, prefix="node-traveller")[0]
    item = a.seed("scenario", kind="item")["id"]
    for node in (a, b):
        supported = node.burst([Post(f"/inbreng/{item}/steun/", {}, resident["session"])])
        assert supported.statuses == {"302": 1}
        assert "inloggen" not in supported.outcomes[0].location  # not sent to sign in
    assert a.seed("state", kind="item", id=item)["supports"] == [resident["id"]]
