import type { PolicyDocument } from "../../infra/substrate/aws/iamPolicies";

/**
 * A small IAM evaluator for identity policies, enough to ask "may this role do
 * X on Y?" in tests: Allow/Deny statements, `*` and `?` wildcards in actions
 * and resources, and the StringLike / StringEquals conditions the substrate
 * uses. Anything not allowed is denied; an explicit Deny wins.
 */
export interface Request {
  readonly action: string;
  readonly resource: string;
  readonly context?: Record<string, string>;
}

const asList = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

export function globMatch(pattern: string, value: string, caseInsensitive = false): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`, caseInsensitive ? "i" : "");
  return re.test(value);
}

function conditionsHold(condition: PolicyDocument["Statement"][number]["Condition"], ctx: Record<string, string>): boolean {
  if (!condition) return true;
  return Object.entries(condition).every(([operator, tests]) =>
    Object.entries(tests).every(([key, expected]) => {
      const actual = ctx[key];
      if (actual === undefined) return false;
      if (operator === "StringLike") return asList(expected).some((p) => globMatch(p, actual));
      if (operator === "StringEquals") return asList(expected).includes(actual);
      throw new Error(`iamSimulator: condition operator ${operator} not supported`);
    }),
  );
}

export function isAllowed(policy: PolicyDocument, req: Request): boolean {
  const matching = policy.Statement.filter(
    (s) =>
      asList(s.Action).some((a) => globMatch(a, req.action, true)) &&
      asList(s.Resource).some((r) => globMatch(r, req.resource)) &&
      conditionsHold(s.Condition, req.context ?? {}),
  );
  if (matching.some((s) => s.Effect === "Deny")) return false;
  return matching.some((s) => s.Effect === "Allow");
}
