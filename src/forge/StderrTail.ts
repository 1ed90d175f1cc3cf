/**
 * I keep the last `limit` characters of a stream (the forge's stderr), so that an error can quote the
 * traceback without holding a whole training log in memory.
 */
export class StderrTail {
    #text = "";
    #dropped = false;

    constructor(readonly limit = 4096) {}

    push(chunk: string): void {
        this.#text += chunk;
        // Trim only when well past the limit, so a chatty stream does not copy the buffer on every chunk.
        if (this.#text.length > this.limit * 2) this.#trim();
    }

    /** The kept text; starts with "…" when earlier output was dropped, and begins at a line start when it can. */
    toString(): string {
        this.#trim();
        return this.#dropped ? "…" + this.#text : this.#text;
    }

    #trim(): void {
        if (this.#text.length <= this.limit) return;
        let text = this.#text.slice(this.#text.length - this.limit);
        const newline = text.indexOf("\n");
        if (newline >= 0 && newline < text.length / 4) text = text.slice(newline + 1);
        this.#text = text;
        this.#dropped = true;
    }
}
