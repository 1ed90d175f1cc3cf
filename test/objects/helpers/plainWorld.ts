import {GoldenDataset, Proto} from "../../../src/objects/index.js";
import type {
    DnuHandler, LivingEvent, MethodExecutor, MethodRecord, PersonaRecord, Primitive, ProtoWorld
} from "../../../src/objects/index.js";

/**
 * A world over plain records, to test the object layer alone. Its executor is not the
 * Smalltalk interpreter: a method's "source" names a canned behaviour (the real interpreter is
 * exercised by the runtime and lang tests).
 */
export class PlainWorld implements ProtoWorld {
    public readonly records = new Map<string, PersonaRecord>();
    public readonly published: LivingEvent[] = [];
    public readonly primitives = new Map<string, Primitive>();
    public readonly dnuHandlers: DnuHandler[] = [];
    public readonly invocations: string[] = [];
    private readonly protos = new Map<string, Proto>();
    public readonly events = {publish: (event: LivingEvent) => void this.published.push(event)};
    public readonly executor: MethodExecutor = {
        invoke: (receiver, method: MethodRecord, args, holder) => {
            this.invocations.push(`${holder.name}>>${method.selector}`);
            const [kind, payload] = method.source.split(" ", 2) as [string, string | undefined];
            if (kind === "answer") return payload;
            if (kind === "echo") return args;
            if (kind === "receiver") return receiver.name;
            if (kind === "async") return Promise.resolve(payload);
            throw new Error(`unknown canned method ${method.source}`);
        }
    };

    public add(name: string, methods: Record<string, string> = {}, parent: string | null = null): Proto {
        const personaId = `id-${name}`;
        this.records.set(personaId, {
            personaId, name, codexPath: `${name}.json`, codex: {} as PersonaRecord["codex"],
            baseModelPath: null, baseModelFingerprint: null, activeAdapterPath: null, goldenDataset: GoldenDataset.empty, performanceMetrics: [], scrapbook: [],
            methods: Object.fromEntries(Object.entries(methods).map(([selector, source]) =>
                [selector, {selector, source, category: "test", modifiedAt: new Date(0)}])),
            subscriptions: {}, slots: {}, parent: parent == null ? null : `id-${parent}`, createdAt: new Date(0)
        });
        return this.protoFor(personaId);
    }

    public record(personaId: string): PersonaRecord | undefined {
        return this.records.get(personaId);
    }

    public protoFor(personaId: string): Proto {
        let proto = this.protos.get(personaId);
        if (proto == null) this.protos.set(personaId, proto = new Proto(personaId, this));
        return proto;
    }
}
