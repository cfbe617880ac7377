import type { Backend } from "./backend";
import { sqlKineHcp } from "./sqlKine";
import { backendDescriptor } from "../../infra/names/backends";

export const kineMysqlBackend: Backend = {
  ...backendDescriptor("kine-mysql"),
  perHcpDatabase: "mysql",
  fleetObjects: () => [],
  hcpObjects: (hcp, ctx) => sqlKineHcp("mysql", "kine-mysql", hcp, ctx),
};
