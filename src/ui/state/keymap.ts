/**
 * Every key binding of the browser, in one table: the `?` overlay shows it (with the shown tool's
 * own keys), and the tests hold the dispatch (`interpretKey`) to it. Chords follow Pharo where a
 * terminal can carry them.
 */
export type Where = "anywhere" | "browser" | "inspector" | "editor" | "playground" | "transcript" | "rating" | "tool";
export type Binding = {keys: string, action: string, where: Where};

export const keymap: readonly Binding[] = [
    {keys: "Tab / Shift-Tab", action: "next / previous pane, in screen order", where: "anywhere"},
    {keys: "Ctrl-F", action: "find anything: personas, methods, slots, classes, samples", where: "anywhere"},
    {keys: "Ctrl-N / Ctrl-W", action: "next tab (browser, open tools) / close this tool", where: "anywhere"},
    {keys: "Ctrl-Z / Ctrl-Y", action: "undo / redo the last slot or method change", where: "anywhere"},
    {keys: "Ctrl-C", action: "stop a generation; when none runs, quit", where: "anywhere"},
    {keys: "Ctrl-S", action: "save the image (in an editor: accept)", where: "anywhere"},
    {keys: "q Ctrl-Q", action: "quit (asks if there are unsaved changes)", where: "anywhere"},
    {keys: "?", action: "this help (↑↓ PgUp PgDn scroll it)", where: "browser"},
    {keys: "↑↓ PgUp PgDn Home End", action: "move; a long list shows n/total", where: "browser"},
    {keys: "← → / Esc", action: "previous / next column / back", where: "browser"},
    {keys: "Enter / e", action: "open: next column, edit, or inspect / edit", where: "browser"},
    {keys: "c", action: "chat with the persona (a conversation)", where: "browser"},
    {keys: "w", action: "what the persona sees: system prompt and tokens", where: "browser"},
    {keys: "r", action: "rate the selected interaction (else the last)", where: "browser"},
    {keys: "n / m / g", action: "senders / implementors / references of a method", where: "browser"},
    {keys: "v / k", action: "versions of a method (diff, revert) / its category", where: "browser"},
    {keys: "l", action: "evolution: BABS's research log, the sandbox, the lineage; approve an ascension", where: "browser"},
    {keys: "d Delete", action: "remove a free slot, a method or a persona (asks)", where: "browser"},
    {keys: "u / U  /", action: "undo / redo / find", where: "browser"},
    {keys: "Enter / Esc  ↑↓", action: "drill into a value / back up / scroll text", where: "inspector"},
    {keys: "Ctrl-S", action: "accept: validate and store, or compile", where: "editor"},
    {keys: "Enter", action: "slot: accept; method: new line", where: "editor"},
    {keys: "Esc / Ctrl-U", action: "cancel the edit (nothing changes) / clear", where: "editor"},
    {keys: "Ctrl-D / Ctrl-P / Ctrl-O", action: "Do it / Print it / Inspect it (inspector)", where: "playground"},
    {keys: "PgUp PgDn / Ctrl-V", action: "scroll the result / view it whole", where: "playground"},
    {keys: "Enter / ↑ ↓", action: "new line / history (kept in the image)", where: "playground"},
    {keys: "Ctrl-U / Esc", action: "clear / back to the browser", where: "playground"},
    // Shift (F, T) walks the filters back.
    {keys: "↑↓ / f F / t T", action: "scroll / filter by persona / event type", where: "transcript"},
    // Overall rates at once, axis scores wait for Enter.
    {keys: "1–5 Tab ↑↓ Enter Esc", action: "rate overall or an axis / record / cancel", where: "rating"},
    {keys: "PgUp PgDn", action: "scroll the interaction", where: "rating"}
];

/**
 * Why Inspect it is Ctrl-O and not Pharo's Ctrl-I: a terminal sends the same byte (0x09) for
 * Ctrl-I and Tab, so Ctrl-I cannot be told apart from Tab; likewise Ctrl-M is Enter and Ctrl-[
 * is Esc. Ctrl-O ("open") reaches the program in raw mode on every terminal tried.
 */
export const inspectItNote = "Inspect it is Ctrl-O: a terminal sends Tab for Ctrl-I (both 0x09).";
