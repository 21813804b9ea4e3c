import type { Role } from "./types";

export const roleLabels: Record<Role, string> = { user: "User", admin: "Admin" };
