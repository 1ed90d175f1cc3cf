import {describe, expect, it} from "vitest";
import {startRedisServer} from "./helpers/redisServer.js";

describe("the redis-server test helper", () => {
    it("fails, naming the packages to install, when redis-server is not on PATH", async () => {
        const path = process.env.PATH;
        process.env.PATH = "/nonexistent";
        try {
            await expect(startRedisServer()).rejects.toThrow(/redis-server is not on PATH.*apt-get install -y redis-server redis-tools/);
        } finally {
            process.env.PATH = path;
        }
    });

    it("starts a server of its own, restarts it on the same port, and stops it", async () => {
        const server = await startRedisServer({durable: true});
        try {
            expect(server.url).toBe(`redis://127.0.0.1:${server.port}`);
            await server.stop();
            await server.start();
            expect(server.port).toBeGreaterThan(0);
        } finally {
            await server.dispose();
        }
    });
});
