import type {Activity} from "../../index.js";

const spinner = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/** One job in a few words: "BRICK replying 42 tok 1.3s", "ALFRED judging 0.8s", "BRICK forge 12/50". */
export function activityText(activity: Activity, now = Date.now()): string {
    const seconds = `${((now - activity.startedAt) / 1000).toFixed(1)}s`;
    const progress = activity.progress == null ? "" : ` ${activity.progress.done}/${activity.progress.total}`;
    const tokens = activity.tokens > 0 ? ` ${activity.tokens} tok` : "";
    return `${activity.label}${progress}${tokens} ${seconds}`;
}

/** The running jobs in one line, a spinner first; "" when none runs. */
export function activitiesLine(activities: readonly Activity[], tick: number, now = Date.now()): string {
    if (activities.length === 0) return "";
    return `${spinner[tick % spinner.length]} ${activities.map((a) => activityText(a, now)).join(" · ")}`;
}
