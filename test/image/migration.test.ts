import {copyFileSync, readFileSync, writeFileSync} from "node:fs";
import path from "node:path";
import {fileURLToPath} from "node:url";
import {afterEach, beforeEach, describe, expect, it} from "vitest";
import {CorruptImageError, decodeImage, ImageStore, imageFormatVersion} from "../../src/image/index.js";
import {tempDir} from "./sampleWorld.js";

const fixture = fileURLToPath(new URL("./fixtures/v0.image.json", import.meta.url));
const brickId = "0b7c4c1e-0000-4000-8000-000000000001";

describe("format migrations", () => {
    let dir: {dir: string, remove: () => void};
    let file: string;
    beforeEach(() => {
        dir = tempDir();
        file = path.join(dir.dir, "old.image.json");
        copyFileSync(fixture, file);
    });
    afterEach(() => dir.remove());

    it("reads the v0 fixture: verifies its checksum and adds the playgroundHistory v0 lacked", () => {
        expect(JSON.parse(readFileSync(fixture, "utf8"))).toMatchObject({version: 0});
        const state = decodeImage(readFileSync(fixture, "utf8"), fixture);
        expect(state.playgroundHistory).toEqual([]);
        const brick = state.personas[brickId]!;
        expect(brick.name).toBe("BRICK");
        expect(brick.goldenDataset).toHaveLength(3);
        expect(brick.goldenDataset.at(1)!.provenance.at).toEqual(new Date(Date.UTC(2026, 0, 1) + 60_000));
        expect(brick.slots["seen"]).toEqual(new Map([["ROBIN", new Date(Date.UTC(2026, 8, 1))]]));
        expect(brick.slots["tags"]).toEqual(new Set(["logic"]));
        expect(Object.isFrozen(state.playgroundHistory)).toBe(true);
        // v3: the fingerprint of the base model is unknown until the runtime first finds the file.
        expect(brick.baseModelFingerprint).toBeNull();
    });

    it("opens a v0 image, and its next save writes the current version with a higher generation", async () => {
        const store = await ImageStore.open(file);
        expect(store.generation).toBe(4);
        store.update((draft) => void draft.playgroundHistory.push("first line in a migrated image"));
        await store.save();
        await store.close();
        const header = JSON.parse(readFileSync(file, "utf8")) as {version: number, generation: number};
        expect(header.version).toBe(imageFormatVersion);
        expect(header.generation).toBe(5);
        // The v0 file is the .bak: verified good, so kept.
        expect(readFileSync(`${file}.bak`).equals(readFileSync(fixture))).toBe(true);
        const reopened = await ImageStore.open(file);
        expect(reopened.state.playgroundHistory).toEqual(["first line in a migrated image"]);
        expect(reopened.state.personas[brickId]!.slots["tags"]).toEqual(new Set(["logic"]));
        await reopened.close();
    });

    it("refuses a v0 image whose body was altered", async () => {
        writeFileSync(file, readFileSync(file, "utf8").replace("chaotic", "chaotiC"));
        const error = await ImageStore.open(file).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(CorruptImageError);
        expect((error as CorruptImageError).reason).toBe("checksum");
    });
});
