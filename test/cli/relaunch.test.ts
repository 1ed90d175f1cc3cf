import {describe, expect, it} from "vitest";
import {relaunchEnv} from "../../src/cli/relaunch.js";

describe("the browser's relaunch with MALLOC_ARENA_MAX=2", () => {
    it("tells the child which code its parent runs, so the child neither compares dist/ with src/ again nor repeats a warning", () => {
        const inherited = {PATH: "/bin", LIVING_IMAGE_SOURCE: undefined};
        expect(relaunchEnv(inherited, "file:///app/dist/cli/main.js")).toEqual({PATH: "/bin", MALLOC_ARENA_MAX: "2", LIVING_IMAGE_SOURCE: "0"});
        expect(relaunchEnv(inherited, "file:///app/src/cli/relaunch.ts")).toEqual({PATH: "/bin", MALLOC_ARENA_MAX: "2", LIVING_IMAGE_SOURCE: "1"});
        // Run from the source, as the tests run it, the module itself says "1".
        expect(relaunchEnv({}).LIVING_IMAGE_SOURCE).toBe("1");
    });
});
