import {useEffect, useState} from "react";
import type {Activity, Runtime} from "../../index.js";

/** How often running jobs are redrawn (their token counts and times change continuously). */
const tickMs = 250;

/**
 * The long jobs running now (generations, judging, what loops report), redrawn a few times a
 * second while any runs, not on every token. `tick` counts the redraws (it turns the spinner).
 */
export function useActivities(runtime: Runtime): {running: readonly Activity[], tick: number} {
    const [state, setState] = useState<{running: readonly Activity[], tick: number}>({running: runtime.activity.running(), tick: 0});
    useEffect(() => {
        let timer: ReturnType<typeof setInterval> | null = null;
        const update = () => setState((s) => ({running: runtime.activity.running(), tick: s.tick + 1}));
        const unsubscribe = runtime.activity.subscribe((activity) => {
            // A start or an end shows at once; progress waits for the next tick.
            if (activity.status !== "running" || (activity.tokens === 0 && activity.progress == null)) update();
            if (runtime.activity.running().length > 0) timer ??= setInterval(update, tickMs);
            else if (timer != null) {
                clearInterval(timer);
                timer = null;
            }
        });
        // Forge runs report on the bus: each shows as a job from its first progress event to its end.
        const forges = new Map<string, ReturnType<Runtime["activity"]["begin"]>>();
        const unsubscribeBus = runtime.bus.subscribe({type: ["forgeProgress", "forgeFinished", "evolutionProgress", "evolutionFinished"]}, (event) => {
            const persona = event.persona ?? "*";
            // The philosophical loop's stages (scouting, benchmarking, the sandbox…) each show as a job too.
            if (event.type === "evolutionProgress") {
                const key = `${event.runId}:${event.stage}`;
                let job = forges.get(key);
                if (job == null) {
                    job = runtime.activity.begin({kind: event.stage, persona: event.persona, label: `${persona} ${event.stage}`});
                    forges.set(key, job);
                }
                job.update({progress: {done: event.step, total: event.total}});
                return;
            }
            if (event.type === "evolutionFinished") {
                for (const [key, job] of forges) if (key.startsWith(`${event.runId}:`)) {
                    job.end(event.ok ? "done" : "failed", event.message);
                    forges.delete(key);
                }
                return;
            }
            if (event.type === "forgeProgress") {
                let job = forges.get(persona);
                if (job == null) {
                    job = runtime.activity.begin({kind: "forge", persona: event.persona, label: `${persona} forge`});
                    forges.set(persona, job);
                }
                job.update({progress: {done: event.step, total: event.total}});
            } else if (event.type === "forgeFinished") {
                forges.get(persona)?.end(event.ok ? "done" : "failed", event.message);
                forges.delete(persona);
            }
        });
        return () => {
            unsubscribe();
            unsubscribeBus();
            for (const job of forges.values()) job.end("stopped");
            if (timer != null) clearInterval(timer);
        };
    }, [runtime]);
    return state;
}
