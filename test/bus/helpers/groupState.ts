import {Redis} from "ioredis";
import {waitFor} from "../../helpers/waitFor.js";

async function withClient<T>(url: string, use: (client: Redis) => Promise<T>): Promise<T> {
    const client = new Redis(url);
    try {
        return await use(client);
    } finally {
        client.disconnect();
    }
}

/** How many entries the group has handed out and not had acknowledged (XPENDING's count). */
export async function pendingCount(url: string, stream: string, group: string): Promise<number> {
    return withClient(url, async (client) => Number(((await client.xpending(stream, group)) as unknown[])[0]));
}

/** The id of the last entry the group handed to a consumer (XINFO GROUPS' last-delivered-id). */
export async function lastDeliveredId(url: string, stream: string, group: string): Promise<string> {
    return withClient(url, async (client) => {
        const groups = (await client.xinfo("GROUPS", stream)) as unknown[][];
        const info = groups.find((fields) => fields[fields.indexOf("name") + 1] === group);
        if (info == null) throw new Error(`stream ${stream} has no group ${group}`);
        return String(info[info.indexOf("last-delivered-id") + 1]);
    });
}

/**
 * Waits, with a deadline, until the group has acknowledged every entry it handed out. With nothing pending no
 * consumer can be given an entry again (no takeover, no retry): what was handled by then is all that will be
 * handled of what was read, so a test can check "exactly once" without sleeping for a while first.
 */
export async function waitUntilSettled(url: string, stream: string, group: string): Promise<void> {
    await waitFor(`group ${group} of ${stream} to acknowledge every entry it handed out`, async () => await pendingCount(url, stream, group) === 0);
}
