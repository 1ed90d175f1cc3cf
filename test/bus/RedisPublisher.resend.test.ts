import {connect, createServer} from "node:net";
import type {Server, Socket} from "node:net";
import {Redis} from "ioredis";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {makeEvent} from "../../src/objects/index.js";
import {RedisBus} from "../../src/bus/redis/index.js";
import type {BusStatus} from "../../src/bus/index.js";
import {startRedisServer} from "./helpers/redisServer.js";
import type {RedisServer} from "./helpers/redisServer.js";
import {waitFor} from "../helpers/waitFor.js";

/**
 * A TCP relay to the real server that, once armed, cuts the client off as soon as the reply to its next XADD
 * comes back: the server has appended the batch, the publisher never hears so. A real Redis cannot lose a
 * reply on demand; this is the one failure forced here.
 */
function replyLosingRelay(port: number): Promise<{url: string, arm(): void, cuts(): number, close(): Promise<void>}> {
    let armed = false;
    let sawXadd = false;
    let cuts = 0;
    const sockets = new Set<Socket>();
    const server: Server = createServer((client) => {
        const upstream = connect(port, "127.0.0.1");
        sockets.add(client).add(upstream);
        client.on("data", (chunk: Buffer) => {
            if (armed && chunk.toString("latin1").toLowerCase().includes("xadd")) sawXadd = true;
            upstream.write(chunk);
        });
        upstream.on("data", (chunk: Buffer) => {
            if (armed && sawXadd) {
                armed = false;
                sawXadd = false;
                cuts++;
                client.destroy();
                upstream.destroy();
                return;
            }
            client.write(chunk);
        });
        const end = () => {
            client.destroy();
            upstream.destroy();
        };
        client.on("close", end).on("error", end);
        upstream.on("close", end).on("error", end);
    });
    return new Promise((resolve) => server.listen(0, "127.0.0.1", () => {
        const address = server.address();
        const relayPort = typeof address === "object" && address != null ? address.port : 0;
        resolve({
            url: `redis://127.0.0.1:${relayPort}`,
            arm: () => {
                armed = true;
            },
            cuts: () => cuts,
            close: () => new Promise<void>((done) => {
                for (const socket of sockets) socket.destroy();
                server.close(() => done());
            })
        });
    }));
}

let server: RedisServer;
beforeAll(async () => {
    server = await startRedisServer();
});
afterAll(async () => {
    await server?.dispose();
});

describe("a batch whose reply was lost", () => {
    it("is resent byte for byte, lands twice with one batch id, and is handled once by the group and the tail", async () => {
        const relay = await replyLosingRelay(server.port);
        const raw = new Redis(server.url);
        try {
            const statuses: BusStatus[] = [];
            await using consumer = new RedisBus(server.url, {namespace: "resend"});
            const byGroup: string[] = [];
            const byTail: string[] = [];
            await consumer.subscribe(undefined, (e) => {
                byGroup.push(e.id);
            }, {group: "g"}).ready;
            await consumer.subscribe(undefined, (e) => {
                byTail.push(e.id);
            }).ready;
            await using publisher = new RedisBus(relay.url, {namespace: "resend", retryMinMs: 20, retryMaxMs: 100, onStatus: (s) => statuses.push(s)});
            await publisher.waitConnected();

            relay.arm();
            const events = Array.from({length: 20}, (_, i) => makeEvent({type: "transcript", persona: null, text: `resent ${i}`}));
            for (const event of events) publisher.publish(event);
            await publisher.flush();
            expect(relay.cuts()).toBe(1);
            expect(statuses.some((s) => s.state === "buffering")).toBe(true);

            const entries = await raw.xrange(consumer.keys.stream, "-", "+");
            expect(entries).toHaveLength(2);
            const [first, second] = entries.map(([, fields]) => fields);
            expect(second).toEqual(first);
            expect(first?.[(first?.indexOf("n") ?? 0) + 1]).toBe("20");

            const ids = events.map((e) => e.id);
            await waitFor("both copies to be read by the group and the tail", async () =>
                Number(((await raw.xpending(consumer.keys.stream, "g")) as unknown[])[0]) === 0 && byTail.length >= 20);
            await consumer.flush();
            expect(byGroup).toEqual(ids);
            expect(byTail).toEqual(ids);
        } finally {
            raw.disconnect();
            await relay.close();
        }
    });
});
