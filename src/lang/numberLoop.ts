import type {Code, Frame} from "./Frame.js";
import {returnMarker} from "./Frame.js";
import type {Interpreter} from "./Interpreter.js";

/** An inlined `to:do:` from `start` to `end`, at iteration `from`: answers `start`, the return marker, or a Promise of either. */
export type NumberLoop = (start: number, end: number, from: number, f: Frame) => unknown;

/** Answered by a run of iterations that reached the end of its range. */
const finished: object = Object.freeze({finished: true});

/**
 * The loop of an inlined `to:do:` / `to:by:do:` whose index lives in `slot` of the running frame.
 * Two functions: `run`, the hot loop, and `loop`, which handles the step checkpoints. V8 optimizes
 * a loop that runs long on its first call while that call is still running (on-stack replacement),
 * with the type feedback gathered so far, and a call site that has never run has none: an optimized
 * loop that calls the checkpoint for the first time (the first checkpoint comes after 10,000 steps)
 * is thrown away. So `run` calls nothing but the body: when a step passes the checkpoint it answers
 * that iteration's index, and `loop` calls the checkpoint and runs on from there. For the same
 * reason `run` reads the frame's fields inside its loop, not before it: V8 gives a function its
 * feedback vector only after a few calls, so code before the loop of a long first call has no
 * feedback, and a version compiled during that call deopts at the next call's entry and leaves the
 * loop to slower OSR code (the lang bench's loop ran at 6 or 7.5 ms by chance before this).
 * No closure in `run` captures `i` (continuations are made by helpers), so it stays in a register.
 */
export function numberLoop(interpreter: Interpreter, at: number, by: number, slot: number, body: Code): NumberLoop {
    const run = by > 0
        ? (start: number, end: number, from: number, f: Frame): unknown => {
            for (let i = from; i <= end; i += by) {
                const exec = f.exec;
                if (++exec.steps > exec.budget) return i;
                f.vars[slot] = i;
                const out = body(f);
                if (out === returnMarker) return out;
                if (out instanceof Promise) return afterAsyncBody(out, loop, start, end, i + by, f);
            }
            return finished;
        }
        : (start: number, end: number, from: number, f: Frame): unknown => {
            for (let i = from; i >= end; i += by) {
                const exec = f.exec;
                if (++exec.steps > exec.budget) return i;
                f.vars[slot] = i;
                const out = body(f);
                if (out === returnMarker) return out;
                if (out instanceof Promise) return afterAsyncBody(out, loop, start, end, i + by, f);
            }
            return finished;
        };
    const loop = (start: number, end: number, from: number, f: Frame): unknown => {
        let out = run(start, end, from, f);
        while (typeof out === "number") {
            // Iteration `out` counted its step and passed the checkpoint: stop the run, wait for the event loop, or go on with it (its step counted once).
            f.at = at;
            const wait = interpreter.checkpoint(f);
            if (wait !== undefined) return resumeLoop(wait, loop, start, end, out, f);
            f.exec.steps--;
            out = run(start, end, out, f);
        }
        return out === finished ? start : out;
    };
    return loop;
}

/** The loop goes on at `i` once the event loop had its turn. */
function resumeLoop(wait: Promise<void>, loop: NumberLoop, start: number, end: number, i: number, f: Frame): Promise<unknown> {
    return wait.then(() => loop(start, end, i, f));
}

/** The loop's body went asynchronous: the loop goes on at `next` once it answered, unless it returned from the method. */
function afterAsyncBody(out: Promise<unknown>, loop: NumberLoop, start: number, end: number, next: number, f: Frame): Promise<unknown> {
    return out.then((v) => v === returnMarker ? v : loop(start, end, next, f));
}
