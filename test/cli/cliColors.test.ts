import {stripVTControlCharacters} from "node:util";
import {describe, expect, it} from "vitest";
import {colorLevel, colorsFor, plainColors} from "../../src/cli/cliColors.js";
import {formatError} from "../../src/cli/exitCodes.js";
import {historyText} from "../../src/cli/commands/history.js";
import {inspectText} from "../../src/cli/commands/inspect.js";
import {listLine} from "../../src/cli/commands/list.js";
import {progressLine} from "../../src/cli/progressLine.js";
import {renderProgressBar} from "../../src/forge/index.js";
import type {CycleRecord} from "../../src/loops/index.js";
import {Mirror} from "../../src/objects/index.js";
import {PlainWorld} from "../objects/helpers/plainWorld.js";

const terminal = {isTTY: true, getColorDepth: () => 8};
const pipe = {isTTY: false};
const ansi = "\u001b[";

describe("when the command line colours", () => {
    it("colours a terminal, never a pipe or a file, and never with NO_COLOR set", () => {
        expect(colorLevel(terminal, {})).toBe(2);
        expect(colorLevel({isTTY: true, getColorDepth: () => 24}, {})).toBe(3);
        expect(colorLevel(pipe, {})).toBe(0);
        expect(colorLevel({}, {})).toBe(0);
        expect(colorLevel(terminal, {TERM: "dumb"})).toBe(0);
        expect(colorLevel(terminal, {NO_COLOR: "1"})).toBe(0);
        // NO_COLOR wins even over FORCE_COLOR; an empty NO_COLOR means nothing (no-color.org).
        expect(colorLevel(pipe, {NO_COLOR: "1", FORCE_COLOR: "3"})).toBe(0);
        expect(colorLevel(terminal, {NO_COLOR: ""})).toBe(2);
        expect(colorLevel(pipe, {FORCE_COLOR: "1"})).toBe(1);
        expect(colorLevel(pipe, {FORCE_COLOR: "true"})).toBe(1);
        expect(colorLevel(terminal, {FORCE_COLOR: "0"})).toBe(0);
        expect(colorLevel(terminal, {FORCE_COLOR: "false"})).toBe(0);
        expect(colorsFor(terminal, {}).enabled).toBe(true);
        expect(colorsFor(pipe, {}).error("x")).toBe("x");
        expect(colorsFor(terminal, {NO_COLOR: "1"}).error("x")).toBe("x");
    });
});

describe("what the command line colours", () => {
    const colors = colorsFor(terminal, {});

    it("colours errors, and leaves them plain without colours", () => {
        const error = Object.assign(new Error("There is no image at x.json. Create one with `living-image new x.json`."), {userError: true});
        const coloured = formatError(error, 1, colors);
        expect(coloured).toContain(ansi);
        expect(stripVTControlCharacters(coloured)).toBe(formatError(error, 1));
        expect(formatError(error, 1)).toBe("living-image: There is no image at x.json. Create one with `living-image new x.json`.");
        const bug = formatError(new TypeError("boom"), 2, colors);
        expect(stripVTControlCharacters(bug)).toMatch(/^living-image: internal error: TypeError: boom\n\s+at /);
    });

    it("colours list, inspect and history, with the same text as plain output", () => {
        const persona = {name: "BRICK", baseModelPath: "models/m.gguf", activeAdapterPath: null, goldenSamples: 3, methods: 1};
        expect(listLine(persona, plainColors)).toBe("BRICK      model models/m.gguf  adapter (none)  golden 3  methods 1");
        expect(listLine(persona, colors)).toContain(ansi);
        expect(stripVTControlCharacters(listLine(persona, colors))).toBe(listLine(persona, plainColors));

        const mirror = new Mirror(new PlainWorld().add("BRICK", {"greet:": "answer hi"}));
        const inspected = inspectText(mirror, colors);
        expect(inspected).toContain(ansi);
        expect(stripVTControlCharacters(inspected)).toBe(inspectText(mirror, plainColors));
        expect(inspectText(mirror, plainColors)).toMatch(/^BRICK {2}\(.+\)\n {2}personaId {12}/);

        const at = new Date(Date.UTC(2026, 0, 1));
        const cycles: CycleRecord[] = [
            {cycleId: "c1", persona: "BRICK", at, reason: "manual", decision: "failed", stage: "forge", why: "The forge crashed.", previousAdapter: null, datasetSize: 4, ms: 10},
            {cycleId: "c2", persona: "BRICK", at, reason: "manual", decision: "swapped", why: "better", adapter: "adapters/BRICK/a.gguf", sha256: "0".repeat(64),
                previousAdapter: null, lossBefore: 2, lossAfter: 1, scoreBefore: null, scoreAfter: null, judgedPrompts: 0, datasetSize: 4,
                trainSamples: 3, heldOutSamples: 1, steps: 5, backend: "numpy", ms: 10}
        ];
        const history = historyText("BRICK", cycles, colors);
        expect(history).toContain("\u001b[31mfailed");
        expect(history).toContain("\u001b[32mswapped");
        const plain = historyText("BRICK", cycles, plainColors);
        expect(stripVTControlCharacters(history)).toBe(plain);
        expect(plain.split("\n")).toHaveLength(3);
        expect(plain.split("\n")[1]).toMatch(/^ {2}failed {4}2026-01-01 00:00:00 cycle c1 \(asked for\): BRICK's cycle failed while training/);
        expect(historyText("ROBIN", [], plainColors)).toBe("ROBIN has no improvement cycles yet.");
    });

    it("colours the forge's progress bar and redraws it in place only on a terminal", () => {
        const event = {step: 1, total: 2, loss: 1, tokensPerSecond: null};
        const bar = renderProgressBar(event, 4, {done: colors.ok, rest: colors.muted});
        expect(bar).toContain(ansi);
        expect(stripVTControlCharacters(bar)).toBe(renderProgressBar(event, 4));

        const written: string[] = [];
        const tty = progressLine({isTTY: true, write: (text: string) => void written.push(text)});
        tty.update("[##--] 1/2", 0.5);
        tty.done();
        expect(written.join("")).toBe("\u001b[1G[##--] 1/2\u001b[0K\n");
        const logged: string[] = [];
        const log = progressLine({isTTY: false, write: (text: string) => void logged.push(text)});
        log.update("[##--] 1/2", 0.5);
        log.done();
        expect(logged).toEqual(["[##--] 1/2\n"]);
    });
});
