import type {MethodRecord, PersonaRecord, Runtime, WorldState} from "../../index.js";
import {recordSlot} from "../../index.js";

/** The record slots a user edits with at:put: (the others have their own messages or are identity). */
const editableRecordSlots = ["name", "baseModelPath", "activeAdapterPath", "parent"] as const;

/** One change to a persona's method or slot; `null` on a side means absent. */
export type Change =
    | {kind: "method", personaId: string, persona: string, selector: string, before: MethodRecord | null, after: MethodRecord | null}
    | {kind: "slot", personaId: string, persona: string, slot: string, free: boolean, before: {value: unknown} | null, after: {value: unknown} | null};

/** What one user action changed (a Playground do-it may change several things): undone and redone as one. */
export type EditStep = {label: string, changes: Change[]};

/**
 * The method and slot changes between two states of the image, persona by persona. Records are
 * frozen and shared between states, so an untouched persona costs one comparison.
 */
export function changesBetween(before: WorldState, after: WorldState): Change[] {
    const changes: Change[] = [];
    for (const [personaId, b] of Object.entries(after.personas)) {
        const a = before.personas[personaId];
        if (a == null || a === b) continue;
        if (a.methods !== b.methods) {
            for (const selector of new Set([...Object.keys(a.methods), ...Object.keys(b.methods)])) {
                const was = a.methods[selector] ?? null;
                const is = b.methods[selector] ?? null;
                if (was === is || (was != null && is != null && was.source === is.source && was.category === is.category)) continue;
                changes.push({kind: "method", personaId, persona: b.name, selector, before: was, after: is});
            }
        }
        if (a.slots !== b.slots) {
            for (const slot of new Set([...Object.keys(a.slots), ...Object.keys(b.slots)])) {
                const had = Object.hasOwn(a.slots, slot);
                const has = Object.hasOwn(b.slots, slot);
                if (had && has && Object.is(a.slots[slot], b.slots[slot])) continue;
                changes.push({kind: "slot", personaId, persona: b.name, slot, free: true,
                    before: had ? {value: a.slots[slot]} : null, after: has ? {value: b.slots[slot]} : null});
            }
        }
        for (const slot of editableRecordSlots) {
            if (Object.is(a[slot], b[slot])) continue;
            changes.push({kind: "slot", personaId, persona: b.name, slot, free: false, before: {value: a[slot]}, after: {value: b[slot]}});
        }
    }
    return changes;
}

/** One line for a step, as the status bar says it: "BRICK >> #greet:", "ROBIN mood", "3 changes". */
export function describeStep(step: EditStep): string {
    if (step.changes.length !== 1) return `${step.changes.length} changes (${step.label})`;
    const change = step.changes[0]!;
    return change.kind === "method" ? `${change.persona} >> #${change.selector}` : `${change.persona} ${change.slot}`;
}

/** I mean an undo or redo would overwrite a change made since (by a loop, a handler, another edit). */
export class UndoConflictError extends Error {
    public readonly userError = true;
    public override readonly name = "UndoConflictError";

    public constructor(public readonly what: string) {
        super(`${what} has changed since; nothing was undone. Its versions (v) still hold every source.`);
    }
}

/**
 * I am the browser's undo and redo of method and slot changes: each user action (an accepted edit, a
 * Playground do-it, a revert, a removal) is recorded as the changes it made, and undone through the
 * core's own paths (compile, at:put:, removeMethod:, removeSlot:), so an undo is validated and journalled
 * like any edit, and can itself be redone.
 */
export class EditHistory {
    private readonly undoStack: EditStep[] = [];
    private readonly redoStack: EditStep[] = [];

    public constructor(private readonly runtime: Runtime, private readonly limit = 200) {}

    public get canUndo(): boolean {
        return this.undoStack.length > 0;
    }

    public get canRedo(): boolean {
        return this.redoStack.length > 0;
    }

    /** Records what changed between `before` and now; a new step forgets what could be redone. */
    public record(before: WorldState, label: string): EditStep | null {
        const changes = changesBetween(before, this.runtime.image.state);
        if (changes.length === 0) return null;
        const step = {label, changes};
        this.undoStack.push(step);
        if (this.undoStack.length > this.limit) this.undoStack.shift();
        this.redoStack.length = 0;
        return step;
    }

    /** Undoes the last step; answers it, or null when there is nothing to undo. */
    public async undo(): Promise<EditStep | null> {
        return this.move(this.undoStack, this.redoStack, "before");
    }

    /** Redoes the last undone step; answers it, or null when there is nothing to redo. */
    public async redo(): Promise<EditStep | null> {
        return this.move(this.redoStack, this.undoStack, "after");
    }

    private async move(from: EditStep[], to: EditStep[], side: "before" | "after"): Promise<EditStep | null> {
        const step = from[from.length - 1];
        if (step == null) return null;
        const other = side === "before" ? "after" : "before";
        // Check every change first: a step is applied whole or not at all.
        for (const change of step.changes) {
            const current = this.current(change);
            if (!same(current, change[other])) throw new UndoConflictError(describeStep({label: step.label, changes: [change]}));
        }
        const ordered = side === "before" ? [...step.changes].reverse() : step.changes;
        for (const change of ordered) await this.apply(change, side);
        from.pop();
        to.push(step);
        return step;
    }

    private current(change: Change): MethodRecord | {value: unknown} | null {
        const record: PersonaRecord | undefined = this.runtime.image.state.personas[change.personaId];
        if (record == null) return null;
        if (change.kind === "method") return record.methods[change.selector] ?? null;
        if (change.free) return Object.hasOwn(record.slots, change.slot) ? {value: record.slots[change.slot]} : null;
        return {value: recordSlot(record, change.slot)};
    }

    private async apply(change: Change, side: "before" | "after"): Promise<void> {
        const persona = this.runtime.manager.get(change.personaId);
        if (change.kind === "method") {
            const target = change[side];
            if (target == null) await this.runtime.send(persona.personaId, "removeMethod:", [change.selector]);
            else this.runtime.compile(persona, target.source, target.category);
            return;
        }
        const target = change[side];
        if (target == null) await this.runtime.send(persona.personaId, "removeSlot:", [change.slot]);
        else await this.runtime.send(persona.personaId, "at:put:", [change.slot, target.value]);
    }
}

function same(current: MethodRecord | {value: unknown} | null, expected: MethodRecord | {value: unknown} | null): boolean {
    if (current == null || expected == null) return current == null && expected == null;
    if ("source" in current && "source" in expected) return current.source === expected.source && current.category === expected.category;
    if ("value" in current && "value" in expected) return sameValue(current.value, expected.value);
    return false;
}

/** Equal as image data: at:put: may store a copy of what it was given, so identity is not enough. */
export function sameValue(a: unknown, b: unknown): boolean {
    if (Object.is(a, b)) return true;
    if (a == null || b == null || typeof a !== "object" || typeof b !== "object") return false;
    if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
    if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
    if (a instanceof Map || b instanceof Map)
        return a instanceof Map && b instanceof Map && a.size === b.size && [...a].every(([k, v]) => b.has(k) && sameValue(v, b.get(k)));
    if (a instanceof Set || b instanceof Set) return a instanceof Set && b instanceof Set && a.size === b.size && [...a].every((v) => b.has(v));
    if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
