"""Participatory budgeting engine: pabulib `.pb` files and the rules that pick funded projects.

Pure Python, no Django: the app layer feeds it projects and ballots and stores what it returns.
Rules: greedy by votes (with an optional threshold), the Method of Equal Shares with cost or
cardinality utilities, and the add-one and greedy completions. See docs/budgeting.md.
"""
