/**
 * Bad input from a user: a stack setting, a CLI flag, a file that is not what
 * it should be. The CLI prints `problems` one per line and exits 2, with no
 * stack trace; nothing has been created when this is thrown.
 */
export class InputError extends Error {
  readonly problems: readonly string[];

  constructor(problems: string | readonly string[]) {
    const list = typeof problems === "string" ? [problems] : problems;
    super(list.join("\n"));
    this.name = "InputError";
    this.problems = list;
  }
}

export function isInputError(err: unknown): err is InputError {
  return err instanceof InputError || (err instanceof Error && err.name === "InputError" && Array.isArray((err as InputError).problems));
}
