"""Method of Equal Shares (MES) with cost satisfaction, fast and exact.

Semantics (pabutools' ``method_of_equal_shares`` with ``Cost_Sat``, resolute, lexicographic tie-breaking): every
voter starts with ``budget / number of voters`` (ballots without support count too). A project ``p`` with cost
``c`` and supporters ``i`` with satisfaction ``s_i = u_i × c`` is *affordable* if its supporters hold at least
``c`` together; its price per unit of satisfaction ``rho`` is the least value with
``sum_i min(b_i, rho × s_i) = c``. Each round buys the affordable project with the smallest ``rho`` (ties: the
smallest project id in ``str`` order) and each supporter pays ``min(b_i, rho × s_i)``. Projects without support or
without cost never take part. The rule stops when nothing is affordable.

Exactness. The fast engine computes budgets in float64 and carries a rigorous bound ``E`` on the absolute error of
every budget (see ``docs/adr/0002-voting-engine.md`` and :mod:`.float_price`). A decision is taken in floats only
when certified intervals separate it, or when all contenders have exact Fractions (genuine ties). Otherwise the
pass raises :class:`~.result.NeedExact` and is recomputed by the exact pass, which does the same in
``fractions.Fraction`` throughout. So the float engine returns either the exact outcome or nothing.

Modules, one job each:

* :mod:`.engine` — ``MesEngine``: per-project arrays precomputed once and reused by every pass; ``MesEngine.run``
  runs one pass (float, falling back to exact) and :func:`~.engine.method_of_equal_shares` is the rule;
* :mod:`.result` — what a pass returns (``MesResult``, ``Purchase``, ``RoundTrace``) and ``NeedExact``;
* :mod:`.float_pass` — the certified float pass: rounds, the winner of a round, the payment;
* :mod:`.float_price` — one project in one round of the float pass: certified affordability and price interval;
* :mod:`.certificate` — for add1: certify that every pass between an anchor pass and this one has its outcome;
* :mod:`.water_filling` — solving ``sum_i w_i × min(b_i, rho × s_i) = c``, in floats and in Fractions;
* :mod:`.exact_pass` — the pass in ``Fraction`` throughout;
* :mod:`.numeric` — the unit round-off of the error bounds and a dot product without threaded BLAS.
"""
