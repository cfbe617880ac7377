// PLACEHOLDER (scaffolding, replaced by the work that owns up/destroy/run).
import type { Command } from "commander";
export function registerStackCommands(_program: Command): void {}
