import * as pulumi from "@pulumi/pulumi";
import { parseConfig, rawConfigFromPulumi } from "./config/stackFiles";
import { isInputError } from "./names/inputError";
import { hcpbenchProgram } from "./program";

/**
 * Entry point for `pulumi up` / `pulumi destroy`. The stack's settings are
 * validated before any resource is registered; a bad setting stops the
 * program with one line per problem.
 */
export = async () => {
  let cfg;
  try {
    cfg = parseConfig(rawConfigFromPulumi(pulumi.runtime.allConfig()));
  } catch (err) {
    if (isInputError(err)) throw new pulumi.RunError(`invalid stack settings:\n${err.problems.join("\n")}`);
    throw err;
  }
  return hcpbenchProgram(cfg);
};
