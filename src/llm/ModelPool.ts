import path from "node:path";
import {stat} from "node:fs/promises";
import type {ChatWrapper, Llama, LlamaModel} from "node-llama-cpp";
import {nodeLlamaCpp} from "./nodeLlamaCpp.js";
import {ModelHandle} from "./ModelHandle.js";
import {ModelUnavailableError} from "./ModelUnavailableError.js";
import {EngineError} from "./EngineError.js";

export type ChatWrapperChoice = "auto" | "chatml";

/**
 * I load each base model file once and hand the same copy to every persona that uses it.
 * The *current* handle of a path is the one new contexts are made on; `fresh` replaces it (to shed cached
 * adapters) while older handles live on until their last context is gone.
 */
export class ModelPool {
    private readonly current = new Map<string, Promise<ModelHandle>>();
    private readonly live = new Set<ModelHandle>();
    private readonly llama: () => Promise<Llama>;
    private readonly chatWrapper: ChatWrapperChoice;
    private readonly keepUnusedMs: number;

    /** @param keepUnusedMs how long a model no persona uses stays loaded (tokenizeChat calls come in bursts). */
    constructor(llama: () => Promise<Llama>, chatWrapper: ChatWrapperChoice, keepUnusedMs: number) {
        this.llama = llama;
        this.chatWrapper = chatWrapper;
        this.keepUnusedMs = keepUnusedMs;
    }

    /** The current handle of `modelPath`, loaded on first use, retained for the caller. */
    async acquire(modelPath: string): Promise<ModelHandle> {
        const key = path.resolve(modelPath);
        for (;;) {
            let pending = this.current.get(key);
            if (pending == null) {
                pending = this.load(key);
                this.current.set(key, pending);
                pending.catch(() => this.current.delete(key));
            }
            const handle = await pending;
            // An idle copy may have been disposed while we waited: load again.
            if (handle.isDisposed) {
                if (this.current.get(key) === pending) this.current.delete(key);
                continue;
            }
            handle.retain();
            return handle;
        }
    }

    /** Loads a new copy of `modelPath`, makes it current, and retains it. Older copies are disposed when unused. */
    async fresh(modelPath: string): Promise<ModelHandle> {
        const key = path.resolve(modelPath);
        const handle = await this.load(key);
        handle.retain();
        const previous = this.current.get(key);
        this.current.set(key, Promise.resolve(handle));
        if (previous != null) {
            const old = await previous.catch(() => null);
            if (old != null && old.references === 0) void this.disposeHandle(old);
        }
        return handle;
    }

    /** How many copies of models are loaded now (for tests and diagnostics). */
    get loadedCount(): number {
        return this.live.size;
    }

    async dispose(): Promise<void> {
        const handles = [...this.live];
        this.current.clear();
        await Promise.all(handles.map((h) => this.disposeHandle(h)));
    }

    private async load(absolutePath: string): Promise<ModelHandle> {
        const info = await stat(absolutePath).catch(() => null);
        if (info == null || !info.isFile())
            throw new ModelUnavailableError(absolutePath, "missing",
                `Model file ${absolutePath} does not exist. Give a local GGUF path, or fetch it first with resolveModel("hf:…") / \`living-image model pull\`.`);
        const llama = await this.llama();
        let model: LlamaModel;
        try {
            model = await llama.loadModel({modelPath: absolutePath});
        } catch (error) {
            throw new EngineError(`Could not load model ${absolutePath}: ${(error as Error).message}. Check that it is a complete GGUF file llama.cpp supports.`,
                {engine: "node-llama-cpp", cause: error});
        }
        const handle = new ModelHandle(absolutePath, model, this.wrapperFor(model), (h) => this.unused(h));
        this.live.add(handle);
        return handle;
    }

    private wrapperFor(model: LlamaModel): ChatWrapper {
        switch (this.chatWrapper) {
            case "chatml": return new (nodeLlamaCpp().ChatMLChatWrapper)();
            case "auto": return nodeLlamaCpp().resolveChatWrapper(model);
            default: return this.chatWrapper satisfies never;
        }
    }

    private unused(handle: ModelHandle): void {
        // Replaced copies go at once. The current copy stays loaded a while (keepUnusedMs): tokenizeChat and
        // reattaching come in bursts, and a big model takes seconds to load; then it goes, so that a model
        // swapped away from does not stay in memory.
        void this.isCurrent(handle).then((current) => {
            if (handle.references !== 0) return;
            if (!current) return this.disposeHandle(handle);
            const timer = setTimeout(() => {
                void this.isCurrent(handle).then((stillCurrent) => {
                    if (handle.references !== 0 || handle.isDisposed) return;
                    if (stillCurrent) this.current.delete(handle.path);
                    return this.disposeHandle(handle);
                });
            }, this.keepUnusedMs);
            timer.unref();
        });
    }

    private async isCurrent(handle: ModelHandle): Promise<boolean> {
        const pending = this.current.get(handle.path);
        if (pending == null) return false;
        return (await pending.catch(() => null)) === handle;
    }

    private async disposeHandle(handle: ModelHandle): Promise<void> {
        this.live.delete(handle);
        await handle.dispose();
    }
}
