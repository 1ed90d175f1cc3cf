import {escapeTerminal} from "../escapeTerminal.js";
import {openRuntime} from "../openRuntime.js";
import {colorsFor, type CliColors} from "../cliColors.js";
import type {Command} from "./index.js";

export const listCommand: Command = async (_args, options) => {
    await using runtime = await openRuntime(options, {write: false});
    const personas = runtime.manager.list().map(({personaId, name}) => {
        const record = runtime.image.state.personas[personaId]!;
        return {
            name, personaId, role: record.codex.role, baseModelPath: record.baseModelPath, activeAdapterPath: record.activeAdapterPath,
            goldenSamples: record.goldenDataset.length, methods: Object.keys(record.methods).length, parent: record.parent
        };
    });
    if (options.json) {
        console.log(JSON.stringify(personas, null, 2));
        return 0;
    }
    if (personas.length === 0) console.log(`${options.image} holds no personas.`);
    const colors = colorsFor(process.stdout);
    for (const p of personas) console.log(listLine(p, colors));
    return 0;
};

/** One persona's line of `living-image list`: the name stands out, labels and empty slots recede. */
export function listLine(p: {name: string, baseModelPath: string | null, activeAdapterPath: string | null, goldenSamples: number, methods: number}, colors: CliColors): string {
    // Image text is escaped before it is coloured: a name or a path may hold control characters.
    const value = (v: string | null) => v == null ? colors.muted("(none)") : escapeTerminal(v);
    const label = (text: string) => colors.muted(text);
    return `${colors.accent(escapeTerminal(p.name.padEnd(10)))} ${label("model")} ${value(p.baseModelPath)}  ${label("adapter")} ${value(p.activeAdapterPath)}  `
        + `${label("golden")} ${p.goldenSamples}  ${label("methods")} ${p.methods}`;
}
