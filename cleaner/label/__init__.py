"""Stage 2, labelling: every block becomes body, a named kind of boilerplate, or a field.

Text dumps: dump.py runs a context-free pass (rules and lengths), then a context pass and the body
region, scored by the learned model (features.py rows, model.py trees). HTML: html.py labels the blocks
trafilatura kept with the same context-free pass and HTML's own context. Each Label carries the rule or
feature that decided it. Labellers read blocks and rules; they never read bytes or markup.
"""
