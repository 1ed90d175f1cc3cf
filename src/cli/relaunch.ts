import {spawnSync} from "node:child_process";
import {constants} from "node:os";

/**
 * Whether this process must restart itself with MALLOC_ARENA_MAX=2 before it opens the System Browser. The
 * browser is a long-lived process that swaps adapters, and without the setting glibc's allocator arenas let its
 * memory creep with every swap (about 0.3 MB each; measured in test/llm/memory.test.ts). glibc reads the setting
 * when the process starts, so it cannot be applied from inside; one-shot commands do not need it.
 */
export function needsArenaLimit(command: string): boolean {
    return command === "browse" && process.env.MALLOC_ARENA_MAX == null && process.platform === "linux";
}

/**
 * The relaunched command's environment: MALLOC_ARENA_MAX=2, and LIVING_IMAGE_SOURCE saying which code this process
 * runs (bin/living-image.js has just chosen it): "0", the build in dist/, which the child then does not compare with
 * every file of src/ again (10-40 ms); "1", the source, so that the child neither compares nor repeats the warning
 * that the build is missing or stale.
 */
export function relaunchEnv(env: NodeJS.ProcessEnv = process.env, moduleUrl: string = import.meta.url): NodeJS.ProcessEnv {
    return {...env, MALLOC_ARENA_MAX: "2", LIVING_IMAGE_SOURCE: moduleUrl.endsWith(".ts") ? "1" : "0"};
}

/** Runs this same command again in a child Node with MALLOC_ARENA_MAX=2, on this terminal, and answers its exit code. */
export function relaunchWithArenaLimit(): number {
    const [, script, ...args] = process.argv;
    const child = spawnSync(process.execPath, [...process.execArgv, script!, ...args], {
        stdio: "inherit",
        env: relaunchEnv()
    });
    if (child.error != null) throw child.error;
    // Killed by a signal: the shell's convention, 128 + its number.
    return child.status ?? 128 + (child.signal == null ? 0 : constants.signals[child.signal]);
}
