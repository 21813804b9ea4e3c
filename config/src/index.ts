export { ConfigError, defaultSettings, loadSettings, settingDefinitions } from "./settings";
export type { SettingName, Settings } from "./settings";
