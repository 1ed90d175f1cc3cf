"""Puts forge-py on sys.path so `python3 -m pytest forge-py/tests` works from the repository root."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
