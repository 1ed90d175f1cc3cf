import {useStdout} from "ink";
import {useEffect, useState} from "react";

/** The terminal's size, updated on resize; 80×24 where the output is not a terminal (tests, pipes). */
export function useTerminalSize(fixed?: {columns: number, rows: number}): {columns: number, rows: number} {
    const {stdout} = useStdout();
    const read = () => fixed ?? {columns: stdout.columns > 0 ? stdout.columns : 80, rows: stdout.rows > 0 ? stdout.rows : 24};
    const [size, setSize] = useState(read);
    useEffect(() => {
        if (fixed != null) return;
        const onResize = () => setSize(read());
        stdout.on("resize", onResize);
        return () => {
            stdout.off("resize", onResize);
        };
    }, [stdout, fixed?.columns, fixed?.rows]);
    return fixed ?? size;
}
