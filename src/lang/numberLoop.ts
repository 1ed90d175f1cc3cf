import type {BlockNode} from "./ast.js";
import type {Code, Frame} from "./Frame.js";
import {returnMarker} from "./Frame.js";
import type {Interpreter} from "./Interpreter.js";

/** An inlined `to:do:` from `start` to `end`, at iteration `from`: answers `start`, the return marker, or a Promise of either. */
export type NumberLoop = (start: number, end: number, from: number, f: Frame) => unknown;

/**
 * The hot loop: iterations from `from` to `end`, the index in `slot`. Answers the index of an
 * iteration whose step passed the checkpoint (a number), the return marker, a Promise, or `finished`.
 */
type Run = (start: number, end: number, from: number, f: Frame) => unknown;
type RunFactory = (slot: number, by: number, body: Code, loop: NumberLoop) => Run;

/** Answered by a run of iterations that reached the end of its range. */
const finished: object = Object.freeze({finished: true});

/**
 * The same loop, written out once per kind of body (see loopShape). V8 keeps one set of type
 * feedback per function literal, shared by every closure made from it: with one literal, the call
 * of the body saw the bodies of every to:do: of the image, its inlining became polymorphic, and a
 * loop of block calls ran a third slower once a loop of arithmetic had run (the lang bench's two
 * workloads: 2.5 ms alone, 3.3 ms after the other). Bodies of one kind are closures of one
 * literal, which V8 still inlines. The copies must stay identical.
 */
const runFactories: readonly RunFactory[] = [
    (slot, by, body, loop) => (start, end, from, f) => {
        for (let i = from; by > 0 ? i <= end : i >= end; i += by) {
            const exec = f.exec;
            if (++exec.steps > exec.budget) return i;
            f.vars[slot] = i;
            const out = body(f);
            if (typeof out === "object" && out !== null) {
                if (out === returnMarker) return out;
                if (out instanceof Promise) return afterAsyncBody(out, loop, start, end, i + by, f);
            }
        }
        return finished;
    },
    (slot, by, body, loop) => (start, end, from, f) => {
        for (let i = from; by > 0 ? i <= end : i >= end; i += by) {
            const exec = f.exec;
            if (++exec.steps > exec.budget) return i;
            f.vars[slot] = i;
            const out = body(f);
            if (typeof out === "object" && out !== null) {
                if (out === returnMarker) return out;
                if (out instanceof Promise) return afterAsyncBody(out, loop, start, end, i + by, f);
            }
        }
        return finished;
    },
    (slot, by, body, loop) => (start, end, from, f) => {
        for (let i = from; by > 0 ? i <= end : i >= end; i += by) {
            const exec = f.exec;
            if (++exec.steps > exec.budget) return i;
            f.vars[slot] = i;
            const out = body(f);
            if (typeof out === "object" && out !== null) {
                if (out === returnMarker) return out;
                if (out instanceof Promise) return afterAsyncBody(out, loop, start, end, i + by, f);
            }
        }
        return finished;
    },
    (slot, by, body, loop) => (start, end, from, f) => {
        for (let i = from; by > 0 ? i <= end : i >= end; i += by) {
            const exec = f.exec;
            if (++exec.steps > exec.budget) return i;
            f.vars[slot] = i;
            const out = body(f);
            if (typeof out === "object" && out !== null) {
                if (out === returnMarker) return out;
                if (out instanceof Promise) return afterAsyncBody(out, loop, start, end, i + by, f);
            }
        }
        return finished;
    }
];

/**
 * Which copy of the loop a block's body gets: `x := b value: y`, `x := y + …` (or `-`), one other
 * statement, several statements.
 */
export function loopShape(block: BlockNode): number {
    if (block.statements.length !== 1) return 3;
    const statement = block.statements[0]!;
    if (statement.kind === "assign" && statement.value.kind === "send") {
        const selector = statement.value.selector;
        if (selector === "value" || selector === "value:") return 0;
        if (selector === "+" || selector === "-") return 1;
    }
    return 2;
}

/**
 * The loop of an inlined `to:do:` / `to:by:do:` whose index lives in `slot` of the running frame.
 * Two functions: `run`, the hot loop, and `loop`, which handles the step checkpoints. V8 optimizes
 * a loop that runs long on its first call while that call is still running (on-stack replacement),
 * with the type feedback gathered so far, and a call site that has never run has none: an optimized
 * loop that calls the checkpoint for the first time (the first checkpoint comes after 10,000 steps)
 * is thrown away. So `run` calls nothing but the body: when a step passes the checkpoint it answers
 * that iteration's index, and `loop` calls the checkpoint and runs on from there. For the same
 * reason `run` does nothing before its loop (it reads the frame's fields inside it): V8 gives a function its feedback vector only after a few calls,
 * so code before the loop of a long first call has no feedback, and a version compiled during that
 * call deopts at the next call's entry and leaves the loop to slower OSR code (the lang bench's
 * loop ran at 6 or 7.5 ms by chance before this).
 * No closure in `run` captures `i` (continuations are made by helpers), so it stays in a register.
 */
export function numberLoop(interpreter: Interpreter, at: number, by: number, slot: number, body: Code, shape: number): NumberLoop {
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
    const run = runFactories[shape]!(slot, by, body, loop);
    return loop;
}

/** The loop goes on at `i` once the event loop had its turn. */
function resumeLoop(wait: Promise<void>, loop: NumberLoop, start: number, end: number, i: number, f: Frame): Promise<unknown> {
    return wait.then(() => loop(start, end, i, f));
}

/** The loop's body went asynchronous: the loop goes on at `next` once it answered, unless it returned from the method. */
function afterAsyncBody(out: Promise<unknown>, loop: NumberLoop, start: number, end: number, next: number, f: Frame): Promise<unknown> {
    return out.then((v) => typeof v === "object" && v === returnMarker ? v : loop(start, end, next, f));
}
