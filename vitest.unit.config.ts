import {configDefaults, defineConfig, mergeConfig} from "vitest/config";
import base from "./vitest.config.js";

/**
 * `npm run test:unit`: the fast tier (goal: under 30 s), for the loop of editing and testing. It leaves out the
 * tests that run real outside things, which `npm test` runs too: a model in llama.cpp, the Python forge,
 * redis-server, tmux, the command line or a crash in child processes; and the long sweeps.
 */
export const integration = [
    "test/bus/Redis*.test.ts", "test/bus/redisServer.test.ts",
    "test/cli/**",
    "test/forge/ForgeRun.test.ts", "test/forge/genesisModel.test.ts", "test/forge/realForge.test.ts", "test/forge/styleAdapter.test.ts",
    "test/gguf/checkAdapter.test.ts",
    "test/image/crash.test.ts", "test/image/journalFaults.test.ts", "test/image/lock.test.ts", "test/image/lockFaults.test.ts",
    "test/lang/sweep.test.ts",
    "test/llm/NodeLlamaCppEngine.test.ts", "test/llm/memory.test.ts", "test/llm/replyBits.test.ts", "test/llm/resolveModel.test.ts",
    "test/llm/swapAdapter.test.ts", "test/llm/tokenizeChat.test.ts", "test/llm/VllmEngine.test.ts", "test/llm/OllamaEngine.test.ts",
    "test/loops/**",
    "test/oracle/goldenCommand.test.ts", "test/oracle/realJudge.test.ts",
    "test/runtime/**",
    "test/ui/*.test.ts", "test/ui/*.test.tsx", "test/ui/e2e/**",
    "test/clone.test.ts"
];

export default mergeConfig(base, defineConfig({
    test: {
        exclude: [...configDefaults.exclude, ...integration],
        // The files of a worker share one module cache instead of loading src/ afresh for each file: 28 s of CPU
        // for the tier instead of 69 s (measured on the same loaded machine), two thirds of it loading modules.
        isolate: false
    }
}));
