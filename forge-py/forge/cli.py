"""`python3 -m forge COMMAND --job JOB.json`: runs one command and reports it as JSON lines on stdout."""
from __future__ import annotations

import argparse
import sys
import traceback
from typing import Callable

from .cancel import CancelToken
from .errors import Cancelled, ForgeError
from .events import EventWriter
from .job import Job

EXIT_OK, EXIT_ERROR, EXIT_CANCELLED = 0, 1, 130


def _commands() -> dict[str, Callable[[Job, EventWriter, CancelToken], dict]]:
    # Imported lazily so `forge unsloth` on a machine without numpy-heavy paths stays cheap, and vice versa.
    from .commands.genesis import run_genesis
    from .commands.lora import run_lora
    from .commands.merge import run_merge
    from .commands.peft_export import run_peft_export
    from .commands.unsloth import run_peft, run_unsloth

    return {"lora": run_lora, "genesis": run_genesis, "unsloth": run_unsloth, "peft": run_peft, "merge": run_merge, "peft-export": run_peft_export}


def main(argv: list[str] | None = None, events: EventWriter | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m forge", description="The Living Image forge.")
    parser.add_argument("command", choices=["lora", "genesis", "unsloth", "peft", "merge", "peft-export"])
    parser.add_argument("--job", required=True, help="path of the JSON job file")
    args = parser.parse_args(argv)
    events = events or EventWriter()
    cancel = CancelToken().install()
    try:
        job = Job.load(args.job)
        summary = _commands()[args.command](job, events, cancel)
        events.emit("done", **summary)
        return EXIT_OK
    except Cancelled as error:
        events.emit("error", kind=error.kind, message=str(error))
        events.say(f"forge {args.command}: {error}")
        return EXIT_CANCELLED
    except ForgeError as error:
        events.emit("error", kind=error.kind, message=str(error), **{k: str(v) for k, v in error.fields.items()})
        events.say(f"forge {args.command}: {error}")
        return EXIT_ERROR
    except KeyboardInterrupt:
        events.emit("error", kind="cancelled", message="interrupted; nothing was written")
        return EXIT_CANCELLED
    except Exception as error:  # noqa: BLE001 - the protocol promises an error event for every failure
        events.emit("error", kind="internal", message=f"{type(error).__name__}: {error}")
        traceback.print_exc(file=sys.stderr)
        return EXIT_ERROR
    finally:
        cancel.uninstall()
