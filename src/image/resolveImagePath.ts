import {lstatSync, readlinkSync, realpathSync} from "node:fs";
import path from "node:path";

/**
 * The real path of an image: symbolic links followed, in the file's name and in its folders, even
 * when the link's target does not exist yet. The lock, the journal, the backup and every save use
 * it, so an image opened through a link and through its real path is one image with one lock, and
 * a save through a link replaces the file it points to instead of the link.
 */
export function resolveImagePath(imagePath: string): string {
    let current = path.resolve(imagePath);
    for (let hops = 0; hops < 40; hops++) {
        const directory = realDirectory(path.dirname(current));
        current = path.join(directory, path.basename(current));
        let link: string;
        try {
            if (!lstatSync(current).isSymbolicLink()) return current;
            link = readlinkSync(current);
        } catch (error) {
            if ((error as NodeJS.ErrnoException).code === "ENOENT") return current;
            throw error;
        }
        current = path.resolve(directory, link);
    }
    // A loop of links: let the file system report it when the path is used.
    return path.resolve(imagePath);
}

function realDirectory(directory: string): string {
    try {
        return realpathSync(directory);
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
        const parent = path.dirname(directory);
        // A folder that does not exist (yet): resolve what does exist above it.
        return parent === directory ? directory : path.join(realDirectory(parent), path.basename(directory));
    }
}
