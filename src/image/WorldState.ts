import type {PersonaRecord} from "../objects/index.js";

/** Image-wide settings, edited live like any other state. */
export type ImageSettings = {
    /** Bus back end: "memory" or a redis:// URL. */
    bus: string,
    /** Threads for the embedded engine; null means the number of physical cores. */
    threads: number | null,
    goldenThreshold: number,
    forgeThreshold: number,
    [key: string]: unknown
};

/**
 * Everything an image holds, as plain data managed by immer.
 * Personas are keyed by personaId; names are unique and upper-case (BRICK, ROBIN…).
 */
export type WorldState = {
    personas: Record<string, PersonaRecord>,
    settings: ImageSettings,
    /** Playground history, newest last, kept in the image. */
    playgroundHistory: string[]
};

export const defaultSettings: ImageSettings = {
    bus: "memory",
    threads: null,
    goldenThreshold: 4.5,
    forgeThreshold: 500
};

export function emptyWorld(): WorldState {
    return {personas: {}, settings: {...defaultSettings}, playgroundHistory: []};
}
