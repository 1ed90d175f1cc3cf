#!/usr/bin/env node
// Thin launcher: runs the TypeScript CLI through tsx so a fresh clone needs no build step.
import {spawnSync} from "node:child_process";
import {createRequire} from "node:module";
import {fileURLToPath} from "node:url";
import path from "node:path";

const require = createRequire(import.meta.url);
const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const tsxCli = require.resolve("tsx/cli");
// MALLOC_ARENA_MAX=2: without it glibc's arenas let memory creep with every adapter swap (measured in test/llm/memory.test.ts).
// TSX_TSCONFIG_PATH: tsx reads the tsconfig of the working directory; started elsewhere, .tsx would compile for the wrong JSX runtime.
const env = {MALLOC_ARENA_MAX: "2", ...process.env, TSX_TSCONFIG_PATH: path.join(root, "tsconfig.json")};
const result = spawnSync(process.execPath, [tsxCli, path.join(root, "src/cli/main.ts"), ...process.argv.slice(2)], {stdio: "inherit", env});
process.exit(result.status ?? 2);
