/**
 * I hold every event of one run in order and hand them to any number of async iterators, each from the
 * first event: a consumer that starts iterating late still sees the whole run. Iteration ends when the
 * run ends (successfully or not; the outcome itself is the run's `result`).
 */
export class EventLog<T> implements AsyncIterable<T> {
    readonly #items: T[] = [];
    #closed = false;
    #wake: (() => void)[] = [];

    get items(): readonly T[] {
        return this.#items;
    }

    get closed(): boolean {
        return this.#closed;
    }

    push(item: T): void {
        if (this.#closed) return;
        this.#items.push(item);
        this.#notify();
    }

    close(): void {
        this.#closed = true;
        this.#notify();
    }

    async *[Symbol.asyncIterator](): AsyncIterator<T> {
        let next = 0;
        for (;;) {
            if (next < this.#items.length) {
                yield this.#items[next++]!;
                continue;
            }
            if (this.#closed) return;
            await new Promise<void>((resolve) => this.#wake.push(resolve));
        }
    }

    #notify(): void {
        const wake = this.#wake;
        this.#wake = [];
        for (const resolve of wake) resolve();
    }
}
