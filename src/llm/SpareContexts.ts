import type {LlamaContext} from "node-llama-cpp";
import type {ModelHandle} from "./ModelHandle.js";

/** A context made ahead of need: created and warmed, with no adapter, ready to be given one. */
export type SpareContext = {context: LlamaContext, warmed: boolean};

/**
 * I keep one spare context per loaded model copy, made and warmed in the background, so that an adapter
 * swap does not create a context on its path: it takes the spare, applies the adapter, warms it and flips,
 * and I make the next spare while the persona already runs on the new one. A spare costs one context's
 * memory (its KV cache) per loaded model, whatever the number of personas on it.
 *
 * A spare holds no reference on its model copy: when the pool disposes the copy, node-llama-cpp disposes the
 * spare with it, and I forget it.
 */
export class SpareContexts {
    private readonly spares = new Map<ModelHandle, Promise<LlamaContext | null>>();
    private readonly make: (handle: ModelHandle) => Promise<LlamaContext>;
    private readonly warm: (handle: ModelHandle, context: LlamaContext) => Promise<void>;
    private disposed = false;

    /**
     * @param make creates a context on the handle's model with the engine's settings.
     * @param warm evaluates a token on it and clears it, so its first request pays no first-use cost.
     */
    constructor(make: (handle: ModelHandle) => Promise<LlamaContext>, warm: (handle: ModelHandle, context: LlamaContext) => Promise<void>) {
        this.make = make;
        this.warm = warm;
    }

    /** Starts making a spare on `handle` unless it has one (ready or being made). */
    stock(handle: ModelHandle): void {
        this.forgetDisposed();
        if (this.disposed || handle.isDisposed || this.spares.has(handle)) return;
        const made = (async () => {
            const context = await this.make(handle);
            try {
                await this.warm(handle, context);
                return context;
            } catch (error) {
                await context.dispose();
                throw error;
            }
        })().catch(() => null); // a failed spare is only a missed head start: take() makes a context itself.
        this.spares.set(handle, made);
    }

    /** Resolves when the spare being made on `handle` (if any) is ready. */
    async ready(handle: ModelHandle): Promise<void> {
        await this.spares.get(handle);
    }

    /**
     * The spare of `handle` (waiting for the one being made), or a new context made now when there is none.
     * The caller owns the context, must have retained `handle`, and calls `stock` once its swap is done: making
     * the next spare meanwhile would compete with the swap's own warm-up for the same cores.
     */
    async take(handle: ModelHandle): Promise<SpareContext> {
        const pending = this.spares.get(handle);
        this.spares.delete(handle);
        const spare = pending == null ? null : await pending;
        return spare != null && !spare.disposed ? {context: spare, warmed: true} : {context: await this.make(handle), warmed: false};
    }

    /** Disposes the spare of `handle`: no context will be made on that copy any more (it was replaced). */
    async drop(handle: ModelHandle): Promise<void> {
        const pending = this.spares.get(handle);
        this.spares.delete(handle);
        const context = await pending;
        if (context != null && !context.disposed) await context.dispose();
    }

    /** Resolves when every spare being made now is ready. */
    async allReady(): Promise<void> {
        await Promise.all([...this.spares.values()]);
    }

    /** Spares made or being made now (for tests and diagnostics). */
    get count(): number {
        this.forgetDisposed();
        return this.spares.size;
    }

    async dispose(): Promise<void> {
        this.disposed = true;
        await Promise.all([...this.spares.keys()].map((handle) => this.drop(handle)));
    }

    private forgetDisposed(): void {
        for (const handle of this.spares.keys()) if (handle.isDisposed) this.spares.delete(handle);
    }
}
