import {escapeTerminal} from "../escapeTerminal.js";
import {openRuntime} from "../openRuntime.js";
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
    for (const p of personas)
        console.log(escapeTerminal(`${p.name.padEnd(10)} model ${p.baseModelPath ?? "(none)"}  adapter ${p.activeAdapterPath ?? "(none)"}  golden ${p.goldenSamples}  methods ${p.methods}`));
    return 0;
};
