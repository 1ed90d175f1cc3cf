"""The Living Image forge: LoRA training and the project's own base model, in numpy on the CPU.

Run as ``python3 -m forge COMMAND --job JOB.json``; see ``forge-py/README.md``.
"""

__version__ = "0.1.0"
