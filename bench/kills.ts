import {mkdtemp, rm} from "node:fs/promises";
import {cpus, loadavg, tmpdir} from "node:os";
import path from "node:path";
import {pathToFileURL} from "node:url";
import {runKillTest, type KillOp} from "../test/cli/killDriver.js";
import {table} from "./measure.js";

/**
 * The long kill test (test/cli/killDriver.ts): LIVING_IMAGE_KILLS (default 1,000) SIGKILLs of the
 * real command line across eval, eval --save, save-as, journal replay and forge cycles. Goals: 0
 * acknowledged writes lost, 0 corrupt files. Not in the default `npm run bench` (35 min on two busy
 * cores): run it with `npm run bench -- kills`. Measured with the dist/ build, load average ~25 on 2 cores:
 * 1,000 SIGKILLs in 1,440 rounds (eval 449, eval --save 249, save-as 123, replay 152, forge 27),
 * 300 acknowledged writes checked after every round, 0 lost, 0 corrupt; 828 opens replayed the journal,
 * 27 found a save's temporary file.
 */
export async function benchKills(): Promise<void> {
    const kills = Number(process.env["LIVING_IMAGE_KILLS"] ?? 1000);
    const dir = await mkdtemp(path.join(tmpdir(), "li-bench-kills-"));
    try {
        console.log(`\n## kills: ${kills} SIGKILLs of the command line`);
        const report = await runKillTest({
            dir, kills,
            onRound: (r) => {
                if (r.rounds % 50 === 0) console.log(`  … ${r.kills} kills in ${r.rounds} rounds, ${r.acknowledgedWrites} acknowledged writes, ` +
                    `${r.lostWrites.length} lost, ${r.corruptFiles.length} corrupt (${((Date.now() - started) / 60_000).toFixed(1)} min)`);
            }
        });
        table([
            ["operation", "runs", "SIGKILLed", "acknowledged", "failed", "median run"],
            ...(Object.entries(report.ops) as [KillOp, typeof report.ops.eval][]).map(([op, s]) =>
                [op, String(s.runs), String(s.kills), String(s.acknowledged), String(s.failed), `${(s.medianMs / 1000).toFixed(1)} s`])
        ]);
        console.log("");
        table([
            ["result", "value", "goal"],
            ["SIGKILLs", String(report.kills), String(kills)],
            ["acknowledged writes checked after every round", String(report.acknowledgedWrites), ""],
            ["acknowledged writes lost", String(report.lostWrites.length), "0"],
            ["corrupt files (image, .bak, copies, adapters)", String(report.corruptFiles.length), "0"],
            ["golden imports found in part in the image", String(report.halfImports.length), "0"],
            ["reopenings that replayed the journal", String(report.replays), ""],
            ["reopenings that dropped a torn last line", String(report.tornTails), ""],
            ["rounds that found a save's temporary file", String(report.interruptedSaves), ""],
            ["unexpected failures", String(report.unexpectedFailures.length), "0"]
        ]);
        for (const line of [...report.lostWrites, ...report.corruptFiles, ...report.halfImports, ...report.unexpectedFailures].slice(0, 20)) console.log(`  ! ${line}`);
        console.log(`  ${(report.ms / 60_000).toFixed(1)} min; load average ${loadavg().map((l) => l.toFixed(1)).join(" ")} on ${cpus().length} cores.`);
        if (report.lostWrites.length > 0 || report.corruptFiles.length > 0 || report.halfImports.length > 0 || report.unexpectedFailures.length > 0) throw new Error("the kill test lost or corrupted something");
    } finally {
        await rm(dir, {recursive: true, force: true});
    }
}

const started = Date.now();
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await benchKills();
