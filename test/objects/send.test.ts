import {describe, expect, it} from "vitest";
import {
    Message, MessageNotUnderstoodError, Mirror, WrongArgumentCountError, mirrorOf, passMarker, protoOf, protoProxy, send
} from "../../src/objects/index.js";
import {PlainWorld} from "./helpers/plainWorld.js";

function world() {
    const w = new PlainWorld();
    w.primitives.set("name", (self) => self.name);
    w.primitives.set("greet:", (self, [who]) => `${self.name} greets ${String(who)}`);
    w.primitives.set("at:put:", (_self, [slot, value]) => `${String(slot)}=${String(value)}`);
    return w;
}

describe("the send path through the Proxy", () => {
    it("runs a persona method before a primitive of the same selector, and primitives otherwise", () => {
        const w = world();
        const brick = protoProxy(w.add("BRICK", {"greet:": "answer method-wins"}));
        expect(brick.greet!("Ada")).toBe("method-wins");
        expect(brick.name!()).toBe("BRICK");
        expect(brick.at_put!("mood", "sunny")).toBe("mood=sunny");
        expect(w.invocations).toEqual(["BRICK>>greet:"]);
    });

    it("follows the parent chain, with self still the original receiver", () => {
        const w = world();
        w.add("BASE", {"whoAmI": "receiver"});
        const brick = protoProxy(w.add("BRICK", {}, "BASE"));
        expect(brick.whoAmI!()).toBe("BRICK");
        expect(w.invocations).toEqual(["BASE>>whoAmI"]);
    });

    it("tries the persona's own doesNotUnderstand: method first, then runtime handlers in order", () => {
        const w = world();
        const order: string[] = [];
        w.dnuHandlers.push(
            {name: "first", handle: () => { order.push("first"); return undefined; }},
            {name: "second", handle: (signal) => { order.push("second"); return signal.resume(`resumed ${signal.message.selector}`); }},
            {name: "third", handle: (signal) => { order.push("third"); return signal.resume("never"); }}
        );
        const plain = protoProxy(w.add("ROBIN"));
        expect(plain.frobnicate!(1)).toBe("resumed frobnicate:");
        expect(order).toEqual(["first", "second"]);

        const withMethod = protoProxy(w.add("BRICK", {"doesNotUnderstand:": "echo"}));
        const answer = withMethod.frobnicate!(1) as Message[];
        expect(answer[0]).toBeInstanceOf(Message);
        expect(answer[0]!.selector).toBe("frobnicate:");
        expect(answer[0]!.arguments).toEqual([1]);
        expect(order).toEqual(["first", "second"]); // runtime handlers were not needed
    });

    it("lets a doesNotUnderstand: method decline with pass, so runtime handlers answer", () => {
        const w = world();
        w.executor.invoke = () => passMarker;
        w.dnuHandlers.push({name: "llm", handle: (s) => s.resume("from the handler")});
        const brick = protoProxy(w.add("BRICK", {"doesNotUnderstand:": "anything"}));
        expect(brick.frobnicate!()).toBe("from the handler");
        expect(w.published.at(-1)).toMatchObject({type: "dissonance", resolution: "handler", handler: "llm"});
    });

    it("supports asynchronous handlers", async () => {
        const w = world();
        w.dnuHandlers.push({name: "slow", handle: async (s) => s.resume(await Promise.resolve(42))});
        const brick = protoProxy(w.add("BRICK"));
        const answer = brick.ponder!();
        expect(answer).toBeInstanceOf(Promise);
        await expect(answer).resolves.toBe(42);
    });

    it("throws MessageNotUnderstoodError naming receiver, selector and the nearest understood selectors", () => {
        const w = world();
        const brick = protoProxy(w.add("BRICK", {"greeting": "answer hi", "grant:": "answer ok"}));
        let error: unknown;
        try {
            brick.greett!("x");
        } catch (e) {
            error = e;
        }
        expect(error).toBeInstanceOf(MessageNotUnderstoodError);
        const mnu = error as MessageNotUnderstoodError;
        expect(mnu.receiver).toBe("BRICK");
        expect(mnu.selector).toBe("greett:");
        expect(mnu.nearest[0]).toBe("greet:");
        expect(mnu.nearest).toContain("grant:");
        expect(mnu.message).toMatch(/BRICK does not understand #greett:.*Did you mean #greet:/);
    });

    it("publishes every doesNotUnderstand as a dissonance event, resolved or not", () => {
        const w = world();
        const brick = protoProxy(w.add("BRICK"));
        expect(() => brick.unknownThing!()).toThrow(MessageNotUnderstoodError);
        expect(w.published).toHaveLength(1);
        expect(w.published[0]).toMatchObject({type: "dissonance", persona: "BRICK", selector: "unknownThing", resolution: "unresolved"});
    });

    it("checks arity against the selector", () => {
        const w = world();
        const brick = w.add("BRICK");
        expect(() => send(brick, "greet:", [])).toThrow(WrongArgumentCountError);
    });

    it("is not a thenable and does not send when inspected by JavaScript machinery", async () => {
        const w = world();
        const handle = protoProxy(w.add("BRICK"));
        expect(await Promise.resolve(handle)).toBe(handle);
        expect(String(handle)).toBe("BRICK");
        expect(w.published).toHaveLength(0);
        expect(() => {
            (handle as unknown as Record<string, unknown>).name = "x";
        }).toThrow(/journalled/);
    });
});

describe("the Mirror", () => {
    it("reflects without ever triggering doesNotUnderstand, even on a persona whose every send is caught", () => {
        const w = world();
        let caught = 0;
        w.dnuHandlers.push({name: "catch-all", handle: (s) => { caught++; return s.resume("caught"); }});
        const proto = w.add("BRICK", {"doesNotUnderstand:": "answer swallowed", "greet:": "answer hi"});
        const handle = protoProxy(proto);
        const mirror = mirrorOf(handle);
        expect(mirror).toBeInstanceOf(Mirror);
        expect(protoOf(handle)).toBe(proto);
        expect(mirror.respondsTo("greet:")).toBe(true);
        expect(mirror.respondsTo("name")).toBe(true);
        expect(mirror.respondsTo("frobnicate")).toBe(false);
        expect(mirror.methods()).toEqual(["doesNotUnderstand:", "greet:"]);
        expect(mirror.slotNames()).toContain("goldenDataset");
        expect(mirror.inspect().find((r) => r.slot === "name")?.summary).toBe('"BRICK"');
        expect(w.invocations).toEqual([]);
        expect(caught).toBe(0);
        expect(w.published).toHaveLength(0);
    });
});
