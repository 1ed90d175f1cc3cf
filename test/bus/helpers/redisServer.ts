import {spawn, spawnSync} from "node:child_process";
import type {ChildProcess} from "node:child_process";
import {mkdtempSync, rmSync} from "node:fs";
import {createServer} from "node:net";
import {tmpdir} from "node:os";
import path from "node:path";

export type RedisServerOptions = {
    /** Durable mode: appendonly yes, appendfsync always, so a killed server loses nothing it acknowledged. */
    durable?: boolean
};

/** A redis-server this test started: its own port on 127.0.0.1, its own data directory. */
export type RedisServer = {
    port: number,
    url: string,
    dir: string,
    /** Kills the server (SIGKILL unless told otherwise) and waits for it to exit; the data directory stays. */
    stop(signal?: NodeJS.Signals): Promise<void>,
    /** Starts it again on the same port and data directory. */
    start(): Promise<void>,
    /** Stops it and removes the data directory. */
    dispose(): Promise<void>
};

/**
 * Starts a real redis-server for a test. Fails (never skips) when redis-server is not installed,
 * naming the Debian packages to install.
 */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
    const found = spawnSync("redis-server", ["--version"], {encoding: "utf8"});
    if (found.error != null || found.status !== 0)
        throw new Error("redis-server is not on PATH: the bus tests need a real Redis. Install it with " +
            "`apt-get install -y redis-server redis-tools` (Debian) and run the tests again.");
    const dir = mkdtempSync(path.join(tmpdir(), "li-redis-"));
    const port = await freePort();
    const persistence = options.durable === true
        ? ["--appendonly", "yes", "--appendfsync", "always", "--appenddirname", "aof"]
        : ["--appendonly", "no"];
    let child: ChildProcess | null = null;

    const start = async (): Promise<void> => {
        const args = ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--daemonize", "no",
            "--protected-mode", "no", "--loglevel", "warning", ...persistence];
        const spawned = spawn("redis-server", args, {stdio: ["ignore", "pipe", "pipe"]});
        child = spawned;
        let output = "";
        spawned.stdout?.on("data", (chunk: Buffer) => output += chunk.toString());
        spawned.stderr?.on("data", (chunk: Buffer) => output += chunk.toString());
        const deadline = Date.now() + 10_000;
        while (!(await ping(port))) {
            if (spawned.exitCode != null) throw new Error(`redis-server exited with code ${spawned.exitCode} on port ${port}:\n${output}`);
            if (Date.now() > deadline) throw new Error(`redis-server did not answer PING on port ${port} within 10 s:\n${output}`);
            await new Promise((resolve) => setTimeout(resolve, 20));
        }
    };

    const stop = async (signal: NodeJS.Signals = "SIGKILL"): Promise<void> => {
        const running = child;
        child = null;
        if (running == null || running.exitCode != null || running.signalCode != null) return;
        const exited = new Promise((resolve) => running.once("exit", resolve));
        running.kill(signal);
        await exited;
    };

    await start();
    return {
        port, dir, url: `redis://127.0.0.1:${port}`,
        stop, start,
        dispose: async () => {
            await stop();
            rmSync(dir, {recursive: true, force: true});
        }
    };
}

/** Runs redis-cli against the server and answers its output (for raw commands a test needs). */
export function redisCli(port: number, ...args: string[]): string {
    const result = spawnSync("redis-cli", ["-p", String(port), ...args], {encoding: "utf8"});
    if (result.error != null) throw result.error;
    return result.stdout.trim();
}

function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = createServer();
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => {
            const address = server.address();
            const port = typeof address === "object" && address != null ? address.port : 0;
            server.close(() => resolve(port));
        });
    });
}

async function ping(port: number): Promise<boolean> {
    const result = await new Promise<string>((resolve) => {
        const cli = spawn("redis-cli", ["-p", String(port), "PING"], {stdio: ["ignore", "pipe", "ignore"]});
        let out = "";
        cli.stdout.on("data", (chunk: Buffer) => out += chunk.toString());
        cli.on("close", () => resolve(out.trim()));
        cli.on("error", () => resolve(""));
    });
    return result === "PONG";
}
