import type {Runtime} from "../runtime/index.js";
import type {Primitive} from "../objects/index.js";
import {describeCycle} from "./CycleOutcome.js";
import {StrategicLoop} from "./StrategicLoop.js";
import type {StrategicLoopOptions} from "./StrategicLoop.js";

/**
 * Starts the strategic loop on a runtime and gives every persona two more selectors:
 * `improve` starts an improvement cycle in the background and answers at once (a String saying so), and
 * `history` answers the past cycles, one line each. Disposing the loop removes both.
 */
export function installStrategicLoop(runtime: Runtime, options: StrategicLoopOptions = {}): StrategicLoop {
    const loop = new StrategicLoop(runtime, options);
    const improve: Primitive = (self) => {
        const record = self.record;
        if (loop.isImproving(self.name)) return `${self.name} is already improving: watch the forge's progress.`;
        void loop.improve(self.name, "manual").catch(() => undefined);
        const train = record.goldenDataset.filter((s) => !s.heldOut).length;
        return `${self.name}: an improvement cycle started in the background on ${train} golden samples (${record.goldenDataset.length - train} held out). \`${self.name} history\` shows its outcome.`;
    };
    const history: Primitive = (self) => {
        const cycles = loop.history(self.name);
        return cycles.length === 0 ? `${self.name} has no improvement cycles yet.` : cycles.map(describeCycle).join("\n");
    };
    const previous = {improve: runtime.primitives.get("improve"), history: runtime.primitives.get("history")};
    runtime.primitives.set("improve", improve);
    runtime.primitives.set("history", history);
    loop.onDispose(() => {
        for (const [selector, mine, before] of [["improve", improve, previous.improve], ["history", history, previous.history]] as const) {
            if (runtime.primitives.get(selector) !== mine) continue;
            if (before == null) runtime.primitives.delete(selector);
            else runtime.primitives.set(selector, before);
        }
    });
    return loop;
}
