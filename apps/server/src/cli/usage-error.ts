/** A mistake in how a command was called: printed as `embargo: <message>`, exit code 2. */
export class UsageError extends Error {}
