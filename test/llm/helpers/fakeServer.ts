import http from "node:http";
import type {AddressInfo} from "node:net";

/** A request the fake server received. */
export type Recorded = {method: string, path: string, json: unknown, bytes: number, at: number, finishedAt: number | null};

export type Reply = {status: number, json?: unknown, text?: string, bytes?: Buffer, ndjson?: unknown[], sse?: unknown[], delayMs?: number, wait?: Promise<void>};

/**
 * A small HTTP server on 127.0.0.1 and a random port, for testing engines against the documented endpoints.
 * It records every request (JSON bodies parsed) and can be told to fail the next request to a path.
 */
export class FakeServer {
    readonly requests: Recorded[] = [];
    private server: http.Server | null = null;
    private readonly failures = new Map<string, Reply>();
    url = "";

    constructor(private readonly route: (method: string, path: string, body: Buffer, json: unknown) => Reply | Promise<Reply>) {}

    async start(): Promise<this> {
        this.server = http.createServer((req, res) => {
            const chunks: Buffer[] = [];
            req.on("data", (c: Buffer) => chunks.push(c));
            req.on("end", () => {
                void this.handle(req, res, Buffer.concat(chunks));
            });
        });
        await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", () => resolve()));
        this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
        return this;
    }

    /** The next request to `path` gets `reply` instead of the normal answer. */
    failNext(path: string, reply: Reply): void {
        this.failures.set(path, reply);
    }

    bodiesOf(method: string, path: string): unknown[] {
        return this.requests.filter((r) => r.method === method && r.path === path).map((r) => r.json);
    }

    async close(): Promise<void> {
        const server = this.server;
        if (server == null) return;
        this.server = null;
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
    }

    private async handle(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): Promise<void> {
        const path = (req.url ?? "/").split("?")[0]!;
        const method = req.method ?? "GET";
        let json: unknown = null;
        if ((req.headers["content-type"] ?? "").includes("json") && body.length > 0) {
            try {
                json = JSON.parse(body.toString("utf8"));
            } catch {
                json = {unparsable: body.toString("utf8")};
            }
        }
        const record: Recorded = {method, path, json, bytes: body.length, at: performance.now(), finishedAt: null};
        this.requests.push(record);
        const failure = this.failures.get(path);
        if (failure != null) this.failures.delete(path);
        const reply = failure ?? await this.route(method, path, body, json);
        if (reply.delayMs != null) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
        if (reply.wait != null) await reply.wait;
        if (reply.ndjson != null || reply.sse != null) {
            res.writeHead(reply.status, {"content-type": reply.ndjson != null ? "application/x-ndjson" : "text/event-stream"});
            for (const item of reply.ndjson ?? []) res.write(JSON.stringify(item) + "\n");
            for (const item of reply.sse ?? []) res.write(`data: ${typeof item === "string" ? item : JSON.stringify(item)}\n\n`);
            res.end();
        } else if (reply.bytes != null) {
            res.writeHead(reply.status, {"content-type": "application/octet-stream", "content-length": reply.bytes.length});
            res.end(method === "HEAD" ? undefined : reply.bytes);
        } else if (reply.json !== undefined) {
            res.writeHead(reply.status, {"content-type": "application/json"});
            res.end(JSON.stringify(reply.json));
        } else {
            res.writeHead(reply.status, {"content-type": "text/plain"});
            res.end(reply.text ?? "");
        }
        record.finishedAt = performance.now();
    }
}
