import {execFile} from "node:child_process";
import {createHash} from "node:crypto";
import {mkdir, readdir, readFile, stat, writeFile} from "node:fs/promises";
import path from "node:path";
import {promisify} from "node:util";
import type {Runtime} from "../../../src/index.js";
import {stories260KTargets, writeLoraGguf} from "../../llm/helpers/writeLoraGguf.js";

const run = promisify(execFile);

export const storiesModel = path.resolve("test/fixtures/models/stories260K.gguf");

/**
 * Gives BRICK of `runtime` a history worth carrying: methods, a bus handler, free slots of several kinds,
 * golden samples with provenance and scores, scrapbook entries, metrics, an adapter of its own (swapped in),
 * and two fields this version of the code does not know (as a later version's lineage would be).
 */
export async function enrich(runtime: Runtime, dir: string): Promise<{adapter: string}> {
    await runtime.evaluate([
        "BRICK compile: 'double: x ^ x * 2' classified: 'arithmetic'.",
        "BRICK compile: 'greet: name ^ ''Fact: hello, '', name'.",
        "BRICK on: #Ping do: [:event | BRICK at: #lastPing put: (event at: #payload)].",
        "BRICK at: #mood put: 'sunny'.",
        "BRICK at: #counts put: #(1 2 3).",
        "BRICK at: #notes put: (Dictionary new at: #a put: 1; yourself)."
    ].join("\n"));
    const brick = runtime.manager.get("BRICK");
    const adapterDir = path.join(dir, "adapters", "BRICK");
    await mkdir(adapterDir, {recursive: true});
    const adapter = path.join(adapterDir, "brick-v1.gguf");
    await writeLoraGguf(adapter, {targets: stories260KTargets(), seed: 3, scale: 1});
    // The adapter of before its last ascension, which its lineage names (and a descent would restore).
    await writeLoraGguf(path.join(adapterDir, "brick-v0.gguf"), {targets: stories260KTargets(), seed: 4, scale: 1});
    await runtime.manager.atomicSwapAdapter(brick.personaId, "adapters/BRICK/brick-v1.gguf");
    const at = (i: number) => new Date(Date.UTC(2026, 0, 1, 0, i));
    runtime.image.update((draft) => {
        const record = draft.personas[brick.personaId]!;
        for (let i = 0; i < 50; i++) {
            record.scrapbook.push({
                id: `interaction-${i}`, at: at(i), kind: i % 7 === 0 ? "dnu" : "chat",
                messages: [{role: "user", content: `Question ${i}?\nWith a "quote" and é.`}, {role: "assistant", content: `Fact: answer ${i}.`}],
                model: record.baseModelPath, adapter: i < 25 ? null : record.activeAdapterPath,
                timing: {ms: 10 + i, promptTokens: 5, completionTokens: 7, tokensPerSecond: 100.5},
                ...(i % 10 === 0 ? {meta: {seenAt: at(i + 1), tags: ["a", "b"]}} : {})
            });
        }
        for (let i = 0; i < 20; i++) {
            record.goldenDataset = record.goldenDataset.append([{
                id: `sample-${i}`,
                messages: [{role: "user", content: `Question ${i}?`}, {role: "assistant", content: `Fact: answer ${i}.`}],
                provenance: {
                    interactionId: `interaction-${i}`, judge: "ALFRED", model: record.baseModelPath, adapter: record.activeAdapterPath,
                    scores: {judge: "ALFRED", axes: {logical_rigor: {score: 5, rationale: "Sound."}}, golden: 4.5 + (i % 2) / 2}, at: at(i)
                },
                heldOut: i % 5 === 0
            }]);
            record.performanceMetrics.push({at: at(i), name: "heldOutLoss", value: 2 - i / 100, tags: {cycle: String(i)}});
        }
        // A lineage as the philosophical loop keeps it (slots.lineage), naming an earlier adapter and a model that is gone.
        record.slots["lineage"] = [{
            id: "ascension-1", at: at(3), kind: "ascension",
            from: {model: "models/old.gguf", sha256: null, adapter: "adapters/BRICK/brick-v0.gguf", adapterSha256: null, datasetVersion: "v1", datasetSize: 10},
            to: {model: record.baseModelPath, sha256: null, adapter: record.activeAdapterPath, adapterSha256: null, datasetVersion: "v2", datasetSize: 20},
            evidence: {scoutRun: null, why: "test", lowerBound: 1.25}, sandbox: null, training: null, recuration: null, undoneAt: null, ms: 5
        }];
        // Fields a later version adds: they must travel without the persona file code knowing them.
        const later = record as unknown as Record<string, unknown>;
        later.history = [{at: at(2), self: brick.personaId, note: "a list field"}];
        later.ascensionPolicy = {mode: "ask", since: at(4), owner: brick.personaId};
    }, "enrich BRICK");
    return {adapter};
}

/** The members of a tar archive, read by GNU tar (not by the code under test), path → bytes. */
export async function untar(file: string, into: string): Promise<Map<string, Buffer>> {
    await mkdir(into, {recursive: true});
    await run("tar", ["-xf", file, "-C", into]);
    const members = new Map<string, Buffer>();
    const walk = async (dir: string): Promise<void> => {
        for (const entry of await readdir(dir, {withFileTypes: true})) {
            const full = path.join(dir, entry.name);
            if (entry.isDirectory()) await walk(full);
            else members.set(path.relative(into, full).split(path.sep).join("/"), await readFile(full));
        }
    };
    await walk(into);
    return members;
}

/** The member names of a tar archive in their order, as GNU tar lists them. */
export async function tarList(file: string): Promise<string[]> {
    const {stdout} = await run("tar", ["-tf", file]);
    return stdout.trim().split("\n");
}

/** Packs `dir`'s `members` (in that order) into a ustar archive with GNU tar. */
export async function retar(dir: string, members: string[], file: string): Promise<void> {
    await run("tar", ["--format=ustar", "--owner=0", "--group=0", "-cf", file, "-C", dir, ...members]);
}

export function sha256(bytes: Buffer | string): string {
    return createHash("sha256").update(bytes).digest("hex");
}

/** The manifest's own checksum, computed independently: sha256 of its 2-space JSON without `checksum`. */
export function resign(manifest: Record<string, unknown>): Record<string, unknown> {
    const {checksum: _old, ...rest} = manifest;
    return {...rest, checksum: sha256(JSON.stringify(rest, null, 2))};
}

/** Rewrites the manifest of an extracted persona file after `edit`, keeping it signed. */
export async function editManifest(dir: string, edit: (manifest: Record<string, unknown> & {members: Record<string, unknown>[]}) => void): Promise<void> {
    const file = path.join(dir, "manifest.json");
    const manifest = JSON.parse(await readFile(file, "utf8")) as Record<string, unknown> & {members: Record<string, unknown>[]};
    edit(manifest);
    await writeFile(file, JSON.stringify(resign(manifest), null, 2) + "\n");
}

/** Rewrites a member of an extracted persona file, and its size and sha256 in the manifest. */
export async function editMember(dir: string, member: string, edit: (text: string) => string): Promise<void> {
    const file = path.join(dir, member);
    const text = edit(await readFile(file, "utf8"));
    await writeFile(file, text);
    await editManifest(dir, (manifest) => {
        const entry = manifest.members.find((m) => m.path === member)!;
        entry.bytes = Buffer.byteLength(text);
        entry.sha256 = sha256(text);
    });
}

/** Files under `dir` with their sizes: to show that a refused import left a folder as it was. */
export async function listing(dir: string): Promise<string[]> {
    const out: string[] = [];
    const walk = async (at: string): Promise<void> => {
        for (const entry of await readdir(at, {withFileTypes: true}).catch(() => [])) {
            const full = path.join(at, entry.name);
            if (entry.isDirectory()) {
                out.push(`${path.relative(dir, full)}/`);
                await walk(full);
            } else out.push(`${path.relative(dir, full)} ${(await stat(full)).size} ${sha256(await readFile(full))}`);
        }
    };
    await walk(dir);
    return out.sort();
}
