#!/usr/bin/env node
// The `living-image` command. It runs the command line bundled into dist/cli/ by `npm run build`
// (scripts/build.mjs, which `npm ci` and `npm install` run through the `prepare` script), in this one process:
// no second Node, no TypeScript compiled at start.
//
// Without a build, with one older than a file of src/, or with LIVING_IMAGE_SOURCE=1 (the tests set it, so
// they always run the code as it is), it runs the TypeScript source through tsx, still in this process, and
// says so when that was not asked for: a start then takes about a second more. LIVING_IMAGE_SOURCE=0 runs the
// build without comparing it with src/ again: src/cli/relaunch.ts sets it for a process whose parent has just
// compared them. tsx is given the project's
// tsconfig.json, whatever the working directory, so that the Ink components' JSX compiles for React's
// automatic runtime ("jsx": "react-jsx").
//
// MALLOC_ARENA_MAX=2 (glibc's allocator arenas otherwise let memory creep with every adapter swap, measured in
// test/llm/memory.test.ts) matters to the long-lived System Browser only: src/cli/relaunch.ts restarts the
// browser once with it when it is not set; one-shot commands run in this process as they are.
import {readdirSync, statSync} from "node:fs";
import {fileURLToPath} from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const compiled = new URL("../dist/cli/main.js", import.meta.url);

/** Why dist/ cannot run ("" when it can). */
function whyNotCompiled() {
    let built;
    try {
        built = statSync(compiled).mtimeMs;
    } catch {
        return "there is no compiled build in dist/";
    }
    if (process.env.LIVING_IMAGE_SOURCE === "0") return "";
    let sources;
    try {
        sources = readdirSync(new URL("../src", import.meta.url), {recursive: true, withFileTypes: true});
    } catch {
        return ""; // An installation without its source runs what it has.
    }
    for (const entry of sources) {
        if (entry.isFile() && statSync(`${entry.parentPath ?? entry.path}/${entry.name}`).mtimeMs > built)
            return "dist/ is older than src/";
    }
    return "";
}

const askedForSource = process.env.LIVING_IMAGE_SOURCE === "1";
const reason = askedForSource ? null : whyNotCompiled();
if (reason === "") {
    await import(compiled.href);
} else {
    if (reason != null)
        process.stderr.write(`living-image: ${reason}; running the TypeScript source, which starts slower. Run \`npm run build\` in ${root} to fix it.\n`);
    const {register} = await import("tsx/esm/api");
    register({tsconfig: fileURLToPath(new URL("../tsconfig.json", import.meta.url))});
    await import(new URL("../src/cli/main.ts", import.meta.url).href);
}
