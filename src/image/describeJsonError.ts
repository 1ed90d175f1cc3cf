/**
 * What is wrong with text that JSON.parse refused, said without quoting the text: Node's own messages quote the
 * bytes around the fault (`Unexpected token 'o', "{oops" is not valid JSON`), and an error message never quotes
 * bytes of a user's file. Keeps the position when Node gives one (as a 1-based character number).
 */
export function describeJsonError(error: unknown): string {
    const message = error instanceof Error ? error.message : String(error);
    if (/unexpected end of json input/i.test(message)) return "it ends before the JSON value is complete";
    const position = /at position (\d+)/.exec(message)?.[1];
    return position == null ? "it is not valid JSON" : `it is not valid JSON at character ${Number(position) + 1}`;
}
