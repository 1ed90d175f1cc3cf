import {copyFile, readFile, writeFile} from "node:fs/promises";
import path from "node:path";
import {describe, expect, it} from "vitest";
import {DuplicatePersonaError, embeddedModelPath, ManagerAlreadyOpenError, ProtoManager, Runtime, SwapRefusedError} from "../../src/runtime/index.js";
import {InvalidCodexError, makeEvent} from "../../src/objects/index.js";
import type {LivingEvent} from "../../src/index.js";
import {writeGguf, writeLoraGguf} from "../llm/helpers/writeLoraGguf.js";
import {freshRuntimeForEach} from "./helpers.js";

let runtime: Runtime;
let dir: string;

freshRuntimeForEach((fresh) => ({runtime, dir} = fresh));

/** A LoRA adapter for the embedded model (n_embd 128), or with `inFeatures` for another base. */
async function adapterFile(name: string, inFeatures = 128): Promise<string> {
    const file = path.join(dir, name);
    await writeLoraGguf(file, {targets: [{name: "blk.0.attn_q.weight", out: 128, in: inFeatures}]});
    return file;
}

describe("ProtoManager", () => {
    it("lists the four personas of the default image, in order", () => {
        expect(runtime.manager.list().map((p) => p.name)).toEqual(["BRICK", "ROBIN", "ALFRED", "BABS"]);
        expect(runtime.manager.get("brick").name).toBe("BRICK");
    });

    it("is one per image: a second manager on the same image is refused", () => {
        expect(() => new ProtoManager(runtime.image, runtime.bus, () => runtime)).toThrow(ManagerAlreadyOpenError);
    });

    it("creates a persona from a codex, refuses a duplicate, and rejects a bad codex naming its JSON path", async () => {
        const codices = path.resolve("codices");
        await expect(runtime.manager.createPersona(path.join(codices, "brick.json"), null)).rejects.toThrow(DuplicatePersonaError);
        const bad = path.join(dir, "bad.json");
        await writeFile(bad, JSON.stringify({schemaVersion: 1, name: "ZED", identity: "x", role: "y", voice: {description: "d", styleMarkers: []}}));
        const error = await runtime.manager.createPersona(bad, null).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(InvalidCodexError);
        expect((error as InvalidCodexError).jsonPath).toBe("$.voice.styleMarkers");
        expect(runtime.manager.list()).toHaveLength(4);
    });

    it("makes clones that are independent both ways, however deep the change", async () => {
        const brick = runtime.manager.get("BRICK");
        runtime.image.update((draft) => {
            const persona = draft.personas[brick.personaId]!;
            persona.goldenDataset = persona.goldenDataset.append([{
                id: "s1", heldOut: false,
                messages: [{role: "user", content: "hi"}, {role: "assistant", content: "Logically, hello."}],
                provenance: {interactionId: null, judge: "test", model: null, adapter: null, scores: null, at: new Date(0)}
            }]);
        });
        const cloneId = await runtime.manager.cloneForExperimentation(brick.personaId);
        const clone = runtime.manager.protoFor(cloneId);
        expect(clone.name).toBe("BRICK_CLONE1");
        expect(clone.record.goldenDataset).toEqual(brick.record.goldenDataset);

        // The clone's dataset changes (one sample replaced, one appended): the original's does not.
        runtime.image.update((draft) => {
            const persona = draft.personas[cloneId]!;
            const first = persona.goldenDataset.at(0)!;
            const changed = {...first, messages: [first.messages[0]!, {...first.messages[1]!, content: "changed in the clone"}]};
            persona.goldenDataset = persona.goldenDataset.with(0, changed).append([{...changed, id: "s2"}]);
        });
        expect(brick.record.goldenDataset).toHaveLength(1);
        expect(brick.record.goldenDataset.at(0)!.messages[1]!.content).toBe("Logically, hello.");

        runtime.image.update((draft) => {
            const persona = draft.personas[brick.personaId]!;
            const first = persona.goldenDataset.at(0)!;
            persona.goldenDataset = persona.goldenDataset.with(0, {...first, messages: [{...first.messages[0]!, content: "changed in the original"}, first.messages[1]!]});
        });
        expect(clone.record.goldenDataset.at(0)!.messages[0]!.content).toBe("hi");
        expect(clone.record.goldenDataset).toHaveLength(2);

        // Both grow from the sample they share: each sees only its own appends.
        runtime.image.append(["personas", cloneId, "goldenDataset"], [{...clone.record.goldenDataset.at(0)!, id: "s3"}]);
        runtime.image.append(["personas", brick.personaId, "goldenDataset"], [{...brick.record.goldenDataset.at(0)!, id: "b2"}]);
        expect(clone.record.goldenDataset.map((s) => s.id)).toEqual(["s1", "s2", "s3"]);
        expect(brick.record.goldenDataset.map((s) => s.id)).toEqual(["s1", "b2"]);
    });

    it("journals a clone as a copy, not as its data, and replays it after a crash", async () => {
        const brick = runtime.manager.get("BRICK");
        runtime.image.update((draft) => {
            const persona = draft.personas[brick.personaId]!;
            persona.goldenDataset = persona.goldenDataset.append(Array.from({length: 2000}, (_, i) => ({
                id: `s${i}`, heldOut: false, messages: [{role: "user" as const, content: `question ${i} `.repeat(20)}],
                provenance: {interactionId: null, judge: "test", model: null, adapter: null, scores: null, at: new Date(i)}
            })));
        });
        await runtime.save();
        const cloneId = await runtime.manager.cloneForExperimentation(brick.personaId);
        const journal = await readFile(runtime.image.journalPath, "utf8");
        expect(journal.length).toBeLessThan(2000);
        runtime.image.update((draft) => {
            const persona = draft.personas[cloneId]!;
            persona.goldenDataset = persona.goldenDataset.with(0, {...persona.goldenDataset.at(0)!, heldOut: true});
        });
        // Reopen without saving: the journal replays the copy, then the change to the clone alone.
        const file = runtime.image.path;
        await runtime.dispose();
        runtime = await Runtime.open(file);
        expect(runtime.image.recovery.replayedEntries).toBe(2);
        const clone = runtime.manager.protoFor(cloneId);
        expect(clone.name).toBe("BRICK_CLONE1");
        expect(clone.record.goldenDataset).toHaveLength(2000);
        expect(clone.record.goldenDataset.at(0)!.heldOut).toBe(true);
        expect(runtime.manager.get("BRICK").record.goldenDataset.at(0)!.heldOut).toBe(false);
    });

    it("gives a clone no bus subscriptions, so after a reload the original answers an event once, not twice", async () => {
        await runtime.evaluate("ROBIN on: #Question do: [:event | ROBIN publish: #Answer with: (event at: #payload)]");
        const robin = runtime.manager.get("ROBIN");
        const cloneId = await runtime.manager.cloneForExperimentation(robin.personaId);
        const clone = runtime.manager.protoFor(cloneId);
        expect(clone.record.subscriptions).toEqual({});
        expect(clone.record.slots["cloneOf"]).toBe(robin.personaId);
        expect(runtime.manager.clones(robin.personaId).map((c) => c.name)).toEqual(["ROBIN_CLONE1"]);
        expect(runtime.manager.clones(runtime.manager.get("BRICK").personaId)).toEqual([]);
        const file = runtime.image.path;
        await runtime.save();
        await runtime.dispose();

        runtime = await Runtime.open(file);
        const answers: unknown[] = [];
        runtime.bus.subscribe({type: "user"}, (e) => {
            if (e.type === "user" && e.name === "Answer") answers.push([e.persona, e.payload]);
        });
        runtime.bus.publish(makeEvent({type: "user", persona: null, name: "Question", payload: "why?"}));
        await runtime.bus.flush();
        expect(answers).toEqual([["ROBIN", "why?"]]);
        expect(runtime.manager.get("ROBIN_CLONE1").record.subscriptions).toEqual({});
    });

    it("swaps a base model and the adapter trained for it together, in one update", async () => {
        const brick = runtime.manager.get("BRICK");
        // A base of the embedded model's shapes (a copy), and an adapter that fits it.
        const model = path.join(dir, "model.gguf");
        await copyFile(embeddedModelPath, model);
        const adapter = await adapterFile("for-model.gguf");
        const seen: unknown[] = [];
        runtime.manager.swapTarget = {
            swapAdapter: async () => {},
            swapModel: async (_id, file, options) => void seen.push([path.basename(file), path.basename(options?.adapter ?? "none")])
        };
        await runtime.manager.atomicSwapModel(brick.personaId, model, {adapter});
        expect(seen).toEqual([["model.gguf", "for-model.gguf"]]);
        expect(brick.record.baseModelPath).toBe(model);
        expect(brick.record.activeAdapterPath).toBe(adapter);
        // A model given where the adapter should be is refused before anything changes.
        await expect(runtime.manager.atomicSwapModel(brick.personaId, model, {adapter: model})).rejects.toThrow(/expected "adapter"/);
        expect(brick.record.activeAdapterPath).toBe(adapter);
    });

    it("checks an adapter file before swapping, and changes nothing when it is refused", async () => {
        const brick = runtime.manager.get("BRICK");
        const events: LivingEvent[] = [];
        runtime.bus.subscribe({persona: "BRICK"}, (e) => void events.push(e));
        const good = await adapterFile("brick-a.gguf");
        await runtime.manager.atomicSwapAdapter(brick.personaId, good);
        expect(brick.record.activeAdapterPath).toBe(good);

        const notGguf = path.join(dir, "not.gguf");
        await writeFile(notGguf, "hello");
        const model = path.join(dir, "model.gguf");
        await writeGguf(model, {"general.architecture": "llama"}, []);
        const otherBase = await adapterFile("other-base.gguf", 64);
        const truncated = path.join(dir, "truncated.gguf");
        const whole = await readFile(good);
        await writeFile(truncated, whole.subarray(0, whole.length - 100));
        for (const [file, reason] of [[notGguf, /not a GGUF/], [model, /expected "adapter"/], [path.join(dir, "missing.gguf"), /does not exist/],
            [otherBase, /do not fit the base model's blk.0.attn_q.weight.*another base/], [truncated, /truncated/]] as const) {
            const error = await runtime.manager.atomicSwapAdapter(brick.personaId, file).catch((e: unknown) => e);
            expect(error).toBeInstanceOf(SwapRefusedError);
            expect((error as Error).message).toMatch(reason);
            expect(brick.record.activeAdapterPath).toBe(good);
        }
        expect(events.map((e) => e.type)).toEqual(["adapterSwapped", ...Array<string>(5).fill("swapRefused")]);
        await expect(runtime.manager.atomicSwapModel(brick.personaId, good)).rejects.toThrow(/is a LoRA adapter/);
    });

    it("serializes concurrent swaps of one persona: the engine never sees two at once", async () => {
        const brick = runtime.manager.get("BRICK");
        const files = await Promise.all(Array.from({length: 8}, (_, i) => adapterFile(`a${i}.gguf`)));
        let inFlight = 0;
        let maxInFlight = 0;
        const order: string[] = [];
        runtime.manager.swapTarget = {
            swapAdapter: async (_id, file) => {
                inFlight++;
                maxInFlight = Math.max(maxInFlight, inFlight);
                await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 10));
                order.push(path.basename(file ?? "none"));
                inFlight--;
            },
            swapModel: async () => {}
        };
        await Promise.all(files.map((file) => runtime.manager.atomicSwapAdapter(brick.personaId, file)));
        expect(maxInFlight).toBe(1);
        expect(order).toEqual(files.map((f) => path.basename(f)));
        expect(brick.record.activeAdapterPath).toBe(files.at(-1));
    });

    it("leaves the slot unchanged when the engine refuses the swap", async () => {
        const brick = runtime.manager.get("BRICK");
        const file = await adapterFile("ok.gguf");
        runtime.manager.swapTarget = {
            swapAdapter: async () => {
                throw new Error("shapes differ from the base model");
            },
            swapModel: async () => {}
        };
        await expect(runtime.manager.atomicSwapAdapter(brick.personaId, file)).rejects.toThrow(/shapes differ.*Nothing was changed/);
        expect(brick.record.activeAdapterPath).toBeNull();
    });

    it("publishes typed events that subscribers filter by type and persona", async () => {
        const seen: string[] = [];
        runtime.bus.subscribe({type: "personaCloned"}, (e) => void seen.push(`${e.type}:${e.persona}`));
        runtime.bus.subscribe({persona: "ROBIN"}, (e) => void seen.push(`robin:${e.type}`));
        await runtime.manager.cloneForExperimentation(runtime.manager.get("BRICK").personaId);
        runtime.bus.publish(makeEvent({type: "transcript", persona: "ROBIN", text: "hello"}));
        expect(seen).toEqual(["personaCloned:BRICK", "robin:transcript"]);
    });

    it("removes a persona and, when asked, clears parents that pointed at it", async () => {
        const brick = runtime.manager.get("BRICK");
        const robin = runtime.manager.get("ROBIN");
        await runtime.evaluate("ROBIN parent: BRICK");
        expect(robin.record.parent).toBe(brick.personaId);
        await runtime.manager.remove(brick.personaId, {detachChildren: true});
        expect(runtime.manager.list().map((p) => p.name)).toEqual(["ROBIN", "ALFRED", "BABS"]);
        expect(robin.record.parent).toBeNull();
    });
});
