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

/** The source of one method of a class, with its category. */
export type ClassMethodRecord = {source: string, category: string};

/**
 * A class of the Playground language that a user defined (`Object subclass: #Point3D …`), or the
 * extension methods given to a built-in class (`superclass` null), kept as Smalltalk source like
 * persona methods. Written and read by lang/; the image only keeps it.
 */
export type ClassRecord = {
    name: string,
    superclass: string | null,
    instanceVariables: string[],
    classVariables: string[],
    category: string,
    comment: string,
    methods: Record<string, ClassMethodRecord>,
    classMethods: Record<string, ClassMethodRecord>
};

/**
 * Everything an image holds, as plain data managed by immer.
 * Personas are keyed by personaId; names are unique and upper-case (BRICK, ROBIN…).
 */
export type WorldState = {
    personas: Record<string, PersonaRecord>,
    settings: ImageSettings,
    /** Playground history, newest last, kept in the image. */
    playgroundHistory: string[],
    /** The Playground language's classes of one's own, by name (absent in images that never defined one). */
    classes?: Record<string, ClassRecord>
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
