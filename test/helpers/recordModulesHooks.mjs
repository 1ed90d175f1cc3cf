// The load hook behind recordModules.mjs.
import {appendFileSync} from "node:fs";

const log = process.env.MODULE_LOG;

export async function load(url, context, nextLoad) {
    const result = await nextLoad(url, context);
    if (log) appendFileSync(log, url + "\n");
    return result;
}
