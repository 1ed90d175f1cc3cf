import {useEffect, useState} from "react";
import type {Runtime} from "../../index.js";
import type {TranscriptLine} from "../state/transcriptLog.js";
import {appendEvent, appendLine, verdictLine} from "../state/transcriptLog.js";

/**
 * The Transcript's lines: every event on the bus, and every verdict recorded in the image (the
 * Oracle's and the Architect's), which the image announces as a `goldenScore` metric point tagged
 * with the judge and the interaction.
 */
export function useTranscript(runtime: Runtime): readonly TranscriptLine[] {
    const [lines, setLines] = useState<readonly TranscriptLine[]>([]);
    useEffect(() => runtime.bus.subscribe(undefined, (event) => {
        setLines((previous) => appendEvent(previous, event));
    }), [runtime]);
    useEffect(() => runtime.image.subscribe((state, patches) => {
        for (const patch of patches) {
            // performanceMetrics/<n> added, holding {name: "goldenScore", tags: {judge, interactionId}}.
            if (patch.op !== "add" || patch.path.length !== 4 || patch.path[0] !== "personas" || patch.path[2] !== "performanceMetrics") continue;
            const point = patch.value as {name?: unknown, at?: unknown, tags?: {interactionId?: unknown}} | null;
            if (point?.name !== "goldenScore" || typeof point.tags?.interactionId !== "string") continue;
            const record = state.personas[String(patch.path[1])];
            if (record == null) continue;
            const line = verdictLine(state, record, point.tags.interactionId, point.at instanceof Date ? point.at : new Date());
            if (line != null) setLines((previous) => appendLine(previous, line));
        }
    }), [runtime]);
    return lines;
}
