/** `Transcript`: writes go to the host's transcript. */
export class TranscriptObject {}

/** `Image`: the live image, through the host (save, saveAs:, personas, changes). */
export class ImageObject {}

/** What `Object new` answers: an object with nothing but the Object protocol. */
export class PlainObject {}

/** `Smalltalk`: the system dictionary, read-only here (at:, includesKey:, globals). */
export class SmalltalkObject {}

export const smalltalkObject = new SmalltalkObject();
export const transcriptObject = new TranscriptObject();
export const imageObject = new ImageObject();
