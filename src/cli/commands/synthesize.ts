import {describeSynthesis} from "../../index.js";
import {confirm} from "../confirm.js";
import {escapeTerminal} from "../escapeTerminal.js";
import {openRuntime} from "../openRuntime.js";
import {UsageError} from "../UsageError.js";
import type {Command} from "./index.js";

const usage = "synthesize takes a PERSONA, a SELECTOR and one or more --example '[:p | (p double: 3) = 6]', e.g. " +
    "living-image synthesize BRICK double: --example '[:p | (p double: 3) = 6]'.";

/**
 * `living-image synthesize PERSONA SELECTOR --example BLOCK…`: the persona's model drafts the method, the three gates
 * prove it on a clone, the draft and the gates are shown, and the user accepts (the method is installed with its
 * provenance and the image saved) or rejects it. `--yes` accepts a passing draft without asking. Exit 1 when no draft
 * passed, or the user rejected it.
 */
export const synthesizeCommand: Command = async (args, options) => {
    if (args.length !== 2 || options.examples.length === 0) throw new UsageError(usage);
    const [name, selector] = args as [string, string];
    await using runtime = await openRuntime(options, {write: true, judging: "manual", autoForge: false});
    const persona = runtime.manager.get(name);
    const examples = options.examples.map((source) => {
        if (!/^\s*\[\s*:\s*[A-Za-z_]\w*\s*\|[\s\S]*\]\s*$/.test(source))
            throw new UsageError(`--example takes a one-argument block about the persona, like '[:p | (p ${selector} 3) = 6]', not ${JSON.stringify(source)}.`);
        return {source};
    });
    if (!options.json) process.stderr.write(`${persona.name}'s model is drafting #${selector}…\n`);
    const result = await runtime.synthesis.synthesize(persona, {selector, examples,
        onAttempt: (a) => {
            if (!options.json) process.stderr.write(`  draft ${a.attempt}: ${a.report.passed ? "passed the gates" : `failed: ${a.report.failure ?? ""}`}\n`);
        }});
    if (options.json) console.log(JSON.stringify({passed: result.passed, source: result.source, selector, persona: persona.name,
        tries: result.attempts.length, ms: Math.round(result.ms), gates: result.attempts.at(-1)!.report.gates, installed: result.passed && options.yes}));
    else console.log(escapeTerminal(describeSynthesis(result).split("\n").filter((l) => !l.startsWith("Accept it with:")).join("\n")));
    if (!result.passed) return 1;
    const accepted = options.yes || await confirm(`Install ${persona.name}>>${selector}? Type y to accept, anything else to reject: `, "y",
        "synthesize asks before it installs a draft; pass --yes to install a passing draft without asking");
    if (!accepted) {
        runtime.synthesis.reject(persona, selector);
        if (!options.json) console.log(`Rejected: ${persona.name}>>${selector} was not installed.`);
        return 1;
    }
    runtime.synthesis.accept(persona, result, "user");
    await runtime.save();
    if (!options.json) console.log(`Installed ${persona.name}>>${selector} with its provenance (living-image eval "${persona.name} sourceOf: #${selector}").`);
    return 0;
};
