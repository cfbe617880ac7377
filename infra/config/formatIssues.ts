import type { z } from "zod";

/** Config keys live under the Pulumi project namespace; say so in every message so the line can be pasted into `pulumi config set --path`. */
export const CONFIG_NAMESPACE = "hcpbench";

function settingPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return `${CONFIG_NAMESPACE}:`;
  const [head, ...rest] = path.map(String);
  return `${CONFIG_NAMESPACE}:${head}${rest.map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`)).join("")}`;
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean" || value === null) return String(value);
  if (Array.isArray(value)) return "a list";
  return "an object";
}

function expectedText(expected: string, input: unknown): string {
  if (expected === "int") return typeof input === "number" ? "a whole number" : "a number";
  if (expected === "array") return "a list";
  if (expected === "object") return "a map of settings";
  return `a ${expected}`;
}

/** One line per problem: the setting's path, what is allowed, and what was given. */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.flatMap((issue) => formatIssue(issue).split("\n"));
}

function formatIssue(issue: z.core.$ZodIssue): string {
  const at = settingPath(issue.path);
    // Custom (cross-setting) issues carry the whole config as input; their message already says what was wrong.
    const got = "input" in issue && issue.code !== "custom" ? ` (got ${describe(issue.input)})` : "";
    switch (issue.code) {
      case "invalid_value":
        return `${at}: must be one of ${issue.values.map(String).join(", ")}${got}`;
      case "invalid_type":
        return issue.input === undefined
          ? `${at}: is required (${issue.expected})`
          : `${at}: must be ${expectedText(issue.expected, issue.input)}${got}`;
      case "unrecognized_keys":
        // Name each unknown key by its full path, as the user would type it in `pulumi config set --path`.
        return issue.keys.map((key) => `${settingPath([...issue.path, key])}: unknown setting`).join("\n");
      case "too_small":
        return `${at}: ${issue.message.startsWith("must") ? issue.message : `must be at least ${String(issue.minimum)}`}${got}`;
      case "too_big":
        return `${at}: ${issue.message.startsWith("must") ? issue.message : `must be at most ${String(issue.maximum)}`}${got}`;
      case "invalid_format":
        return `${at}: ${issue.message.startsWith("must") ? issue.message : `must match ${issue.pattern ?? issue.format}`}${got}`;
      default:
        return `${at}: ${issue.message}${got}`;
    }
}
