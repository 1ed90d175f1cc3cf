import type {PersonaRecord} from "./PersonaRecord.js";
import type {ProtoWorld} from "./ProtoWorld.js";
import {UnknownPersonaError} from "./errors.js";

/**
 * I am a persona as a live object: an identity (my personaId) in a world whose image holds my
 * state. I hold no state of my own, so every handle on me sees a swap at once (Smalltalk's
 * `become:`). Send me messages through `send` (objects/send.ts) or my Proxy face (objects/protoProxy.ts);
 * read me through a Mirror.
 */
export class Proto {
    public constructor(public readonly personaId: string, public readonly world: ProtoWorld) {}

    /** My current state. Throws when I have been removed from the image. */
    public get record(): PersonaRecord {
        const record = this.world.record(this.personaId);
        if (record == null) throw new UnknownPersonaError(this.personaId, []);
        return record;
    }

    public get name(): string {
        return this.record.name;
    }

    /** My delegation parent, or null. */
    public get parent(): Proto | null {
        const parentId = this.record.parent;
        return parentId == null || this.world.record(parentId) == null ? null : this.world.protoFor(parentId);
    }

    /** Me and my ancestors, nearest first; a cycle is cut where it closes. */
    public *lookupChain(): Generator<Proto> {
        yield this;
        const seen = new Set<string>([this.personaId]);
        let parentId = this.world.record(this.personaId)?.parent ?? null;
        // A parent id with no record (written by an older image) ends the chain instead of breaking every send.
        while (parentId != null && !seen.has(parentId) && this.world.record(parentId) != null) {
            seen.add(parentId);
            yield this.world.protoFor(parentId);
            parentId = this.world.record(parentId)?.parent ?? null;
        }
    }

    public toString(): string {
        return this.world.record(this.personaId)?.name ?? `a removed persona (${this.personaId})`;
    }
}
