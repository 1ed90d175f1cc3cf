import {renderProgressBar} from "../forge/index.js";
import type {Runtime, StrategicLoop} from "../index.js";
import {progressLine} from "./progressLine.js";
import type {ProgressOut} from "./progressLine.js";

/**
 * Shows the improvement cycles running on `loop` until they finish: each stage as a line, the forge's progress
 * as a bar, and how each cycle ended. Resolves when the loop is idle (a one-shot command then saves and exits).
 */
export async function watchCycles(runtime: Runtime, loop: StrategicLoop, out: ProgressOut = process.stdout): Promise<void> {
    if (loop.improving().length === 0) return;
    const bar = progressLine(out);
    const width = Math.max(10, Math.min(40, (out.columns ?? 80) - 45));
    const unsubscribe = runtime.bus.subscribe({type: ["forgeProgress", "forgeFinished", "transcript"]}, (event) => {
        switch (event.type) {
            case "forgeProgress":
                bar.update(`${event.persona ?? ""} ${renderProgressBar(event, width)}`, event.step / Math.max(1, event.total));
                return;
            case "forgeFinished":
                bar.done();
                out.write(`${event.persona ?? ""}: ${event.message}\n`);
                return;
            case "transcript":
                // The cycle's own stage lines; the rest of the Transcript belongs to the evaluated code.
                if (event.persona != null && event.text.startsWith(`${event.persona}'s improvement cycle: `)) {
                    bar.done();
                    out.write(event.text);
                }
                return;
            default:
                return;
        }
    });
    try {
        await loop.whenIdle();
    } finally {
        unsubscribe();
        bar.done();
    }
}
