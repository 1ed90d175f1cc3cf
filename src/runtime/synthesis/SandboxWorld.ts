import {GoldenDataset, Mirror, Proto} from "../../objects/index.js";
import type {DnuHandler, EventSink, MethodRecord, PersonaRecord, Primitive, ProtoWorld} from "../../objects/index.js";
import {Interpreter, personaObjectPrimitives} from "../../lang/index.js";
import type {InterpreterHost, SlotWrite} from "../../lang/index.js";
import {toSmalltalk} from "../valueBridge.js";
import {CapabilityDeniedError} from "./CapabilityDeniedError.js";
import {definePersonaReads, readSlot, stringArgument} from "../personaReads.js";
import {recordSlots} from "../slotRules.js";

/** What a draft may not do, by selector, and why (the capability check's dynamic half). */
export const deniedPersonaSelectors: Readonly<Record<string, string>> = {
    "swapModel:": "swap the persona's model", "useEngine:": "change the persona's engine", "swapAdapter:": "swap the persona's adapter", "chat:": "ask a model",
    "ask:": "ask a model",
    "clone": "make personas", "compile:": "compile methods", "compile:classified:": "compile methods",
    "removeMethod:": "remove methods", "parent:": "change delegation", "rename:": "rename personas",
    "publish:with:": "publish on the bus", "on:do:": "subscribe to the bus", "unsubscribe:": "unsubscribe from the bus",
    "recordDialogue:": "record dialogues", "synthesize:example:": "synthesize methods", "synthesize:examples:": "synthesize methods",
    "acceptDraft:": "install drafts", "rejectDraft:": "discard drafts"
};


/**
 * I am the world a draft runs in: a copy of one persona (and its delegation chain) that nothing else
 * shares, with its own interpreter. Slots written land in the copy; the image, the bus, the engine, files
 * and every other persona are out of reach: `Image save`, `swapModel:` and the like fail with
 * CapabilityDeniedError, and other personas' names are not variables here. The copy is thrown away.
 */
export class SandboxWorld implements ProtoWorld {
    public readonly primitives: Map<string, Primitive>;
    public readonly dnuHandlers: readonly DnuHandler[] = [];
    public readonly interpreter: Interpreter;
    public readonly events: EventSink;
    /** What the draft printed on the Transcript (kept here, never published). */
    public readonly transcript: string[] = [];
    /** The capabilities the run tried to use and was refused. */
    public readonly denied: CapabilityDeniedError[] = [];
    private readonly records = new Map<string, PersonaRecord>();
    private readonly protos = new Map<string, Proto>();
    public readonly clone: Proto;

    public constructor(persona: Proto, stepBudget: number, maxDepth: number) {
        // The persona's history (scrapbook, golden data, metrics) is not copied: a method has no business with it here.
        for (const p of persona.lookupChain())
            this.records.set(p.personaId, {...structuredClone({...p.record, scrapbook: [], goldenDataset: [], performanceMetrics: []}), goldenDataset: GoldenDataset.empty});
        this.clone = this.protoFor(persona.personaId);
        this.events = {publish: () => {
            throw this.deny("the bus", "publish events");
        }} as unknown as EventSink;
        this.primitives = this.sandboxPrimitives();
        this.interpreter = new Interpreter(this.host(stepBudget, maxDepth));
    }

    public record(personaId: string): PersonaRecord | undefined {
        return this.records.get(personaId);
    }

    public protoFor(personaId: string): Proto {
        let proto = this.protos.get(personaId);
        if (proto == null) this.protos.set(personaId, proto = new Proto(personaId, this));
        return proto;
    }

    public get executor(): Interpreter {
        return this.interpreter;
    }

    /** Puts (or replaces) a method in the copy only. */
    public install(selector: string, source: string): void {
        const methods = this.records.get(this.clone.personaId)!.methods;
        const method: MethodRecord = {selector, source, category: "synthesized", modifiedAt: new Date()};
        methods[selector] = method;
    }

    /** Bytes the copy's free slots take, encoded: the memory a run left behind. */
    public slotBytes(): number {
        return JSON.stringify(this.records.get(this.clone.personaId)!.slots).length;
    }

    private deny(capability: string, detail: string): CapabilityDeniedError {
        const error = new CapabilityDeniedError(capability, detail);
        this.denied.push(error);
        return error;
    }

    private host(stepBudget: number, maxDepth: number): InterpreterHost {
        const clone = this.clone;
        return {
            // Only the persona itself is reachable by name; every other persona is outside the clone.
            persona: (name) => (name === clone.name ? clone : undefined),
            personaNames: () => [clone.name],
            image: {
                save: () => Promise.reject(this.deny("Image save", "save the image")),
                saveAs: () => Promise.reject(this.deny("Image saveAs:", "save the image to a file")),
                personas: () => [clone],
                changes: () => {
                    throw this.deny("Image changes", "read the image's journal");
                },
                newPersona: () => Promise.reject(this.deny("Image newPersona:codex:model:", "make personas or read codex files"))
            },
            slots: {
                personas: () => [...this.protos.values()],
                write: (writes: readonly SlotWrite[]) => {
                    for (const {persona, slot, value} of writes) {
                        if (persona.personaId !== clone.personaId) throw this.deny("at:put:", `change ${persona.name}, which is not the clone`);
                        this.records.get(persona.personaId)!.slots[slot] = value;
                    }
                }
            },
            transcript: (text) => {
                this.transcript.push(text);
            },
            stepBudget,
            maxDepth
        };
    }

    private sandboxPrimitives(): Map<string, Primitive> {
        const table = new Map<string, Primitive>();
        const define = (selector: string, fn: Primitive) => table.set(selector, fn);
        const str = stringArgument;
        definePersonaReads(define);
        define("methods", (self) => toSmalltalk(Object.keys(self.record.methods).sort()));
        define("sourceOf:", (self, [selector]) => new Mirror(self).method(str(selector, "sourceOf:'s argument"))?.source ?? null);
        define("at:", (self, [slot]) => readSlot(this.interpreter, self, slot));
        define("at:put:", (self, [slot, value]) => {
            const name = str(slot, "at:put:'s first argument");
            if (recordSlots.has(name)) throw this.deny("at:put:", `change the persona's ${name} slot (only free slots)`);
            if (self.personaId !== this.clone.personaId) throw this.deny("at:put:", `change ${self.name}, which is not the clone`);
            this.interpreter.storeSlot(self, name, value);
            return value;
        });
        define("removeSlot:", (self, [slot]) => {
            const name = str(slot, "removeSlot:'s argument");
            if (self.personaId !== this.clone.personaId || recordSlots.has(name)) throw this.deny("removeSlot:", `remove ${name}`);
            delete self.record.slots[name];
            this.interpreter.forgetSlot(self, name);
            return self;
        });
        for (const [selector, detail] of Object.entries(deniedPersonaSelectors))
            define(selector, () => {
                throw this.deny(selector, detail);
            });
        for (const [selector, primitive] of personaObjectPrimitives()) if (!table.has(selector)) table.set(selector, primitive);
        return table;
    }
}
