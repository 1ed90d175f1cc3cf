"""Writes a file so that it exists only when complete: temp file in the same directory, fsync, rename."""
from __future__ import annotations

import hashlib
import os
import tempfile


def atomic_write_bytes(path: str, data: bytes) -> str:
    """Writes `data` to `path` atomically and returns its sha256 (hex).

    The temporary file sits beside the target (same file system, so the rename is atomic) and is removed
    if anything, including a KeyboardInterrupt, stops the write.
    """
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", suffix=".tmp", dir=directory)
    try:
        # mkstemp makes the file private (0600); an artifact gets the usual permissions of a new file.
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
