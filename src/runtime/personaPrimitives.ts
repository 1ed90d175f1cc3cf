import {GoldenDataset, Mirror, Proto, SlotValidationError, passMarker, protoOf, recordSlot, summarize} from "../objects/index.js";
import type {GoldenSample, Primitive} from "../objects/index.js";
import {PersonaArgumentError} from "./PersonaArgumentError.js";
import type {Runtime} from "./Runtime.js";
import {checkSlotName, recordSlots, validateSlotWrite} from "./slotRules.js";
import {BlockClosure, OrderedCollection, personaObjectPrimitives} from "../lang/index.js";
import {describeSynthesis} from "./synthesis/MethodSynthesizer.js";
import type {SynthesisExample} from "./synthesis/gateDraft.js";
import {fromSmalltalk, toSmalltalk} from "./valueBridge.js";
import {parseDnuPolicy} from "./dnuPolicy.js";
import {definePersonaReads, readSlot, stringArgument} from "./personaReads.js";
import {checkHostReach, hostReachSlot} from "./hostReach.js";
import {StSymbol} from "../lang/index.js";

/**
 * The primitives every persona answers, reachable from TypeScript (the Proxy) and Smalltalk alike.
 * Methods of the persona with the same selector take precedence (lookup order), as in Smalltalk.
 */
export function personaPrimitives(runtime: Runtime): Map<string, Primitive> {
    const table = new Map<string, Primitive>();
    const define = (selector: string, fn: Primitive) => table.set(selector, fn);
    const str = stringArgument;
    /** A persona named by a persona, its handle, or its name (a String or Symbol). */
    const personaArgument = (value: unknown, selector: string): Proto => {
        const proto = value instanceof Proto ? value : protoOf(value);
        if (proto != null) return proto;
        return runtime.manager.get(str(value, `${selector}'s argument`));
    };

    definePersonaReads(define);
    define("inspect", (self) => toSmalltalk(new Mirror(self).inspect().map(({slot, summary}) => ({slot, summary}))));
    define("goldenDataset", (self) => toSmalltalk(recordSlot(self.record, "goldenDataset")));
    define("metrics", (self) => toSmalltalk(self.record.performanceMetrics));
    define("scrapbook", (self) => toSmalltalk(self.record.scrapbook));
    define("model", (self) => self.record.baseModelPath);
    define("adapter", (self) => self.record.activeAdapterPath);
    define("parent", (self) => self.parent);
    define("parent:", (self, [parent]) => {
        const target = parent == null ? null : personaArgument(parent, "parent:");
        if (target != null) for (const ancestor of target.lookupChain())
            if (ancestor.personaId === self.personaId)
                throw new SlotValidationError("parent", `a persona that does not delegate back to ${self.name} (a parent cycle is not allowed)`, target.name);
        runtime.image.update((draft) => {
            draft.personas[self.personaId]!.parent = target?.personaId ?? null;
        }, `${self.name} parent:`);
        runtime.publish({type: "slotChanged", persona: self.name, slot: "parent"});
        return self;
    });
    define("rename:", (self, [newName]) => {
        const name = str(newName, "rename:'s argument");
        if (!/^[A-Z][A-Z0-9_]*$/.test(name)) throw new SlotValidationError("name", "an upper-case identifier like BRICK or ROBIN_2", JSON.stringify(name));
        const holder = runtime.manager.findByName(name);
        if (holder != null && holder.personaId !== self.personaId)
            throw new SlotValidationError("name", `a name no other persona has (${name} is taken; names are unique)`, JSON.stringify(name));
        const from = self.name;
        runtime.image.update((draft) => {
            draft.personas[self.personaId]!.name = name;
        }, `${from} rename: '${name}'`);
        runtime.publish({type: "slotChanged", persona: name, slot: "name"});
        return self;
    });
    define("clone", async (self) => runtime.manager.protoFor(await runtime.manager.cloneForExperimentation(self.personaId)));
    define("swapAdapter:", async (self, [file]) => {
        checkHostReach("swapAdapter:", runtime.interpreter.primitiveSender);
        await runtime.manager.atomicSwapAdapter(self.personaId, file == null ? null : str(file, "swapAdapter:'s argument"));
        return self;
    });
    define("swapModel:", async (self, [file]) => {
        checkHostReach("swapModel:", runtime.interpreter.primitiveSender);
        await runtime.manager.atomicSwapModel(self.personaId, str(file, "swapModel:'s argument"));
        return self;
    });
    // The persona's engine as a spec (see parseEngineSpec); useEngine: moves it to another engine or model for good.
    define("engine", (self) => runtime.engineOf(self).spec);
    define("useEngine:", async (self, [spec]) => {
        checkHostReach("useEngine:", runtime.interpreter.primitiveSender);
        await runtime.manager.useEngine(self.personaId, str(spec, "useEngine:'s argument"));
        return self;
    });
    define("chat:", (self, [text]) => runtime.chat(self, str(text, "chat:'s argument")));
    // One question in a conversation of its own: the reply neither continues the chat: session nor is continued by it.
    define("ask:", async (self, [text]) => (await runtime.conversation(self).send(str(text, "ask:'s argument"))).text);

    define("at:", (self, [slot]) => readSlot(runtime.interpreter, self, slot));
    define("at:put:", (self, [slot, value]) => {
        const name = str(slot, "at:put:'s first argument");
        // The grant itself is the Architect's: code a model wrote cannot give it to itself.
        if (name === hostReachSlot) checkHostReach(`at: #${hostReachSlot} put:`, runtime.interpreter.primitiveSender);
        if (!recordSlots.has(name)) {
            checkSlotName(name);
            // Encoded with its class, identity and cycles (see lang's valueCodec); a value that cannot be stored changes nothing.
            runtime.interpreter.storeSlot(self, name, value);
            return value;
        }
        const plain = fromSmalltalk(value);
        validateSlotWrite(name, plain);
        runtime.image.update((draft) => {
            // validateSlotWrite checked the name and the shape; the draft takes plain data as is.
            (draft.personas[self.personaId] as unknown as Record<string, unknown>)[name] = name === "goldenDataset" ? GoldenDataset.of(plain as GoldenSample[]) : plain;
        }, `${self.name} at: #${name} put:`);
        runtime.publish({type: "slotChanged", persona: self.name, slot: name});
        return value;
    });
    define("removeSlot:", (self, [slot]) => {
        const name = str(slot, "removeSlot:'s argument");
        checkSlotName(name);
        if (!Object.hasOwn(self.record.slots, name)) throw new PersonaArgumentError("removeSlot:", `${self.name} has no free slot ${name}.`);
        runtime.image.update((draft) => {
            delete draft.personas[self.personaId]!.slots[name];
        }, `${self.name} removeSlot: #${name}`);
        runtime.interpreter.forgetSlot(self, name);
        runtime.publish({type: "slotChanged", persona: self.name, slot: name});
        return self;
    });

    define("doesNotUnderstandPolicy", (self) => StSymbol.intern(runtime.dnuPolicyOf(self)));
    define("doesNotUnderstandPolicy:", (self, [policy]) => {
        const plain = fromSmalltalk(policy);
        runtime.setDnuPolicy(self, parseDnuPolicy(plain instanceof StSymbol ? plain.name : plain, "doesNotUnderstandPolicy:'s argument"));
        return self;
    });

    define("compile:", (self, [source]) => runtime.compile(self, str(source, "compile:'s argument")));
    define("compile:classified:", (self, [source, category]) =>
        runtime.compile(self, str(source, "compile:'s argument"), str(category, "classified:'s argument")));
    define("methods", (self) => toSmalltalk(Object.keys(self.record.methods).sort()));
    define("sourceOf:", (self, [selector]) => {
        const name = str(selector, "sourceOf:'s argument");
        const method = new Mirror(self).method(name);
        if (method == null) throw new PersonaArgumentError("sourceOf:", `${self.name} has no method #${name}. Its methods: ${Object.keys(self.record.methods).sort().join(", ") || "(none)"}.`);
        return method.source;
    });
    define("removeMethod:", (self, [selector]) => {
        const name = str(selector, "removeMethod:'s argument");
        if (!Object.hasOwn(self.record.methods, name)) throw new PersonaArgumentError("removeMethod:", `${self.name} has no method #${name} of its own. Its methods: ${Object.keys(self.record.methods).sort().join(", ") || "(none)"}.`);
        runtime.image.update((draft) => {
            delete draft.personas[self.personaId]!.methods[name];
        }, `${self.name} removeMethod: #${name}`);
        runtime.publish({type: "methodRemoved", persona: self.name, selector: name});
        return self;
    });
    // Synthesis: the persona's model drafts a method, the gates prove it on a clone, the user accepts or rejects it.
    const exampleOf = (value: unknown, selector: string): SynthesisExample => {
        if (!(value instanceof BlockClosure) || value.numArgs !== 1)
            throw new PersonaArgumentError(selector, `an example must be a one-argument block about the persona, like [:p | (p double: 3) = 6]; got ${summarize(fromSmalltalk(value))}.`);
        if (!value.code.clean)
            throw new PersonaArgumentError(selector, `the example ${value.code.source} uses variables around it; an example runs on a clone of the persona, so it may use only its argument and literals.`);
        return {source: value.code.source};
    };
    const synthesize = async (self: Proto, selector: unknown, examples: SynthesisExample[]) =>
        describeSynthesis(await runtime.synthesis.synthesize(self, {selector: str(selector, "synthesize:'s argument"), examples}));
    define("synthesize:example:", (self, [selector, block]) => synthesize(self, selector, [exampleOf(block, "synthesize:example:")]));
    define("synthesize:examples:", (self, [selector, blocks]) => {
        const items = Array.isArray(blocks) ? blocks : blocks instanceof OrderedCollection ? blocks.items : null;
        if (items == null || items.length === 0) throw new PersonaArgumentError("synthesize:examples:", "the examples must be a non-empty Array of one-argument blocks, like {[:p | (p double: 3) = 6]. [:p | (p double: 0) = 0]}.");
        return synthesize(self, selector, items.map((b) => exampleOf(b, "synthesize:examples:")));
    });
    define("acceptDraft:", (self, [selector]) => {
        const name = str(selector, "acceptDraft:'s argument");
        const draft = runtime.synthesis.pendingDraft(self, name);
        if (draft == null) throw new PersonaArgumentError("acceptDraft:", `${self.name} has no draft of #${name} waiting: synthesize it first (${self.name} synthesize: #${name} example: [:p | ...]); a draft that failed a gate is never offered.`);
        return runtime.synthesis.accept(self, draft, "user");
    });
    define("rejectDraft:", (self, [selector]) => {
        const name = str(selector, "rejectDraft:'s argument");
        if (!runtime.synthesis.reject(self, name)) throw new PersonaArgumentError("rejectDraft:", `${self.name} has no draft of #${name} waiting.`);
        return self;
    });
    define("provenanceOf:", (self, [selector]) => {
        const name = str(selector, "provenanceOf:'s argument");
        const method = new Mirror(self).method(name);
        if (method == null) throw new PersonaArgumentError("provenanceOf:", `${self.name} has no method #${name}.`);
        return toSmalltalk(method.provenance == null ? null : {...method.provenance, at: method.provenance.at.toISOString()});
    });
    define("publish:with:", (self, [name, payload]) => {
        runtime.publish({type: "user", persona: self.name, name: str(name, "publish:'s argument"), payload: fromSmalltalk(payload)});
        return self;
    });
    define("on:do:", (self, [name, block]) => runtime.subscriptions.on(self, str(name, "on:'s argument"), block));
    define("unsubscribe:", (self, [name]) => runtime.subscriptions.off(self, str(name, "unsubscribe:'s argument")));
    define("subscriptions", (self) => toSmalltalk(Object.keys(self.record.subscriptions).sort()));
    define("recordDialogue:", (self, [turns]) => {
        const plain = fromSmalltalk(turns);
        const problem = "recordDialogue: takes an Array of associations like {'user' -> question. 'BRICK' -> analysis. 'ROBIN' -> synthesis}";
        if (!Array.isArray(plain) || plain.length === 0) throw new PersonaArgumentError("recordDialogue:", `${problem}.`);
        const participants = new Map<string, Proto>([[self.personaId, self]]);
        const messages = plain.map((turn) => {
            if (!Array.isArray(turn) || turn.length !== 2 || typeof turn[0] !== "string" || typeof turn[1] !== "string") throw new PersonaArgumentError("recordDialogue:", `${problem}; got ${summarize(turn)}.`);
            const [speaker, content] = turn as [string, string];
            if (speaker.toLowerCase() === "user") return {role: "user" as const, content};
            const persona = runtime.manager.get(speaker);
            participants.set(persona.personaId, persona);
            return {role: "assistant" as const, content: `${persona.name}: ${content}`};
        });
        return runtime.subscriptions.recordDialogue([...participants.values()], messages);
    });
    define("pass", () => passMarker);
    // The protocol every object answers (isNil, =, hash, class, perform:…), unless a primitive above says otherwise.
    for (const [selector, primitive] of personaObjectPrimitives()) if (!table.has(selector)) table.set(selector, primitive);
    return table;
}
