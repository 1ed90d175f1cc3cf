import type {TranscriptLine, TranscriptLineType} from "./transcriptLog.js";

/**
 * Kinds of bus event the Transcript can be narrowed to, in the order `t` walks them. Related
 * types share a group (a forge run is its progress and its end; a swap can be refused), and
 * every event type falls in exactly one, so no event is unreachable through the filter.
 */
export const eventGroups = ["dissonance", "sendFailed", "chatCompleted", "verdicts", "forge", "evolution", "swaps", "user", "transcript", "image"] as const;
export type EventGroup = typeof eventGroups[number];

/** What the Transcript shows: null means every persona (or every group). */
export type TranscriptFilter = {persona: string | null, group: EventGroup | null};

export const noFilter: TranscriptFilter = {persona: null, group: null};

export function groupOf(type: TranscriptLineType): EventGroup {
    switch (type) {
        case "verdict":
            return "verdicts";
        case "dissonance":
            return "dissonance";
        case "sendFailed":
            return "sendFailed";
        case "chatCompleted":
            return "chatCompleted";
        case "forgeProgress":
        case "forgeFinished":
            return "forge";
        case "evolutionProgress":
        case "evolutionRequested":
        case "evolutionFinished":
            return "evolution";
        case "adapterSwapped":
        case "modelSwapped":
        case "swapRefused":
            return "swaps";
        case "user":
            return "user";
        case "transcript":
            return "transcript";
        case "personaCreated":
        case "personaRemoved":
        case "personaCloned":
        case "slotChanged":
        case "methodCompiled":
        case "methodRemoved":
        case "imageSaved":
            return "image";
        default:
            return type satisfies never;
    }
}

/**
 * The next persona filter: all → each persona of the image in order → all (`step` -1 walks
 * back). A persona that has left the image since it was chosen restarts the walk from all.
 */
export function cyclePersona(filter: TranscriptFilter, personaNames: readonly string[], step: 1 | -1): TranscriptFilter {
    return {...filter, persona: cycle<string>(filter.persona, personaNames, step)};
}

/** The next event-group filter: all → each of `eventGroups` → all. */
export function cycleGroup(filter: TranscriptFilter, step: 1 | -1): TranscriptFilter {
    return {...filter, group: cycle<EventGroup>(filter.group, eventGroups, step)};
}

// The ring is [null, ...choices]; a current value not among the choices counts as null.
function cycle<T>(current: T | null, choices: readonly T[], step: 1 | -1): T | null {
    const ring: (T | null)[] = [null, ...choices];
    const index = Math.max(0, ring.indexOf(current));
    return ring[(index + step + ring.length) % ring.length] ?? null;
}

export function isFiltering(filter: TranscriptFilter): boolean {
    return filter.persona != null || filter.group != null;
}

/** True when `line` passes `filter`; an image-wide event (no persona) is hidden by a persona filter. */
export function passes(line: TranscriptLine, filter: TranscriptFilter): boolean {
    if (filter.persona != null && line.persona !== filter.persona) return false;
    if (filter.group != null && groupOf(line.type) !== filter.group) return false;
    return true;
}

/**
 * The lines the Transcript shows: a view over the kept lines, so clearing the filter shows
 * them all again. Answers `lines` itself when nothing is filtered, so a memoized pane stays still.
 */
export function filterLines(lines: readonly TranscriptLine[], filter: TranscriptFilter): readonly TranscriptLine[] {
    return isFiltering(filter) ? lines.filter((line) => passes(line, filter)) : lines;
}

/** The filter as the pane title shows it: the chosen persona and group, in that order. */
export function filterLabels(filter: TranscriptFilter): string[] {
    return [filter.persona, filter.group].filter((label): label is string => label != null);
}

/** The Transcript pane's title line: `right` is absent while nothing has arrived. */
export type TranscriptHeading = {title: string, right: string | undefined, empty: string};

/**
 * The pane's title names the active filter and counts what it lets through out of every kept
 * line ("Transcript · BRICK · dissonance", "3/120 events"); with the keyboard and no filter,
 * it names the keys, so the filter can be found without the help.
 */
export function transcriptHeading(filter: TranscriptFilter, shown: number, total: number, back: number, focused: boolean): TranscriptHeading {
    const labels = filterLabels(filter);
    const title = labels.length > 0 ? ["Transcript", ...labels].join(" · ") : focused ? "Transcript (f persona · t type)" : "Transcript";
    const end = Math.max(0, shown - back);
    const right = total === 0 ? undefined
        : back > 0 ? `${end}/${shown} ↓ newer`
            : labels.length > 0 ? `${shown}/${total} events` : `${total} events`;
    const empty = total === 0 || labels.length === 0
        ? "Bus events appear here: sends, swaps, dissonance, saves…"
        : `No ${labels.join(" ")} events among the last ${total}: f / t change the filter.`;
    return {title, right, empty};
}
