/**
 * Every colour the browser uses, by meaning rather than by hue, in one place.
 * `NO_COLOR` (https://no-color.org) turns every colour off: chalk, which Ink draws with,
 * does not read that variable itself, so the theme does. Emphasis that is not colour
 * (inverse for the selection, bold for titles) stays, so the browser is still usable.
 */
export type Theme = {
    /** Text colour of a focused pane's border and title. */
    focus: string | undefined,
    /** Border of an unfocused pane. */
    border: string | undefined,
    /** Secondary text: summaries, hints, positions. */
    muted: string | undefined,
    /** Errors and refused edits. */
    error: string | undefined,
    /** Results and confirmations. */
    ok: string | undefined,
    /** Warnings: the unsaved-changes mark, the quit question. */
    warn: string | undefined,
    /** Persona names, selectors. */
    accent: string | undefined,
    /** The chart's bars. */
    chart: string | undefined,
    /** True when colours are off (NO_COLOR). */
    plain: boolean
};

const colourful: Theme = {
    focus: "cyan",
    border: "gray",
    muted: "gray",
    error: "red",
    ok: "green",
    warn: "yellow",
    accent: "magenta",
    chart: "cyan",
    plain: false
};

const plain: Theme = {
    focus: undefined, border: undefined, muted: undefined, error: undefined, ok: undefined,
    warn: undefined, accent: undefined, chart: undefined, plain: true
};

/** The theme for an environment: plain when NO_COLOR is set to anything non-empty. */
export function themeFor(env: Record<string, string | undefined> = process.env): Theme {
    const noColor = env.NO_COLOR;
    return noColor != null && noColor !== "" ? plain : colourful;
}
