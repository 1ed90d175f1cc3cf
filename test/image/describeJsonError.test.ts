import {describe, expect, it} from "vitest";
import {describeJsonError} from "../../src/image/index.js";

function refusal(text: string): unknown {
    try {
        JSON.parse(text);
    } catch (error) {
        return error;
    }
    throw new Error(`${text} parsed`);
}

describe("describeJsonError", () => {
    it("names the fault and its place, never the text", () => {
        for (const text of ["{oops-private}", "[1, 2,, private]", "{\"a\": 1} private", "\"private\u0001\"", "{\"private\" 1}"]) {
            const said = describeJsonError(refusal(text));
            expect(said).toMatch(/^it is not valid JSON( at character \d+)?$/);
            expect(said).not.toContain("private");
            expect(said).not.toContain("oops");
        }
        expect(describeJsonError(refusal("{\"a\": ["))).toBe("it ends before the JSON value is complete");
        expect(describeJsonError(refusal("xy"))).toMatch(/^it is not valid JSON( at character 1)?$/);
    });
});
