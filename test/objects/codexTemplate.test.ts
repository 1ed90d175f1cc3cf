import {describe, expect, it} from "vitest";
import {codexTemplate, InvalidCodexError, validateCodex} from "../../src/objects/index.js";

describe("codexTemplate", () => {
    it("answers a codex that validates as it is, named as asked (upper-cased)", async () => {
        for (const name of ["ZED", "nova", "R2_D2"]) {
            const codex = await validateCodex(JSON.parse(JSON.stringify(codexTemplate(name))), "template.json");
            expect(codex.name).toBe(name.toUpperCase());
            expect(codex.rubric.map((a) => a.id).sort()).toEqual(["creative_synthesis", "dissonance_resolution", "logical_rigor", "task_efficacy"]);
        }
    });

    it("refuses a name that is not an identifier, naming $.name", () => {
        for (const name of ["", "9LIVES", "two words", "ÉCLAIR"]) {
            const attempt = () => codexTemplate(name);
            expect(attempt).toThrow(InvalidCodexError);
            expect(attempt).toThrow(/\$\.name/);
        }
    });
});
