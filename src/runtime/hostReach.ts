import {Proto} from "../objects/index.js";
import type {Frame} from "../lang/index.js";
import {HostReachDeniedError} from "./HostReachDeniedError.js";

/** The persona slot by which the Architect lets a persona's synthesized methods reach the host. */
export const hostReachSlot = "hostReach";

/**
 * Code a model wrote (a method installed by synthesis, with its provenance) reaches nothing of the host
 * (saving the image, swapping a model or an adapter, naming files, making personas) unless the Architect
 * granted it to that persona (its slot hostReach is true). Called by the host-reaching primitives with the
 * context that sent them: any synthesized method on the stack without the grant stops the send.
 */
export function checkHostReach(what: string, from: Frame | null): void {
    for (let c = from; c != null; c = c.sender) {
        if (c.info.kind !== "method" || !(c.holder instanceof Proto) || c.info.selector == null) continue;
        const record = c.holder.record;
        const method = Object.hasOwn(record.methods, c.info.selector) ? record.methods[c.info.selector] : undefined;
        if (method?.provenance?.origin === "synthesized" && record.slots[hostReachSlot] !== true)
            throw new HostReachDeniedError(what, `${c.holder.name}>>${c.info.selector}`, c.holder.name);
    }
}
