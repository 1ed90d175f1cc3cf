// `npm run build` (run by `npm ci` and `npm install` through `prepare`): the command line, bundled by esbuild
// into dist/cli/ for bin/living-image.js. One file and a few lazily loaded chunks start about twice as fast as
// the same code as ~250 separate modules (each ES module costs a resolution and a load), and ink's 400-module
// helper library shrinks to the one function it uses. Type checking is `npm run lint`'s job (tsc), not this one's.
//
// Every chunk stays directly in dist/cli/, as deep as src/<layer>/: code that finds the project from its own
// URL (`new URL("../..", import.meta.url)`: createImage's projectRoot, forgePaths, version) finds it the same way
// from there.
import {rmSync} from "node:fs";
import {fileURLToPath} from "node:url";
import {build} from "esbuild";

const root = new URL("..", import.meta.url);
rmSync(new URL("dist", root), {recursive: true, force: true});
await build({
    absWorkingDir: fileURLToPath(root),
    entryPoints: ["src/cli/main.ts"],
    outdir: "dist/cli",
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    jsx: "automatic",
    sourcemap: "linked",
    // React, react-reconciler and scheduler choose between their production and development builds with
    // `process.env.NODE_ENV` at run time, so a bundle would carry both (770 KB of the UI's 1.8 MB). The installed
    // command is the production build (src/cli/commands/browse.ts sets the same when run from source); a
    // developer who wants React's development build runs the source (LIVING_IMAGE_SOURCE=1 or npm start).
    define: {"process.env.NODE_ENV": '"production"'},
    // Whitespace and syntax only: a smaller file is parsed and compiled sooner at every start (the UI chunk goes
    // from 1.0 MB to 0.75 MB), while names are kept, so a stack trace in a bug report still reads.
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: "warning",
    // Loaded from node_modules as they are: node-llama-cpp finds its native binaries beside its own files;
    // ioredis and execa are loaded only for a Redis bus or a forge run; ink imports react-devtools-core only
    // when asked to (DEV=true), and it is not installed.
    external: ["node-llama-cpp", "@node-llama-cpp/*", "ioredis", "execa", "react-devtools-core"],
    // Bundled CommonJS (React) calls require(); an ES module has none of its own.
    banner: {js: 'import {createRequire as __livingImageRequire} from "node:module"; const require = __livingImageRequire(import.meta.url);'}
});
