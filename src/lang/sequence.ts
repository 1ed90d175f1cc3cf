import type {Code, Frame} from "./Frame.js";
import {returnMarker} from "./Frame.js";

/**
 * Helpers that run compiled code synchronously while every step is synchronous and switch to
 * `async` only from the step that answered a Promise. Pure computation never allocates a Promise.
 */

/**
 * Runs statements in order and answers the last value (nil when there are none). A statement
 * answering the return marker (a `^` in an inlined block) ends the sequence with it.
 */
export function sequence(codes: readonly Code[]): Code {
    if (codes.length === 0) return () => null;
    if (codes.length === 1) return codes[0]!;
    if (codes.length === 2) {
        const first = codes[0]!, second = codes[1]!;
        return (f) => {
            const r = first(f);
            // The marker and a Promise are objects: a statement's usual number never meets the identity test (which, seeing
            // numbers and objects, V8 compiles to a call of its generic StrictEqual).
            if (typeof r === "object" && r !== null) {
                if (r === returnMarker) return r;
                if (r instanceof Promise) return r.then((v) => v === returnMarker ? v : second(f));
            }
            return second(f);
        };
    }
    const last = codes.length - 1;
    return (f) => {
        for (let i = 0; i < last; i++) {
            const r = codes[i]!(f);
            if (typeof r === "object" && r !== null) {
                if (r === returnMarker) return r;
                if (r instanceof Promise) return continueSequence(codes, i + 1, r, f);
            }
        }
        return codes[last]!(f);
    };
}

async function continueSequence(codes: readonly Code[], from: number, pending: Promise<unknown>, f: Frame): Promise<unknown> {
    if (await pending === returnMarker) return returnMarker;
    for (let i = from; i < codes.length - 1; i++) if (await codes[i]!(f) === returnMarker) return returnMarker;
    return codes[codes.length - 1]!(f);
}

/** Evaluates `codes` left to right into an array, then hands it to `use`. */
export function evaluateAll(codes: readonly Code[], f: Frame, use: (values: unknown[]) => unknown): unknown {
    const values = new Array<unknown>(codes.length);
    for (let i = 0; i < codes.length; i++) {
        const v = codes[i]!(f);
        if (v instanceof Promise) return continueAll(codes, i, v, values, f, use);
        values[i] = v;
    }
    return use(values);
}

async function continueAll(codes: readonly Code[], at: number, pending: Promise<unknown>, values: unknown[], f: Frame, use: (values: unknown[]) => unknown): Promise<unknown> {
    values[at] = await pending;
    for (let i = at + 1; i < codes.length; i++) values[i] = await codes[i]!(f);
    return use(values);
}

/** Applies `fn` to a value that may be a Promise, staying synchronous when it is not. */
export function andThen(value: unknown, fn: (value: unknown) => unknown): unknown {
    return value instanceof Promise ? value.then(fn) : fn(value);
}

/**
 * Runs `run`, handing a synchronous throw or an asynchronous rejection alike to `onError`
 * (whose answer, or throw, becomes the outcome).
 */
export function guarded(run: () => unknown, onError: (error: unknown) => unknown): unknown {
    let result: unknown;
    try {
        result = run();
    } catch (error) {
        return onError(error);
    }
    return result instanceof Promise ? result.catch(onError) : result;
}

/** Runs `run`, then `after` however `run` ended (a value, a throw or a rejection); `after` may itself be asynchronous. */
export function withFinally(run: () => unknown, after: () => unknown): unknown {
    let result: unknown;
    try {
        result = run();
    } catch (error) {
        return andThen(after(), () => {
            throw error;
        });
    }
    if (result instanceof Promise)
        return result.then(
            (v) => andThen(after(), () => v),
            (error: unknown) => andThen(after(), () => {
                throw error;
            }));
    return andThen(after(), () => result);
}
