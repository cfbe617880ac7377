// PLACEHOLDER (scaffolding, replaced by the work that owns this command).
import type { Command } from "commander";
export function registerPlan(program: Command): void {
  program.command("plan").description("(not built yet)");
}
