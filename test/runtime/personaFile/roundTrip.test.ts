import {execFile} from "node:child_process";
import {copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import path from "node:path";
import {promisify} from "node:util";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {createImage, Runtime} from "../../../src/index.js";
import {createEngine} from "../../../src/llm/index.js";
import {exportPersona, importPersona, PersonaExportError} from "../../../src/runtime/index.js";
import type {PersonaRecord} from "../../../src/objects/index.js";
import {stories260KTargets, writeLoraGguf} from "../../llm/helpers/writeLoraGguf.js";
import {enrich, sha256, storiesModel, tarList, untar} from "./helpers.js";

const run = promisify(execFile);
let root: string;
let source: Runtime;
let target: Runtime;
let adapterSha: string;

/** A fresh image with the four personas on stories260K, in its own folder under `root`. */
async function image(name: string): Promise<{runtime: Runtime, dir: string}> {
    const dir = path.join(root, name);
    const file = path.join(dir, "world.image.json");
    await mkdir(dir);
    await createImage(file, {model: storiesModel});
    return {runtime: await Runtime.open(file), dir};
}

beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "li-persona-file-"));
    let dir: string;
    ({runtime: source, dir} = await image("source"));
    const {adapter} = await enrich(source, dir);
    adapterSha = sha256(await readFile(adapter));
    ({runtime: target} = await image("target"));
    // A fresh image without a BRICK of its own.
    await target.manager.remove(target.manager.get("BRICK").personaId);
});
afterAll(async () => {
    await source?.dispose();
    await target?.dispose();
    await rm(root, {recursive: true, force: true});
});

/** The original record as its import should be: the same in every value and type, under the new id. */
function expectedImport(original: PersonaRecord, id: string): unknown {
    const expected = structuredClone(original) as PersonaRecord & {history: {self: string}[], ascensionPolicy: {owner: string}};
    expected.personaId = id;
    expected.history[0]!.self = id;
    expected.ascensionPolicy.owner = id;
    return expected;
}

describe("a persona that travels", () => {
    it("names a base model the new image lacks (sha256, size, folders searched), and carries it with --with-model", async () => {
        // ROBIN moves to a model that only its own image has.
        const only = path.join(root, "source", "models", "robin-only.gguf");
        await mkdir(path.dirname(only), {recursive: true});
        await copyFile(storiesModel, only);
        await source.manager.atomicSwapModel(source.manager.get("ROBIN").personaId, "models/robin-only.gguf");
        const referenced = path.join(root, "robin.persona.tar");
        await exportPersona(source.manager, "ROBIN", referenced);
        const summary = await importPersona(target.manager, referenced, {as: "ROBIN_REF"});
        expect(summary.model).toMatchObject({status: "missing", fileName: "robin-only.gguf", sha256: sha256(await readFile(storiesModel)),
            bytes: (await readFile(storiesModel)).length});
        expect((summary.model as {searched: string[]}).searched).toContain(path.join(root, "target", "models"));

        const carried = path.join(root, "robin-with-model.persona.tar");
        const exported = await exportPersona(source.manager, "ROBIN", carried, {withModel: true});
        expect(exported.model).toMatchObject({member: "model/robin-only.gguf"});
        const withModel = await importPersona(target.manager, carried, {as: "ROBIN_MODEL"});
        expect(withModel.model).toMatchObject({status: "placed", path: path.join(root, "target", "models", "robin-only.gguf")});
        expect(target.manager.get("ROBIN_MODEL").record.baseModelPath).toBe("models/robin-only.gguf");
        // Now the model is there, the referenced import finds it.
        const again = await importPersona(target.manager, referenced, {as: "ROBIN_FOUND"});
        expect(again.model).toMatchObject({status: "found"});
        for (const name of ["ROBIN_REF", "ROBIN_MODEL", "ROBIN_FOUND"]) await target.manager.remove(target.manager.get(name).personaId);
    });

    it("refuses to export over an existing file, or a persona whose adapter is gone, leaving no file behind", async () => {
        const babs = source.manager.get("BABS");
        const adapter = path.join(root, "source", "adapters", "BABS", "babs.gguf");
        await mkdir(path.dirname(adapter), {recursive: true});
        await writeLoraGguf(adapter, {targets: stories260KTargets(), seed: 9, scale: 1});
        await source.manager.atomicSwapAdapter(babs.personaId, "adapters/BABS/babs.gguf");
        await rm(adapter);
        const file = path.join(root, "babs.persona.tar");
        await expect(exportPersona(source.manager, "BABS", file)).rejects.toThrow(/BABS was not exported: its adapter adapters\/BABS\/babs\.gguf cannot be used.*swapAdapter: nil/s);
        expect(await readdir(root)).not.toContain("babs.persona.tar");
        expect((await readdir(root)).filter((f) => f.includes(".tmp-"))).toEqual([]);
        await source.manager.atomicSwapAdapter(babs.personaId, null);
        await writeFile(file, "mine");
        await expect(exportPersona(source.manager, "BABS", file)).rejects.toThrow(PersonaExportError);
        expect(await readFile(file, "utf8")).toBe("mine");
    });

    it("points the other personas it names at those of the same name in the new image, and says which it could not", async () => {
        await source.evaluate("ALFRED parent: ROBIN. ALFRED at: #friend put: ROBIN. ALFRED at: #rival put: BABS. ALFRED at: #me put: ALFRED");
        const file = path.join(root, "alfred.persona.tar");
        await exportPersona(source.manager, "ALFRED", file);
        // An image with a ROBIN of its own and no BABS.
        const codices = path.join(root, "robin-only-codices");
        await mkdir(codices);
        await copyFile(path.resolve("codices/robin.json"), path.join(codices, "robin.json"));
        const dir = path.join(root, "third");
        await mkdir(dir);
        await createImage(path.join(dir, "world.image.json"), {model: storiesModel, codicesDir: codices});
        await using third = await Runtime.open(path.join(dir, "world.image.json"));
        const summary = await importPersona(third.manager, file);
        expect(summary.parent).toEqual({name: "ROBIN", linked: true});
        expect(summary.personas).toEqual(expect.arrayContaining([{name: "ROBIN", linked: true}, {name: "BABS", linked: false}]));
        const alfred = third.manager.get("ALFRED");
        expect(alfred.record.parent).toBe(third.manager.get("ROBIN").personaId);
        expect(await third.evaluate("(ALFRED at: #friend) == ROBIN")).toBe(true);
        expect(await third.evaluate("(ALFRED at: #me) == ALFRED")).toBe(true);
        expect(await third.evaluate("(ALFRED at: #rival) isNil")).toBe(true);
    });

    it("exports to a tar that tar lists (manifest first) and python reads, and imports whole, with a new id", async () => {
        const first = path.join(root, "brick-1.persona.tar");
        const summary = await exportPersona(source.manager, "BRICK", first);
        expect(["manifest.json", ...summary.members.map((m) => m.path)]).toEqual(await tarList(first));
        expect(summary.members).toContainEqual({path: "scrapbook.jsonl", bytes: expect.any(Number) as number, records: 50});
        expect(summary.members).toContainEqual({path: "history.jsonl", bytes: expect.any(Number) as number, records: 1});
        // The active adapter, and the earlier one its lineage names.
        expect(summary.adapters).toBe(2);

        const members = await untar(first, path.join(root, "unpacked-1"));
        const manifest = JSON.parse(members.get("manifest.json")!.toString()) as {members: {path: string, sha256: string}[], model: {sha256: string}};
        for (const member of manifest.members) expect(sha256(members.get(member.path)!), member.path).toBe(member.sha256);
        expect(manifest.model.sha256).toBe(sha256(await readFile(storiesModel)));
        expect(sha256(members.get("adapters/brick-v1.gguf")!)).toBe(adapterSha);
        // Python's standard library reads it too: the manifest, and a JSONL member line by line.
        const {stdout} = await run("python3", ["-c", "import hashlib, json, sys, tarfile\n" +
            "archive = tarfile.open(sys.argv[1])\n" +
            "manifest = json.load(archive.extractfile('manifest.json'))\n" +
            "lines = archive.extractfile('scrapbook.jsonl').read().decode().splitlines()\n" +
            "checksum = manifest.pop('checksum')\n" +
            "signed = hashlib.sha256(json.dumps(manifest, indent=2, ensure_ascii=False, separators=(',', ': ')).encode()).hexdigest() == checksum\n" +
            "print(manifest['persona']['name'], len(lines), signed, json.loads(lines[3])['messages'][0]['content'])", first]);
        expect(stdout).toBe("BRICK 50 True Question 3?\nWith a \"quote\" and é.\n");
        const golden = members.get("goldenDataset.jsonl")!.toString().trim().split("\n").map((line) => JSON.parse(line) as {provenance: {scores: {golden: number}}});
        expect(golden).toHaveLength(20);
        expect(golden[1]!.provenance.scores.golden).toBe(5);

        const imported = await importPersona(target.manager, first);
        const original = source.manager.get("BRICK").record;
        const copy = target.manager.get("BRICK").record;
        expect(imported.personaId).not.toBe(original.personaId);
        expect(copy.personaId).toBe(imported.personaId);
        // Everything else is as it was: Dates, dictionaries, methods, handlers, history, the fields this code does not know…
        expect(copy).toEqual(expectedImport(original, copy.personaId));
        expect(copy.scrapbook[0]!.at).toBeInstanceOf(Date);
        expect(Object.keys(copy)).toEqual(Object.keys(original));
        for (const slot of ["notes", "counts", "mood"]) {
            const print = `(BRICK at: #${slot}) printString`;
            expect(await target.evaluate(print), slot).toBe(await source.evaluate(print));
        }
        // …and its adapter is beside the new image, byte for byte.
        expect(sha256(await readFile(target.manager.resolve(copy.activeAdapterPath!)))).toBe(adapterSha);
        expect(imported.model).toMatchObject({status: "found"});
        expect(await target.evaluate("BRICK double: 21")).toBe(42);
    });

    it("exports again to the same contents, except for the new id", async () => {
        const first = path.join(root, "brick-1.persona.tar");
        const second = path.join(root, "brick-2.persona.tar");
        await exportPersona(target.manager, "BRICK", second);
        expect(await tarList(second)).toEqual(await tarList(first));
        const a = await untar(first, path.join(root, "unpacked-a"));
        const b = await untar(second, path.join(root, "unpacked-b"));
        const oldId = source.manager.get("BRICK").personaId;
        const newId = target.manager.get("BRICK").personaId;
        for (const [member, bytes] of a) {
            if (member === "manifest.json") continue;
            expect(b.get(member)!.toString("latin1").replaceAll(newId, oldId), member).toBe(bytes.toString("latin1"));
        }
        type Manifest = Record<string, unknown> & {members: Record<string, unknown>[], persona: {personaId: string}};
        const normalise = (text: string) => {
            const manifest = JSON.parse(text.replaceAll(newId, oldId)) as Manifest;
            // What depends on the id's bytes or the time: the hashes of members that hold the id, the export's time, the self-checksum.
            for (const member of manifest.members) if (a.get(member.path as string)!.toString("latin1").includes(oldId)) member.sha256 = "";
            return {...manifest, exportedAt: "", checksum: ""};
        };
        expect(normalise(b.get("manifest.json")!.toString())).toEqual(normalise(a.get("manifest.json")!.toString()));
    });

    it("answers a greedy chat exactly as the original did, with the embedded engine, adapter and all", async () => {
        const options = {threads: 1, defaultMaxTokens: 24, defaultTemperature: 0, contextSize: 512};
        source.attachEngine(createEngine("node-llama-cpp", options));
        target.attachEngine(createEngine("node-llama-cpp", options));
        const prompt = "Once upon a time";
        const original = await source.chat(source.manager.get("BRICK"), prompt);
        const imported = await target.chat(target.manager.get("BRICK"), prompt);
        expect(original.length).toBeGreaterThan(0);
        expect(imported).toBe(original);
        // The adapter is what makes that reply: without it the same persona answers otherwise.
        await target.manager.atomicSwapAdapter(target.manager.get("BRICK").personaId, null);
        expect(await target.chat(target.manager.get("BRICK"), prompt)).not.toBe(original);
    });
});
