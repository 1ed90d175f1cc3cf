import {mkdtemp, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import path from "node:path";
import {afterEach, beforeEach} from "vitest";
import {createImage, Runtime} from "../../src/index.js";

/** A fresh image with the four personas (on `model`, default the embedded model) in a temporary directory, opened as a runtime. */
export async function freshRuntime(model?: string): Promise<{runtime: Runtime, dir: string, file: string, cleanup: () => Promise<void>}> {
    const dir = await mkdtemp(path.join(tmpdir(), "li-runtime-"));
    const file = path.join(dir, "test.image.json");
    await createImage(file, model == null ? {} : {model});
    const runtime = await Runtime.open(file);
    return {
        runtime, dir, file,
        cleanup: async () => {
            await runtime.dispose();
            await rm(dir, {recursive: true, force: true});
        }
    };
}

export type FreshRuntime = Awaited<ReturnType<typeof freshRuntime>>;

/**
 * A fresh runtime for each test of the file: freshRuntime (on `model`) before each test, handed to `take` (which
 * keeps what the file needs and does the file's own set-up), and its clean-up after each.
 */
export function freshRuntimeForEach(take: (fresh: FreshRuntime) => unknown, model?: string): void {
    let cleanup: (() => Promise<void>) | null = null;
    beforeEach(async () => {
        const fresh = await freshRuntime(model);
        cleanup = fresh.cleanup;
        await take(fresh);
    });
    afterEach(async () => {
        const done = cleanup;
        cleanup = null;
        await done?.();
    });
}
