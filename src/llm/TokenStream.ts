/**
 * I turn a generation that reports its text through `onToken` into an async iterator of the pieces,
 * for callers that prefer `for await` to a callback. The generation's own result comes in `result`;
 * a piece pushed while nobody is reading waits in a queue, so nothing is lost.
 *
 * ```ts
 * const stream = TokenStream.of((onToken) => engine.chat(id, "Hello", {onToken}));
 * for await (const piece of stream) process.stdout.write(piece);
 * const completion = await stream.result;
 * ```
 */
export class TokenStream<T> implements AsyncIterable<string> {
    /** Resolves with the generation's result after its last piece; rejects as it does. */
    public readonly result: Promise<T>;
    private readonly queue: string[] = [];
    private wake: (() => void) | null = null;
    private finished = false;
    private failure: {error: unknown} | null = null;
    private iterated = false;

    private constructor(start: (onToken: (piece: string) => void) => Promise<T>) {
        this.result = start((piece) => {
            if (this.finished || piece === "") return;
            this.queue.push(piece);
            this.poke();
        }).then((value) => {
            this.finish();
            return value;
        }, (error: unknown) => {
            this.failure = {error};
            this.finish();
            throw error;
        });
        // The iterator reports the failure; a caller that only awaits `result` gets it there.
        this.result.catch(() => undefined);
    }

    /** Starts `start` at once, handing it the callback that feeds the stream. */
    public static of<T>(start: (onToken: (piece: string) => void) => Promise<T>): TokenStream<T> {
        return new TokenStream(start);
    }

    public async *[Symbol.asyncIterator](): AsyncIterator<string> {
        if (this.iterated) throw new Error("A TokenStream can be iterated once: keep the pieces, or await `result` for the whole text.");
        this.iterated = true;
        for (;;) {
            const piece = this.queue.shift();
            if (piece != null) {
                yield piece;
                continue;
            }
            if (this.finished) {
                if (this.failure != null) throw this.failure.error;
                return;
            }
            await new Promise<void>((resolve) => {
                this.wake = resolve;
            });
        }
    }

    private finish(): void {
        this.finished = true;
        this.poke();
    }

    private poke(): void {
        const wake = this.wake;
        this.wake = null;
        wake?.();
    }
}
