"""The rules: `rules/*.toml` loaded, validated and compiled into one Rules object every stage reads.

load.py reads and checks the tables (a bad rule names its file and id); regex_safety.py refuses
patterns that backtrack; regex_literals.py and literal_search.py find the literal strings a pattern
needs, so most lines are ruled out without running the regex at all.
"""
