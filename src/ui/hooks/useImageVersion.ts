import {useEffect, useState} from "react";
import type {BrowserSession} from "../session/BrowserSession.js";

/**
 * Re-renders on every image update (from the browser, the Playground, a loop or the bus) and
 * answers a counter that changes with it. Components read the frozen state itself from the session.
 */
export function useImageVersion(session: BrowserSession): [number, () => void] {
    const [version, setVersion] = useState(0);
    useEffect(() => session.runtime.image.subscribe(() => setVersion((v) => v + 1)), [session]);
    // A save changes `dirty` but not the state, and the store tells no listener: the caller bumps.
    return [version, () => setVersion((v) => v + 1)];
}
