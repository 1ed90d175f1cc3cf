import {describe, expect, it} from "vitest";
import {MessageNotUnderstoodError} from "../../src/index.js";
import type {Runtime} from "../../src/index.js";
import {dnuPolicyOf, parseDnuPolicy} from "../../src/runtime/dnuPolicy.js";
import {freshRuntimeForEach} from "./helpers.js";
import {scriptedEngine} from "./scriptedEngine.js";

// The embedded model's drafts are measured by the synthesis tests and the bench; here what is tested is the
// policy around them, so the drafts are fixed (scriptedEngine): one that passes the gates, and one the gates must stop.

let runtime: Runtime;

freshRuntimeForEach((fresh) => ({runtime} = fresh));

describe("the doesNotUnderstand policy", () => {
    it("is #signal by default, set per persona by a message, and kept in the persona's slot", async () => {
        const brick = runtime.manager.get("BRICK");
        expect(runtime.dnuPolicyOf(brick)).toBe("signal");
        await runtime.evaluate("BRICK doesNotUnderstandPolicy: #ask");
        expect(runtime.dnuPolicyOf(brick)).toBe("ask");
        expect(brick.record.slots["doesNotUnderstandPolicy"]).toBe("ask");
        expect(runtime.dnuPolicyOf(runtime.manager.get("ROBIN"))).toBe("signal");
        await runtime.evaluate("BRICK doesNotUnderstandPolicy: nil");
        expect(runtime.dnuPolicyOf(brick)).toBe("signal");
        expect(Object.hasOwn(brick.record.slots, "doesNotUnderstandPolicy")).toBe(false);
    });

    it("falls back to the image setting, then the front end's default; #debug signals where no debugger is attached", async () => {
        const brick = runtime.manager.get("BRICK");
        runtime.image.update((draft) => {
            draft.settings["doesNotUnderstandPolicy"] = "ask";
        }, "test setting");
        expect(runtime.dnuPolicyOf(brick)).toBe("ask");
        runtime.image.update((draft) => {
            delete draft.settings["doesNotUnderstandPolicy"];
        }, "test setting");
        runtime.defaultDnuPolicy = "debug";
        expect(runtime.dnuPolicyOf(brick)).toBe("signal");
        const detach = runtime.debugger.attach(() => undefined);
        expect(runtime.dnuPolicyOf(brick)).toBe("debug");
        detach();
    });

    it("refuses a value that is not a policy, changing nothing", async () => {
        await expect(runtime.evaluate("BRICK doesNotUnderstandPolicy: #chat")).rejects.toThrow(/not a doesNotUnderstand policy\. Use one of #debug, #signal, #ask, #synthesize/);
        expect(Object.hasOwn(runtime.manager.get("BRICK").record.slots, "doesNotUnderstandPolicy")).toBe(false);
        // A damaged value in the image is named where it is, with the fix.
        expect(() => dnuPolicyOf({...runtime.manager.get("BRICK").record, slots: {doesNotUnderstandPolicy: 3}}, runtime.image.state.settings, "signal"))
            .toThrow(/BRICK's slot doesNotUnderstandPolicy is 3, which is not a doesNotUnderstand policy/);
        expect(parseDnuPolicy({$st: "Symbol", name: "ask"}, "x")).toBe("ask");
        expect(parseDnuPolicy("#debug", "x")).toBe("debug");
    });

    it("signals a typo with where it happened, and the persona's own doesNotUnderstand: still comes first", async () => {
        const error = await runtime.evaluate("BRICK goldenDataSet size").catch((e: unknown) => e);
        expect(error).toBeInstanceOf(MessageNotUnderstoodError);
        expect((error as Error).message).toMatch(/Did you mean #goldenDataset\?.*BRICK doesNotUnderstandPolicy: #ask/);
        await runtime.evaluate("BRICK compile: 'doesNotUnderstand: aMessage ^ aMessage selector size'");
        expect(await runtime.evaluate("BRICK goldenDataSet")).toBe(13);
    });

    it("#synthesize: a draft that passes the gates is installed with its provenance without asking, and the send answers; one that fails is not", async () => {
        runtime.attachEngine(scriptedEngine(["twice: n\n\t^ n * 2"]));
        await runtime.evaluate("BRICK doesNotUnderstandPolicy: #synthesize");
        expect(await runtime.evaluate("(BRICK twice: 21) + 0")).toBe(42);
        const method = runtime.manager.get("BRICK").record.methods["twice:"]!;
        expect(method.provenance).toMatchObject({origin: "synthesized", acceptedBy: "policy"});
        expect(method.provenance!.gates.every((g) => g.passed)).toBe(true);

        runtime.attachEngine(scriptedEngine(["thrice: n\n\t^ Image saveAs: 'elsewhere.image.json'"]));
        await expect(runtime.evaluate("BRICK thrice: 3")).rejects.toThrow(/BRICK does not understand #thrice:/);
        expect(runtime.manager.get("BRICK").record.methods["thrice:"]).toBeUndefined();
    });
});
