// PLACEHOLDER (scaffolding, replaced by the work that owns this command).
import type { Command } from "commander";
export function registerReport(program: Command): void {
  program.command("report").description("(not built yet)");
}
