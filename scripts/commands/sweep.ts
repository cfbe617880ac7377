// PLACEHOLDER (scaffolding, replaced by the work that owns this command).
import type { Command } from "commander";
export function registerSweep(program: Command): void {
  program.command("sweep").description("(not built yet)");
}
