"""Open Referral HSDS: import 211 data as reviewable drafts, export HSDS 3.0, serve the HSDS 3.0 API.

read.py (packages and JSON into one table shape) -> clean.py (value rules) -> select.py (what is
relevant, taxonomy mapping) -> load.py (drafts through resources.services, one ImportBatch);
records.py (our listings as HSDS 3.0 records) -> export.py (tabular package) and api.py (views).
"""
