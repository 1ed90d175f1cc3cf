import {createHash} from "node:crypto";
import {readFileSync} from "node:fs";
import {describe, expect, it} from "vitest";
import {decodeImage, deepFreeze, encodeBody, encodeImage, imageFormatVersion} from "../../src/image/index.js";
import {encodeImageParts} from "../../src/image/imageFormat.js";
import {writeImageFile} from "../../src/image/writeImageFile.js";
import {imageFileForEach, world} from "./sampleWorld.js";

describe("writeImageFile", () => {
    const at = imageFileForEach();

    it("streams an image of 3,000 samples with non-ASCII text: byte for byte the header and JSON.stringify of the body, which reopens to the state", async () => {
        const state = deepFreeze(world(3000));
        const record = Object.values(state.personas)[0]!;
        const withUnicode = deepFreeze({...state, personas: {...state.personas, [record.personaId]: {...record, slots: {...record.slots, motto: "Fakt: Tische träumen nicht 😀"}}}});
        const savedAt = new Date(Date.UTC(2026, 11, 6, 12));
        const identity = await writeImageFile(at.file, encodeImageParts(withUnicode, 7, savedAt), null);

        // The format, written out by hand: the checksummed body holds JSON.stringify of the encoded state.
        const {json, meta} = encodeBody(withUnicode);
        const body = Buffer.from(`{"version":${imageFormatVersion},"generation":7,"savedAt":"${savedAt.toISOString()}","json":${JSON.stringify(json)},"meta":${JSON.stringify(meta)}}`);
        const header = JSON.stringify({format: "living-image", version: imageFormatVersion, generation: 7, savedAt: savedAt.toISOString(),
            bodyBytes: body.length, checksum: createHash("sha256").update(body).digest("hex")}).slice(0, -1);
        const expected = Buffer.concat([Buffer.from(`${header.padEnd(256 - 8)},"body":`), body, Buffer.from("}\n")]);
        const written = readFileSync(at.file);
        expect(written.equals(expected)).toBe(true);
        expect(identity.size).toBe(expected.length);
        expect(decodeImage(written.toString("utf8"), at.file)).toStrictEqual(decodeImage(encodeImage(withUnicode, 7), at.file));
    });
});
