/**
 * Load profiles by name. Adding a profile: one new file in this folder and one
 * entry here, its name in infra/names/profiles.ts; the config schema, the CLI and the bench Jobs read this list.
 */
import { createListProfile } from "./createList";
import { lightProfile } from "./light";
import { mixedHotProfile } from "./mixedHot";
import { mixedUniformProfile } from "./mixedUniform";
import { type ProfileName } from "../../../infra/names/profiles";
import type { Profile } from "./profile";
import { watchChurnProfile } from "./watchChurn";

export const profiles = {
  "create-list": createListProfile,
  "watch-churn": watchChurnProfile,
  light: lightProfile,
  "mixed-hot": mixedHotProfile,
  "mixed-uniform": mixedUniformProfile,
} as const satisfies Record<ProfileName, Profile>;

export function profileByName(name: ProfileName): Profile {
  return profiles[name];
}
