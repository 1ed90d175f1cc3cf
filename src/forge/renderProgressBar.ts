import type {ProgressEvent} from "./ForgeEvent.js";

const thousands = new Intl.NumberFormat("en-US", {maximumFractionDigits: 0});

/** How the bar's cells are drawn: the command line passes colours; the default is plain text. */
export type ProgressBarStyle = {done(cells: string): string, rest(cells: string): string};

const plain: ProgressBarStyle = {done: (cells) => cells, rest: (cells) => cells};

/**
 * One line for a progress event, shared by the CLI and the TUI so that both show the same thing:
 * `[#####-----] 120/200 loss 2.314 1,234 tok/s`. `width` is the number of cells between the brackets
 * (at least 1). Loss and throughput are left out when the forge did not report them. `style` wraps the
 * done and remaining cells (colours, from the command line: this layer knows no terminal).
 */
export function renderProgressBar(event: Pick<ProgressEvent, "step" | "total" | "loss" | "tokensPerSecond">, width = 20, style: ProgressBarStyle = plain): string {
    const cells = Math.max(1, Math.floor(width));
    const fraction = event.total > 0 ? Math.min(1, Math.max(0, event.step / event.total)) : 0;
    const filled = Math.round(fraction * cells);
    let line = `[${style.done("#".repeat(filled))}${style.rest("-".repeat(cells - filled))}] ${event.step}/${event.total}`;
    if (event.loss != null) line += ` loss ${Number.isFinite(event.loss) ? event.loss.toFixed(3) : String(event.loss)}`;
    if (event.tokensPerSecond != null && Number.isFinite(event.tokensPerSecond)) line += ` ${thousands.format(event.tokensPerSecond)} tok/s`;
    return line;
}
