import path from "node:path";
import {ImageStore} from "../image/index.js";
import type {WorldState} from "../image/index.js";
import {makeEvent, protoProxy, send} from "../objects/index.js";
import type {
    DnuHandler, EventInit, LivingEvent, LivingEventType, MaybePromise, MethodExecutor, MethodProvenance, PersonaRecord, Primitive, Proto, ProtoHandle,
    ProtoWorld
} from "../objects/index.js";
import {createBus} from "../bus/index.js";
import type {EventBus} from "../bus/index.js";
import {Interpreter, parseMethod} from "../lang/index.js";
import type {InterpreterHost} from "../lang/index.js";
import {personaPrimitives} from "./personaPrimitives.js";
import {ProtoManager} from "./ProtoManager.js";
import {newPersona} from "./newPersona.js";
import {NoEngineError, PersonaChat} from "./PersonaChat.js";
import {PersonaSubscriptions} from "./PersonaSubscriptions.js";
import type {ChatEngine, ChatOptions, ChatReply, ModelOverrides} from "./PersonaChat.js";
import type {RequestPreview} from "../llm/index.js";
import {parseEngineSpec, TokenStream} from "../llm/index.js";
import {ActivityBoard} from "./ActivityBoard.js";
import {Conversation} from "./Conversation.js";
import {runInGenerationScope} from "./generationScope.js";
import {MethodSynthesizer} from "./synthesis/MethodSynthesizer.js";
import {synthesizeOnDnu} from "./synthesis/synthesizeOnDnu.js";
import type {GenerationScope} from "./generationScope.js";
import {dnuPolicyOf, dnuPolicySlot} from "./dnuPolicy.js";
import type {DnuPolicy} from "./dnuPolicy.js";
import {Debugger} from "./debugger/Debugger.js";
import {checkHostReach} from "./hostReach.js";

/** Earlier versions kept per method. */
export const methodVersionLimit = 50;

export type RuntimeOptions = {
    readOnly?: boolean,
    ifLocked?: "fail" | "readOnly",
    recover?: "backup" | "journal",
    /** Start from this state when the image file does not exist yet. */
    create?: () => WorldState,
    /** A bus URL (`memory`, `redis://…`); default: the image's settings. */
    bus?: string,
    /** An already-built bus (tests). */
    busInstance?: EventBus,
    stepBudget?: number,
    /** The personas whose bus handlers run in this process (default: all). */
    hosts?: string[],
    /** Folders searched first for a model or adapter that is not where the image says (`--models DIR`). */
    modelDirs?: readonly string[]
};

/**
 * I am a running image: its store, its bus, its ProtoManager, the Playground interpreter and,
 * when one is attached, an inference engine. I am the world the Protos live in: every send
 * resolves methods, primitives and doesNotUnderstand handlers through me.
 */
export class Runtime implements ProtoWorld, AsyncDisposable {
    public readonly manager: ProtoManager;
    public readonly interpreter: Interpreter;
    public readonly primitives: Map<string, Primitive>;
    private readonly handlers: DnuHandler[] = [];
    private readonly workspace = new Map<string, unknown>();
    private readonly chats: PersonaChat;
    public readonly subscriptions: PersonaSubscriptions;
    /** Methods a persona's model writes for it: draft, three gates on a clone, accept with provenance. */
    public readonly synthesis: MethodSynthesizer;
    /** Long jobs in progress (generations, judging, and what loops report), for progress displays. */
    public readonly activity = new ActivityBoard();
    /** Opens a debugger on an unhandled error once a front end attaches to it (the browser). */
    public readonly debugger: Debugger = new Debugger(this);
    /**
     * The doesNotUnderstand policy of a persona that names none (nor does the image): `signal` for eval,
     * run and the API, `debug` in the browser (which sets it, having a debugger to open).
     */
    public defaultDnuPolicy: DnuPolicy = "signal";
    private disposed = false;
    private readonly disposers: (() => Promise<void> | void)[] = [];

    private constructor(public readonly image: ImageStore, public readonly bus: EventBus, options: RuntimeOptions) {
        this.manager = new ProtoManager(image, bus, () => this);
        this.manager.modelDirs = options.modelDirs ?? [];
        this.interpreter = new Interpreter(this.host(options.stepBudget));
        this.primitives = personaPrimitives(this);
        this.chats = new PersonaChat(this);
        this.synthesis = new MethodSynthesizer(this, this.chats);
        this.addDnuHandler(synthesizeOnDnu(this));
        this.subscriptions = new PersonaSubscriptions(this, options.hosts == null ? null : new Set(options.hosts.map((h) => h.toUpperCase())));
        this.subscriptions.activateAll();
    }

    /** Opens an image file and builds its runtime. */
    public static async open(imagePath: string, options: RuntimeOptions = {}): Promise<Runtime> {
        const image = await ImageStore.open(imagePath, {
            readOnly: options.readOnly, ifLocked: options.ifLocked, recover: options.recover, create: options.create
        });
        try {
            let runtime: Runtime | null = null;
            // A handler that fails is reported on the Transcript, never silently dropped.
            const onHandlerError = (error: unknown, event: LivingEvent) => runtime?.publish({
                type: "transcript", persona: event.persona,
                text: `A handler of ${event.type}${event.type === "user" ? " " + event.name : ""} failed: ${error instanceof Error ? error.message : String(error)}\n`
            });
            const bus = options.busInstance ?? await createBus(options.bus ?? image.state.settings.bus, {onHandlerError});
            runtime = new Runtime(image, bus, options);
            return runtime;
        } catch (error) {
            await image.close();
            throw error;
        }
    }

    // ProtoWorld
    public record(personaId: string): PersonaRecord | undefined {
        return this.image.state.personas[personaId];
    }

    public protoFor(personaId: string): Proto {
        return this.manager.protoFor(personaId);
    }

    public get events(): EventBus {
        return this.bus;
    }

    public get dnuHandlers(): readonly DnuHandler[] {
        return this.handlers;
    }

    public get executor(): MethodExecutor {
        return this.interpreter;
    }

    /** Adds a doesNotUnderstand handler after those already registered. Answers a function that removes it. */
    public addDnuHandler(handler: DnuHandler): () => void {
        this.handlers.push(handler);
        return () => {
            const index = this.handlers.indexOf(handler);
            if (index >= 0) this.handlers.splice(index, 1);
        };
    }

    /** The doesNotUnderstand policy that applies to a persona: its slot, else the image setting, else the default. */
    public dnuPolicyOf(persona: Proto): DnuPolicy {
        const policy = dnuPolicyOf(persona.record, this.image.state.settings, this.defaultDnuPolicy);
        // A front end without a debugger (eval, run, the API) signals what the browser would debug.
        return policy === "debug" && !this.debuggerAttached ? "signal" : policy;
    }

    /** Sets (or with null clears) a persona's doesNotUnderstand policy. */
    public setDnuPolicy(persona: Proto, policy: DnuPolicy | null): void {
        this.image.update((draft) => {
            const slots = draft.personas[persona.personaId]!.slots;
            if (policy == null) delete slots[dnuPolicySlot];
            else slots[dnuPolicySlot] = policy;
        }, `${persona.name} ${dnuPolicySlot}: ${policy == null ? "nil" : "#" + policy}`);
        this.interpreter.forgetSlot(persona, dnuPolicySlot);
        this.publish({type: "slotChanged", persona: persona.name, slot: dnuPolicySlot});
    }

    /** Whether a debugger can open on an unhandled error here (the browser attaches one). */
    public get debuggerAttached(): boolean {
        return this.debugger.attached;
    }

    /** The Proxy face of a persona, by name or id. */
    public persona(name: string): ProtoHandle {
        return protoProxy(this.manager.get(name));
    }

    /** Sends a message to a persona by name: the same path as the Proxy and the Playground. */
    public send(persona: string, selector: string, args: readonly unknown[] = []): MaybePromise<unknown> {
        return send(this.manager.get(persona), selector, args);
    }

    /**
     * Evaluates Playground source. Workspace variables persist across calls. Every generation the code
     * starts (a `chat:`, a model's answer to an unknown message) streams to `onToken` and stops with `signal`.
     */
    public async evaluate(source: string, options: {self?: unknown} & GenerationScope = {}): Promise<unknown> {
        const {self, ...scope} = options;
        const run = () => this.interpreter.evaluate(source, {self, bindings: this.workspace});
        return scope.signal == null && scope.onToken == null ? run() : runInGenerationScope(scope, run);
    }

    /**
     * Compiles and installs (or replaces) a method from its source. Answers the selector. The version it
     * replaces is kept with the method (the last `methodVersionLimit`), for the browser's versions and revert.
     */
    public compile(persona: Proto, source: string, category = "as yet unclassified", options: {provenance?: MethodProvenance} = {}): string {
        const method = parseMethod(source);
        const selector = method.selector;
        this.image.update((draft) => {
            const methods = draft.personas[persona.personaId]!.methods;
            const previous = methods[selector];
            const versions = previous == null ? [] : [...previous.versions ?? []];
            if (previous != null && (previous.source !== source || previous.category !== category))
                versions.push({source: previous.source, category: previous.category, modifiedAt: previous.modifiedAt});
            // A method compiled by hand has no provenance, even when it replaces a synthesized one.
            methods[selector] = {selector, source, category, modifiedAt: new Date(),
                ...(versions.length === 0 ? {} : {versions: versions.slice(-methodVersionLimit)}),
                ...(options.provenance == null ? {} : {provenance: options.provenance})};
        }, `${persona.name} compile: #${selector}`);
        this.publish({type: "methodCompiled", persona: persona.name, selector});
        return selector;
    }

    /**
     * Sends `chat:` to the persona's engine (its own chat session, continued turn by turn); fails with
     * NoEngineError when none is attached. `options.onToken` follows the reply as it comes; aborting
     * `options.signal` stops it, and what came is the reply.
     */
    public chat(persona: Proto, text: string, options: ChatOptions = {}): Promise<string> {
        return this.chats.chat(persona, text, options);
    }

    /** As `chat`, answering the pieces of the reply as they are generated; `result` is the whole reply. */
    public chatStream(persona: Proto, text: string, options: Omit<ChatOptions, "onToken"> = {}): TokenStream<ChatReply> {
        return TokenStream.of((onToken) => this.chats.chatReply(persona, text, {...options, onToken}));
    }

    /** A new multi-turn conversation with a persona (by name, id or Proto), apart from its `chat:` session. */
    public conversation(persona: string | Proto): Conversation {
        return new Conversation(this.chats, typeof persona === "string" ? this.manager.get(persona) : persona);
    }

    /** The exact tokens a persona's next request would carry after `history`, with counts against its context. */
    public previewRequest(persona: Proto, history: readonly {role: "user" | "assistant", content: string}[]): Promise<RequestPreview> {
        return this.chats.previewRequest(persona, history);
    }

    /**
     * Attaches an inference engine: `chat:` answers and unknown messages are answered by the model. An EngineRouter
     * runs each persona on the engine its spec names. `modelOverrides` (or `modelOverride`, for every persona) are
     * this session's `--model`s, never written to the image.
     */
    public attachEngine(engine: ChatEngine, options: {modelOverride?: string | null, modelOverrides?: ModelOverrides} = {}): void {
        this.chats.attach(engine, options);
    }

    /**
     * The engine a persona runs on: `spec` as it reads (`embedded:models/x.gguf`, `ollama://127.0.0.1:11434/llama3.2`),
     * its kind, the model, whether it is this session's `--model` rather than the image's, and why its adapter is left
     * out this session (null when it is not). `spec` is null for a persona with no model.
     */
    public engineOf(persona: Proto): {spec: string | null, kind: string | null, model: string | null, override: boolean, adapterLeftOut: string | null} {
        const override = this.chats.overrideOf(persona);
        const stored = override ?? persona.record.baseModelPath;
        if (stored == null) return {spec: null, kind: null, model: null, override: false, adapterLeftOut: null};
        const target = (() => {
            try {
                return parseEngineSpec(stored);
            } catch {
                return null;
            }
        })();
        const kind = target?.kind ?? "embedded";
        return {spec: kind === "embedded" ? `embedded:${stored}` : stored, kind, model: target?.model ?? stored, override: override != null,
            adapterLeftOut: this.chats.adapterLeftOutOf(persona)};
    }

    public get engine(): ChatEngine | null {
        return this.chats.engine;
    }

    public publish<T extends LivingEventType>(init: EventInit<T>): void {
        this.bus.publish(makeEvent(init));
    }

    public async save(): Promise<{path: string, bytes: number, ms: number}> {
        // Slot objects changed by the run that is saving are written back first.
        this.interpreter.writeBack();
        const result = await this.image.save();
        this.publish({type: "imageSaved", persona: null, path: result.path, bytes: result.bytes, ms: result.ms});
        return result;
    }

    /**
     * Saves the image with `items` appended to the list at `path`, written once, into the image and not
     * the journal (ImageStore.appendAndSave): what a bulk import uses. As crash-safe as `save`.
     */
    public async appendAndSave(path: string[], items: readonly unknown[], label: string): Promise<{path: string, bytes: number, ms: number}> {
        this.interpreter.writeBack();
        const result = await this.image.appendAndSave(path, items, label);
        this.publish({type: "imageSaved", persona: null, path: result.path, bytes: result.bytes, ms: result.ms});
        return result;
    }

    public async saveAs(file: string, options: {force?: boolean} = {}): Promise<{path: string, bytes: number, ms: number, journalSetAside?: string}> {
        this.interpreter.writeBack();
        const result = await this.image.saveAs(file, options);
        this.publish({type: "imageSaved", persona: null, path: result.path, bytes: result.bytes, ms: result.ms});
        return result;
    }

    /** Runs `fn` when the runtime is disposed, before the engine, bus and image close (newest first). */
    public onDispose(fn: () => Promise<void> | void): void {
        this.disposers.unshift(fn);
    }

    /** The system prompt a persona chats with: built from its codex, as long as the image's settings allow. */
    public systemPromptOf(persona: Proto): string {
        return this.chats.systemPromptOf(persona);
    }

    public async dispose(): Promise<void> {
        if (this.disposed) return;
        this.disposed = true;
        for (const fn of this.disposers) await fn();
        this.subscriptions.dispose();
        await this.chats.dispose();
        await this.manager.dispose();
        await this.bus.dispose();
        await this.image.close();
    }

    public async [Symbol.asyncDispose](): Promise<void> {
        await this.dispose();
    }

    private host(stepBudget: number | undefined): InterpreterHost {
        return {
            persona: (name) => {
                const record = this.manager.findByName(name);
                return record == null ? undefined : this.manager.protoFor(record.personaId);
            },
            personaNames: () => this.manager.list().map((p) => p.name),
            debugger: (request) => this.debugger.take(request),
            hostReach: (what, from) => checkHostReach(what, from),
            image: {
                save: () => this.save(),
                saveAs: (file) => this.saveAs(path.resolve(file)),
                personas: () => this.manager.list().map((p) => this.manager.protoFor(p.personaId)),
                changes: () => ({dirty: this.image.dirty, journal: this.image.journalPath}),
                newPersona: async (name, codexFile, model) => this.manager.protoFor(await newPersona(this.manager, {name, codexFile, model}))
            },
            classes: {
                load: () => Object.values(this.image.state.classes ?? {}),
                save: (record, what) => this.image.update((draft) => {
                    draft.classes ??= {};
                    draft.classes[record.name] = record;
                }, what),
                remove: (name, what) => this.image.update((draft) => {
                    if (draft.classes != null) delete draft.classes[name];
                }, what)
            },
            slots: {
                personas: () => this.manager.list().map((p) => this.manager.protoFor(p.personaId)),
                write: (writes) => {
                    const names = [...new Set(writes.map((w) => w.persona.name))];
                    this.image.update((draft) => {
                        for (const {persona, slot, value} of writes) draft.personas[persona.personaId]!.slots[slot] = value;
                    }, writes.length === 1 ? `${writes[0]!.persona.name} at: #${writes[0]!.slot} put:` : `${names.join(", ")}: slots changed`);
                    for (const {persona, slot} of writes) this.publish({type: "slotChanged", persona: persona.name, slot});
                }
            },
            transcript: (text) => this.publish({type: "transcript", persona: null, text}),
            stepBudget
        };
    }
}

export {NoEngineError};
