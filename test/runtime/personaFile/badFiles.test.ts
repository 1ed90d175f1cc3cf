import {execFile} from "node:child_process";
import {copyFile, mkdir, mkdtemp, readFile, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import path from "node:path";
import {promisify} from "node:util";
import {gzipSync} from "node:zlib";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {createImage, Runtime} from "../../../src/index.js";
import {exportPersona, importPersona, PersonaFileError} from "../../../src/runtime/index.js";
import {editManifest, editMember, enrich, listing, retar, sha256, storiesModel, tarList, untar} from "./helpers.js";

const run = promisify(execFile);
let root: string;
let good: string;
let members: string[];
let target: Runtime;
let targetDir: string;
let count = 0;

beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "li-persona-bad-"));
    const sourceDir = path.join(root, "source");
    await mkdir(sourceDir);
    await createImage(path.join(sourceDir, "world.image.json"), {model: storiesModel});
    await using source = await Runtime.open(path.join(sourceDir, "world.image.json"));
    await enrich(source, sourceDir);
    good = path.join(root, "good.persona.tar");
    await exportPersona(source.manager, "BRICK", good);
    members = await tarList(good);
    targetDir = path.join(root, "target");
    await mkdir(targetDir);
    await createImage(path.join(targetDir, "world.image.json"), {model: storiesModel, codicesDir: path.resolve("codices")});
    target = await Runtime.open(path.join(targetDir, "world.image.json"));
    await target.manager.remove(target.manager.get("BRICK").personaId);
    await target.save();
});
afterAll(async () => {
    await target?.dispose();
    await rm(root, {recursive: true, force: true});
});

/** An extracted copy of the good file, changed by `change`, packed again by GNU tar in the same order. */
async function variant(change: (dir: string) => Promise<void>, order = members): Promise<string> {
    const dir = path.join(root, `variant-${++count}`);
    await untar(good, dir);
    await change(dir);
    const file = `${dir}.persona.tar`;
    await retar(dir, order, file);
    return file;
}

/** A tar made by Python's tarfile: what a hostile writer can put in a header, GNU tar would refuse to. */
async function python(file: string, script: string): Promise<string> {
    await run("python3", ["-c", `import io, json, sys, tarfile\nout = sys.argv[1]\ngood = sys.argv[2]\n${script}`, file, good]);
    return file;
}

/** Imports `file` and expects a refusal whose message matches `reason`, with the target image and its folder as they were. */
async function refused(file: string, reason: RegExp, options: {as?: string} = {}): Promise<PersonaFileError> {
    const state = target.image.state;
    const before = await listing(targetDir);
    const error = await importPersona(target.manager, file, options).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(PersonaFileError);
    const refusal = error as PersonaFileError;
    expect(refusal.message).toMatch(reason);
    expect(refusal.message).toContain("Nothing was changed.");
    expect(refusal.userError).toBe(true);
    expect(target.image.state).toBe(state);
    expect(await listing(targetDir)).toEqual(before);
    return refusal;
}

describe("a damaged or hostile persona file", () => {
    it("is imported when whole, even as packed again by GNU tar (the control)", async () => {
        const file = await variant(async () => undefined);
        const summary = await importPersona(target.manager, file, {as: "CONTROL"});
        expect(summary.records).toContainEqual({field: "scrapbook", records: 50});
        await target.manager.remove(summary.personaId);
        await rm(path.join(targetDir, "adapters"), {recursive: true, force: true});
        await target.save();
    });

    it("is refused when a member's bytes do not match their sha256, or the manifest was edited", async () => {
        await refused(await variant(async (dir) => {
            const file = path.join(dir, "scrapbook.jsonl");
            await writeFile(file, (await readFile(file, "utf8")).replace("Question 7?", "Question 8?"));
        }), /scrapbook\.jsonl does not match its sha256/);
        await refused(await variant(async (dir) => {
            const file = path.join(dir, "adapters/brick-v1.gguf");
            const bytes = await readFile(file);
            bytes[bytes.length - 100] = bytes[bytes.length - 100]! ^ 0xff;
            await writeFile(file, bytes);
        }), /adapters\/brick-v1\.gguf does not match its sha256/);
        await refused(await variant(async (dir) => {
            const file = path.join(dir, "manifest.json");
            await writeFile(file, (await readFile(file, "utf8")).replace("\"records\": 50", "\"records\": 49"));
        }), /does not match its own checksum/);
    });

    it("is refused when a path climbs out of its folder, whether in the archive or in the manifest", async () => {
        await refused(await python(path.join(root, "climb.tar"), [
            "with tarfile.open(good) as source, tarfile.open(out, 'w', format=tarfile.USTAR_FORMAT) as t:",
            "    for m in source.getmembers():",
            "        data = source.extractfile(m).read()",
            "        if m.name.startswith('adapters/'): m.name = '../../adapters/evil.gguf'",
            "        t.addfile(m, io.BytesIO(data))"
        ].join("\n")), /has the path "\.\.\/\.\.\/adapters\/evil\.gguf", which a persona file never uses/);
        await refused(await python(path.join(root, "absolute.tar"), [
            "with tarfile.open(good) as source, tarfile.open(out, 'w', format=tarfile.USTAR_FORMAT) as t:",
            "    for m in source.getmembers():",
            "        data = source.extractfile(m).read()",
            "        if m.name == 'persona.json': m.name = '/etc/persona.json'",
            "        t.addfile(m, io.BytesIO(data))"
        ].join("\n")), /has the path "\/etc\/persona\.json"/);
        await refused(await variant((dir) => editManifest(dir, (manifest) => {
            (manifest.adapters as {fileName: string}[])[0]!.fileName = "../../../evil.gguf";
        })), /would place it outside its folder/);
        await refused(await python(path.join(root, "link.tar"), [
            "with tarfile.open(good) as source, tarfile.open(out, 'w', format=tarfile.USTAR_FORMAT) as t:",
            "    for m in source.getmembers():",
            "        t.addfile(m, source.extractfile(m))",
            "    link = tarfile.TarInfo('adapters/link.gguf'); link.type = tarfile.SYMTYPE; link.linkname = '/etc/passwd'",
            "    t.addfile(link)"
        ].join("\n")), /is a symbolic link, and a persona file holds regular files only/);
    });

    it("is refused when it declares sizes it does not hold", async () => {
        await refused(await python(path.join(root, "huge.tar"), [
            "with tarfile.open(good) as source, open(out, 'wb') as f:",
            "    for m in source.getmembers():",
            "        data = source.extractfile(m).read()",
            "        declared = 2 ** 40 if m.name == 'scrapbook.jsonl' else m.size",
            "        m.size = declared",
            "        f.write(m.tobuf(tarfile.GNU_FORMAT))",
            "        f.write(data + b'\\0' * ((512 - len(data) % 512) % 512))",
            "    f.write(b'\\0' * 1024)"
        ].join("\n")), /scrapbook\.jsonl declares 1099511627776 bytes, but only \d+ follow it/);
        await refused(await variant((dir) => editManifest(dir, (manifest) => {
            manifest.members.find((m) => m.path === "goldenDataset.jsonl")!.bytes = 2 ** 50;
        })), /goldenDataset\.jsonl declares 1125899906842624 bytes in the manifest, but the file holds \d+/);
        const bytes = await readFile(good);
        const cut = path.join(root, "cut.persona.tar");
        await writeFile(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
        await refused(cut, /but only \d+ follow it|cut short/);
    });

    it("is refused when its records would not fit in memory, before any of them is read", async () => {
        const MiB = 1024 * 1024;
        // Members as big as they declare, but holes on disk: the archive is written sparse, around the data.
        const huge = async (sizes: Record<string, number>): Promise<string> => {
            const dir = path.join(root, `variant-${++count}`);
            await untar(good, dir);
            await editManifest(dir, (manifest) => {
                for (const [member, bytes] of Object.entries(sizes)) manifest.members.find((m) => m.path === member)!.bytes = bytes;
            });
            return python(`${dir}.persona.tar`, [
                `sizes = json.loads(${JSON.stringify(JSON.stringify(sizes))})`,
                "with open(out, 'wb') as f:",
                `    for name in ${JSON.stringify(members)}:`,
                `        data = open(${JSON.stringify(dir)} + '/' + name, 'rb').read()`,
                "        info = tarfile.TarInfo(name); info.size = sizes.get(name, len(data))",
                "        f.write(info.tobuf(tarfile.USTAR_FORMAT))",
                "        if name in sizes: f.seek(info.size + (512 - info.size % 512) % 512, 1)",
                "        else: f.write(data + b'\\0' * ((512 - len(data) % 512) % 512))",
                "    f.write(b'\\0' * 1024)"
            ].join("\n"));
        };
        const cleanUp = async (file: string) => rm(file);
        let file = await huge({"persona.json": 300 * MiB});
        await refused(file, /persona\.json is 314572800 bytes, more than the 268435456 this Living Image reads.*Trim the persona's scrapbook/s);
        await cleanUp(file);
        file = await huge({"scrapbook.jsonl": 1100 * MiB});
        await refused(file, /scrapbook\.jsonl is 1153433600 bytes, more than the 1073741824 this Living Image reads/);
        await cleanUp(file);
        const jsonl = members.filter((m) => m.endsWith(".jsonl")).slice(0, 3);
        expect(jsonl.length).toBe(3);
        file = await huge(Object.fromEntries(jsonl.map((m) => [m, 1000 * MiB])));
        await refused(file, /its records are \d+ bytes together, more than the 2147483648 this Living Image reads at once/);
        await cleanUp(file);
    });

    it("is refused when it is of another version, format or kind of archive", async () => {
        await refused(await variant((dir) => editManifest(dir, (manifest) => {
            manifest.version = 2;
        })), /version 2, and this Living Image reads version 1.*Upgrade Living Image/s);
        await refused(await variant((dir) => editManifest(dir, (manifest) => {
            manifest.format = "something-else";
        })), /format "something-else"/);
        const gzipped = path.join(root, "good.persona.tar.gz");
        await writeFile(gzipped, gzipSync(await readFile(good)));
        await refused(gzipped, /gzip-compressed.*gunzip/s);
        const zip = path.join(root, "persona.zip");
        await run("python3", ["-c", "import sys, zipfile\nwith zipfile.ZipFile(sys.argv[1], 'w') as z: z.writestr('manifest.json', '{}')", zip]);
        await refused(zip, /a zip archive/);
        const notAnArchive = path.join(root, "notes.txt");
        await copyFile(storiesModel, notAnArchive);
        await refused(notAnArchive, /damaged header|not an archive/);
    });

    it("is refused when it is a tar bomb: thousands of members, or members its manifest does not list", async () => {
        await refused(await python(path.join(root, "bomb.tar"), [
            "with tarfile.open(good) as source, tarfile.open(out, 'w', format=tarfile.USTAR_FORMAT) as t:",
            "    for m in source.getmembers(): t.addfile(m, source.extractfile(m))",
            "    for i in range(10001):",
            "        info = tarfile.TarInfo(f'junk/{i}'); t.addfile(info, io.BytesIO(b''))"
        ].join("\n")), /more than 10000 members/);
        await refused(await variant(async (dir) => {
            await writeFile(path.join(dir, "extra.txt"), "surprise");
        }, [...members, "extra.txt"]), /holds extra\.txt, which its manifest does not list/);
    });

    it("is refused when the persona inside is not one the image could hold, and leaves no adapter behind", async () => {
        await refused(await variant((dir) => editMember(dir, "persona.json", (text) => text.replace("double: x ^ x * 2", "double: x ^ x *"))),
            /its method #double: does not parse/);
        await refused(await variant((dir) => editMember(dir, "persona.json", (text) => text.replace("\"schemaVersion\": 1", "\"schemaVersion\": 7"))),
            /its codex is not valid \(\$\.schemaVersion/);
        await refused(await variant((dir) => editMember(dir, "persona.json", (text) => text.replace(/"activeAdapterPath": "[^"]*"/, "\"activeAdapterPath\": 12"))),
            /activeAdapterPath should be a file path/);
        // Bytes that match their (rewritten) sha256 but are no adapter: found only once copied out, and removed again.
        await refused(await variant(async (dir) => {
            await writeFile(path.join(dir, "adapters/brick-v1.gguf"), "GGUF but not really");
            await editManifest(dir, (manifest) => {
                const member = manifest.members.find((m) => m.path === "adapters/brick-v1.gguf")!;
                const adapter = (manifest.adapters as Record<string, unknown>[])[0]!;
                member.bytes = adapter.bytes = 19;
                member.sha256 = adapter.sha256 = sha256("GGUF but not really");
            });
        }), /adapters\/brick-v1\.gguf is not a usable adapter/);
    });

    it("keeps two adapters of the same file name apart", async () => {
        const file = await variant((dir) => editManifest(dir, (manifest) => {
            (manifest.adapters as {fileName: string}[])[1]!.fileName = "brick-v1.gguf";
        }));
        const summary = await importPersona(target.manager, file, {as: "TWINS"});
        const [first, second] = summary.adapters.map((a) => a.stored);
        expect(first).toBe("adapters/TWINS/brick-v1.gguf");
        expect(second).toMatch(/^adapters\/TWINS\/brick-v1-[0-9a-f]{12}\.gguf$/);
        const lineage = target.manager.get("TWINS").record.slots["lineage"] as {from: {adapter: string}, to: {adapter: string}}[];
        expect([lineage[0]!.to.adapter, lineage[0]!.from.adapter]).toEqual([first, second]);
        expect(sha256(await readFile(path.join(targetDir, second!)))).not.toBe(sha256(await readFile(path.join(targetDir, first!))));
        await target.manager.remove(summary.personaId);
        await rm(path.join(targetDir, "adapters", "TWINS"), {recursive: true});
    });

    it("is refused under a name the image already has, or one that is no name, and imported under another with --as", async () => {
        await refused(good, /this image already has a persona named ROBIN.*--as ROBIN2/s, {as: "robin"});
        await refused(good, /"two words" is not a persona name/, {as: "two words"});
        const summary = await importPersona(target.manager, good, {as: "brick2"});
        expect(summary).toMatchObject({persona: "BRICK2", from: {name: "BRICK"}, adapters: [{stored: "adapters/BRICK2/brick-v1.gguf", reused: false},
            {stored: "adapters/BRICK2/brick-v0.gguf", reused: false}]});
        const brick2 = target.manager.get("BRICK2").record;
        expect(brick2.activeAdapterPath).toBe("adapters/BRICK2/brick-v1.gguf");
        // Every place that named an adapter's old place names the new one: the lineage too, and the history's labels.
        expect(brick2.slots["lineage"]).toMatchObject([{from: {adapter: "adapters/BRICK2/brick-v0.gguf"}, to: {adapter: "adapters/BRICK2/brick-v1.gguf"}}]);
        expect(brick2.goldenDataset.at(0)!.provenance.adapter).toBe("adapters/BRICK2/brick-v1.gguf");
        // Imported again where its files already are: identical files are reused, a different one is never overwritten.
        await target.manager.remove(target.manager.get("BRICK2").personaId);
        const again = await importPersona(target.manager, good, {as: "BRICK2"});
        expect(again.adapters).toEqual([{stored: "adapters/BRICK2/brick-v1.gguf", reused: true}, {stored: "adapters/BRICK2/brick-v0.gguf", reused: true}]);
        await target.manager.remove(again.personaId);
        const folder = path.join(targetDir, "adapters", "BRICK2");
        await copyFile(path.join(folder, "brick-v0.gguf"), path.join(folder, "brick-v1.gguf"));
        const beside = await importPersona(target.manager, good, {as: "BRICK2"});
        const v1 = beside.adapters[0]!.stored;
        expect(v1).toMatch(/^adapters\/BRICK2\/brick-v1-[0-9a-f]{12}\.gguf$/);
        expect(target.manager.get("BRICK2").record.activeAdapterPath).toBe(v1);
        expect(sha256(await readFile(path.join(targetDir, v1)))).toBe(sha256(await readFile(path.join(root, "variant-1", "adapters", "brick-v1.gguf"))));
    });
});
