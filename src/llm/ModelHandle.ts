import type {ChatWrapper, LlamaModel} from "node-llama-cpp";

/**
 * I am one loaded copy of a base model, shared by every persona context made on it.
 * I count the contexts that use me and the distinct adapters node-llama-cpp has cached in me:
 * adapters are freed only when the model is disposed, so the pool replaces me after too many.
 */
export class ModelHandle {
    readonly path: string;
    readonly model: LlamaModel;
    readonly chatWrapper: ChatWrapper;
    readonly adapters = new Set<string>();
    private refs = 0;
    private disposed = false;
    private readonly onUnused: (handle: ModelHandle) => void;

    constructor(path: string, model: LlamaModel, chatWrapper: ChatWrapper, onUnused: (handle: ModelHandle) => void) {
        this.path = path;
        this.model = model;
        this.chatWrapper = chatWrapper;
        this.onUnused = onUnused;
    }

    get references(): number {
        return this.refs;
    }

    get isDisposed(): boolean {
        return this.disposed;
    }

    retain(): void {
        if (this.disposed) throw new Error(`ModelHandle for ${this.path} used after dispose`);
        this.refs++;
    }

    release(): void {
        this.refs--;
        if (this.refs === 0) this.onUnused(this);
    }

    async dispose(): Promise<void> {
        if (this.disposed) return;
        this.disposed = true;
        await this.model.dispose();
    }
}
