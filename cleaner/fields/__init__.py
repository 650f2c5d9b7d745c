"""Field parsers: small pure functions from text (and rules) to a field value, each with its own tests.

They never reach back into a reader; `cleaner.pipeline` decides which block to hand each one.
"""
