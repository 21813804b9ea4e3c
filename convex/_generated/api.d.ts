/* eslint-disable */
/**
 * Generated `api` utility.
 *
 * THIS CODE IS AUTOMATICALLY GENERATED.
 *
 * To regenerate, run `npx convex dev`.
 * @module
 */

import type {
  ApiFromModules,
  FilterApi,
  FunctionReference,
} from "convex/server";
import type * as characters from "../characters.js";
import type * as checks from "../checks.js";
import type * as env from "../env.js";
import type * as errors from "../errors.js";
import type * as identity from "../identity.js";
import type * as interactions from "../interactions.js";
import type * as live from "../live.js";
import type * as seating from "../seating.js";
import type * as secret from "../secret.js";
import type * as seed from "../seed.js";
import type * as users from "../users.js";
import type * as validators from "../validators.js";

/**
 * A utility for referencing Convex functions in your app's API.
 *
 * Usage:
 * ```js
 * const myFunctionReference = api.myModule.myFunction;
 * ```
 */
declare const fullApi: ApiFromModules<{
  characters: typeof characters;
  checks: typeof checks;
  env: typeof env;
  errors: typeof errors;
  identity: typeof identity;
  interactions: typeof interactions;
  live: typeof live;
  seating: typeof seating;
  secret: typeof secret;
  seed: typeof seed;
  users: typeof users;
  validators: typeof validators;
}>;
export declare const api: FilterApi<
  typeof fullApi,
  FunctionReference<any, "public">
>;
export declare const internal: FilterApi<
  typeof fullApi,
  FunctionReference<any, "internal">
>;
