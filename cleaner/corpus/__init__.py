"""The folder command's machinery: which inputs, which records are stale, who cleans them, what is written.

run.py plans and runs a folder (or stdout); manifest.py remembers what each record was made from;
workers.py is the process pool with a per-document time limit; atomic.py writes whole files or none;
report.py prints progress and the summary. I/O lives here and at the command line, not in the stages.
"""
