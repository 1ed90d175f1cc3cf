/** Small helpers shared by the benchmarks. */

/**
 * Runs `fn` `repeat` times and answers the best wall time (the least disturbed by a noisy machine)
 * and the best process CPU time (steadier than wall time when the machine is loaded; it counts
 * every thread of the process, V8's garbage collector helpers included).
 */
export function timeIt(fn: () => void, repeat = 5): {ms: number, cpuMs: number} {
    let best = Infinity, bestCpu = Infinity;
    for (let i = 0; i < repeat; i++) {
        const cpu = process.cpuUsage();
        const start = performance.now();
        fn();
        best = Math.min(best, performance.now() - start);
        const used = process.cpuUsage(cpu);
        bestCpu = Math.min(bestCpu, (used.user + used.system) / 1000);
    }
    return {ms: best, cpuMs: bestCpu};
}

export async function timeItAsync(fn: () => Promise<void>, repeat = 5): Promise<{ms: number, cpuMs: number}> {
    let best = Infinity, bestCpu = Infinity;
    for (let i = 0; i < repeat; i++) {
        const cpu = process.cpuUsage();
        const start = performance.now();
        await fn();
        best = Math.min(best, performance.now() - start);
        const used = process.cpuUsage(cpu);
        bestCpu = Math.min(bestCpu, (used.user + used.system) / 1000);
    }
    return {ms: best, cpuMs: bestCpu};
}

export function formatRatio(ratio: number): string {
    return ratio >= 100 ? `${ratio.toFixed(0)}×` : ratio >= 10 ? `${ratio.toFixed(1)}×` : `${ratio.toFixed(2)}×`;
}

export function table(rows: string[][]): void {
    const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length)));
    for (const row of rows) console.log("  " + row.map((cell, column) => cell.padEnd(widths[column]!)).join("  "));
}

/** Wall time and CPU time of one run. */
export type Timing = {wall: number, cpu: number};

/** Wall time, and CPU time of the whole process (threads included): on a shared, busy machine the second is steadier. */
export async function timed(run: () => Promise<void>): Promise<Timing> {
    const cpu = process.cpuUsage();
    const start = performance.now();
    await run();
    const used = process.cpuUsage(cpu);
    return {wall: performance.now() - start, cpu: (used.user + used.system) / 1000};
}
