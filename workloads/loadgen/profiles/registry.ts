/**
 * Load profiles by name. Adding a profile: one new file in this folder and one
 * entry here; the config schema, the CLI and the bench Jobs read this list.
 */
import { createListProfile } from "./createList";
import { lightProfile } from "./light";
import { mixedHotProfile } from "./mixedHot";
import { mixedUniformProfile } from "./mixedUniform";
import type { Profile } from "./profile";
import { watchChurnProfile } from "./watchChurn";

export const profiles = {
  "create-list": createListProfile,
  "watch-churn": watchChurnProfile,
  light: lightProfile,
  "mixed-hot": mixedHotProfile,
  "mixed-uniform": mixedUniformProfile,
} as const satisfies Record<string, Profile>;

export type ProfileName = keyof typeof profiles;
export const profileNames = Object.keys(profiles) as [ProfileName, ...ProfileName[]];

export function profileByName(name: ProfileName): Profile {
  return profiles[name];
}
