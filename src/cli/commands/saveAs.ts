import {escapeTerminal} from "../escapeTerminal.js";
import {UsageError} from "../UsageError.js";
import {openRuntime} from "../openRuntime.js";
import type {Command} from "./index.js";

export const saveAsCommand: Command = async (args, options) => {
    const [file] = args;
    if (file == null || args.length > 1) throw new UsageError("save-as takes one FILE: living-image save-as FILE [--image IMAGE] [--force].");
    await using runtime = await openRuntime(options, {write: false});
    const result = await runtime.saveAs(file, {force: options.force});
    if (options.json) console.log(JSON.stringify(result));
    else {
        console.log(escapeTerminal(`Saved ${result.path} (${result.bytes} bytes, ${result.ms.toFixed(1)} ms).`));
        if (result.journalSetAside != null) console.log(escapeTerminal(`Its old unsaved changes are kept in ${result.journalSetAside}.`));
    }
    return 0;
};
