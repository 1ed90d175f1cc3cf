import {runBrowser} from "../../ui/index.js";
import {UsageError} from "../UsageError.js";
import {openRuntime} from "../openRuntime.js";
import type {Command} from "./index.js";

/**
 * `living-image [IMAGE]`: opens the System Browser on the image. The engine is attached lazily by
 * openRuntime, so node-llama-cpp is not loaded before the first frame.
 */
export const browseCommand: Command = async (args, options) => {
    if (args.length > 0) throw new UsageError(`browse takes no arguments; pass the image as living-image IMAGE or --image IMAGE.`);
    if (process.stdin.isTTY !== true)
        throw new UsageError("The browser needs a terminal (stdin is not a TTY). For scripts, use living-image eval or inspect.");
    await using runtime = await openRuntime(options, {write: !options.readOnly, judging: "each"});
    await runBrowser(runtime);
    return 0;
};
