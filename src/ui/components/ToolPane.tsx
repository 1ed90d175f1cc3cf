/* @jsxRuntime automatic */
/* @jsxImportSource react */
// The pragmas: see runBrowser.tsx.
import type {ToolContext, ToolInstance, ToolViewProps} from "../tools/Tool.js";
import type {Theme} from "../theme.js";
import {Pane} from "./Pane.js";

export type ToolPaneProps = {tool: ToolInstance, context: ToolContext, width: number, height: number, theme: Theme};

/** A tool in the main area: a focused pane titled with the tool's title, its view inside. */
export function ToolPane({tool, context, width, height, theme}: ToolPaneProps) {
    const View = tool.definition.View as (props: ToolViewProps<unknown>) => ReturnType<typeof Pane>;
    return (
        <Pane title={tool.definition.title(tool.state)} right="Esc browser · Ctrl-W close · ? keys" focused width={width} height={height} theme={theme}>
            <View {...context} state={tool.state} theme={theme} focused />
        </Pane>
    );
}
