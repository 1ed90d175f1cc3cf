import {randomUUID} from "node:crypto";
import {readFile} from "node:fs/promises";
import path from "node:path";
import {describeJsonError, type ImageStore} from "../image/index.js";
import {GoldenDataset, InvalidCodexError, makeEvent, Proto, UnknownPersonaError, validateCodex} from "../objects/index.js";
import type {EventInit, LivingEventType, PersonaRecord, ProtoWorld} from "../objects/index.js";
import {AsyncLock} from "./AsyncLock.js";
import {CodexFileError} from "./CodexFileError.js";
import {PersonaInUseError} from "./PersonaInUseError.js";
import {fingerprintIfLocal, locatePersonaFile, resolveStoredPath, storedPathFor} from "./personaFiles.js";
import type {FileContext} from "./personaFiles.js";
import type {EventBus} from "../bus/index.js";
import {baseShapesOf, checkAdapter, checkModelFile, fingerprintModel, InvalidAdapterError, InvalidModelFileError, isModelUri, readGgufHeader} from "../gguf/index.js";
import {formatEngineSpec, parseEngineSpec} from "../llm/index.js";
import {adapterMisfit} from "./adapterMisfit.js";

/** The engine side of a swap: applied first, so a refusal there leaves the image unchanged. */
export interface SwapTarget {
    swapAdapter(personaId: string, adapterPath: string | null): Promise<unknown>,
    swapModel(personaId: string, modelPath: string, options?: {adapter?: string | null}): Promise<unknown>
}

export class SwapRefusedError extends Error {
    public readonly userError = true;
    public override readonly name = "SwapRefusedError";

    public constructor(public readonly what: "adapter" | "model", public readonly path: string, public readonly reason: string, options?: {cause?: unknown}) {
        super(`Refused to swap the ${what} to ${path}: ${reason} Nothing was changed.`, options);
    }
}

export class DuplicatePersonaError extends Error {
    public readonly userError = true;
    public override readonly name = "DuplicatePersonaError";

    public constructor(public readonly persona: string) {
        super(`A persona named ${persona} already exists in this image. Remove it first, or clone it (${persona} clone).`);
    }
}

export class ManagerAlreadyOpenError extends Error {
    public override readonly name = "ManagerAlreadyOpenError";

    public constructor(public readonly imagePath: string) {
        super(`A ProtoManager is already open on ${imagePath} in this process. Use that one (runtime.manager), or dispose it first.`);
    }
}

// One ProtoManager per image file per process, keyed by absolute path.
const openManagers = new Set<string>();

/**
 * I am the supervisor of the personas of one image, and there is exactly one of me per image.
 * Why one: I hold the per-persona locks that serialize state-changing operations (swaps, clones,
 * removal); a second manager on the same image would have its own locks, and two swaps of one
 * persona could interleave. Across processes the image's lock file plays the same role.
 * Every operation publishes a typed event on the bus.
 */
export class ProtoManager implements AsyncDisposable {
    private readonly locks = new AsyncLock();
    private readonly protos = new Map<string, Proto>();
    private readonly key: string;
    private disposed = false;
    /** The engine that serves the personas, if any: swaps go through it before the image changes. */
    public swapTarget: SwapTarget | null = null;
    /** Folders searched first for a model or adapter that is not where the image says (`--models DIR`). */
    public modelDirs: readonly string[] = [];

    public constructor(
        public readonly image: ImageStore,
        public readonly bus: EventBus,
        private readonly world: () => ProtoWorld
    ) {
        this.key = path.resolve(image.path);
        if (openManagers.has(this.key)) throw new ManagerAlreadyOpenError(this.key);
        openManagers.add(this.key);
    }

    /**
     * Reads and validates a codex, then adds a persona built on it. Answers the new persona's id.
     * `options.name`, when given, must be the codex's own name (a persona introduces itself by its codex).
     * `options.storedCodexPath` is what the record keeps as `codexPath` (default: `codexPath` as given).
     * @throws CodexFileError, InvalidCodexError, DuplicatePersonaError; nothing changes then.
     */
    public async createPersona(codexPath: string, baseModelPath: string | null, options: {name?: string, storedCodexPath?: string} = {}): Promise<string> {
        const text = await readFile(codexPath, "utf8").catch((error: NodeJS.ErrnoException) => {
            throw new CodexFileError(codexPath, `it cannot be read (${error.code ?? error.message})`, {cause: error});
        });
        let parsed: unknown;
        try {
            parsed = JSON.parse(text);
        } catch (error) {
            throw new CodexFileError(codexPath, describeJsonError(error), {cause: error});
        }
        const codex = await validateCodex(parsed, codexPath);
        if (options.name != null && options.name.toUpperCase() !== codex.name)
            throw new InvalidCodexError(codexPath, [{jsonPath: "$.name", problem: `is ${JSON.stringify(codex.name)}, but the persona is to be named ${options.name.toUpperCase()}; ` +
                `make them agree (set $.name to ${JSON.stringify(options.name.toUpperCase())}, or create ${codex.name})`}]);
        if (this.findByName(codex.name) != null) throw new DuplicatePersonaError(codex.name);
        const personaId = randomUUID();
        const record: PersonaRecord = {
            personaId,
            name: codex.name,
            codexPath: options.storedCodexPath ?? codexPath,
            codex,
            baseModelPath,
            baseModelFingerprint: baseModelPath == null ? null : await fingerprintIfLocal(baseModelPath, this.files()),
            activeAdapterPath: null,
            goldenDataset: GoldenDataset.empty,
            performanceMetrics: [],
            scrapbook: [],
            methods: {},
            subscriptions: {},
            slots: {},
            parent: null,
            createdAt: new Date()
        };
        this.image.update((draft) => {
            draft.personas[personaId] = record;
        }, `create ${codex.name}`);
        this.publish({type: "personaCreated", persona: codex.name, personaId});
        return personaId;
    }

    /**
     * A fully independent clone, for sandboxed experiments. It shares structure with the original
     * (immer's frozen state), so it costs the same whatever the golden dataset's size; a change to
     * either produces new arrays and leaves the other untouched.
     * The clone has no bus subscriptions: copied handlers would be subscribed when the image is next
     * opened and answer the original's events a second time. Its `cloneOf` slot names the original.
     */
    public cloneForExperimentation(personaId: string, name?: string, options: {purpose?: string} = {}): Promise<string> {
        return this.locks.run(personaId, () => {
            const original = this.require(personaId);
            const cloneId = randomUUID();
            const cloneName = name ?? this.freshCloneName(original.name);
            if (this.findByName(cloneName) != null) throw new DuplicatePersonaError(cloneName);
            const slots = {...original.slots, cloneOf: personaId, ...(options.purpose == null ? {} : {clonePurpose: options.purpose})};
            this.image.copy(["personas", personaId], ["personas", cloneId], {personaId: cloneId, name: cloneName, createdAt: new Date(), subscriptions: {}, slots},
                `clone ${original.name} as ${cloneName}`);
            this.publish({type: "personaCloned", persona: original.name, personaId, cloneId});
            return cloneId;
        });
    }

    /**
     * Swaps the persona's LoRA adapter (null drops it). The file is checked first (it exists, is a
     * GGUF, and `general.type` is `adapter`), then the engine swaps, then the slot changes in one
     * update. Any failure before that leaves everything as it was.
     */
    public atomicSwapAdapter(personaId: string, adapterPath: string | null): Promise<void> {
        return this.locks.run(personaId, async () => {
            const record = this.require(personaId);
            if (adapterPath != null) await this.checkGguf(record, "adapter", adapterPath);
            try {
                await this.swapTarget?.swapAdapter(personaId, adapterPath == null ? null : this.resolve(adapterPath));
            } catch (error) {
                this.refuse(record.name, "adapter", adapterPath ?? "(none)", (error as Error).message, error);
            }
            const from = record.activeAdapterPath;
            this.image.update((draft) => {
                draft.personas[personaId]!.activeAdapterPath = adapterPath;
            }, `${record.name} swapAdapter`);
            this.publish({type: "adapterSwapped", persona: record.name, from, to: adapterPath});
        });
    }

    /**
     * Swaps the persona's base model. The adapter is dropped unless `keepAdapter` says it was trained for the new
     * base, or `adapter` names the one trained for it: then base and adapter change together, in one engine swap
     * and one image update, so the persona never serves from the new base without its adapter.
     * `alsoUpdate` changes more of the persona in that same update (an ascension's dataset and lineage), so that a
     * crash leaves the image before the swap or after all of it; it must only assign.
     */
    public atomicSwapModel(personaId: string, modelPath: string,
        options: {keepAdapter?: boolean, adapter?: string | null, alsoUpdate?: (persona: PersonaRecord) => void, label?: string} = {}): Promise<void> {
        return this.locks.run(personaId, async () => {
            const record = this.require(personaId);
            // Any engine spec (see useEngine): a server's model is checked by its engine, a file here.
            const target = parseEngineSpec(modelPath);
            modelPath = target.kind === "embedded" ? target.model : formatEngineSpec(target);
            if (target.kind === "embedded" && !isModelUri(modelPath)) await this.checkGguf(record, "model", modelPath);
            // The adapter must fit the new base, not the one being replaced.
            if (options.adapter != null) await this.checkGguf(record, "adapter", options.adapter, modelPath);
            const adapter = options.adapter !== undefined ? options.adapter : options.keepAdapter === true ? record.activeAdapterPath : null;
            const fingerprint = await fingerprintIfLocal(modelPath, this.files());
            try {
                await this.swapTarget?.swapModel(personaId, this.resolve(modelPath), {adapter: adapter == null ? null : this.resolve(adapter)});
            } catch (error) {
                this.refuse(record.name, "model", modelPath, (error as Error).message, error);
            }
            const from = record.baseModelPath;
            this.image.update((draft) => {
                const persona = draft.personas[personaId]!;
                persona.baseModelPath = modelPath;
                persona.baseModelFingerprint = fingerprint;
                persona.activeAdapterPath = adapter;
                options.alsoUpdate?.(persona as PersonaRecord);
            }, options.label ?? `${record.name} swapModel`);
            this.publish({type: "modelSwapped", persona: record.name, from, to: modelPath});
        });
    }

    /**
     * Gives the persona another engine: `spec` is a GGUF path for the embedded engine (relative to the image, as
     * swapModel: takes it; `embedded:PATH` too), `ollama://host:port/model`, `vllm://host:port/model` or
     * `openai://host:port/model` (see parseEngineSpec). A file must be a whole GGUF model. The persona's adapter is
     * kept only where it fits the new model (a GGUF it matches); otherwise the change is refused, naming the fix
     * (drop it with swapAdapter: nil first): an adapter is never dropped unasked. The engine swaps first (requests
     * running finish on the old one), then the image records the spec in one update. Answers the spec as stored.
     * @throws EngineSpecError, SwapRefusedError; nothing changes then.
     */
    public useEngine(personaId: string, spec: string): Promise<string> {
        return this.locks.run(personaId, async () => {
            const record = this.require(personaId);
            const target = parseEngineSpec(spec);
            const stored = target.kind === "embedded" ? target.model : formatEngineSpec(target);
            const local = target.kind === "embedded" && !isModelUri(stored);
            if (local) await this.checkGguf(record, "model", stored);
            const resolved = local ? this.resolve(stored) : stored;
            const adapter = record.activeAdapterPath;
            if (adapter != null) {
                const misfit = await adapterMisfit(this.resolve(adapter), resolved);
                if (misfit != null)
                    this.refuse(record.name, "model", spec, `${record.name} has the adapter ${adapter}, which does not fit it (${misfit}). ` +
                        `Drop the adapter first with \`${record.name} swapAdapter: nil\` (its file stays on disk), then send useEngine: again.`);
            }
            const fingerprint = local ? await fingerprintIfLocal(stored, this.files()) : null;
            try {
                await this.swapTarget?.swapModel(personaId, resolved, {adapter: adapter == null ? null : this.resolve(adapter)});
            } catch (error) {
                this.refuse(record.name, "model", spec, (error as Error).message, error);
            }
            const from = record.baseModelPath;
            this.image.update((draft) => {
                const persona = draft.personas[personaId]!;
                persona.baseModelPath = stored;
                persona.baseModelFingerprint = fingerprint;
            }, `${record.name} useEngine: '${stored}'`);
            this.publish({type: "modelSwapped", persona: record.name, from, to: stored});
            return stored;
        });
    }

    /** Every persona's id and name, in creation order. */
    public list(): {personaId: string, name: string}[] {
        // Insertion order of the personas record (kept by immer and the codec) is creation order.
        return Object.values(this.image.state.personas).map(({personaId, name}) => ({personaId, name}));
    }

    /** The live object of a persona (by id or name). Throws UnknownPersonaError. */
    public get(idOrName: string): Proto {
        const record = this.image.state.personas[idOrName] ?? this.findByName(idOrName);
        if (record == null) throw new UnknownPersonaError(idOrName, this.list().map((p) => p.name));
        return this.protoFor(record.personaId);
    }

    public findByName(name: string): PersonaRecord | undefined {
        const wanted = name.toUpperCase();
        return Object.values(this.image.state.personas).find((p) => p.name === wanted);
    }

    /** The one Proto for an id (identity preserved across calls). */
    public protoFor(personaId: string): Proto {
        let proto = this.protos.get(personaId);
        if (proto == null) {
            proto = new Proto(personaId, this.world());
            this.protos.set(personaId, proto);
        }
        return proto;
    }

    /** The sandbox clones in the image (of `personaId`, or of every persona): personas whose `cloneOf` slot names their original. */
    public clones(personaId?: string): {personaId: string, name: string, cloneOf: string}[] {
        return Object.values(this.image.state.personas).flatMap((p) => {
            const cloneOf = p.slots["cloneOf"];
            return typeof cloneOf === "string" && (personaId == null || cloneOf === personaId) ? [{personaId: p.personaId, name: p.name, cloneOf}] : [];
        });
    }

    /** The names of the personas whose parent is `personaId`, in creation order. */
    public childrenOf(personaId: string): string[] {
        return Object.values(this.image.state.personas).filter((p) => p.parent === personaId).map((p) => p.name);
    }

    /**
     * Removes a persona from the image. Refused (PersonaInUseError, nothing changes) while other personas
     * delegate to it, unless `detachChildren` says to set their parent to nil in the same update.
     */
    public remove(personaId: string, options: {detachChildren?: boolean} = {}): Promise<void> {
        return this.locks.run(personaId, () => {
            const record = this.require(personaId);
            const children = this.childrenOf(personaId);
            if (children.length > 0 && options.detachChildren !== true) throw new PersonaInUseError(record.name, children);
            this.image.update((draft) => {
                delete draft.personas[personaId];
                for (const persona of Object.values(draft.personas))
                    if (persona.parent === personaId) persona.parent = null;
            }, `remove ${record.name}`);
            this.protos.delete(personaId);
            this.publish({type: "personaRemoved", persona: record.name, personaId});
        });
    }

    /**
     * Adds a whole persona record made elsewhere (an imported persona file), in one journalled update.
     * The record must be new to this image: its id unused and its name free (DuplicatePersonaError).
     */
    public insertPersona(record: PersonaRecord, label: string): void {
        if (this.image.state.personas[record.personaId] != null) throw new Error(`insertPersona: the id ${record.personaId} is already in the image`);
        if (this.findByName(record.name) != null) throw new DuplicatePersonaError(record.name);
        this.image.update((draft) => {
            draft.personas[record.personaId] = record as typeof draft.personas[string];
        }, label);
        this.publish({type: "personaCreated", persona: record.name, personaId: record.personaId});
    }

    /** Runs `operation` holding the persona's lock (for other state-changing operations of the runtime). */
    public withLock<T>(personaId: string, operation: () => Promise<T> | T): Promise<T> {
        return this.locks.run(personaId, operation);
    }

    /**
     * Resolves a path stored in the image: relative paths are relative to the image's directory, and a
     * file that is not there is looked for on the models search path (gguf/modelSearchPath). A file found
     * nowhere resolves against the image's directory; modelFileOf and adapterFileOf throw instead.
     */
    public resolve(stored: string): string {
        return resolveStoredPath(stored, this.files());
    }

    /** The file of the persona's base model (null: it has none). Throws PersonaFileMissingError naming the file, its sha256 and the fix. */
    public modelFileOf(personaId: string): string | null {
        return locatePersonaFile(this.require(personaId), "model", this.files());
    }

    /** The file of the persona's adapter (null: it has none). Throws PersonaFileMissingError. */
    public adapterFileOf(personaId: string): string | null {
        return locatePersonaFile(this.require(personaId), "adapter", this.files());
    }

    /**
     * Records the fingerprint (sha256, size) of the persona's base model when the image lacks it (images
     * made before it was recorded, or a model set through `at:put:`). Does nothing on a read-only image.
     */
    public async recordModelFingerprint(personaId: string): Promise<void> {
        const record = this.require(personaId);
        if (record.baseModelFingerprint != null || record.baseModelPath == null || this.image.readOnly) return;
        const stored = record.baseModelPath;
        const fingerprint = await fingerprintIfLocal(stored, this.files());
        if (fingerprint == null) return;
        this.image.update((draft) => {
            const persona = draft.personas[personaId];
            if (persona != null && persona.baseModelPath === stored && persona.baseModelFingerprint == null) persona.baseModelFingerprint = fingerprint;
        }, `${record.name} model fingerprint`);
    }

    /**
     * Records where the persona's base model now is (`living-image model locate`), keeping its adapter: the
     * file must be the same model, by sha256, when the image recorded one. To give a persona another model
     * use atomicSwapModel. The path is stored relative to the image when the file is inside its folder.
     */
    public relocateModel(personaId: string, file: string): Promise<{path: string, sha256: string}> {
        return this.locks.run(personaId, async () => {
            const record = this.require(personaId);
            const absolute = path.resolve(file);
            await this.checkGguf(record, "model", absolute);
            const fingerprint = await fingerprintModel(absolute);
            const recorded = record.baseModelFingerprint;
            if (recorded != null && recorded.sha256 !== fingerprint.sha256)
                this.refuse(record.name, "model", file, `it is another model (sha256 ${fingerprint.sha256}) than the one ${record.name} has `
                    + `(sha256 ${recorded.sha256}). To give ${record.name} a different base model, send it swapModel: (its adapter is dropped).`);
            const stored = storedPathFor(absolute, this.image.path);
            this.image.update((draft) => {
                const persona = draft.personas[personaId]!;
                persona.baseModelPath = stored;
                persona.baseModelFingerprint = fingerprint;
            }, `${record.name} model located`);
            this.publish({type: "slotChanged", persona: record.name, slot: "baseModelPath"});
            return {path: stored, sha256: fingerprint.sha256};
        });
    }

    private files(): FileContext {
        return {imagePath: path.resolve(this.image.path), modelDirs: this.modelDirs};
    }

    public async dispose(): Promise<void> {
        if (this.disposed) return;
        this.disposed = true;
        openManagers.delete(this.key);
    }

    public async [Symbol.asyncDispose](): Promise<void> {
        await this.dispose();
    }

    private require(personaId: string): PersonaRecord {
        const record = this.image.state.personas[personaId];
        if (record == null) throw new UnknownPersonaError(personaId, this.list().map((p) => p.name));
        return record;
    }

    private freshCloneName(name: string): string {
        for (let n = 1; ; n++) {
            const candidate = `${name}_CLONE${n}`;
            if (this.findByName(candidate) == null) return candidate;
        }
    }

    /**
     * The file checks of a swap, before the engine or the image changes: a model must be a whole GGUF base
     * model; an adapter a whole LoRA adapter whose shapes fit `base` (default the persona's own base model,
     * when that file is here).
     */
    private async checkGguf(record: PersonaRecord, what: "adapter" | "model", file: string, base = record.baseModelPath): Promise<void> {
        const resolved = this.resolve(file);
        try {
            if (what === "model") {
                await checkModelFile(resolved);
                return;
            }
            const basePath = base == null ? null : this.resolve(base);
            const baseHeader = basePath == null ? null : await readGgufHeader(basePath, {maxArrayElements: 0}).catch(() => null);
            await checkAdapter(resolved, {base: baseHeader == null ? null : baseShapesOf(baseHeader)});
        } catch (error) {
            if (error instanceof InvalidAdapterError || error instanceof InvalidModelFileError) this.refuse(record.name, what, file, error.reason + ".", error);
            throw error;
        }
    }

    private refuse(persona: string, what: "adapter" | "model", file: string, reason: string, cause?: unknown): never {
        this.publish({type: "swapRefused", persona, what, path: file, reason});
        throw new SwapRefusedError(what, file, reason, {cause});
    }

    private publish<T extends LivingEventType>(init: EventInit<T>): void {
        this.bus.publish(makeEvent(init));
    }
}
