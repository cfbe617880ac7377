// PLACEHOLDER (scaffolding, replaced by the work that owns this command).
import type { Command } from "commander";
export function registerLoadgen(program: Command): void {
  program.command("loadgen").description("(not built yet)");
}
