/**
 * I run async operations one at a time per key, in arrival order. ProtoManager uses one key per
 * persona so that two swaps of the same persona never interleave, while different personas proceed
 * in parallel.
 */
export class AsyncLock {
    private readonly tails = new Map<string, Promise<unknown>>();

    public run<T>(key: string, operation: () => Promise<T> | T): Promise<T> {
        const previous = this.tails.get(key) ?? Promise.resolve();
        const result = previous.then(operation, operation);
        const tail = result.then(() => undefined, () => undefined);
        this.tails.set(key, tail);
        void tail.then(() => {
            if (this.tails.get(key) === tail) this.tails.delete(key);
        });
        return result;
    }

    /** True while an operation holds or waits for `key`. */
    public isBusy(key: string): boolean {
        return this.tails.has(key);
    }
}
