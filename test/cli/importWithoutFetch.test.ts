import {describe, expect, it} from "vitest";
import {importWithoutFetch} from "../../src/cli/importWithoutFetch.js";

describe("importWithoutFetch", () => {
    it("hides the global fetch while the module loads and puts the same one back", async () => {
        const before = Object.getOwnPropertyDescriptor(globalThis, "fetch");
        expect(typeof before?.value).toBe("function");
        const seen = await importWithoutFetch(async () => typeof (globalThis as {fetch?: unknown}).fetch);
        expect(seen).toBe("undefined");
        expect(Object.getOwnPropertyDescriptor(globalThis, "fetch")).toEqual(before);
    });

    it("puts fetch back when the import fails, and passes the failure on", async () => {
        const before = globalThis.fetch;
        const missing = "./no-such-module.js";
        await expect(importWithoutFetch(async () => import(missing))).rejects.toThrow(/no-such-module/);
        expect(globalThis.fetch).toBe(before);
    });

    it("loads yoga-layout (Ink's layout engine) without fetch: it decodes its WebAssembly itself", async () => {
        const yoga = await importWithoutFetch(async () => (await import("yoga-layout")).default);
        const node = yoga.Node.create();
        node.setWidth(7);
        node.calculateLayout(undefined, undefined);
        expect(node.getComputedWidth()).toBe(7);
        node.free();
    });
});
