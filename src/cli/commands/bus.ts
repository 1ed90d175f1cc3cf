import {createBus, describeBusStatus, isLivingEventType, isRedisBus, tailBus} from "../../bus/index.js";
import type {LivingEventType} from "../../objects/index.js";
import {escapeTerminal} from "../escapeTerminal.js";
import {UsageError} from "../UsageError.js";
import type {Command} from "./index.js";

/** `living-image bus tail [--type T] [--persona P] [--bus URL]`: prints events until Ctrl-C. */
export const busCommand: Command = async (args, options) => {
    if (args[0] !== "tail" || args.length > 1) throw new UsageError("bus takes `tail` [--type T] [--persona P] [--bus redis://HOST:PORT].");
    const types = options.type?.split(",").map((t) => t.trim()).filter((t) => t !== "");
    for (const type of types ?? []) if (!isLivingEventType(type)) throw new UsageError(`Unknown event type ${JSON.stringify(type)}.`);
    const url = options.bus;
    if (url == null || !url.startsWith("redis://"))
        throw new UsageError("bus tail needs a shared bus to watch: pass --bus redis://HOST:PORT (the in-process bus of another process cannot be watched).");
    const bus = await createBus(url, {onStatus: (status) => process.stderr.write(escapeTerminal(describeBusStatus(status)) + "\n")});
    try {
        if (isRedisBus(bus)) await bus.waitConnected();
        tailBus(bus, {...(types != null ? {type: types as LivingEventType[]} : {}), ...(options.persona != null ? {persona: options.persona.toUpperCase()} : {})},
            (line) => process.stdout.write(escapeTerminal(line) + "\n"));
        await new Promise<void>((resolve) => process.once("SIGINT", () => resolve()));
    } finally {
        // Also when Redis cannot be reached: its reconnection attempts would otherwise keep the process alive.
        await bus.dispose();
    }
    return 0;
};
