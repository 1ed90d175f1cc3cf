import {afterEach, beforeEach, describe, expect, it} from "vitest";
import type {LivingEvent, Runtime} from "../../src/index.js";
import {StrategicLoop} from "../../src/loops/index.js";
import {FakeJudgeEngine, goodReply} from "../oracle/fakeJudgeEngine.js";
import {addInteraction, exchange, freshRuntime} from "../oracle/helpers.js";

let runtime: Runtime;
let cleanup: () => Promise<void>;
beforeEach(async () => ({runtime, cleanup} = await freshRuntime()));
afterEach(async () => cleanup());

describe("the loop judges interactions as they complete, and a bad judge reply never corrupts the dataset", () => {
    it("skips and logs an interaction whose every reply was refused, and curates the others", async () => {
        const engine = new FakeJudgeEngine([
            goodReply(5),
            {fails: "cutOff"}, {value: {logical_rigor: {score: 9, rationale: "!"}}}, {value: "not json"},
            {fails: "unparsable"}, goodReply(5)
        ]);
        const logged: string[] = [];
        const transcript: string[] = [];
        runtime.bus.subscribe({type: "transcript"}, (e: LivingEvent) => {
            if (e.type === "transcript") transcript.push(e.text);
        });
        await using loop = new StrategicLoop(runtime, {judge: {engine, attempts: 3}, autoForge: false, log: (line) => logged.push(line)});
        const ids = [
            addInteraction(runtime, "BRICK", exchange("One?", "Premise: one."), {announce: true}),
            addInteraction(runtime, "BRICK", exchange("Two?", "Premise: two."), {announce: true}),
            addInteraction(runtime, "BRICK", exchange("Three?", "Premise: three."), {announce: true})
        ];
        await loop.whenIdle();
        expect(loop.judged.map((j) => [j.interactionId, j.ok])).toEqual([[ids[0], true], [ids[1], false], [ids[2], true]]);
        const record = runtime.manager.get("BRICK").record;
        expect(record.goldenDataset.map((s) => s.provenance.interactionId)).toEqual([ids[0], ids[2]]);
        expect(record.goldenDataset.every((s) => s.provenance.judge === "ALFRED" && s.provenance.scores?.golden === 5)).toBe(true);
        // No score, no metric, no sample for the skipped interaction: only the failure, so the backlog moves on.
        expect(record.scrapbook.find((e) => e.id === ids[1])!.meta).toEqual({judgeFailures: [expect.objectContaining({judge: "ALFRED", reason: expect.stringMatching(/3 attempt/)})]});
        expect(loop.backlog()).toEqual([]);
        expect(record.performanceMetrics.filter((p) => p.tags?.["interactionId"] === ids[1])).toEqual([]);
        expect(logged).toHaveLength(1);
        expect(logged[0]).toMatch(new RegExp(`ALFRED skipped BRICK's interaction ${ids[1]}.*3 attempt`));
        expect(transcript.join("")).toContain(`skipped BRICK's interaction ${ids[1]}`);
    });

    it("judges in batches when asked, and never judges the judge's own chats", async () => {
        const engine = new FakeJudgeEngine([goodReply(4), goodReply(5)]);
        await using loop = new StrategicLoop(runtime, {judge: {engine}, judging: {mode: "batch", size: 2}, autoForge: false});
        addInteraction(runtime, "ALFRED", exchange("Judge?", "Indeed."), {announce: true});
        addInteraction(runtime, "ROBIN", exchange("Sad?", "Here, a song."), {announce: true});
        await loop.whenIdle();
        expect(engine.calls).toHaveLength(0);
        addInteraction(runtime, "ROBIN", exchange("Glad?", "Here, a dance."), {announce: true});
        await loop.whenIdle();
        expect(engine.calls).toHaveLength(2);
        expect(runtime.manager.get("ROBIN").record.goldenDataset).toHaveLength(1);
        expect(runtime.manager.get("ALFRED").record.goldenDataset).toHaveLength(0);
    });
});
