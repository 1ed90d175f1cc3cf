import {describe, expect, it} from "vitest";
import {MessageNotUnderstoodError} from "../../src/index.js";
import type {Runtime} from "../../src/index.js";
import type {DebugSession} from "../../src/runtime/index.js";
import type {Completion} from "../../src/llm/index.js";
import type {ChatEngine} from "../../src/runtime/index.js";
import {freshRuntimeForEach} from "./helpers.js";

let runtime: Runtime;
let opened: DebugSession[];
let waiting: ((s: DebugSession) => void)[];

/** The next debugger session that opens (or the one already open and not yet looked at). */
function nextSession(): Promise<DebugSession> {
    const ready = opened.shift();
    if (ready != null) return Promise.resolve(ready);
    return new Promise((resolve) => waiting.push(resolve));
}

freshRuntimeForEach((fresh) => {
    ({runtime} = fresh);
    opened = [];
    waiting = [];
    runtime.defaultDnuPolicy = "debug";
    runtime.debugger.attach((session) => {
        const waiter = waiting.shift();
        if (waiter != null) waiter(session);
        else opened.push(session);
    });
});

describe("the debugger", () => {
    it("opens on a typo with the stack alive; Abandon ends the run with the error and changes nothing", async () => {
        const journal = runtime.image.state;
        const run = runtime.evaluate("| n | n := 3. BRICK goldenDataSet size + n");
        const session = await nextSession();
        expect(session.title).toContain("BRICK does not understand #goldenDataSet. Did you mean #goldenDataset?");
        expect(session.resumable).toBe(true);
        expect(session.notUnderstood).toMatchObject({selector: "goldenDataSet", args: []});
        const [top] = session.stack();
        expect(top).toMatchObject({where: "DoIt", line: 1, column: 21, editable: null});
        expect(top!.variables).toEqual([{name: "n", value: "3"}]);
        expect(top!.source.slice(top!.mark!.start, top!.mark!.end)).toBe("goldenDataSet");
        session.abandon();
        await expect(run).rejects.toThrow(MessageNotUnderstoodError);
        expect(runtime.image.state).toBe(journal);
        expect(runtime.debugger.sessions()).toEqual([]);
    });

    it("Proceed on a resumable error answers the typed value at the failed send", async () => {
        const run = runtime.evaluate("(BRICK answer) + 1");
        const session = await nextSession();
        session.proceed(await session.valueOf("40 + 1"));
        expect(await run).toBe(42);
    });

    it("Create compiles a stub with the real arguments and lands inside it; an accepted edit restarts there on Proceed, and stays in the image", async () => {
        const run = runtime.evaluate("(BRICK twice: 21) + 0");
        const first = await nextSession();
        expect(first.createTargets().map((t) => t.name)).toEqual(["BRICK"]);
        const stub = first.create();
        expect(stub).toMatch(/^twice: anInteger\n/);
        const inside = await nextSession();
        const [top, caller] = inside.stack();
        expect(top).toMatchObject({where: "BRICK>>twice:"});
        expect(top!.variables).toEqual([{name: "anInteger", value: "21"}]);
        expect(caller!.where).toBe("DoIt");
        expect(() => inside.proceed()).toThrow(/not resumable/);
        expect(() => inside.accept(top!, "thrice: n ^ n * 3")).toThrow(/keep the selector/);
        inside.accept(top!, "twice: anInteger\n\t^ anInteger * 2");
        expect(inside.stack()[0]).toMatchObject({edited: true, source: "twice: anInteger\n\t^ anInteger * 2"});
        inside.proceed();
        expect(await run).toBe(42);
        const method = runtime.manager.get("BRICK").record.methods["twice:"]!;
        expect(method.source).toBe("twice: anInteger\n\t^ anInteger * 2");
        expect(method.versions?.map((v) => v.source)).toEqual([stub]);
    });

    it("Create on a selector that names a slot makes an accessor, no stub, and the run carries on", async () => {
        await runtime.evaluate("BRICK at: #mood put: 'sunny'");
        const run = runtime.evaluate("BRICK mood , '!'");
        const session = await nextSession();
        expect(session.create()).toBe("mood\n    ^ mood");
        expect(await run).toBe("sunny!");
        const setter = runtime.evaluate("BRICK mood: 'grey'. BRICK mood");
        (await nextSession()).create();
        expect(await setter).toBe("grey");
        expect(runtime.manager.get("BRICK").record.methods["mood:"]!.source).toBe("mood: anObject\n    mood := anObject");
    });

    it("Restart runs a context again from its start; Return answers a value from it", async () => {
        await runtime.evaluate("BRICK at: #ready put: false. BRICK compile: 'go ^ ready ifTrue: [''ready''] ifFalse: [Error signal: ''not ready'']'");
        const run = runtime.evaluate("BRICK go , '!'");
        const session = await nextSession();
        expect(session.title).toContain("not ready");
        expect(session.resumable).toBe(false);
        const go = session.stack().find((e) => e.where === "BRICK>>go")!;
        await runtime.evaluate("BRICK at: #ready put: true");
        session.restart(go);
        expect(await run).toBe("ready!");

        await runtime.evaluate("BRICK at: #ready put: false");
        const again = runtime.evaluate("BRICK go , '!'");
        const second = await nextSession();
        second.returnValue(second.stack().find((e) => e.where === "BRICK>>go")!, await second.valueOf("'returned'"));
        expect(await again).toBe("returned!");
    });

    it("opens for an error in a persona method called from TypeScript too, and not for a persona whose policy is #signal", async () => {
        await runtime.evaluate("BRICK compile: 'half: x ^ x // 0'");
        const call = runtime.send("BRICK", "half:", [8]);
        const session = await nextSession();
        expect(session.stack()[0]).toMatchObject({where: "BRICK>>half:"});
        session.proceed(4);
        expect(await call).toBe(4);
        await runtime.evaluate("ROBIN doesNotUnderstandPolicy: #signal");
        await expect(runtime.evaluate("ROBIN nothingHere")).rejects.toThrow(/ROBIN does not understand #nothingHere/);
        expect(opened).toEqual([]);
    });

    it("Synthesize: the persona's model drafts the missing method for the failed send; a passing draft, accepted, is installed with its provenance and the run carries on", async () => {
        // Fixed drafts (the embedded model's own are measured by the synthesis tests and the bench): one the gates stop, then one that passes.
        const replies = ["twice: n\n\t^ Image save", "twice: n\n\t^ n * 2"];
        let next = 0;
        const completion = (text: string): Completion => ({text, promptTokens: 1, completionTokens: 1, ms: 1, tokensPerSecond: 1, model: "scripted", adapter: null, stopReason: "stop"});
        runtime.attachEngine({kind: "scripted", attach: () => Promise.resolve(), detach: () => Promise.resolve(), dispose: () => Promise.resolve(),
            complete: () => Promise.resolve(completion(replies[Math.min(next++, replies.length - 1)]!))} as unknown as ChatEngine);
        const run = runtime.evaluate("(BRICK twice: 21) + 0");
        const session = await nextSession();
        const result = await session.synthesize();
        expect(result.passed).toBe(true);
        expect(result.attempts.map((a) => a.report.passed)).toEqual([false, true]);
        expect(runtime.manager.get("BRICK").record.methods["twice:"]).toBeUndefined(); // offered, not installed
        session.acceptSynthesis(result);
        expect(await run).toBe(42);
        expect(runtime.manager.get("BRICK").record.methods["twice:"]!.provenance).toMatchObject({origin: "synthesized", acceptedBy: "user", tries: 2});
    });

    it("opens for an error in a bus handler, and Proceed lets the handler finish", async () => {
        await runtime.evaluate("BRICK on: #Ping do: [:event | BRICK at: #lastPing put: (BRICK pingReply: (event at: #payload))]");
        await runtime.evaluate("BRICK publish: #Ping with: 'pong'");
        const session = await nextSession();
        expect(session.title).toContain("BRICK does not understand #pingReply:");
        expect(session.notUnderstood).toMatchObject({selector: "pingReply:", args: ["pong"]});
        session.proceed(await session.valueOf("'seen'"));
        await runtime.bus.flush();
        expect(runtime.manager.get("BRICK").record.slots.lastPing).toBe("seen");
    });
});
