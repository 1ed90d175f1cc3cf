/**
 * Text from an image, a `.st` file or a model, made safe to print: every control character that a
 * terminal would act on (ESC sequences that recolour, move the cursor, rename the window or
 * rewrite the clipboard; a carriage return that overwrites the line; a bell) is shown escaped, as
 * `\x1b`, instead of sent raw. Newlines and tabs are kept.
 */
export function escapeTerminal(text: string): string {
    // eslint-disable-next-line no-control-regex
    return text.replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}
