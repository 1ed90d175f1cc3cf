import {UsageError} from "../UsageError.js";
import {openRuntime} from "../openRuntime.js";
import type {Command} from "./index.js";

export const saveAsCommand: Command = async (args, options) => {
    const [file] = args;
    if (file == null || args.length > 1) throw new UsageError("save-as takes one FILE: living-image save-as FILE [--image IMAGE].");
    await using runtime = await openRuntime(options, {write: false});
    const result = await runtime.saveAs(file);
    if (options.json) console.log(JSON.stringify(result));
    else console.log(`Saved ${result.path} (${result.bytes} bytes, ${result.ms.toFixed(1)} ms).`);
    return 0;
};
