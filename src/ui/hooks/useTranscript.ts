import {useEffect, useState} from "react";
import type {EventBus} from "../../index.js";
import type {TranscriptLine} from "../state/transcriptLog.js";
import {appendEvent} from "../state/transcriptLog.js";

/** The Transcript's lines, fed by every event on the bus. */
export function useTranscript(bus: EventBus): readonly TranscriptLine[] {
    const [lines, setLines] = useState<readonly TranscriptLine[]>([]);
    useEffect(() => bus.subscribe(undefined, (event) => {
        setLines((previous) => appendEvent(previous, event));
    }), [bus]);
    return lines;
}
