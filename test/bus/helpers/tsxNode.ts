import {createRequire} from "node:module";
import {pathToFileURL} from "node:url";

const require = createRequire(import.meta.url);

/** The node arguments that run a TypeScript file through tsx, resolved the way bin/living-image.js resolves tsx. */
export function tsxNodeArgs(script: string, ...args: string[]): string[] {
    return ["--import", pathToFileURL(require.resolve("tsx")).href, script, ...args];
}
