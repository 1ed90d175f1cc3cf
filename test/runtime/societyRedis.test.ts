import {spawn} from "node:child_process";
import type {ChildProcess} from "node:child_process";
import {copyFile} from "node:fs/promises";
import path from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {ImageStore, makeEvent} from "../../src/index.js";
import {createBus, isRedisBus} from "../../src/bus/index.js";
import type {RedisSubscription} from "../../src/bus/redis/index.js";
import type {LivingEvent} from "../../src/index.js";
import {startRedisServer} from "../bus/helpers/redisServer.js";
import type {RedisServer} from "../bus/helpers/redisServer.js";
import {tsxNodeArgs} from "../bus/helpers/tsxNode.js";
import {freshRuntime} from "./helpers.js";
import {societySource} from "./societyScript.js";

let redis: RedisServer;
beforeAll(async () => {
    redis = await startRedisServer();
});
afterAll(async () => {
    await redis.dispose();
});

/** Every host process started, stopped in the end whatever happened. */
const children: ChildProcess[] = [];

function host(image: string, hosts: string): Promise<ChildProcess> {
    const child = spawn(process.execPath, tsxNodeArgs(path.resolve("test/fixtures/society/host.ts"), image, redis.url, path.resolve("test/fixtures/models/stories260K.gguf"), hosts),
        {stdio: ["ignore", "pipe", "pipe"]});
    children.push(child);
    let stderr = "";
    child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    return new Promise((resolve, reject) => {
        child.stdout!.on("data", (chunk: Buffer) => {
            if (chunk.toString().includes("ready")) resolve(child);
        });
        child.once("exit", (code) => reject(new Error(`host ${hosts} exited with ${code}: ${stderr.slice(-2000)}`)));
    });
}

function stop(child: ChildProcess): Promise<void> {
    return new Promise((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
    });
}

describe("the society across two processes sharing one Redis", () => {
    it("runs BRICK in one process and ROBIN in another, and records the dialogue", async () => {
        const made = await freshRuntime();
        try {
            await made.runtime.evaluate(societySource);
            await made.runtime.save();
            await made.runtime.dispose();
            const brickImage = path.join(made.dir, "brick.image.json");
            const robinImage = path.join(made.dir, "robin.image.json");
            await copyFile(made.file, brickImage);
            await copyFile(made.file, robinImage);

            const [brick, robin] = await Promise.all([host(brickImage, "BRICK"), host(robinImage, "ROBIN")]);
            const bus = await createBus(redis.url);
            if (!isRedisBus(bus)) throw new Error(`createBus(${redis.url}) gave a ${bus.kind} bus, not the Redis one`);
            const seen: LivingEvent[] = [];
            let subscription: RedisSubscription | undefined;
            const done = new Promise<Extract<LivingEvent, {type: "user"}>>((resolve, reject) => {
                const timer = setTimeout(() => reject(new Error("no DialogueComplete within 90 s")), 90_000);
                subscription = bus.subscribe({type: "user"}, (event) => {
                    seen.push(event);
                    if (event.type === "user" && event.name === "DialogueComplete") {
                        clearTimeout(timer);
                        resolve(event);
                    }
                });
            });
            await subscription?.ready;
            bus.publish(makeEvent({type: "user", persona: null, name: "UserQuestion", payload: "Why is the sky blue?"}));
            const dialogue = await done;
            expect(seen.filter((e) => e.type === "user").map((e) => (e as {name: string}).name)).toEqual(["UserQuestion", "LogicalAnalysisComplete", "DialogueComplete"]);
            expect(seen.find((e) => e.type === "user" && e.name === "LogicalAnalysisComplete")?.persona).toBe("BRICK");
            expect(dialogue.persona).toBe("ROBIN");
            await Promise.all([stop(brick), stop(robin)]);
            await bus.dispose();

            // BRICK's process chatted as BRICK; ROBIN's process chatted as ROBIN and recorded the dialogue for both.
            const brickStore = await ImageStore.open(brickImage, {readOnly: true});
            const robinStore = await ImageStore.open(robinImage, {readOnly: true});
            const byName = (store: ImageStore, name: string) => Object.values(store.state.personas).find((p) => p.name === name)!;
            expect(byName(brickStore, "BRICK").scrapbook.filter((e) => e.kind === "chat")).toHaveLength(1);
            expect(byName(brickStore, "ROBIN").scrapbook).toHaveLength(0);
            const id = (dialogue.payload as {interactionId: string}).interactionId;
            expect(byName(robinStore, "ROBIN").scrapbook.find((e) => e.id === id)?.messages).toHaveLength(3);
            expect(byName(robinStore, "BRICK").scrapbook.find((e) => e.id === id)?.kind).toBe("bus");
            await brickStore.close();
            await robinStore.close();
        } finally {
            // A failed or timed-out run leaves no host process and no files behind.
            for (const child of children) if (child.exitCode == null && child.signalCode == null) child.kill("SIGKILL");
            await made.cleanup();
        }
    }, 180_000);
});
