import {codec} from "../../image/index.js";
import {Mirror} from "../../objects/index.js";
import {escapeTerminal} from "../escapeTerminal.js";
import {openRuntime} from "../openRuntime.js";
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
    for (const proto of targets) {
        const mirror = new Mirror(proto);
        console.log(escapeTerminal(`${proto.name}  (${proto.personaId})`));
        for (const row of mirror.inspect()) console.log(escapeTerminal(`  ${row.slot.padEnd(20)} ${row.summary}`));
        const methods = mirror.methods();
        if (methods.length > 0) console.log(escapeTerminal(`  methods: ${methods.map((s) => "#" + s).join(" ")}`));
        console.log("");
    }
    return 0;
};
