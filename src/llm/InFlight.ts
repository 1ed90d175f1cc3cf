/** I count running requests per key (an Ollama tag, a vLLM lora_name) and say when a key has drained. */
export class InFlight {
    private readonly counts = new Map<string, number>();
    private readonly waiters = new Map<string, (() => void)[]>();

    enter(key: string): void {
        this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    }

    leave(key: string): void {
        const left = (this.counts.get(key) ?? 1) - 1;
        if (left > 0) {
            this.counts.set(key, left);
            return;
        }
        this.counts.delete(key);
        for (const resolve of this.waiters.get(key) ?? []) resolve();
        this.waiters.delete(key);
    }

    count(key: string): number {
        return this.counts.get(key) ?? 0;
    }

    /** Resolves when no request runs on `key`. */
    drained(key: string): Promise<void> {
        if (this.count(key) === 0) return Promise.resolve();
        return new Promise((resolve) => {
            const list = this.waiters.get(key) ?? [];
            list.push(resolve);
            this.waiters.set(key, list);
        });
    }
}
