import {EventEmitter} from "node:events";
import type {Redis} from "ioredis";
import {describe, expect, it} from "vitest";
import {Backoff} from "../../src/bus/redis/Backoff.js";

/** What Backoff uses of a connection: its "ready" event. */
const connection = (): Redis & EventEmitter => new EventEmitter() as Redis & EventEmitter;

describe("Backoff", () => {
    it("doubles its delay after each failure up to the maximum, and starts again after a success", async () => {
        const backoff = new Backoff(1, 4);
        const redis = connection();
        const delays: number[] = [];
        const firsts: boolean[] = [];
        for (let i = 0; i < 4; i++) {
            delays.push(backoff.delayMs);
            firsts.push(!backoff.failing);
            await backoff.failed(redis);
        }
        expect(delays).toEqual([1, 2, 4, 4]);
        expect(firsts).toEqual([true, false, false, false]);
        backoff.succeeded();
        expect([backoff.delayMs, backoff.failing]).toEqual([1, false]);
    });

    it("stops waiting the moment the connection is ready again", async () => {
        const backoff = new Backoff(60_000, 60_000);
        const redis = connection();
        const waiting = backoff.failed(redis);
        redis.emit("ready");
        await waiting;
        expect(redis.listenerCount("ready")).toBe(0);
        expect(backoff.delayMs).toBe(60_000);
    });

    it("gives ioredis the same sequence of reconnection delays", () => {
        expect([1, 2, 3, 4, 5, 6, 100].map((attempt) => Backoff.delayFor(attempt, 50, 1_000))).toEqual([50, 100, 200, 400, 800, 1_000, 1_000]);
    });
});
