/**
 * `npm run bench`: every benchmark, each printing figures and ratios against a baseline measured
 * in the same run (these machines are shared and noisy; compare ratios, not absolute times).
 * Pass names to run only some: `npm run bench -- image lang`. `kills` (the long kill test) runs only when named.
 */
const suites: Record<string, () => Promise<{run: () => Promise<void>}>> = {
    objects: async () => ({run: (await import("./objects.js")).benchObjects}),
    image: async () => ({run: (await import("./image.js")).benchImage}),
    lang: async () => ({run: (await import("./lang.js")).benchLang}),
    llm: async () => ({run: (await import("./llm.js")).benchLlm}),
    bus: async () => ({run: (await import("./bus.js")).benchBus}),
    // The forge's bench is Python (numpy against PyTorch on CPU when Debian's python3-torch is installed).
    forge: async () => ({run: () => runPython("bench/forge.py")}),
    oracle: async () => ({run: (await import("./oracle.js")).benchOracle}),
    evolve: async () => ({run: (await import("./evolve.js")).benchEvolve}),
    cli: async () => ({run: (await import("./cli.js")).benchCli}),
    persona: async () => ({run: (await import("./persona.js")).benchPersona}),
    ui: async () => ({run: (await import("./ui.js")).benchUi}),
    // The whole strategic loop at the default threshold of 500: most of an hour here; run only when named (`npm run bench -- loop`).
    loop: async () => ({run: (await import("./loop.js")).benchLoop}),
    // Half an hour of SIGKILLs of the command line: run only when named (`npm run bench -- kills`).
    kills: async () => ({run: (await import("./kills.js")).benchKills}),
    synth: async () => ({run: (await import("./synth.js")).benchSynth})
};

/** Suites that run only when named. */
const optIn = new Set(["loop", "kills"]);

async function runPython(script: string): Promise<void> {
    const {spawnSync} = await import("node:child_process");
    console.log(`\n## forge: python3 ${script}`);
    const result = spawnSync("python3", [script], {stdio: "inherit"});
    if (result.status !== 0) throw new Error(`python3 ${script} exited with ${result.status ?? result.signal}`);
}

const wanted = process.argv.slice(2);
for (const name of wanted) if (!(name in suites)) {
    console.error(`Unknown benchmark ${name}. Known: ${Object.keys(suites).join(", ")}.`);
    process.exit(1);
}
let failed = 0;
for (const [name, load] of Object.entries(suites)) {
    if (wanted.length > 0 ? !wanted.includes(name) : optIn.has(name)) continue;
    try {
        const suite = await load();
        await suite.run();
    } catch (error) {
        failed++;
        console.error(`\n## ${name}: failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    }
}
process.exit(failed > 0 ? 1 : 0);
