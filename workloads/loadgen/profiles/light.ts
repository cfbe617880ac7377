import { runCreateList } from "./createList";
import type { Profile } from "./profile";

/** light: create-list at 500 operations and 10 clients, the load of the size-preset sweep. */
export const lightProfile: Profile = {
  name: "light",
  summary: "create-list with 500 operations and 10 clients (size-preset sweep)",
  defaults: { ops: 500, concurrency: 10 },
  multiTarget: false,
  uses: ["lists"],
  run: runCreateList,
};
