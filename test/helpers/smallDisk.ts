import {execFileSync, spawn} from "node:child_process";
import {mkdtempSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import path from "node:path";

/**
 * A real small disk for fault tests: a tmpfs of a few hundred KiB, mounted in a private mount
 * namespace (`unshare --user --map-root-user --mount`), so that a full disk (ENOSPC) and a
 * read-only one (EROFS, by remounting it) are the kernel's own errors, not a fake. Nothing is
 * mounted outside the namespace, and the mount vanishes with it. Where user namespaces are not
 * allowed, `smallDiskAvailable` is false and the tests that need one are skipped, saying why.
 */
export const smallDiskAvailable: boolean = (() => {
    const probe = mkdtempSync(path.join(tmpdir(), "li-disk-probe-"));
    try {
        execFileSync("unshare", ["--user", "--map-root-user", "--mount", "sh", "-c", `mount -t tmpfs -o size=64k tmpfs '${probe}'`], {stdio: "ignore"});
        return true;
    } catch {
        return false;
    } finally {
        rmSync(probe, {recursive: true, force: true});
    }
})();

export const smallDiskSkipReason = "needs unshare --user --mount (unprivileged user namespaces) to mount a small tmpfs";

/** What a script run on a small disk printed: each `@@ name` marker starts a step, `@@rc N` ends the last command. */
export type DiskRun = {code: number | null, output: string, steps: Map<string, {output: string, rc: number | null}>};

/**
 * Runs `script` (sh) in a private mount namespace where `$DISK` is a fresh tmpfs of `kb` KiB. The
 * script's helpers: `step NAME` starts a step, `li ARGS…` runs the living-image command line (its
 * output and `@@rc CODE` go into the step), `fill` fills the disk to the last byte, `readonly`
 * remounts it read-only. `env` is passed through.
 */
export function onSmallDisk(script: string, options: {kb: number, env?: Record<string, string>, timeoutMs?: number}): Promise<DiskRun> {
    const mountPoint = mkdtempSync(path.join(tmpdir(), "li-disk-"));
    const bin = path.resolve("bin/living-image.js");
    const prelude = `
set -u
DISK='${mountPoint}'
mount -t tmpfs -o size=${options.kb}k tmpfs "$DISK" || exit 97
step() { echo "@@ $1"; }
li() { LIVING_IMAGE_SOURCE=1 "${process.execPath}" '${bin}' "$@" 2>&1; echo "@@rc $?"; }
fill() { dd if=/dev/zero of="$DISK/.filler" bs=1024 >/dev/null 2>&1; dd if=/dev/zero of="$DISK/.filler2" bs=1 >/dev/null 2>&1; true; }
readonly_disk() { mount -o remount,ro "$DISK"; }
`;
    return new Promise((resolve, reject) => {
        const child = spawn("unshare", ["--user", "--map-root-user", "--mount", "sh", "-c", prelude + script], {
            env: {...process.env, ...options.env}, stdio: ["ignore", "pipe", "pipe"]
        });
        let output = "";
        child.stdout.on("data", (chunk: Buffer) => output += chunk.toString());
        child.stderr.on("data", (chunk: Buffer) => output += chunk.toString());
        const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 240_000);
        child.on("error", reject);
        child.on("exit", (code) => {
            clearTimeout(timer);
            rmSync(mountPoint, {recursive: true, force: true});
            resolve({code, output, steps: parseSteps(output)});
        });
    });
}

function parseSteps(output: string): Map<string, {output: string, rc: number | null}> {
    const steps = new Map<string, {output: string, rc: number | null}>();
    let current: {output: string, rc: number | null} | null = null;
    for (const line of output.split("\n")) {
        const marker = /^@@ (\S+)$/.exec(line);
        if (marker != null) {
            current = {output: "", rc: null};
            steps.set(marker[1]!, current);
            continue;
        }
        const rc = /^@@rc (\d+)$/.exec(line);
        if (rc != null && current != null) {
            current.rc = Number(rc[1]);
            continue;
        }
        if (current != null) current.output += line + "\n";
    }
    return steps;
}
