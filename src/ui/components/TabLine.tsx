/* @jsxRuntime automatic */
/* @jsxImportSource react */
// The pragmas: see runBrowser.tsx.
import {Box, Text} from "ink";
import type {Activity} from "../../index.js";
import type {BrowserModel} from "../state/browserModel.js";
import {activitiesLine} from "../state/activityText.js";
import type {Theme} from "../theme.js";

export type TabLineProps = {model: BrowserModel, activities: readonly Activity[], tick: number, width: number, theme: Theme};

/**
 * The top line: the browser and each open tool as tabs (the shown one inverse; Ctrl-N walks them),
 * and, on the right, every long job running now (a reply, the Oracle judging, a forge run).
 */
export function TabLine({model, activities, tick, width, theme}: TabLineProps) {
    const jobs = activitiesLine(activities, tick);
    const tabs = [{id: null as number | null, label: `Browser`}, ...model.tools.map((t) => ({id: t.id as number | null, label: t.definition.title(t.state)}))];
    return (
        <Box width={width} height={1}>
            <Box flexShrink={1} flexGrow={1} overflow="hidden">
                <Text wrap="truncate-end">
                    {tabs.map((tab, i) => {
                        const shown = tab.id === model.activeTool;
                        return (
                            <Text key={tab.id ?? "browser"}>
                                {i === 0 ? "" : <Text color={theme.border}>│</Text>}
                                <Text inverse={shown} bold={shown} color={shown ? theme.focus : undefined}> {tab.label} </Text>
                            </Text>
                        );
                    })}
                    {model.tools.length === 0 ? <Text color={theme.muted}>  c chat · Ctrl-F find · ? help</Text> : <Text color={theme.muted}>  Ctrl-N next</Text>}
                </Text>
            </Box>
            {jobs === "" ? null : (
                <Box flexShrink={0} marginLeft={1}>
                    <Text color={theme.warn} wrap="truncate-end">{jobs.length > width - 20 ? jobs.slice(0, Math.max(10, width - 21)) + "…" : jobs}</Text>
                </Box>
            )}
        </Box>
    );
}
