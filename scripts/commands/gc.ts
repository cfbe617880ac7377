// PLACEHOLDER (scaffolding, replaced by the work that owns this command).
import type { Command } from "commander";
export function registerGc(program: Command): void {
  program.command("gc").description("(not built yet)");
}
