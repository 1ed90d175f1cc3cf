/** Bytes as people read a model's size, in decimal units as Ollama and Hugging Face show them: "3.5 MB", "4.7 GB". */
export function formatBytes(bytes: number | null): string {
    if (bytes == null) return "?";
    const units = ["B", "kB", "MB", "GB", "TB"];
    let value = bytes;
    let unit = 0;
    while (value >= 1000 && unit < units.length - 1) {
        value /= 1000;
        unit++;
    }
    return unit === 0 ? `${bytes} B` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** A parameter count as model names give it: "861K", "1.3M", "8.0B"; "?" when unknown (0). */
export function formatParameters(count: number): string {
    if (!(count > 0)) return "?";
    for (const [scale, suffix] of [[1e12, "T"], [1e9, "B"], [1e6, "M"], [1e3, "K"]] as const)
        if (count >= scale) return `${(count / scale).toFixed(count / scale < 10 ? 1 : 0)}${suffix}`;
    return String(count);
}

/** The first line of a licence, cut to `width` characters: Ollama hands whole licence texts. */
export function licenceLabel(license: string | null, width = 24): string {
    if (license == null) return "unknown";
    const first = license.trim().split(/\r?\n/)[0]!.trim();
    return first.length > width ? `${first.slice(0, width - 1)}…` : first;
}
