import {execFile} from "node:child_process";
import path from "node:path";
import {promisify} from "node:util";
import {defaultForgeDir} from "../../../src/forge/index.js";

const run = promisify(execFile);

/** A method-writing task of the genesis corpus (forge-py/forge/genesis/corpus/smalltalk.py). */
export type CorpusTask = {selector: string, argTypes: ("int" | "str" | "list")[], examples: string[], source: string, slots: Record<string, string>, methods: string[]};

/** Training tasks (`count`, from `seed`) and the held-out set, as the Python corpus makes them. */
export async function corpusTasks(count: number, seed = 11): Promise<{training: CorpusTask[], heldOut: CorpusTask[]}> {
    const script = `
import json, random, sys
from forge.genesis.corpus import smalltalk as st
rng = random.Random(${seed})
def out(t):
    return dict(selector=t.selector, argTypes=t.arg_types, examples=t.examples, source=t.source, slots=t.slots, methods=t.methods)
json.dump(dict(training=[out(st.training_task(rng)) for _ in range(${count})], heldOut=[out(t) for t in st.held_out_tasks()]), sys.stdout)
`;
    const {stdout} = await run("python3", ["-c", script], {cwd: path.resolve("."), env: {...process.env, PYTHONPATH: defaultForgeDir}, maxBuffer: 64 * 1024 * 1024});
    return JSON.parse(stdout) as {training: CorpusTask[], heldOut: CorpusTask[]};
}
