/** I am `ZeroDivide, MessageNotUnderstood`: several exception classes (or sets) that one handler takes. */
export class ExceptionSet {
    public constructor(public readonly members: unknown[]) {}
}
