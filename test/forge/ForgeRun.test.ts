import {existsSync} from "node:fs";
import {spawn, spawnSync} from "node:child_process";
import {mkdir, mkdtemp, readdir, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {InvalidAdapterError} from "../../src/gguf/index.js";
import {
    ForgeCancelledError, ForgeCrashedError, ForgeFailedError, ForgeKilledError, ForgeProtocolError,
    renderProgressBar, runLora, startForge, type ForgeEvent, type ForgeOptions
} from "../../src/forge/index.js";

/** The fixture `forge` package: the same `python3 -m forge` invocation, behaviours picked by the job's `fixture`. */
const fixtureDir = resolve(import.meta.dirname, "../fixtures/forge");

let work: string;
beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), "forge-bridge-test-"));
});
afterAll(async () => {
    await rm(work, {recursive: true, force: true});
});

function fixture(name: string, job: Record<string, unknown> = {}, options: ForgeOptions = {}) {
    return startForge("lora", {fixture: name, adapters_dir: join(work, "adapters"), ...job}, {forgeDir: fixtureDir, jobDir: work, ...options});
}

describe("ForgeRun against fixture scripts", () => {
    it("streams typed events, collects the artifact and the validation losses, and removes its job file", async () => {
        const seen: ForgeEvent[] = [];
        const run = fixture("ok", {steps: 4, persona: "ROBIN"}, {onEvent: (e) => seen.push(e)});
        const iterated: ForgeEvent[] = [];
        for await (const event of run.events) iterated.push(event);
        const result = await run.result;
        expect(seen.map((e) => e.type)).toEqual(["start", "eval", "progress", "progress", "progress", "progress", "eval", "artifact", "done"]);
        expect(iterated).toEqual(seen);
        expect(result.events).toEqual(seen);
        expect(seen[2]).toEqual({type: "progress", step: 1, total: 4, loss: 3.4, tokensPerSecond: 1234.5});
        expect(result.validationBefore).toBe(3.5);
        expect(result.validationAfter).toBe(3.0);
        expect(result.adapterPath).toMatch(/adapters\/ROBIN\/robin-[0-9a-f]{16}\.gguf$/);
        expect(existsSync(result.adapterPath)).toBe(true);
        expect(result.sha256).toMatch(/^[0-9a-f]{64}$/);
        expect(result.ms).toBeGreaterThan(0);
        // Only the adapters directory is left in the job directory: the job file's temp dir is gone.
        expect(await readdir(work)).toEqual(["adapters"]);
    });

    it("replays every event to an iterator that starts after the run ended", async () => {
        const run = fixture("ok", {steps: 2});
        await run.result;
        const late: string[] = [];
        for await (const event of run.events) late.push(event.type);
        expect(late).toEqual(["start", "eval", "progress", "progress", "eval", "artifact", "done"]);
    });

    it("writes the job as given, absolute, runs in the forge dir unbuffered", async () => {
        const result = await fixture("echo_env", {nested: {a: [1, 2]}}, {expectArtifact: false, threads: 2}).result;
        expect(result.summary["cwd"]).toBe(fixtureDir);
        expect(result.summary["unbuffered"]).toBe("1");
        expect(result.summary["threads"]).toBe("2");
        expect(result.summary["job"]).toMatchObject({fixture: "echo_env", nested: {a: [1, 2]}});
        const argv = result.summary["argv"] as string[];
        expect(argv.slice(0, 2)).toEqual(["lora", "--job"]);
        expect(existsSync(argv[2]!)).toBe(false);
    });

    it("parses events as they stream, not at the end (the fixture waits for a marker made from onEvent)", async () => {
        const marker = join(work, "live-marker");
        const progressLines: string[] = [];
        const run = fixture("live", {marker}, {
            expectArtifact: false,
            onEvent: (event) => {
                if (event.type !== "progress") return;
                progressLines.push(renderProgressBar(event, 4));
                if (event.step === 1) void writeFile(marker, "seen");
            }
        });
        await expect(run.result).resolves.toMatchObject({summary: {command: "lora"}});
        expect(progressLines).toEqual(["[##--] 1/2 loss 1.000", "[####] 2/2 loss 0.500 10 tok/s"]);
    });

    it("turns a Python traceback into ForgeCrashedError quoting the end of stderr", async () => {
        const error = await fixture("crash").result.catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ForgeCrashedError);
        const crashed = error as ForgeCrashedError;
        expect(crashed.exitCode).toBe(1);
        expect(crashed.stderrTail).toContain("Traceback (most recent call last)");
        expect(crashed.stderrTail).toContain("FileNotFoundError: no such weights: /nowhere/weights.bin");
        expect(crashed.message).toContain("exited with code 1 without an error event");
        expect(crashed.message).toContain("FileNotFoundError: no such weights");
    });

    it("keeps only the end of a long stderr, ending with the traceback, and ends event iteration on failure", async () => {
        const run = fixture("noisy", {lines: 5000});
        const types: string[] = [];
        for await (const event of run.events) types.push(event.type);
        expect(types).toEqual(["start"]);
        const error = await run.result.catch((e: unknown) => e) as ForgeCrashedError;
        expect(error).toBeInstanceOf(ForgeCrashedError);
        expect(error.stderrTail.length).toBeLessThanOrEqual(4097);
        expect(error.stderrTail.startsWith("…")).toBe(true);
        expect(error.stderrTail).not.toContain("log line 0:");
        expect(error.stderrTail.trimEnd()).toMatch(/RuntimeError: the last words, which the error message must quote$/);
    });

    it("turns a non-zero exit without an error event into ForgeCrashedError with the exit code", async () => {
        const error = await fixture("exit_nonzero").result.catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ForgeCrashedError);
        expect((error as ForgeCrashedError).exitCode).toBe(3);
        expect((error as Error).message).toContain("out of patience: the golden dataset is too small");
    });

    it("turns an error event into ForgeFailedError with its kind and message", async () => {
        const error = await fixture("error_event").result.catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ForgeFailedError);
        const failed = error as ForgeFailedError;
        expect(failed.kind).toBe("invalid_job");
        expect(failed.forgeMessage).toBe("job field `steps` must be int, got str");
        expect(failed.exitCode).toBe(1);
        expect(failed.stderrTail).toContain("forge lora: job field");
    });

    it("stops a forge that writes a garbled line and quotes the line", async () => {
        const run = fixture("garbled", {line: "loss went down!! 2.31", linger: 600});
        const error = await run.result.catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ForgeProtocolError);
        const protocol = error as ForgeProtocolError;
        expect(protocol.line).toBe("loss went down!! 2.31");
        expect(protocol.message).toContain('"loss went down!! 2.31"');
        expect(protocol.stderrTail).toContain("about to write a bad line");
        // It was stopped by SIGTERM, not waited for: the fixture would otherwise linger ten minutes (past the
        // test's deadline) and then end with a done event.
        expect(protocol.signal).toBe("SIGTERM");
        expect(run.received.map((e) => e.type)).toEqual(["start"]);
    });

    it("calls an unknown event type a protocol error too", async () => {
        const error = await fixture("garbled", {line: '{"type": "celebrate"}', linger: 600}).result.catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ForgeProtocolError);
        expect((error as ForgeProtocolError).problem).toContain('unknown event type "celebrate"');
    });

    it("calls an exit without done, or a done without an artifact, a protocol error", async () => {
        await expect(fixture("no_done").result).rejects.toThrow(/exited without a done event/);
        await expect(fixture("ok", {no_artifact: true}).result).rejects.toThrow(/finished without an artifact event/);
    });

    it("cancels with a real SIGTERM: the forge reports kind cancelled and the run rejects with ForgeCancelledError", async () => {
        const run = fixture("hang");
        for await (const event of run.events) if (event.type === "progress" && event.step >= 3) break;
        expect(run.pid).toBeGreaterThan(0);
        run.cancel();
        const error = await run.result.catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ForgeCancelledError);
        // The process is really gone: signalling it fails.
        expect(() => process.kill(run.pid!, 0)).toThrow();
        const cancelled = error as ForgeCancelledError;
        expect(cancelled.killed).toBe(false);
        expect(cancelled.exitCode).toBe(130);
        expect(run.received.at(-1)).toEqual({type: "error", kind: "cancelled", message: "stopped by SIGTERM; nothing was written"});
    });

    it("cancels through an AbortSignal, and a signal aborted before the start never spawns", async () => {
        const controller = new AbortController();
        const run = fixture("hang", {}, {signal: controller.signal, onEvent: (e) => {
            if (e.type === "progress") controller.abort();
        }});
        await expect(run.result).rejects.toBeInstanceOf(ForgeCancelledError);

        const early = fixture("hang", {}, {signal: AbortSignal.abort()});
        await expect(early.result).rejects.toBeInstanceOf(ForgeCancelledError);
        expect(early.received).toEqual([]);
    });

    it("kills a forge that ignores SIGTERM with SIGKILL after the grace period", async () => {
        const run = fixture("stubborn", {}, {cancelGraceMs: 300});
        for await (const event of run.events) if (event.type === "start") break;
        run.cancel();
        const error = await run.result.catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ForgeCancelledError);
        expect((error as ForgeCancelledError).killed).toBe(true);
        expect((error as ForgeCancelledError).signal).toBe("SIGKILL");
        expect(() => process.kill(run.pid!, 0)).toThrow();
    });

    it("lets a forge that stops on SIGTERM finish within the grace period instead of killing it", async () => {
        const run = fixture("hang", {}, {cancelGraceMs: 600_000});
        for await (const event of run.events) if (event.type === "progress") break;
        run.cancel();
        const error = await run.result.catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ForgeCancelledError);
        expect((error as ForgeCancelledError).killed).toBe(false);
        expect((error as ForgeCancelledError).exitCode).toBe(130);
    });

    it("disposes a running forge with `await using`", async () => {
        let run: ReturnType<typeof fixture> | undefined;
        {
            await using forge = fixture("hang");
            run = forge;
            for await (const event of forge.events) if (event.type === "progress") break;
        }
        await expect(run.result).rejects.toBeInstanceOf(ForgeCancelledError);
    });

    it("stops the run when onEvent throws, and rejects with that error", async () => {
        const boom = new Error("the UI fell over");
        const run = fixture("hang", {}, {onEvent: (e) => {
            if (e.type === "progress") throw boom;
        }});
        await expect(run.result).rejects.toBe(boom);
    });

    it("reports a forge killed from outside (the OOM killer's SIGKILL) as what it is, a user-facing error, and removes its job folder", async () => {
        const run = fixture("hang");
        for await (const event of run.events) if (event.type === "progress") break;
        process.kill(run.pid!, "SIGKILL");
        const error = await run.result.catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ForgeKilledError);
        expect((error as ForgeKilledError).userError).toBe(true);
        expect((error as Error).message).toMatch(/was killed by SIGKILL, sent from outside Living Image\. No adapter was produced or swapped in\. .*out-of-memory killer/);
        expect((await readdir(work)).filter((name) => name.startsWith("living-image-forge-"))).toEqual([]);
    });

    it("removes the job folder a killed command left behind, and never one whose process still runs", async () => {
        const gone = spawnSync("true").pid!;
        const sleeper = spawn("sleep", ["30"], {stdio: "ignore"});
        try {
            await mkdir(join(work, `living-image-forge-${gone}-dead`));
            await writeFile(join(work, `living-image-forge-${gone}-dead`, "lora-job.json"), "{\"tokenized\": \"data\"}");
            await mkdir(join(work, `living-image-forge-${sleeper.pid}-alive`));
            await fixture("ok", {steps: 1}).result;
            const left = (await readdir(work)).filter((name) => name.startsWith("living-image-forge-"));
            expect(left).toEqual([`living-image-forge-${sleeper.pid}-alive`]);
        } finally {
            sleeper.kill("SIGKILL");
            await rm(join(work, `living-image-forge-${sleeper.pid}-alive`), {recursive: true, force: true});
        }
    });

    it("says where it looked when there is no forge package", async () => {
        const error = await fixture("ok", {}, {forgeDir: work}).result.catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ForgeCrashedError);
        expect((error as Error).message).toContain(`there is no forge package in ${work}`);
    });

    it("says how to fix a Python that cannot be started", async () => {
        const error = await fixture("ok", {}, {python: "/no/such/python3"}).result.catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ForgeCrashedError);
        expect((error as Error).message).toContain("could not be started with \"/no/such/python3\"");
        expect((error as Error).message).toContain("ENOENT");
    });
});

describe("runLora against fixture scripts", () => {
    // The adapter is checked against this base: the fixture writes one for its blk.0.attn_q.weight (ne [64, 64]).
    const stories = resolve(import.meta.dirname, "../fixtures/models/stories260K.gguf");
    const job = {baseModel: stories, persona: "BRICK", adaptersDir: "", train: [{tokens: [1, 2, 3], mask: [0, 1, 1]}], validation: []};
    const fits = {n_in: 64, n_out: 64};

    it("verifies the adapter before the result resolves", async () => {
        const result = await runLora({...job, adaptersDir: join(work, "adapters"), extra: {fixture: "ok", ...fits}}, {forgeDir: fixtureDir}).result;
        expect(result.adapterPath).toMatch(/brick-[0-9a-f]{16}\.gguf$/);
    });

    it("refuses an adapter trained for another base's shapes", async () => {
        const error = await runLora({...job, adaptersDir: join(work, "adapters"), extra: {fixture: "ok"}}, {forgeDir: fixtureDir}).result.catch((e: unknown) => e);
        expect(error).toBeInstanceOf(InvalidAdapterError);
        expect((error as InvalidAdapterError).reason).toMatch(/trained for another base/);
    });

    it("refuses an artifact whose bytes are not the announced sha256", async () => {
        const error = await runLora({...job, adaptersDir: join(work, "adapters"), extra: {fixture: "ok", ...fits, announce_sha: "0".repeat(64)}},
            {forgeDir: fixtureDir}).result.catch((e: unknown) => e);
        expect(error).toBeInstanceOf(InvalidAdapterError);
        expect((error as Error).message).toContain("but " + "0".repeat(64) + " was expected");
    });

    it("refuses an artifact that is a GGUF but not an adapter", async () => {
        const error = await runLora({...job, adaptersDir: join(work, "adapters"), extra: {fixture: "ok", ...fits, general_type: "model"}},
            {forgeDir: fixtureDir}).result.catch((e: unknown) => e);
        expect(error).toBeInstanceOf(InvalidAdapterError);
        expect((error as InvalidAdapterError).reason).toContain('general.type is "model", expected "adapter"');
    });

    it("refuses a malformed job before starting any process", () => {
        expect(() => runLora({...job, train: [{tokens: [1, 2], mask: [1]}]}, {forgeDir: fixtureDir}))
            .toThrow(/train\[0\] has 2 tokens but 1 mask entries/);
        expect(() => runLora({...job, train: []}, {forgeDir: fixtureDir})).toThrow(/no samples/);
    });
});
