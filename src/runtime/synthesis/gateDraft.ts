import {ParseError, decodeValue, encodeValue, parseMethod, printString} from "../../lang/index.js";
import type {MethodNode} from "../../lang/index.js";
import type {Proto} from "../../objects/index.js";
import {protoOf} from "../../objects/index.js";
import {checkCapabilities} from "./checkCapabilities.js";
import {SandboxWorld} from "./SandboxWorld.js";

/** Sends and loop iterations one example may take on the clone (builtins that copy charge one per element). */
export const exampleStepBudget = 200_000;
/** Method and block activations one example may nest. */
export const exampleMaxDepth = 2_000;
/** Bytes of free-slot data the clone may hold after an example (the memory a run leaves behind). */
export const exampleSlotBytes = 1_000_000;

/** An example: a one-argument block about the persona that must answer true, as Smalltalk source. */
export type SynthesisExample = {source: string};
/** The send that failed (the debugger's doesNotUnderstand): it must run without an error; its answer is not known. */
export type FailingSend = {args: readonly unknown[]};

export type GateName = "compiles" | "examples" | "capabilities";
export type GateResult = {gate: GateName, passed: boolean, detail: string};
export type ExampleRun = {example: string, passed: boolean, answer: string | null, error: string | null};
export type GateReport = {
    passed: boolean,
    gates: GateResult[],
    runs: ExampleRun[],
    /** The smallest failing example, as the model is told it (null when every gate passed). */
    failure: string | null
};

/** The body of `[:p | body]`, which is what the model sees of an example. */
export function exampleBody(source: string): string {
    const match = /^\s*\[\s*:\s*[A-Za-z_]\w*\s*\|([\s\S]*)\]\s*$/.exec(source);
    return match == null ? source.trim() : match[1]!.trim();
}

/**
 * The three gates a draft passes before it is offered: it compiles (the project's own parser and compiler); it
 * runs against the failing send and every example on a fresh clone of the persona, within a step and memory
 * budget, each example answering true; and it reaches nothing outside the clone (its source names no image,
 * system, file or other persona, and its runs were refused nothing).
 */
export function gateDraft(persona: Proto, selector: string, source: string, examples: readonly SynthesisExample[],
    options: {failingSend?: FailingSend | null, otherPersonas?: readonly string[], failingSendText?: string} = {}): Promise<GateReport> {
    return runGates(persona, selector, source, examples, options);
}

async function runGates(persona: Proto, selector: string, source: string, examples: readonly SynthesisExample[],
    options: {failingSend?: FailingSend | null, otherPersonas?: readonly string[], failingSendText?: string}): Promise<GateReport> {
    const gates: GateResult[] = [];
    let method: MethodNode;
    try {
        method = parseMethod(source);
        if (method.selector !== selector) throw new ParseError(`The draft defines #${method.selector}, not #${selector}`, 0, source);
        new SandboxWorld(persona, exampleStepBudget, exampleMaxDepth).interpreter.compiledMethod(source);
    } catch (error) {
        const detail = error instanceof Error ? error.message : String(error);
        gates.push({gate: "compiles", passed: false, detail});
        return {passed: false, gates, runs: [], failure: `it does not compile: ${firstLine(detail)}`};
    }
    gates.push({gate: "compiles", passed: true, detail: `#${selector} parses and compiles`});

    const uses = checkCapabilities(method, persona.name, options.otherPersonas ?? []);
    const runs: ExampleRun[] = [];
    const denied: string[] = uses.map((u) => `names ${u.what} (${u.detail})`);
    // Only a draft the static check let through is run: one that names the image is not tried at all.
    if (uses.length === 0) {
        const cases: {text: string, run: (world: SandboxWorld) => Promise<unknown>, expectTrue: boolean}[] = examples.map((e) => ({
            text: exampleBody(e.source), expectTrue: true,
            run: (world) => world.interpreter.evaluate(`(${e.source}) value: self`, {self: world.clone})
        }));
        if (options.failingSend != null) {
            const args = options.failingSend.args;
            cases.unshift({
                text: options.failingSendText ?? `p ${selector}`, expectTrue: false,
                run: (world) => world.interpreter.evaluate(`self perform: sel withArguments: args`, {
                    self: world.clone, bindings: new Map<string, unknown>([["sel", selector], ["args", args.map((a) => copyArgument(a, persona, world))]])
                })
            });
        }
        for (const c of cases) {
            const world = new SandboxWorld(persona, exampleStepBudget, exampleMaxDepth);
            world.install(selector, source);
            try {
                const answer = await c.run(world);
                const bytes = world.slotBytes();
                if (bytes > exampleSlotBytes) runs.push({example: c.text, passed: false, answer: null, error: `the clone holds ${bytes} bytes of slots, over the budget of ${exampleSlotBytes}`});
                else runs.push({example: c.text, passed: !c.expectTrue || answer === true, answer: printString(answer), error: null});
            } catch (error) {
                runs.push({example: c.text, passed: false, answer: null, error: error instanceof Error ? error.message : String(error)});
            }
            denied.push(...world.denied.map((d) => `tried ${d.capability} (${d.detail})`));
        }
        const failed = runs.filter((r) => !r.passed);
        gates.push({gate: "examples", passed: failed.length === 0,
            detail: failed.length === 0 ? `${runs.length} of ${runs.length} ran and answered as expected` : `${failed.length} of ${runs.length} failed`});
    } else gates.push({gate: "examples", passed: false, detail: "not run: the draft reaches outside the clone"});
    gates.push({gate: "capabilities", passed: denied.length === 0,
        detail: denied.length === 0 ? "reaches nothing outside the clone" : [...new Set(denied)].join("; ")});
    const passed = gates.every((g) => g.passed);
    return {passed, gates, runs, failure: passed ? null : failureLine(runs, denied)};
}

/** The smallest failing example, as the model is told it: `(p double: 3) = 6 (got 9)`. */
function failureLine(runs: readonly ExampleRun[], denied: readonly string[]): string {
    if (denied.length > 0) return `it reaches outside the persona: ${denied[0]}`;
    const failed = runs.filter((r) => !r.passed).sort((a, b) => a.example.length - b.example.length)[0];
    if (failed == null) return "it failed";
    return failed.error != null ? `${failed.example} (it raised an error)` : `${failed.example} (got ${failed.answer})`;
}

function firstLine(text: string): string {
    return text.split("\n")[0]!.slice(0, 120);
}

/** A failing send's argument, copied into the clone's world: the persona becomes its clone, data is copied. */
function copyArgument(value: unknown, persona: Proto, world: SandboxWorld): unknown {
    const proto = protoOf(value) ?? (value != null && typeof value === "object" && "personaId" in value && "world" in value ? value as Proto : null);
    if (proto != null) return proto.personaId === persona.personaId ? world.clone : null;
    return decodeValue(encodeValue(value), {classNamed: (name) => world.interpreter.classNamed(name), compileBlock: (s) => world.interpreter.blockFromSource(s)});
}
