export { startLocalServices, type LocalServices, type LocalServicesOptions } from "./start";
export { demoUsers, type DemoUser } from "./auth/demo-users";
export type { ScenarioSetup, SeedReport } from "./seed";
