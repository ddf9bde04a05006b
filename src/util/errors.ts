/** Bad input from the user (a flag, a config field, a file): reported as one line, exit code 2. */
export class UsageError extends Error {}
