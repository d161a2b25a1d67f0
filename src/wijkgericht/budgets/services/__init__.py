"""The district budget's writes, one module per topic (rounds, proposals, realisation, voting, codes, results)."""
