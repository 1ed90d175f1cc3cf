"""Puts forge-py on sys.path so `python3 -m pytest forge-py/tests` works from the repository root."""
import os
import sys

# As in forge/__main__.py: one BLAS thread, set before numpy is first imported.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
