import type { Config } from "../../infra/config/schema";
import { ebsAttachmentProblems } from "../../infra/cost/ebsAttachments";
import { datastoreIopsProblems } from "../../infra/cost/io2Iops";
import { chartArchiveProblems } from "./chartArchivePreflight";

/**
 * Problems to fix before anything is created, one line each (exit 2). The
 * schema accepts an empty API allow-list (a private EKS endpoint), but hcpbench
 * drives the cluster from this machine, so an AWS test-bed needs this
 * machine's address on the list.
 */
export function preflightProblems(stack: string, cfg: Config): string[] {
  const problems: string[] = [];
  if (cfg.substrate === "aws" && cfg.aws.apiAccessCidrs.length === 0) {
    problems.push(
      `stack ${stack}: hcpbench:aws.apiAccessCidrs is empty, so this machine could not reach the EKS API; ` +
        "add your address with --set aws.apiAccessCidrs=[<your-ip>/32] (find it with: curl -s https://checkip.amazonaws.com)",
    );
  }
  return [...problems, ...ebsAttachmentProblems(cfg), ...datastoreIopsProblems(cfg), ...chartArchiveProblems(stack, cfg)];
}
