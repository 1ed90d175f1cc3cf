import {codec} from "../../image/index.js";
import {Mirror} from "../../objects/index.js";
import {escapeTerminal} from "../escapeTerminal.js";
import {openRuntime} from "../openRuntime.js";
import {colorsFor, type CliColors} from "../cliColors.js";
import type {Command} from "./index.js";

export const inspectCommand: Command = async (args, options) => {
    await using runtime = await openRuntime(options, {write: false});
    const targets = args.length > 0 ? args.map((name) => runtime.manager.get(name)) : runtime.manager.list().map((p) => runtime.manager.protoFor(p.personaId));
    if (options.json) {
        // The codec's JSON form keeps Dates, Maps and BigInts readable by another tool.
        const out = targets.map((proto) => codec.serialize(proto.record).json);
        console.log(JSON.stringify(args.length === 1 ? out[0] : out, null, 2));
        return 0;
    }
    const colors = colorsFor(process.stdout);
    for (const proto of targets) console.log(inspectText(new Mirror(proto), colors));
    return 0;
};

/** One persona as `living-image inspect` shows it, read through its mirror: name, slots, methods, and a blank line. */
export function inspectText(mirror: Mirror, colors: CliColors): string {
    // Image text is escaped before it is coloured: a name or a value may hold control characters.
    const e = escapeTerminal;
    const lines = [`${colors.accent(e(mirror.name))}  ${colors.muted(`(${e(mirror.proto.personaId)})`)}`];
    for (const row of mirror.inspect()) lines.push(`  ${colors.muted(e(row.slot.padEnd(20)))} ${e(row.summary)}`);
    const methods = mirror.methods();
    if (methods.length > 0) lines.push(`  ${colors.muted("methods:")} ${methods.map((s) => colors.accent(e("#" + s))).join(" ")}`);
    return lines.join("\n") + "\n";
}
