"""District budgets (wijkbudget): residents propose, the team reviews with the portfolio holder's advice, residents
vote, the tally engine (wijkgericht.voting) counts and explains, and what was chosen is realised in sight."""
