import os
import sys

# Before numpy loads: OpenBLAS's spinning worker threads are several times slower than one thread when the
# cores are shared (a 2-core machine running llama.cpp, tests and the UI beside the forge), the same lesson
# as llama.cpp's `threads`. FORGE_THREADS (or OPENBLAS_NUM_THREADS itself) overrides it.
os.environ.setdefault("OPENBLAS_NUM_THREADS", os.environ.get("FORGE_THREADS", "1"))

from .cli import main  # noqa: E402

sys.exit(main())
