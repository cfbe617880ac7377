/**
 * STAND-IN for the `random` resource provider (pulumi-random), used only by
 * `npm run e2e:local`. The real provider cannot be built here: the Go module
 * proxy answers 403 for every version of github.com/pulumi/pulumi-random/provider/v4.
 *
 * It serves the one resource hcpbench uses, `random:index/randomPassword:RandomPassword`,
 * with the real provider's rules that matter to an `up` and a `destroy`:
 * every input forces a replacement, the value is made once at create and kept
 * in state (the SDK marks `result` secret), and delete forgets it. Character
 * classes follow the provider's inputs (upper, lower, numeric, special,
 * overrideSpecial). The engine starts it like any plugin: `pulumi-resource-random <engine address>`.
 */
import * as crypto from "node:crypto";
import * as path from "node:path";
import * as provider from "@pulumi/pulumi/provider";

const passwordType = "random:index/randomPassword:RandomPassword";
const defaultSpecial = "!@#$%&*()-_=+[]{}<>:?";

export interface PasswordInputs {
  readonly length: number;
  readonly special?: boolean;
  readonly upper?: boolean;
  readonly lower?: boolean;
  readonly numeric?: boolean;
  readonly overrideSpecial?: string;
}

/** The characters a password may use, as the provider's inputs choose them (each class on unless set false). */
export function passwordAlphabet(i: PasswordInputs): string {
  const classes = [
    i.upper === false ? "" : "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    i.lower === false ? "" : "abcdefghijklmnopqrstuvwxyz",
    i.numeric === false ? "" : "0123456789",
    i.special === false ? "" : (i.overrideSpecial ?? defaultSpecial),
  ];
  return classes.join("");
}

export function makePassword(i: PasswordInputs): string {
  const alphabet = passwordAlphabet(i);
  if (!Number.isInteger(i.length) || i.length < 1) throw new Error(`length: must be a whole number 1 or more (got ${i.length})`);
  if (alphabet.length === 0) throw new Error("no character class left: upper, lower, numeric and special are all false");
  return Array.from({ length: i.length }, () => alphabet[crypto.randomInt(alphabet.length)]).join("");
}

const standIn: provider.Provider = {
  version: "4.21.2",
  async check(_urn, _olds, news) {
    return { inputs: news };
  },
  async diff(_id, _urn, olds, news) {
    const keys = [...new Set([...Object.keys(olds ?? {}), ...Object.keys(news ?? {})])].filter((k) => k !== "result" && JSON.stringify(olds?.[k]) !== JSON.stringify(news?.[k]));
    return { changes: keys.length > 0, replaces: keys, deleteBeforeReplace: false };
  },
  async create(urn, inputs) {
    if (!urn.includes(passwordType)) throw new Error(`${urn}: the stand-in random provider serves ${passwordType} only`);
    return { id: crypto.randomUUID(), outs: { ...inputs, result: makePassword(inputs as PasswordInputs) } };
  },
  async read(id, _urn, props) {
    return { id, props };
  },
  async delete() {
    // Nothing outside the state holds the value.
  },
};

// Run as the plugin (bin/run-ts.js puts this file at argv[1]); imported by its test, it only exports.
if (path.basename(process.argv[1] ?? "") === "randomProviderStandIn.ts") void provider.main(standIn, process.argv.slice(2));
