import {useEffect, useState} from "react";
import type {Runtime} from "../../index.js";
import type {TranscriptLine} from "../state/transcriptLog.js";
import {appendEvent} from "../state/transcriptLog.js";

/** The Transcript's lines, fed by every event on the bus (the Oracle's and the Architect's verdicts among them). */
export function useTranscript(runtime: Runtime): readonly TranscriptLine[] {
    const [lines, setLines] = useState<readonly TranscriptLine[]>([]);
    useEffect(() => runtime.bus.subscribe(undefined, (event) => {
        setLines((previous) => appendEvent(previous, event));
    }), [runtime]);
    return lines;
}
