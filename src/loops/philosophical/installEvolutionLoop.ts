import path from "node:path";
import type {Runtime} from "../../runtime/index.js";
import type {Primitive, Proto} from "../../objects/index.js";
import {EvolutionLoop} from "./EvolutionLoop.js";
import type {EvolutionLoopOptions} from "./EvolutionLoop.js";
import {describeLineage, lineageOf} from "./Lineage.js";
import {describeScoutRun, researchLog} from "./ResearchLog.js";

/**
 * Starts the philosophical loop on a runtime and gives personas its selectors (removed again when the loop is disposed):
 * - `BABS scoutFor: BRICK` scouts in the background and answers at once; `BABS researchLog` reads the log;
 * - `BRICK lineage`, `BRICK descend`, `BRICK ascend` (approves the waiting ascension), `BRICK ascendTo: 'model.gguf'`,
 *   `BRICK declineAscension`, `BRICK evolution` (what runs or waits), `BRICK stopEvolution` (cancels what runs, changing nothing);
 * - `BRICK clones` and `BRICK removeClone: 'BRICK_CLONE1'` list and remove its sandbox clones.
 */
export function installEvolutionLoop(runtime: Runtime, options: EvolutionLoopOptions = {}): EvolutionLoop {
    const loop = new EvolutionLoop(runtime, options);
    const name = (value: unknown, what: string): string => {
        if (typeof value === "string") return value;
        if (value != null && typeof value === "object" && "personaId" in value) return (value as Proto).name;
        throw new TypeError(`${what} takes a persona (BRICK) or its name ('BRICK').`);
    };
    const background = (promise: Promise<unknown>) => void promise.catch(() => undefined);
    const selectors: Record<string, Primitive> = {
        "scoutFor:": (self, [persona]) => {
            const target = runtime.manager.get(name(persona, "scoutFor:")).name;
            background(loop.scout(target));
            return `${self.name} is scouting for ${target} in the background: watch the Transcript; \`${self.name} researchLog\` shows the result.`;
        },
        researchLog: (self) => {
            const runs = researchLog(self.record);
            return runs.length === 0 ? `${self.name} has no research log yet. \`${self.name} scoutFor: BRICK\` starts one.` : runs.map(describeScoutRun).join("\n");
        },
        lineage: (self) => {
            const entries = lineageOf(self.record);
            return entries.length === 0 ? `${self.name} has not ascended: it is on its first base model.` : entries.map(describeLineage).join("\n");
        },
        descend: async (self) => describeLineage(await loop.descend(self.name)),
        ascend: (self) => {
            const pending = loop.pending(self.name);
            if (pending == null) return `No ascension waits for ${self.name}'s approval. \`${self.name} ascendTo: 'model.gguf'\` names one.`;
            background(loop.ascend(self.name));
            return `${self.name} ascends to ${path.basename(pending.candidate)} in the background: the adapter is trained and the scrapbook re-curated before anything changes.`;
        },
        "ascendTo:": (self, [model]) => {
            if (typeof model !== "string") throw new TypeError("ascendTo: takes the path of a GGUF model, as a String.");
            background(loop.ascend(self.name, runtime.manager.resolve(model)));
            return `${self.name} ascends to ${path.basename(model)} in the background: the adapter is trained and the scrapbook re-curated before anything changes.`;
        },
        stopEvolution: (self) => {
            const running = loop.running(self.name);
            return running != null && loop.cancel(self.name)
                ? `${self.name}'s ${running} is cancelled: the persona stays as it was before it.` : `Nothing of the philosophical loop runs for ${self.name}.`;
        },
        declineAscension: (self) => (loop.decline(self.name) ? `${self.name}'s waiting ascension was declined.` : `No ascension waits for ${self.name}.`),
        evolution: (self) => {
            const running = loop.running(self.name);
            const pending = loop.pending(self.name);
            return [
                running == null ? `${self.name}: nothing of the philosophical loop runs now.` : `${self.name}: a ${running} runs now.`,
                pending == null ? "" : `Waiting for approval: ${path.basename(pending.candidate)} (${pending.why})`
            ].filter((line) => line !== "").join("\n");
        },
        clones: (self) => runtime.manager.clones(self.personaId).map((c) => c.name),
        "removeClone:": async (self, [clone]) => {
            const target = runtime.manager.get(name(clone, "removeClone:"));
            if (target.record.slots["cloneOf"] !== self.personaId) throw new TypeError(`${target.name} is not a clone of ${self.name}.`);
            await runtime.manager.remove(target.personaId);
            return self;
        }
    };
    const previous = new Map(Object.keys(selectors).map((selector) => [selector, runtime.primitives.get(selector)]));
    for (const [selector, primitive] of Object.entries(selectors)) runtime.primitives.set(selector, primitive);
    loop.onDispose(() => {
        for (const [selector, primitive] of Object.entries(selectors)) {
            if (runtime.primitives.get(selector) !== primitive) continue;
            const before = previous.get(selector);
            if (before == null) runtime.primitives.delete(selector);
            else runtime.primitives.set(selector, before);
        }
    });
    return loop;
}
