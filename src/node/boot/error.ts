/** A start-up refusal: the message is the operator's, and the process exits 1 without a stack. */
export class BootError extends Error {}
