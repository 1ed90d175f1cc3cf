import {mkdtemp, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {GoldenDataset, Proto} from "../../../src/objects/index.js";
import type {DnuHandler, LivingEvent, PersonaRecord, Primitive, ProtoWorld} from "../../../src/objects/index.js";
import {Interpreter, PrimitiveFailedError, parseMethod, personaObjectPrimitives, toHost} from "../../../src/lang/index.js";
import type {InterpreterHost} from "../../../src/lang/index.js";

/**
 * A small world for the language tests: personas over plain records, a few primitives like the
 * runtime's (name, compile:, at:, at:put:, removeSelector:, slowEcho: which answers a real
 * Promise), the real Interpreter as the executor, and a host whose Image save writes a real file.
 * The lead engineer's runtime replaces it in integration tests. A world that saved removes its files when
 * disposed: `await using world = new LangTestWorld()`.
 */
export class LangTestWorld implements ProtoWorld, AsyncDisposable {
    public readonly records = new Map<string, PersonaRecord>();
    public readonly published: LivingEvent[] = [];
    public readonly primitives = new Map<string, Primitive>();
    public readonly dnuHandlers: DnuHandler[] = [];
    public readonly transcript: string[] = [];
    public readonly saved: string[] = [];
    public readonly events = {publish: (event: LivingEvent) => void this.published.push(event)};
    public readonly interpreter: Interpreter;
    public readonly host: InterpreterHost;
    private readonly protos = new Map<string, Proto>();
    private directory: string | null = null;

    public constructor(options: {stepBudget?: number, maxDepth?: number, timeLimitMs?: number} = {}) {
        this.host = {
            persona: (name) => this.byName(name),
            personaNames: () => [...this.records.values()].map((r) => r.name),
            image: {
                save: async () => this.save(null),
                saveAs: async (path) => this.save(path),
                personas: () => [...this.records.values()].map((r) => this.protoFor(r.personaId)),
                changes: () => this.published.map((e) => e.type)
            },
            transcript: (text) => void this.transcript.push(text),
            slots: {
                personas: () => [...this.records.keys()].map((id) => this.protoFor(id)),
                write: (writes) => {
                    for (const {persona, slot, value} of writes) {
                        const record = this.records.get(persona.personaId)!;
                        record.slots = {...record.slots, [slot]: value};
                    }
                }
            },
            ...options
        };
        this.interpreter = new Interpreter(this.host);
        this.installPrimitives();
    }

    public get executor(): Interpreter {
        return this.interpreter;
    }

    public add(name: string, methods: string[] = [], parent: string | null = null): Proto {
        const personaId = `id-${name}`;
        this.records.set(personaId, {
            personaId, name, codexPath: `${name}.json`, codex: {} as PersonaRecord["codex"],
            baseModelPath: null, baseModelFingerprint: null, activeAdapterPath: null, goldenDataset: GoldenDataset.empty, performanceMetrics: [], scrapbook: [],
            methods: {}, subscriptions: {}, slots: {}, parent: parent == null ? null : `id-${parent}`, createdAt: new Date(0)
        });
        const proto = this.protoFor(personaId);
        for (const source of methods) this.compile(proto, source);
        return proto;
    }

    /** Stores a method the way the runtime's compile: does: parse first, so a syntax error changes nothing. */
    public compile(proto: Proto, source: string): string {
        const node = parseMethod(source);
        const record = this.records.get(proto.personaId)!;
        record.methods = {...record.methods, [node.selector]: {selector: node.selector, source, category: "test", modifiedAt: new Date()}};
        return node.selector;
    }

    public byName(name: string): Proto | undefined {
        for (const record of this.records.values()) if (record.name === name) return this.protoFor(record.personaId);
        return undefined;
    }

    public record(personaId: string): PersonaRecord | undefined {
        return this.records.get(personaId);
    }

    public protoFor(personaId: string): Proto {
        let proto = this.protos.get(personaId);
        if (proto == null) this.protos.set(personaId, proto = new Proto(personaId, this));
        return proto;
    }

    /** A path in this world's own temporary directory, removed with the world. */
    public async tempPath(name: string): Promise<string> {
        this.directory ??= await mkdtemp(join(tmpdir(), "lang-image-"));
        return join(this.directory, name);
    }

    public async [Symbol.asyncDispose](): Promise<void> {
        if (this.directory != null) await rm(this.directory, {recursive: true, force: true});
        this.directory = null;
    }

    private async save(path: string | null): Promise<string> {
        const file = path ?? await this.tempPath("workspace.image.json");
        const records = [...this.records.values()].map((r) => ({name: r.name, methods: Object.keys(r.methods), slots: r.slots}));
        await writeFile(file, JSON.stringify(records));
        this.saved.push(file);
        return file;
    }

    private installPrimitives(): void {
        const p = this.primitives;
        p.set("name", (self) => self.name);
        p.set("compile:", (self, [source]) => {
            // A primitive takes Smalltalk values: a String made by , or copy is a changeable one, plain text through toHost.
            const text = toHost(source);
            if (typeof text !== "string") throw new PrimitiveFailedError("compile:", "the source must be a String of Smalltalk source.");
            return this.compile(self, text);
        });
        p.set("removeSelector:", (self, [selector]) => {
            const record = this.records.get(self.personaId)!;
            const {[String(selector)]: _removed, ...rest} = record.methods;
            record.methods = rest;
            return self;
        });
        p.set("at:", (self, [slot]) => {
            const slots = this.records.get(self.personaId)!.slots;
            return Object.hasOwn(slots, String(slot)) ? this.interpreter.slotValue(self, String(slot), slots[String(slot)]) : null;
        });
        p.set("at:put:", (self, [slot, value]) => {
            this.interpreter.storeSlot(self, String(slot), value);
            return value;
        });
        // Answers after a real timer: the asynchronous path a chat: or a save takes.
        p.set("slowEcho:", (_self, [value]) => new Promise((resolve) => setTimeout(() => resolve(value), 1)));
        p.set("slots", (self) => ({...this.records.get(self.personaId)!.slots}));
        for (const [selector, primitive] of personaObjectPrimitives()) if (!p.has(selector)) p.set(selector, primitive);
    }
}
