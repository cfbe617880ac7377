import { DescribeAvailabilityZonesCommand, DescribeInstanceTypeOfferingsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { GetServiceQuotaCommand, ServiceQuotasClient } from "@aws-sdk/client-service-quotas";
import { instanceTypes, type InstanceTypeName } from "../../infra/aws/catalog";
import { eksSecondaryAz, type Config } from "../../infra/config/schema";
import { InputError } from "../../infra/names/inputError";
import { poolsFor } from "../../infra/substrate/pools";

/**
 * Zone IDs where EKS cannot place a control plane: a cluster with a subnet there fails with
 * UnsupportedAvailabilityZoneException. Source: EKS user guide, "View Amazon EKS networking
 * requirements for VPC and subnets", subnet requirements
 * (https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html#network-requirements-subnets).
 */
export const eksUnsupportedZoneIds: readonly string[] = ["use1-az3", "usw1-az2", "cac1-az3"];

/**
 * The EC2 quota every catalog type counts against: "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z)
 * instances", in vCPUs (Service Quotas, service code ec2).
 */
export const onDemandStandardVcpuQuota = { serviceCode: "ec2", quotaCode: "L-1216C47A" } as const;

export interface AccountZone {
  readonly name: string;
  readonly id: string;
  readonly state: string;
}

/** What the preflight reads from the account, all read-only calls. */
export interface AccountFacts {
  readonly zones: readonly AccountZone[];
  /** Instance types offered in the main zone (looked up by its zone ID). */
  readonly offeredInMainZone: ReadonlySet<string>;
  /** The applied On-Demand Standard vCPU quota; undefined when Service Quotas has no value for the account. */
  readonly vcpuQuota: number | undefined;
}

/** Instance types of the node groups the stack creates (only the pools its backend needs). */
export function stackInstanceTypes(cfg: Config): InstanceTypeName[] {
  return [...new Set(poolsFor(cfg).map((p) => cfg.cluster.pools[p].instanceType))].sort();
}

/** vCPUs of every node group at its desired size: what the stack runs on demand. */
export function vcpusNeeded(cfg: Config): number {
  return poolsFor(cfg).reduce((sum, p) => sum + instanceTypes[cfg.cluster.pools[p].instanceType].vcpu * cfg.cluster.pools[p].count, 0);
}

export interface AccountClients {
  readonly ec2: EC2Client;
  readonly quotas: ServiceQuotasClient;
}

/** Clients for the stack's region; endpoints follow the SDK's own settings (AWS_ENDPOINT_URL_EC2, ...). */
export function accountClients(region: string): AccountClients {
  return { ec2: new EC2Client({ region }), quotas: new ServiceQuotasClient({ region }) };
}

export async function readAccountFacts(cfg: Config, clients: AccountClients): Promise<AccountFacts> {
  const azs = await clients.ec2.send(new DescribeAvailabilityZonesCommand({ Filters: [{ Name: "region-name", Values: [cfg.aws.region] }] }));
  const zones = (azs.AvailabilityZones ?? []).map((z) => ({ name: z.ZoneName ?? "", id: z.ZoneId ?? "", state: z.State ?? "" }));
  const mainId = zones.find((z) => z.name === cfg.aws.az)?.id;
  const offered = new Set<string>();
  if (mainId) {
    let token: string | undefined;
    do {
      const page = await clients.ec2.send(
        new DescribeInstanceTypeOfferingsCommand({
          LocationType: "availability-zone-id",
          Filters: [
            { Name: "location", Values: [mainId] },
            { Name: "instance-type", Values: stackInstanceTypes(cfg) },
          ],
          NextToken: token,
        }),
      );
      for (const o of page.InstanceTypeOfferings ?? []) if (o.InstanceType) offered.add(o.InstanceType);
      token = page.NextToken || undefined;
    } while (token);
  }
  let vcpuQuota: number | undefined;
  try {
    const q = await clients.quotas.send(new GetServiceQuotaCommand({ ServiceCode: onDemandStandardVcpuQuota.serviceCode, QuotaCode: onDemandStandardVcpuQuota.quotaCode }));
    vcpuQuota = q.Quota?.Value;
  } catch (err) {
    // An account that never had the quota applied answers NoSuchResourceException; the default then applies and is not known here.
    if ((err as { name?: string }).name !== "NoSuchResourceException") throw err;
  }
  return { zones, offeredInMainZone: offered, vcpuQuota };
}

const zoneList = (zones: readonly AccountZone[]) => zones.map((z) => `${z.name} (${z.id})`).join(", ");

/**
 * One line per problem the account would cause once `up` is running: zones are compared by ID,
 * since a zone name maps to a different zone in each account. `vcpusInUse` is what other stacks
 * of the same run take from the quota (a parallel sweep).
 */
export function accountProblems(stack: string, cfg: Config, facts: AccountFacts, vcpusInUse = 0): string[] {
  const problems: string[] = [];
  const types = stackInstanceTypes(cfg);
  const usable = facts.zones.filter((z) => z.state === "available" && !eksUnsupportedZoneIds.includes(z.id));
  const byName = (name: string) => facts.zones.find((z) => z.name === name);
  const main = byName(cfg.aws.az);
  const secondaryName = eksSecondaryAz(cfg);
  const secondary = byName(secondaryName);

  if (!main) problems.push(`stack ${stack}: hcpbench:aws.az: ${cfg.aws.az} is not a zone of this account in ${cfg.aws.region}; its zones are ${zoneList(facts.zones)}`);
  else if (cfg.aws.azId !== undefined && main.id !== cfg.aws.azId) {
    const pinned = facts.zones.find((z) => z.id === cfg.aws.azId);
    problems.push(
      `stack ${stack}: hcpbench:aws.azId pins zone ${cfg.aws.azId}, which is ${pinned ? pinned.name : "not a zone"} in this account, while aws.az=${cfg.aws.az} is ${main.id}` +
        (pinned ? `; set --set aws.az=${pinned.name}` : `; zones here: ${zoneList(facts.zones)}`),
    );
  } else if (eksUnsupportedZoneIds.includes(main.id) || main.state !== "available") {
    problems.push(`stack ${stack}: hcpbench:aws.az: ${main.name} is zone ${main.id}, where EKS cannot place a control plane (or the zone is ${main.state}); pick one of ${zoneList(usable)}`);
  } else {
    const missing = types.filter((t) => !facts.offeredInMainZone.has(t));
    if (missing.length > 0) {
      problems.push(`stack ${stack}: hcpbench:aws.az: ${main.name} (${main.id}) does not offer ${missing.join(", ")}, which the node groups need; pick another zone with --set aws.az=<zone> (zones here: ${zoneList(usable)})`);
    }
  }
  if (secondary && (eksUnsupportedZoneIds.includes(secondary.id) || secondary.state !== "available")) {
    const others = usable.filter((z) => z.name !== cfg.aws.az);
    problems.push(`stack ${stack}: hcpbench:aws.eksSecondaryAz: ${secondary.name} is zone ${secondary.id}, where EKS cannot place a control plane; set one of ${zoneList(others)}`);
  } else if (!secondary) {
    problems.push(`stack ${stack}: hcpbench:aws.eksSecondaryAz: ${secondaryName} is not a zone of this account in ${cfg.aws.region}; its zones are ${zoneList(facts.zones)}`);
  }

  const need = vcpusNeeded(cfg);
  if (facts.vcpuQuota !== undefined && need + vcpusInUse > facts.vcpuQuota) {
    problems.push(
      `stack ${stack}: needs ${need} On-Demand vCPUs${vcpusInUse > 0 ? ` (+${vcpusInUse} for the stacks running beside it)` : ""} but the account's quota "Running On-Demand Standard instances" ` +
        `(${onDemandStandardVcpuQuota.quotaCode}) in ${cfg.aws.region} is ${facts.vcpuQuota}; request more with: aws service-quotas request-service-quota-increase ` +
        `--service-code ${onDemandStandardVcpuQuota.serviceCode} --quota-code ${onDemandStandardVcpuQuota.quotaCode} --desired-value ${need + vcpusInUse} --region ${cfg.aws.region}`,
    );
  }
  return problems;
}

/**
 * Reads the account once per region and throws every problem of every AWS stack as bad input
 * (exit 2), before Pulumi creates anything. With `parallel` stacks up at once (a sweep), each
 * stack must fit the quota beside the largest others.
 */
export async function assertAccountReady(stacks: readonly { stack: string; cfg: Config }[], parallel = 1, clientsFor: (region: string) => AccountClients = accountClients): Promise<void> {
  const aws = stacks.filter((s) => s.cfg.substrate === "aws");
  const problems: string[] = [];
  const facts = new Map<string, AccountFacts>();
  for (const s of aws) {
    const key = `${s.cfg.aws.region}|${s.cfg.aws.az}|${stackInstanceTypes(s.cfg).join(",")}`;
    if (!facts.has(key)) {
      const clients = clientsFor(s.cfg.aws.region);
      try {
        facts.set(key, await readAccountFacts(s.cfg, clients));
      } finally {
        clients.ec2.destroy();
        clients.quotas.destroy();
      }
    }
    const beside = aws
      .filter((o) => o !== s && o.cfg.aws.region === s.cfg.aws.region)
      .map((o) => vcpusNeeded(o.cfg))
      .sort((a, b) => b - a)
      .slice(0, Math.max(0, parallel - 1))
      .reduce((a, b) => a + b, 0);
    problems.push(...accountProblems(s.stack, s.cfg, facts.get(key)!, beside));
  }
  if (problems.length > 0) throw new InputError(problems);
}
