/* @jsxRuntime automatic */
/* @jsxImportSource react */
// Why the pragmas: tsx reads the tsconfig of the working directory, so `living-image` started
// elsewhere would compile JSX for the classic runtime (React.createElement) without them.
import {render} from "ink";
import type {Runtime} from "../index.js";
import {BrowserApp} from "./components/BrowserApp.js";
import {BrowserSession} from "./session/BrowserSession.js";
import type {Theme} from "./theme.js";

export type RunBrowserOptions = {
    stdin?: NodeJS.ReadStream,
    stdout?: NodeJS.WriteStream,
    theme?: Theme
};

// The alternate screen keeps the user's scrollback intact and gives the browser the whole
// terminal, as full-screen terminal programs (less, vim, htop) do.
const enterAlternateScreen = "\u001B[?1049h\u001B[H";
const leaveAlternateScreen = "\u001B[?1049l";

/**
 * Runs the System Browser on `runtime` in the terminal until the user quits.
 * The runtime stays open: the caller disposes it (and with it the lazily started engine).
 */
export async function runBrowser(runtime: Runtime, options: RunBrowserOptions = {}): Promise<void> {
    const stdout = options.stdout ?? process.stdout;
    const stdin = options.stdin ?? process.stdin;
    const session = new BrowserSession(runtime);
    // The browser has a debugger: a message a persona does not understand opens it, unless the persona's policy says otherwise.
    runtime.defaultDnuPolicy = "debug";
    const fullScreen = stdout.isTTY === true;
    if (fullScreen) stdout.write(enterAlternateScreen);
    try {
        const instance = render(<BrowserApp session={session} theme={options.theme} />, {
            // Not Ink's incrementalRendering: in 6.8 it lands one row low when the frame is shorter than
            // the terminal (see layout.ts for why it is), and the screen scrolls. Every frame is written
            // inside a synchronized update (DEC 2026), so a terminal shows it whole.
            stdout, stdin, exitOnCtrlC: false, patchConsole: false
        });
        await instance.waitUntilExit();
    } finally {
        if (fullScreen) stdout.write(leaveAlternateScreen);
    }
}
