import {useEffect, useRef, useState} from "react";
import type {BrowserSession} from "../session/BrowserSession.js";

/**
 * Re-renders on every image update (from the browser, the Playground, a loop or the bus) and
 * answers a counter that changes with it. Components read the frozen state itself from the session.
 */
export function useImageVersion(session: BrowserSession): [number, () => void] {
    const [version, setVersion] = useState(0);
    const drawn = useRef(session.state);
    drawn.current = session.state;
    useEffect(() => {
        const unsubscribe = session.runtime.image.subscribe(() => setVersion((v) => v + 1));
        // An update between the first render and this subscription would otherwise go unseen.
        if (session.state !== drawn.current) setVersion((v) => v + 1);
        return unsubscribe;
    }, [session]);
    // A save changes `dirty` but not the state, and the store tells no listener: the caller bumps.
    return [version, () => setVersion((v) => v + 1)];
}
