import {statSync} from "node:fs";
import path from "node:path";
import type {PersonaRecord} from "../objects/index.js";
import type {WorldState} from "./WorldState.js";

/** The persona slots that hold a file path, relative to the image's folder unless absolute. */
const pathSlots = ["codexPath", "baseModelPath", "activeAdapterPath"] as const satisfies readonly (keyof PersonaRecord)[];

/**
 * The state as an image in `toDir` must hold it so that every relative file path still names the same
 * file it named from `fromDir`: a copy saved into another folder keeps its model, adapter and codex.
 * Only a relative path that names an existing file is rebased; a URI or an engine tag (`hf:…`,
 * `llama3:8b`), an absolute path, and a path that names nothing are kept as they are (the models search
 * path still looks for a missing file by name). Answers `state` itself when nothing changes.
 */
export function rebaseImagePaths(state: WorldState, fromDir: string, toDir: string): WorldState {
    const from = path.resolve(fromDir);
    const to = path.resolve(toDir);
    if (from === to) return state;
    let personas: Record<string, PersonaRecord> | null = null;
    for (const [id, persona] of Object.entries(state.personas)) {
        let changed: Partial<Record<typeof pathSlots[number], string>> | null = null;
        for (const slot of pathSlots) {
            const stored = persona[slot];
            if (stored == null || path.isAbsolute(stored)) continue;
            const file = path.resolve(from, stored);
            if (statSync(file, {throwIfNoEntry: false})?.isFile() !== true) continue;
            (changed ??= {})[slot] = path.relative(to, file).split(path.sep).join("/");
        }
        if (changed != null) (personas ??= {...state.personas})[id] = {...persona, ...changed};
    }
    return personas == null ? state : {...state, personas};
}
