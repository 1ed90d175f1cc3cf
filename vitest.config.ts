import {defineConfig} from "vitest/config";

export default defineConfig({
    test: {
        include: ["test/**/*.test.ts", "test/**/*.test.tsx"],
        testTimeout: 60_000,
        hookTimeout: 60_000,
        // Tests that load real models or spawn processes share two cores: keep files sequential-ish.
        fileParallelism: true,
        maxWorkers: 2,
        pool: "forks"
    }
});
