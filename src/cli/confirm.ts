import {createInterface} from "node:readline/promises";
import {UsageError} from "./UsageError.js";

/**
 * Asks a yes/no question on the terminal: true only when the user types `expected` exactly.
 * Without a terminal on stdin (a script, a pipe) nobody can answer, so it refuses with `nonInteractive`,
 * which should name the flag that skips the question.
 */
export async function confirm(question: string, expected: string, nonInteractive: string): Promise<boolean> {
    if (process.stdin.isTTY !== true) throw new UsageError(`${nonInteractive} (stdin is not a terminal).`);
    const reader = createInterface({input: process.stdin, output: process.stderr});
    try {
        const answer = await reader.question(question);
        return answer.trim() === expected;
    } finally {
        reader.close();
    }
}
