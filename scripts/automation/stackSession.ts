import * as fs from "node:fs";
import * as path from "node:path";
import { LocalWorkspace, Stack, StackNotFoundError, type PulumiCommand } from "@pulumi/pulumi/automation";
import { readStackFile, stackFilePath } from "../../infra/config/stackFiles";
import { hcpbenchHome, hcpbenchProjectRoot, type HcpbenchHome } from "./hcpbenchHome";
import { pulumiCommand } from "./pulumiCli";
import { pulumiEnvironment, type PulumiEnvironment } from "./pulumiEnvironment";
import { inlineProgram, programSourceFor, type ProgramSource } from "./programSource";
import { guardStackFile, runConfigPath, writeRunConfig } from "./runConfigFile";
import { parseStackOutputs, type StackOutputs } from "./stackOutputs";
import type { StackSettings } from "./stackSettings";

export interface WorkspaceContext {
  readonly root: string;
  readonly home: HcpbenchHome;
  readonly pulumi: PulumiEnvironment;
  readonly command: PulumiCommand;
  readonly workspace: LocalWorkspace;
  readonly programSource: ProgramSource;
}

/** One LocalWorkspace on the project root, the local state backend and the passphrase. */
export async function openWorkspace(opts: { state?: string; env?: NodeJS.ProcessEnv } = {}): Promise<WorkspaceContext> {
  const env = opts.env ?? process.env;
  const home = hcpbenchHome(env);
  const root = hcpbenchProjectRoot(env);
  const { command, real } = await pulumiCommand(env);
  const pulumi = pulumiEnvironment({ state: opts.state, env, home });
  const programSource = programSourceFor(real, env);
  const workspace = await LocalWorkspace.create({
    workDir: root,
    ...(programSource === "inline" ? { program: inlineProgram(root) } : {}),
    pulumiCommand: command,
    envVars: { ...pulumi.envVars, HCPBENCH_REAL_PULUMI: real },
    secretsProvider: "passphrase",
  });
  return { root, home, pulumi, command, workspace, programSource };
}

export interface OperationOptions {
  /** Aborting cancels the operation the way Ctrl-C does (one SIGINT to the CLI). */
  readonly signal?: AbortSignal;
  /** Pulumi's own output, line by line. */
  readonly onOutput?: (text: string) => void;
}

/** The exact command that removes a stack by hand, for messages. */
export function manualDestroyCommand(ctx: Pick<WorkspaceContext, "root" | "home" | "pulumi">, stack: string): string {
  const pass = ctx.pulumi.envVars.PULUMI_CONFIG_PASSPHRASE_FILE ? ` PULUMI_CONFIG_PASSPHRASE_FILE=${ctx.pulumi.envVars.PULUMI_CONFIG_PASSPHRASE_FILE}` : "";
  return `PULUMI_BACKEND_URL=${ctx.pulumi.backendUrl}${pass} pulumi destroy -s ${stack} --cwd ${ctx.root} --config-file ${runConfigPath(ctx.home.configDir, stack)}`;
}

/**
 * One stack in the workspace. Every command that reads settings gets the
 * generated config file; the committed stack file is guarded around the
 * commands that may write it.
 */
export class StackSession {
  private constructor(
    readonly ctx: WorkspaceContext,
    readonly stack: string,
    private readonly handle: Stack,
  ) {}

  get configFile(): string {
    return runConfigPath(this.ctx.home.configDir, this.stack);
  }

  /** Selects the stack, creating it in the backend on first use. */
  static async createOrSelect(ctx: WorkspaceContext, settings: StackSettings): Promise<StackSession> {
    const runFile = writeRunConfig({ committedFile: stackFilePath(settings.stack, ctx.root), configDir: ctx.home.configDir, stack: settings.stack, raw: settings.raw });
    const guard = guardStackFile(stackFilePath(settings.stack, ctx.root), runFile);
    try {
      return new StackSession(ctx, settings.stack, await Stack.createOrSelect(settings.stack, ctx.workspace));
    } finally {
      guard.restore();
    }
  }

  /** Selects a stack that must already exist in the backend; undefined when it has never been created. */
  static async select(ctx: WorkspaceContext, stack: string): Promise<StackSession | undefined> {
    try {
      return new StackSession(ctx, stack, await Stack.select(stack, ctx.workspace));
    } catch (err) {
      if (err instanceof StackNotFoundError) return undefined;
      throw err;
    }
  }

  /** Rewrites the run's config file with new settings (same stack). */
  configure(settings: StackSettings): void {
    writeRunConfig({ committedFile: stackFilePath(this.stack, this.ctx.root), configDir: this.ctx.home.configDir, stack: this.stack, raw: settings.raw });
  }

  async preview(opts: OperationOptions = {}): Promise<void> {
    await this.guarded(() => this.handle.preview({ configFile: this.configFile, color: "never", signal: opts.signal, onOutput: opts.onOutput }));
  }

  async up(opts: OperationOptions = {}): Promise<StackOutputs> {
    const result = await this.guarded(() => this.handle.up({ configFile: this.configFile, color: "never", signal: opts.signal, onOutput: opts.onOutput }));
    return parseStackOutputs(result.outputs, this.stack);
  }

  /** An up limited to the given resources (nothing else is created, changed or deleted). */
  async upTargets(target: string[], opts: Pick<OperationOptions, "onOutput"> = {}): Promise<void> {
    await this.guarded(() => this.handle.up({ configFile: this.configFile, color: "never", target, onOutput: opts.onOutput }));
  }

  /** Outputs of the last successful up; undefined when the stack has none. */
  async outputs(): Promise<StackOutputs | undefined> {
    const map = await this.handle.outputs();
    return Object.keys(map).length === 0 ? undefined : parseStackOutputs(map, this.stack);
  }

  /** Never cancelled: the shim in front of the CLI does not pass Ctrl-C to a destroy. */
  async destroy(opts: Pick<OperationOptions, "onOutput"> = {}): Promise<void> {
    if (!fs.existsSync(this.configFile)) {
      writeRunConfig({ committedFile: stackFilePath(this.stack, this.ctx.root), configDir: this.ctx.home.configDir, stack: this.stack, raw: readStackFile(this.stack, this.ctx.root) });
    }
    await this.guarded(() => this.handle.destroy({ configFile: this.configFile, color: "never", onOutput: opts.onOutput }));
  }

  private async guarded<T>(op: () => Promise<T>): Promise<T> {
    const guard = guardStackFile(stackFilePath(this.stack, this.ctx.root), this.configFile);
    try {
      return await op();
    } finally {
      guard.restore();
    }
  }
}

/** A log file per operation under the hcpbench home (or a sweep's folder), for Pulumi's full output. */
export function operationLog(dir: string, stack: string, op: string): { file: string; write: (text: string) => void; echo: (text: string) => void } {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${stack}.${op}.${new Date().toISOString().replace(/[:.]/g, "-")}.log`);
  const write = (text: string) => fs.appendFileSync(file, text);
  // What the interactive commands do with Pulumi's output: show it and keep it.
  const echo = (text: string) => {
    process.stdout.write(text);
    write(text);
  };
  return { file, write, echo };
}


