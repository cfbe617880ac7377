import { InputError } from "../../infra/names/inputError";

/**
 * Ginkgo compiles --ginkgo.focus/--ginkgo.skip with Go's regexp (RE2). A
 * pattern is checked before anything runs: it must compile as a JavaScript
 * RegExp once Go's leading inline flags are set aside, and must not use what
 * RE2 lacks (lookaround, backreferences), which JavaScript would accept.
 */
export function checkGoRegex(flag: string, pattern: string): RegExp {
  const m = /^\(\?([imsU]+)\)/.exec(pattern);
  const body = m ? pattern.slice(m[0].length) : pattern;
  if (/\(\?<?[=!]/.test(body)) throw new InputError(`${flag}: "${pattern}" uses lookaround, which Go's regexp (RE2) does not support`);
  if (/(^|[^\\])\\([1-9]|k<)/.test(body)) throw new InputError(`${flag}: "${pattern}" uses a backreference, which Go's regexp (RE2) does not support`);
  try {
    return new RegExp(body, m?.[1]?.includes("i") ? "i" : "");
  } catch (err) {
    throw new InputError(`${flag}: "${pattern}" is not a valid regular expression (${(err as Error).message.replace(/^Invalid regular expression: /, "")})`);
  }
}
