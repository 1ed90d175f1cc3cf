import {UsageError} from "../UsageError.js";
import {importWithoutFetch} from "../importWithoutFetch.js";
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
    // Ink draws only the last frame when it believes it runs in CI (it reads CI when first imported):
    // an interactive terminal is never CI, so say so before loading the UI.
    if (process.stdout.isTTY === true) {
        process.env.CI = "0";
        process.env.CONTINUOUS_INTEGRATION = "0";
    }
    // React (inside Ink) picks its build when first loaded: without NODE_ENV it is the development build,
    // which times and diffs every render for profilers and made a keypress's frame several times slower
    // (bench ui). A user's browser is production; a developer can still ask for development from the source
    // (the bundle in dist/ has the production build only: scripts/build.mjs). Written through `env`, because
    // the bundler replaces `process.env.NODE_ENV` itself with the constant.
    const env = process.env;
    env.NODE_ENV ??= "production";
    const {runBrowser} = await importWithoutFetch(async () => import("../../ui/index.js"));
    await using runtime = await openRuntime(options, {write: !options.readOnly, judging: "each"});
    await runBrowser(runtime);
    return 0;
};
