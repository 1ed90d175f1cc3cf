import {copyFile, mkdtemp, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import path from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {ImageStore} from "../../src/index.js";
import type {ScrapbookEntry} from "../../src/index.js";
import {fingerprintModel} from "../../src/gguf/index.js";
import {fakeOllama} from "../llm/helpers/fakeOllama.js";
import {runCli} from "./helpers/runCli.js";

const storiesModel = path.resolve("test/fixtures/models/stories260K.gguf");
const genesisModel = path.resolve("models/living-image-genesis.gguf");
let dir: string;
let ollama: ReturnType<typeof fakeOllama>;
const cli = (...args: string[]) => runCli(dir, [...args, "--threads", "1"]);

async function lastEntries(): Promise<Record<string, ScrapbookEntry | undefined>> {
    const store = await ImageStore.open(path.join(dir, "workspace.image.json"), {readOnly: true});
    try {
        return Object.fromEntries(Object.values(store.state.personas).map((p) => [p.name, p.scrapbook.at(-1)]));
    } finally {
        await store.close();
    }
}

beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "li-cli-engines-"));
    await copyFile(path.resolve("workspace.image.json"), path.join(dir, "workspace.image.json"));
    await copyFile(storiesModel, path.join(dir, "stories.gguf"));
    ollama = fakeOllama();
    await ollama.server.start();
});
afterAll(async () => {
    await ollama.server.close();
    await rm(dir, {recursive: true, force: true});
});

describe("living-image persona engine and --model NAME=SPEC", () => {
    it("sets a persona's engine for good, shows it, and refuses a bad spec naming the fix", async () => {
        const set = await cli("persona", "engine", "BRICK", "stories.gguf");
        expect(set.stderr).toBe("");
        expect(set.stdout).toMatch(/^BRICK now runs on embedded:stories\.gguf \(was embedded:models\/living-image-genesis\.gguf\), saved in workspace\.image\.json\.$/m);
        expect((await cli("persona", "engine", "BRICK")).stdout).toBe("BRICK runs on embedded:stories.gguf.\n");
        const bad = await cli("persona", "engine", "BRICK", "ollama:llama3.2");
        expect(bad.code).toBe(1);
        expect(bad.stderr).toMatch(/ollama: needs \/\/ and a host, as in ollama:\/\/localhost:11434\/MODEL/);
        const notGguf = await cli("persona", "engine", "BRICK", "workspace.image.json");
        expect(notGguf.code).toBe(1);
        expect(notGguf.stderr).toMatch(/Refused to swap the model to workspace\.image\.json/);
        expect((await cli("persona", "engine", "BRICK")).stdout).toBe("BRICK runs on embedded:stories.gguf.\n");
    }, 240_000);

    it("two personas on two GGUFs answer in one eval, each scrapbook entry naming its own model and sha256", async () => {
        const result = await cli("eval", "BRICK chat: 'Once upon a time'. ROBIN chat: 'Once upon a time'", "--save");
        expect(result.code).toBe(0);
        const entries = await lastEntries();
        expect(entries["BRICK"]).toMatchObject({model: "stories.gguf", engine: {kind: "embedded", model: "stories.gguf", sha256: (await fingerprintModel(storiesModel)).sha256}});
        expect(entries["ROBIN"]!.engine).toMatchObject({kind: "embedded", sha256: (await fingerprintModel(genesisModel)).sha256});
    }, 240_000);

    it("--model NAME=SPEC for one persona this session, --model FILE for the rest, an unknown name refused", async () => {
        const result = await cli("eval", "BRICK chat: 'Once'. ROBIN chat: 'Once'", "--save", "--model", `BRICK=${genesisModel}`, "--model", "stories.gguf");
        expect(result.code).toBe(0);
        const entries = await lastEntries();
        expect(entries["BRICK"]!.engine).toMatchObject({kind: "embedded", sha256: (await fingerprintModel(genesisModel)).sha256});
        expect(entries["ROBIN"]!.engine).toMatchObject({kind: "embedded", model: "stories.gguf"});
        // Nothing of the session's models is saved.
        expect((await cli("persona", "engine", "BRICK")).stdout).toBe("BRICK runs on embedded:stories.gguf.\n");
        const unknown = await cli("eval", "3", "--model", "NOBODY=stories.gguf");
        expect(unknown.code).toBe(1);
        expect(unknown.stderr).toMatch(/has no persona NOBODY\. Its personas: BRICK, ROBIN, ALFRED, BABS/);
        const twice = await cli("eval", "3", "--model", "stories.gguf", "--model", "stories.gguf");
        expect(twice.code).toBe(1);
        expect(twice.stderr).toMatch(/--model was given twice/);
    }, 240_000);

    it("runs a persona on an Ollama server named by its spec, for a session or for good", async () => {
        const spec = `ollama://${ollama.server.url.slice("http://".length)}/llama3.2`;
        const once = await cli("eval", "ALFRED chat: 'Hi'", "--model", `ALFRED=${spec}`);
        expect(once.code).toBe(0);
        expect(once.stdout).toContain("'llama3.2 says: Hi'");
        const set = await cli("persona", "engine", "ALFRED", spec);
        expect(set.stdout).toContain(`ALFRED now runs on ${spec}`);
        const chat = await cli("eval", "ALFRED chat: 'Again'", "--save");
        expect(chat.stdout).toContain("'llama3.2 says: Again'");
        expect((await lastEntries())["ALFRED"]).toMatchObject({model: spec, engine: {kind: "ollama", model: spec, sha256: null}});
    }, 240_000);
});
