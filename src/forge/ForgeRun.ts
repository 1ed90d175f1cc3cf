import {existsSync} from "node:fs";
import {mkdir, mkdtemp, readdir, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {delimiter, isAbsolute, join, resolve} from "node:path";
import {createInterface} from "node:readline";
import type {ResultPromise} from "execa";
import {EventLog} from "./EventLog.js";
import {ForgeCancelledError} from "./ForgeCancelledError.js";
import {ForgeCrashedError} from "./ForgeCrashedError.js";
import type {ForgeError} from "./ForgeError.js";
import type {ForgeEvent} from "./ForgeEvent.js";
import {ForgeFailedError} from "./ForgeFailedError.js";
import {ForgeKilledError} from "./ForgeKilledError.js";
import {ForgeProtocolError} from "./ForgeProtocolError.js";
import type {ForgeArtifact, ForgeResult} from "./ForgeResult.js";
import {defaultForgeDir} from "./forgePaths.js";
import {parseForgeEvent} from "./parseForgeEvent.js";
import {StderrTail} from "./StderrTail.js";

/** How a forge process is started and watched. Every field is optional. */
export type ForgeOptions = {
    /** Called for each event as it arrives (progress is live). If it throws, the run is stopped and fails with that error. */
    onEvent?: (event: ForgeEvent) => void,
    /** Aborting it cancels the run, like `cancel()`. */
    signal?: AbortSignal,
    /** The Python interpreter; default "python3". */
    python?: string,
    /** The directory holding the `forge` package; default <repo>/forge-py. It is also the process's working directory. */
    forgeDir?: string,
    /** Where the job file's temporary directory is made; default the OS temp directory. It is removed afterwards. */
    jobDir?: string,
    /** How long the forge may take to stop after SIGTERM before execa kills it with SIGKILL; default 5000 ms. */
    cancelGraceMs?: number,
    /** Whether a successful run must announce at least one artifact; default true. */
    expectArtifact?: boolean,
    /** Checks the run's last artifact before `result` resolves; its rejection becomes the run's. */
    verify?: (artifact: ForgeArtifact) => Promise<unknown>,
    /** Threads numpy's BLAS may use (FORGE_THREADS); forge-py's default is 1, which is fastest on shared cores. */
    threads?: number,
    /** Extra environment variables for the process. */
    env?: Record<string, string>
};

type Settled = {exitCode: number | null, signal: string | null, spawnError: unknown, forcefullyKilled: boolean};

/**
 * I am one running forge process (`python3 -m forge COMMAND --job JOB.json`). I write the job file,
 * parse stdout line by line into typed events as they arrive, keep the end of stderr for error messages,
 * and settle `result`: a ForgeResult, or a ForgeError subclass saying what went wrong and quoting stderr.
 * `cancel()` aborts execa's `cancelSignal` (SIGTERM), and execa's `forceKillAfterDelay` sends SIGKILL after
 * the grace period. execa is loaded when the first run starts, not with the layer.
 */
export class ForgeRun implements AsyncDisposable {
    /** Every event of the run, replayed from the first to each iterator; iteration ends when the run ends. */
    readonly events: AsyncIterable<ForgeEvent>;
    /** Resolves when the forge finished with `done` (and its artifact passed `verify`); rejects with a ForgeError or InvalidAdapterError. */
    readonly result: Promise<ForgeResult>;
    readonly command: string;

    readonly #log = new EventLog<ForgeEvent>();
    readonly #options: ForgeOptions;
    readonly #stderr = new StderrTail(4096);
    readonly #started = Date.now();
    #subprocess: ResultPromise | null = null;
    /** Aborted by `cancel()`: execa's cancelSignal. */
    readonly #cancel = new AbortController();
    #failure: ForgeError | Error | null = null;

    constructor(command: string, job: object, options: ForgeOptions = {}) {
        this.command = command;
        this.#options = options;
        this.events = this.#log;
        this.result = this.#run(job).finally(() => {
            this.#log.close();
            options.signal?.removeEventListener("abort", this.#onAbort);
        });
        // A run nobody awaits must not crash the process with an unhandled rejection; awaiting it still rejects.
        this.result.catch(() => undefined);
        if (options.signal?.aborted) this.cancel();
        else options.signal?.addEventListener("abort", this.#onAbort, {once: true});
    }

    /** The events received so far. */
    get received(): readonly ForgeEvent[] {
        return this.#log.items;
    }

    /** The forge process's id once it has been spawned (for diagnostics). */
    get pid(): number | undefined {
        return this.#subprocess?.pid;
    }

    /** Asks the forge to stop: SIGTERM now, SIGKILL if it is still running after the grace period. Idempotent. */
    cancel(): void {
        this.#cancel.abort();
    }

    /** Cancels the run if it is still going and waits until the process is gone. */
    async dispose(): Promise<void> {
        this.cancel();
        await this.result.catch(() => undefined);
    }

    async [Symbol.asyncDispose](): Promise<void> {
        await this.dispose();
    }

    readonly #onAbort = (): void => this.cancel();

    /** Records the first failure seen while the process runs and stops the process (SIGTERM, then execa's SIGKILL after the grace period). */
    #fail(error: ForgeError | Error): void {
        this.#failure ??= error;
        this.#subprocess?.kill("SIGTERM");
    }

    async #run(job: object): Promise<ForgeResult> {
        const forgeDir = resolve(this.#options.forgeDir ?? defaultForgeDir);
        if (!existsSync(join(forgeDir, "forge", "__main__.py")))
            throw new ForgeCrashedError(`could not be started: there is no forge package in ${forgeDir} (no forge/__main__.py); ` +
                "pass forgeDir, the directory that holds forge-py's `forge` package", {command: this.command});
        const tempDir = await this.#makeJobDir();
        try {
            const jobPath = join(tempDir, `${this.command}-job.json`);
            await writeFile(jobPath, JSON.stringify(job), "utf8");
            if (this.#cancel.signal.aborted) throw new ForgeCancelledError({command: this.command, killed: false});
            const settled = await this.#spawn(forgeDir, jobPath);
            return await this.#conclude(settled, forgeDir);
        } finally {
            await rm(tempDir, {recursive: true, force: true});
        }
    }

    async #makeJobDir(): Promise<string> {
        const parent = this.#options.jobDir ?? tmpdir();
        await mkdir(parent, {recursive: true});
        await removeDeadJobDirs(parent);
        // The pid in the name lets a later run remove the folder of a process that was killed before it could.
        return mkdtemp(join(parent, `living-image-forge-${process.pid}-`));
    }

    async #spawn(forgeDir: string, jobPath: string): Promise<Settled> {
        const inherited = process.env["PYTHONPATH"];
        const {execa} = await import("execa");
        const subprocess = execa(this.#options.python ?? "python3", ["-m", "forge", this.command, "--job", jobPath], {
            cwd: forgeDir,
            env: {
                ...this.#options.env,
                ...(this.#options.threads == null ? {} : {FORGE_THREADS: String(this.#options.threads)}),
                PYTHONPATH: inherited ? forgeDir + delimiter + inherited : forgeDir,
                // Without it Python block-buffers a piped stdout and progress would arrive all at once at the end.
                PYTHONUNBUFFERED: "1",
                PYTHONDONTWRITEBYTECODE: "1"
            },
            stdin: "ignore",
            buffer: false,
            reject: false,
            cancelSignal: this.#cancel.signal,
            forceKillAfterDelay: this.#options.cancelGraceMs ?? 5000,
            cleanup: true
        });
        this.#subprocess = subprocess;

        const stdoutDone = new Promise<void>((done) => {
            if (subprocess.stdout == null) return done();
            const lines = createInterface({input: subprocess.stdout, crlfDelay: Infinity});
            lines.on("line", (line) => this.#onLine(line));
            lines.on("close", done);
        });
        subprocess.stderr?.setEncoding("utf8");
        subprocess.stderr?.on("data", (chunk: string) => this.#stderr.push(chunk));

        const outcome = await subprocess;
        await stdoutDone;
        const spawnFailed = outcome.failed && outcome.exitCode === undefined && outcome.signal === undefined;
        return {exitCode: outcome.exitCode ?? null, signal: outcome.signal ?? null, spawnError: spawnFailed ? outcome : null,
            forcefullyKilled: outcome.isForcefullyTerminated};
    }

    #onLine(line: string): void {
        if (this.#failure != null || line.trim() === "") return;
        const parsed = parseForgeEvent(line);
        if (!parsed.ok) {
            this.#fail(new ForgeProtocolError(parsed.problem, {command: this.command, line}));
            return;
        }
        this.#log.push(parsed.event);
        try {
            this.#options.onEvent?.(parsed.event);
        } catch (error) {
            this.#fail(error instanceof Error ? error : new Error(String(error)));
        }
    }

    async #conclude(settled: Settled, forgeDir: string): Promise<ForgeResult> {
        const context = {command: this.command, exitCode: settled.exitCode, signal: settled.signal, stderrTail: this.#stderr.toString()};
        const events = [...this.#log.items];
        if (this.#cancel.signal.aborted) throw new ForgeCancelledError({...context, killed: settled.forcefullyKilled});
        if (this.#failure instanceof ForgeProtocolError)
            throw new ForgeProtocolError(this.#failure.problem, {...context, line: this.#failure.line});
        if (this.#failure != null) throw this.#failure;
        if (settled.spawnError != null) {
            const python = this.#options.python ?? "python3";
            throw new ForgeCrashedError(`could not be started with ${JSON.stringify(python)} in ${forgeDir} ` +
                `(${(settled.spawnError as {code?: string}).code ?? "spawn failed"}); check the python option and that Python 3 is installed`,
            {...context, cause: settled.spawnError});
        }
        const error = events.find((e) => e.type === "error");
        if (error != null) {
            if (error.kind === "cancelled") throw new ForgeCancelledError({...context, killed: false});
            throw new ForgeFailedError(error.kind, error.message, context);
        }
        if (settled.signal != null) throw new ForgeKilledError({...context, signal: settled.signal});
        if (settled.exitCode !== 0) throw new ForgeCrashedError(`exited with code ${settled.exitCode} without an error event`, context);
        const done = events.find((e) => e.type === "done");
        if (done == null) throw new ForgeProtocolError("it exited without a done event", context);
        const artifacts = events.flatMap((e) => e.type === "artifact"
            ? [{path: isAbsolute(e.path) ? e.path : resolve(forgeDir, e.path), sha256: e.sha256}] : []);
        const last = artifacts.at(-1);
        if (last == null && (this.#options.expectArtifact ?? true))
            throw new ForgeProtocolError("it finished without an artifact event", context);
        if (last != null) await this.#options.verify?.(last);
        return {
            adapterPath: last?.path ?? "",
            sha256: last?.sha256 ?? "",
            validationBefore: validationLoss(events, "before"),
            validationAfter: validationLoss(events, "after"),
            artifacts,
            summary: done.summary,
            events,
            ms: Date.now() - this.#started
        };
    }
}

/**
 * Removes the job folders (the tokenized training data) of forge runs whose process is gone: a
 * SIGKILLed command cannot remove its own. A folder whose pid is alive, or that names none, is left.
 */
async function removeDeadJobDirs(parent: string): Promise<void> {
    const names = await readdir(parent).catch(() => [] as string[]);
    for (const name of names) {
        const pid = Number(/^living-image-forge-(\d+)-/.exec(name)?.[1]);
        if (!Number.isInteger(pid) || pid === process.pid || isAlive(pid)) continue;
        await rm(join(parent, name), {recursive: true, force: true});
    }
}

function isAlive(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch (error) {
        return (error as NodeJS.ErrnoException).code === "EPERM";
    }
}

function validationLoss(events: ForgeEvent[], when: "before" | "after"): number | null {
    const evals = events.filter((e) => e.type === "eval" && e.when === when);
    const chosen = evals.findLast((e) => e.type === "eval" && /^val/i.test(e.split)) ?? evals.at(-1);
    return chosen?.type === "eval" ? chosen.loss : null;
}
