import type { Backend } from "./backend";
import { sqlKineHcp } from "./sqlKine";
import { backendDescriptor } from "../../infra/names/backends";

export const kinePostgresBackend: Backend = {
  ...backendDescriptor("kine-postgres"),
  perHcpDatabase: "postgres",
  fleetObjects: () => [],
  hcpObjects: (hcp, ctx) => sqlKineHcp("postgres", "kine-postgres", hcp, ctx),
};
