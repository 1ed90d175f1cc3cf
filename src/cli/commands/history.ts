import {cycleHistory, describeCycle} from "../../loops/index.js";
import type {CycleRecord} from "../../loops/index.js";
import {colorsFor, type CliColors} from "../cliColors.js";
import {escapeTerminal} from "../escapeTerminal.js";
import {openRuntime} from "../openRuntime.js";
import type {Command} from "./index.js";

/**
 * `living-image history [PERSONA]`: the improvement cycles of a persona (or of every persona), oldest first,
 * as `BRICK history` tells them in the Playground, each marked by its decision.
 */
export const historyCommand: Command = async (args, options) => {
    await using runtime = await openRuntime(options, {write: false});
    const ids = args.length > 0 ? args.map((name) => runtime.manager.get(name).personaId) : runtime.manager.list().map((p) => p.personaId);
    const personas = ids.map((id) => {
        const record = runtime.image.state.personas[id]!;
        return {name: record.name, cycles: cycleHistory(record.performanceMetrics)};
    });
    if (options.json) {
        console.log(JSON.stringify(personas, null, 2));
        return 0;
    }
    const colors = colorsFor(process.stdout);
    for (const {name, cycles} of personas) console.log(historyText(name, cycles, colors));
    return 0;
};

const marks: Record<CycleRecord["decision"], keyof Pick<CliColors, "ok" | "warn" | "error">> = {
    swapped: "ok", kept: "warn", failed: "error", cancelled: "error"
};

/** One persona's cycles: a title, then a line per cycle whose decision is marked in its colour. */
export function historyText(name: string, cycles: readonly CycleRecord[], colors: CliColors): string {
    if (cycles.length === 0) return `${colors.accent(escapeTerminal(name))} ${colors.muted("has no improvement cycles yet.")}`;
    const lines = [`${colors.accent(escapeTerminal(name))} ${colors.muted(`${cycles.length} improvement cycle${cycles.length === 1 ? "" : "s"}`)}`];
    // Image text is escaped before it is coloured: a reason or a path may hold control characters.
    for (const cycle of cycles) lines.push(`  ${colors[marks[cycle.decision]](cycle.decision.padEnd(9))} ${escapeTerminal(describeCycle(cycle))}`);
    return lines.join("\n");
}
