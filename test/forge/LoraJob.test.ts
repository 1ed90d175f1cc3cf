import {resolve} from "node:path";
import {describe, expect, it} from "vitest";
import {loraJobFile, LoraJobError} from "../../src/forge/index.js";

const base = {baseModel: "models/base.gguf", persona: "ROBIN", adaptersDir: "adapters",
    train: [{tokens: [1, 5, 6], mask: [0, 1, 1]}], validation: []};

describe("loraJobFile", () => {
    it("writes the forge's snake_case fields with absolute paths, leaving out what the forge defaults", () => {
        expect(loraJobFile({...base, rank: 4, batchSize: 2, initAdapter: "adapters/ROBIN/old.gguf", hfModel: "org/model"})).toEqual({
            base_model: resolve("models/base.gguf"), persona: "ROBIN", adapters_dir: resolve("adapters"),
            train: base.train, validation: [], rank: 4, batch_size: 2, init_adapter: resolve("adapters/ROBIN/old.gguf"), hf_model: "org/model"
        });
        expect(loraJobFile({...base, baseModel: "hf:org/model/file.gguf", initAdapter: null})).toMatchObject(
            {base_model: "hf:org/model/file.gguf", init_adapter: null});
        expect(loraJobFile({...base, extra: {zero_b: true}})).toMatchObject({zero_b: true, persona: "ROBIN"});
    });

    it.each([
        [{persona: " "}, "persona is empty"],
        [{train: [{tokens: [1, -2], mask: [0, 1]}]}, "train[0] has a token id that is not a whole number"],
        [{validation: [{tokens: [1, 2], mask: [0, 2]}]}, "validation[0] has a mask entry that is not 0 or 1"],
        [{steps: 0}, "steps is 0, expected a whole number ≥ 1"],
        [{rank: 2.5}, "rank is 2.5"]
    ])("refuses %o", (change, message) => {
        expect(() => loraJobFile({...base, ...change})).toThrow(LoraJobError);
        expect(() => loraJobFile({...base, ...change})).toThrow(message);
    });
});
