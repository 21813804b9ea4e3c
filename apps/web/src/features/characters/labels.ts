import type { Ability, ActionDef, CharacterSheet, ConditionName, Item } from "@roundtable/live/engine";

export const kindLabels: Record<CharacterSheet["kind"], string> = {
  pc: "Player character",
  npc: "NPC",
  monster: "Monster",
};

export const abilityLabels: Record<Ability, string> = {
  str: "Strength",
  dex: "Dexterity",
  con: "Constitution",
  int: "Intelligence",
  wis: "Wisdom",
  cha: "Charisma",
};
export const abilityKeys = Object.keys(abilityLabels) as Ability[];

export const itemTypeLabels: Record<Item["type"], string> = {
  weapon: "Weapon",
  armor: "Armor",
  consumable: "Consumable",
  gear: "Gear",
};

export const actionKindLabels: Record<ActionDef["kind"], string> = {
  attack: "Attack",
  spell: "Spell",
  dash: "Dash",
  dodge: "Dodge",
  disengage: "Disengage",
  help: "Help",
  hide: "Hide",
  check: "Ability check",
};

export const conditionLabels: Record<ConditionName, string> = {
  dodging: "Dodging",
  disengaged: "Disengaged",
  helped: "Helped",
  hidden: "Hidden",
  poisoned: "Poisoned",
  prone: "Prone",
  stunned: "Stunned",
  blessed: "Blessed",
  frightened: "Frightened",
};

export function signed(n: number): string {
  return n >= 0 ? `+${n}` : String(n);
}
