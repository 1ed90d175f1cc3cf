import {defineConfig} from "vitest/config";

export default defineConfig({
    test: {
        include: ["test/**/*.test.ts", "test/**/*.test.tsx"],
        // bin/living-image.js runs the source, as it is now, not a build in dist/ that may be older.
        env: {LIVING_IMAGE_SOURCE: "1"},
        testTimeout: 60_000,
        hookTimeout: 60_000,
        // Tests that load real models or spawn processes share two cores: keep files sequential-ish.
        fileParallelism: true,
        maxWorkers: 2,
        pool: "forks"
    }
});
