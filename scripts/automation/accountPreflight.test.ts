import { EC2Client } from "@aws-sdk/client-ec2";
import { ServiceQuotasClient } from "@aws-sdk/client-service-quotas";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseConfig } from "../../infra/config/stackFiles";
import { defaultFakeAccount, startFakeAwsAccount, type FakeAwsAccount } from "../../test/fakePulumi/fakeAwsAccount";
import { assertAccountReady, type AccountClients } from "./accountPreflight";

/**
 * The account preflight with the real SDK clients against a stand-in account (test/fakePulumi/fakeAwsAccount.ts).
 * Expected values come from AWS documents, not from the code:
 * - EKS cannot place a control plane in zone IDs use1-az3, usw1-az2, cac1-az3 (EKS user guide, network-reqs.html, subnet requirements);
 * - vCPUs per type from the EC2 instance type pages: c5.4xlarge 16, m5.4xlarge 16, r6i.xlarge 4;
 *   so the default kine-postgres stack (1 control c5.4xlarge, 3 hcp m5.4xlarge, 1 db-postgres r6i.xlarge) needs 16 + 48 + 4 = 68,
 *   and etcd (no database pool) 16 + 48 = 64;
 * - the quota is "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances", code L-1216C47A, service ec2.
 */
let stand: Awaited<ReturnType<typeof startFakeAwsAccount>>;
let account: FakeAwsAccount;
const clients = (): AccountClients => {
  const common = { region: "us-east-1", endpoint: stand.url, credentials: { accessKeyId: "test", secretAccessKey: "test" } };
  return { ec2: new EC2Client(common), quotas: new ServiceQuotasClient(common) };
};
const kinePostgres = parseConfig({ fleet: { backend: "kine-postgres", count: 10 }, aws: { apiAccessCidrs: ["198.51.100.7/32"] } });
const etcd = parseConfig({ fleet: { backend: "etcd", count: 10 }, aws: { apiAccessCidrs: ["198.51.100.7/32"] } });
const problemsOf = async (stacks: { stack: string; cfg: typeof etcd }[], parallel = 1): Promise<string[]> => {
  try {
    await assertAccountReady(stacks, parallel, clients);
    return [];
  } catch (err) {
    return [...(err as { problems: string[] }).problems];
  }
};

beforeAll(async () => {
  stand = await startFakeAwsAccount();
});
afterAll(() => stand.close());
beforeEach(() => {
  account = Object.assign(stand.account, { ...defaultFakeAccount(), calls: stand.account.calls });
  account.calls.length = 0;
});

describe("account preflight (stand-in AWS account)", () => {
  it("passes a healthy account and asks EC2 by zone ID for exactly the stack's pool types", async () => {
    expect(await problemsOf([{ stack: "kine-postgres-10", cfg: kinePostgres }])).toEqual([]);
    // us-east-1a is use1-az6 in the stand-in's mapping: the offering lookup must use that ID.
    const offering = account.calls.find((c) => c.startsWith("DescribeInstanceTypeOfferings"))!;
    expect(offering).toContain("LocationType=availability-zone-id");
    expect(offering).toContain("Filter.1.Name=location&Filter.1.Value.1=use1-az6");
    expect(offering).toContain("Filter.2.Value.1=c5.4xlarge&Filter.2.Value.2=m5.4xlarge&Filter.2.Value.3=r6i.xlarge");
    expect(account.calls).toContain("ServiceQuotasV20190624.GetServiceQuota");

    account.calls.length = 0;
    await problemsOf([{ stack: "etcd-10", cfg: etcd }]);
    expect(account.calls.find((c) => c.startsWith("DescribeInstanceTypeOfferings"))).not.toContain("r6i.xlarge");
  });

  it("refuses a zone name that is use1-az3 in this account, and offers the zones EKS supports", async () => {
    account.zones[0] = { name: "us-east-1a", id: "use1-az3" };
    account.offerings["use1-az3"] = account.offerings["use1-az6"];
    const problems = await problemsOf([{ stack: "etcd-10", cfg: etcd }]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^stack etcd-10: hcpbench:aws\.az: us-east-1a is zone use1-az3, where EKS cannot place a control plane/);
    expect(problems[0]).toContain("us-east-1b (use1-az1)");
    expect(problems[0]).not.toContain("(use1-az3)");
  });

  it("refuses a secondary zone EKS does not support", async () => {
    account.zones[1] = { name: "us-east-1b", id: "use1-az3" };
    const problems = await problemsOf([{ stack: "etcd-10", cfg: etcd }]);
    expect(problems).toEqual([expect.stringMatching(/^stack etcd-10: hcpbench:aws\.eksSecondaryAz: us-east-1b is zone use1-az3/)]);
  });

  it("refuses a zone that lacks a type the stack's own pools use, and only then", async () => {
    account.offerings["use1-az6"] = ["c5.4xlarge", "m5.4xlarge"];
    expect(await problemsOf([{ stack: "etcd-10", cfg: etcd }])).toEqual([]);
    const problems = await problemsOf([{ stack: "kine-postgres-10", cfg: kinePostgres }]);
    expect(problems).toEqual([expect.stringContaining("us-east-1a (use1-az6) does not offer r6i.xlarge")]);
  });

  it("checks the pinned zone ID against this account's mapping", async () => {
    const pinned = parseConfig({ fleet: { backend: "etcd", count: 10 }, aws: { apiAccessCidrs: ["198.51.100.7/32"], azId: "use1-az4" } });
    expect(await problemsOf([{ stack: "etcd-10", cfg: pinned }])).toEqual([
      "stack etcd-10: hcpbench:aws.azId pins zone use1-az4, which is us-east-1d in this account, while aws.az=us-east-1a is use1-az6; set --set aws.az=us-east-1d",
    ]);
    const right = parseConfig({ fleet: { backend: "etcd", count: 10 }, aws: { apiAccessCidrs: ["198.51.100.7/32"], azId: "use1-az4", az: "us-east-1d" } });
    expect(await problemsOf([{ stack: "etcd-10", cfg: right }])).toEqual([]);
  });

  it("compares the On-Demand Standard vCPU quota with the node groups' vCPUs (68 for kine-postgres, 64 for etcd)", async () => {
    account.quotas["L-1216C47A"] = 68;
    expect(await problemsOf([{ stack: "kine-postgres-10", cfg: kinePostgres }])).toEqual([]);
    account.quotas["L-1216C47A"] = 67;
    const problems = await problemsOf([{ stack: "kine-postgres-10", cfg: kinePostgres }]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain("needs 68 On-Demand vCPUs");
    expect(problems[0]).toContain("(L-1216C47A) in us-east-1 is 67");
    expect(problems[0]).toContain("aws service-quotas request-service-quota-increase --service-code ec2 --quota-code L-1216C47A --desired-value 68");
    expect(await problemsOf([{ stack: "etcd-10", cfg: etcd }])).toEqual([]);
    // Two stacks up at once (sweep --parallel 2) need 68 + 64 = 132 together.
    account.quotas["L-1216C47A"] = 131;
    expect(await problemsOf([{ stack: "kine-postgres-10", cfg: kinePostgres }, { stack: "etcd-10", cfg: etcd }], 2)).toHaveLength(2);
    account.quotas["L-1216C47A"] = 132;
    expect(await problemsOf([{ stack: "kine-postgres-10", cfg: kinePostgres }, { stack: "etcd-10", cfg: etcd }], 2)).toEqual([]);
  });

  it("leaves the quota alone when the account has no applied value (NoSuchResourceException)", async () => {
    delete account.quotas["L-1216C47A"];
    expect(await problemsOf([{ stack: "kine-postgres-10", cfg: kinePostgres }])).toEqual([]);
  });

  it("skips stacks on an existing cluster", async () => {
    await assertAccountReady([{ stack: "local", cfg: parseConfig({ substrate: "existing", fleet: { backend: "etcd", count: 1 } }) }], 1, clients);
    expect(account.calls).toEqual([]);
  });
});
