import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {waitFor} from "../helpers/waitFor.js";
import {copyFile, readFile, writeFile} from "node:fs/promises";
import path from "node:path";
import {NodeLlamaCppEngine, ModelUnavailableError, type Completion, type SwapReport} from "../../src/llm/index.js";
import {InvalidAdapterError} from "../../src/gguf/index.js";
import {writeLoraGguf, stories260KTargets} from "./helpers/writeLoraGguf.js";
import {spec, storiesModel, tempDir} from "./helpers/fixtures.js";

const prompt = [{role: "user" as const, content: "Once upon a time"}];
const options = {temperature: 0, maxTokens: 8} as const;
const distinctAdapters = 5;

describe("atomic adapter swap", () => {
    let dir: string;
    let cleanup: () => Promise<void>;
    // The greedy reply of each adapter content (by seed), and of the base, each computed alone.
    const expected = new Map<number, string>();
    let baseText = "";
    const adapterFile = (version: number) => path.join(dir, `persona-v${version}.gguf`);
    const seedOf = (version: number) => (version % distinctAdapters) + 1;

    beforeAll(async () => {
        ({dir, cleanup} = await tempDir());
        await using engine = new NodeLlamaCppEngine({threads: 1, contextSize: 128});
        await engine.attach(spec("solo"));
        baseText = (await engine.complete("solo", prompt, options)).text;
        for (let seed = 1; seed <= distinctAdapters; seed++) {
            const file = path.join(dir, `solo-${seed}.gguf`);
            await writeLoraGguf(file, {targets: stories260KTargets(), seed, scale: 1});
            await engine.swapAdapter("solo", file);
            expected.set(seed, (await engine.complete("solo", prompt, options)).text);
        }
        for (let version = 0; version <= 20; version++)
            await writeLoraGguf(adapterFile(version), {targets: stories260KTargets(), seed: seedOf(version), scale: 1});
    });
    afterAll(async () => cleanup?.());

    it("has adapters that each give a different greedy reply (so replies tell which one served)", () => {
        const texts = [baseText, ...expected.values()];
        expect(new Set(texts).size).toBe(texts.length);
    });

    it("loses no request and serves each from exactly one adapter while 20 swaps happen under 200 requests", async () => {
        await using engine = new NodeLlamaCppEngine({threads: 1, contextSize: 128, parallel: 2, reloadAfterAdapters: 8});
        await engine.attach(spec("p", adapterFile(0)));
        const requests: Promise<Completion>[] = [];
        const reports: SwapReport[] = [];
        // The persona's chat session runs through the swaps too, one turn per round.
        const chats: Promise<Completion>[] = [];
        for (let version = 1; version <= 20; version++) {
            for (let i = 0; i < 10; i++) requests.push(engine.complete("p", prompt, options));
            chats.push(engine.chat("p", `Turn ${version}`, {temperature: 0, maxTokens: 4}));
            reports.push(await engine.swapAdapter("p", adapterFile(version)));
        }
        const chatResults = await Promise.allSettled(chats);
        expect(chatResults.filter((r) => r.status === "rejected")).toEqual([]);
        for (const r of chatResults) expect((r as PromiseFulfilledResult<Completion>).value.adapter).toMatch(/persona-v\d+\.gguf$/);
        const results = await Promise.allSettled(requests);
        const failures = results.filter((r) => r.status === "rejected");
        expect(failures).toEqual([]);
        const completions = results.map((r) => (r as PromiseFulfilledResult<Completion>).value);
        expect(completions).toHaveLength(200);
        const served = new Set<string>();
        for (const completion of completions) {
            const version = Number(/persona-v(\d+)\.gguf$/.exec(completion.adapter ?? "")?.[1]);
            expect(completion.text).toBe(expected.get(seedOf(version)));
            served.add(completion.adapter!);
        }
        // The swaps really overlapped the load: several adapters served, and requests were in flight at flips.
        expect(served.size).toBeGreaterThan(5);
        expect(reports.some((r) => r.inFlightAtFlip > 0)).toBe(true);
        // 21 distinct adapters with a reload every 8: the base was reloaded (in the background, or on a swap's path
        // when a swap outran it) at least twice, and once that work settled the old copies were freed.
        expect(engine.baseReloads).toBeGreaterThanOrEqual(2);
        await Promise.all(reports.map((r) => r.retired));
        await engine.settled();
        await waitFor("the old model to be released", () => engine.loadedModels === 1);
        const last = await engine.complete("p", prompt, options);
        expect(last.adapter).toBe(adapterFile(20));
        expect(last.text).toBe(expected.get(seedOf(20)));
    });

    it("reloads a base whose copy cached reloadAfterAdapters adapters in the background and moves the persona to it, keeping its adapter", async () => {
        await using engine = new NodeLlamaCppEngine({threads: 1, contextSize: 128, reloadAfterAdapters: 3, keepUnusedModelMs: 20});
        await engine.attach(spec("b", adapterFile(1)));
        await engine.swapAdapter("b", adapterFile(2));
        expect(engine.baseReloads).toBe(0);
        // The third distinct adapter fills the copy's cache: the swap itself does not reload, the background does.
        const third = await engine.swapAdapter("b", adapterFile(3));
        expect(third.baseReloaded).toBe(false);
        await engine.settled();
        expect(engine.baseReloads).toBe(1);
        await waitFor("the old model to be released", () => engine.loadedModels === 1);
        const after = await engine.complete("b", prompt, options);
        expect(after.adapter).toBe(adapterFile(3));
        expect(after.text).toBe(expected.get(seedOf(3)));
        // The fresh copy has room: the next swap needs no reload on its path.
        const next = await engine.swapAdapter("b", adapterFile(4));
        expect(next.baseReloaded).toBe(false);
        expect((await engine.complete("b", prompt, options)).text).toBe(expected.get(seedOf(4)));
    });

    it("swaps onto a spare context made ahead, and gives the same replies with spare contexts off", async () => {
        await using withSpares = new NodeLlamaCppEngine({threads: 1, contextSize: 128});
        await using without = new NodeLlamaCppEngine({threads: 1, contextSize: 128, spareContexts: false});
        for (const engine of [withSpares, without]) {
            await engine.attach(spec("c"));
            for (const version of [6, 7, 8]) {
                await engine.swapAdapter("c", adapterFile(version));
                const reply = await engine.complete("c", prompt, options);
                expect(reply.adapter).toBe(adapterFile(version));
                expect(reply.text).toBe(expected.get(seedOf(version)));
            }
            await engine.swapAdapter("c", null);
            expect((await engine.complete("c", prompt, options)).text).toBe(baseText);
            await engine.settled();
        }
        expect(withSpares.spareContextCount).toBe(1);
        expect(without.spareContextCount).toBe(0);
    });

    it("disposes the old context only after its last request ends", async () => {
        await using engine = new NodeLlamaCppEngine({threads: 1, contextSize: 256});
        await engine.attach(spec("q", adapterFile(1)));
        // Counted in at the call; long enough to outlast the swap even on a loaded machine.
        const long = engine.complete("q", prompt, {temperature: 0, maxTokens: 200});
        const report = await engine.swapAdapter("q", adapterFile(2));
        let retired = false;
        void report.retired.then(() => { retired = true; });
        expect(report.inFlightAtFlip).toBe(1);
        const done = await long;
        expect(done.adapter).toBe(adapterFile(1));
        await report.retired;
        expect(retired).toBe(true);
        expect((await engine.complete("q", prompt, options)).text).toBe(expected.get(seedOf(2)));
    });

    it("drops the adapter with null", async () => {
        await using engine = new NodeLlamaCppEngine({threads: 1, contextSize: 128});
        await engine.attach(spec("r", adapterFile(3)));
        const report = await engine.swapAdapter("r", null);
        expect(report.from.adapter).toBe(adapterFile(3));
        expect(report.to.adapter).toBeNull();
        expect((await engine.complete("r", prompt, options)).text).toBe(baseText);
    });

    it("refuses a truncated, wrong-architecture, non-adapter, misshapen or missing file and keeps serving the old adapter", async () => {
        await using engine = new NodeLlamaCppEngine({threads: 1, contextSize: 128});
        await engine.attach(spec("s", adapterFile(4)));
        const before = (await engine.complete("s", prompt, options)).text;
        const good = await readFile(adapterFile(4));
        const truncated = path.join(dir, "truncated.gguf");
        await writeFile(truncated, good.subarray(0, good.length - 1000));
        const wrongArch = path.join(dir, "wrong-arch.gguf");
        await writeLoraGguf(wrongArch, {targets: stories260KTargets(), architecture: "gpt2"});
        const notAdapter = path.join(dir, "a-full-model.gguf");
        await copyFile(storiesModel, notAdapter);
        const misshapen = path.join(dir, "misshapen.gguf");
        await writeLoraGguf(misshapen, {targets: [{name: "blk.0.attn_q.weight", out: 64, in: 32}]});
        const garbage = path.join(dir, "garbage.gguf");
        await writeFile(garbage, "this is not a gguf file at all, just text");
        const cases: [string, RegExp][] = [
            [truncated, /truncated/],
            [wrongArch, /architecture is "gpt2".*"llama"/],
            [notAdapter, /general.type is "model"|general.type is null/],
            [misshapen, /do not fit the base model's blk.0.attn_q.weight/],
            [garbage, /not a GGUF/],
            [path.join(dir, "missing.gguf"), /does not exist/]
        ];
        for (const [file, reason] of cases) {
            const error = await engine.swapAdapter("s", file).then(() => null, (e: unknown) => e);
            expect(error, file).toBeInstanceOf(InvalidAdapterError);
            expect((error as InvalidAdapterError).path).toBe(file);
            expect((error as InvalidAdapterError).reason).toMatch(reason);
            expect((error as Error).message).toMatch(/Nothing was changed/);
            const after = await engine.complete("s", prompt, options);
            expect(after.adapter).toBe(adapterFile(4));
            expect(after.text).toBe(before);
        }
    });

    it("swaps the base model the same way, keeping an adapter that fits and refusing a missing model", async () => {
        await using engine = new NodeLlamaCppEngine({threads: 1, contextSize: 128, keepUnusedModelMs: 20});
        await engine.attach(spec("m", adapterFile(1)));
        const copy = path.join(dir, "stories-copy.gguf");
        await copyFile(storiesModel, copy);
        const missing = engine.swapModel("m", path.join(dir, "no-such-model.gguf"));
        await expect(missing).rejects.toBeInstanceOf(ModelUnavailableError);
        await expect(missing).rejects.toThrow(/does not exist.*resolveModel/);
        expect((await engine.complete("m", prompt, options)).model).toBe(storiesModel);

        const kept = await engine.swapModel("m", copy);
        expect(kept.to).toEqual({model: copy, adapter: adapterFile(1)});
        // The old base is unloaded once unused (after keepUnusedModelMs), not kept forever.
        await kept.retired;
        await waitFor("the old model to be released", () => engine.loadedModels === 1);
        const onCopy = await engine.complete("m", prompt, options);
        expect(onCopy.model).toBe(copy);
        expect(onCopy.text).toBe(expected.get(seedOf(1)));

        const dropped = await engine.swapModel("m", storiesModel, {adapter: null});
        expect(dropped.to.adapter).toBeNull();
        expect((await engine.complete("m", prompt, options)).text).toBe(baseText);
        await dropped.retired;
    });
});
