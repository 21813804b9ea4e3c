export { useAuth, useUser } from "./context";
export { roleLabels } from "./roles";
export type { AuthAdapter, AuthUser, GetToken, Role } from "./types";
