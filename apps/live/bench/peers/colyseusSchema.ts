// @colyseus/schema mirror of the bench's goblin ambush state, shared by server and client.
import { MapSchema, ArraySchema, schema, t } from "@colyseus/schema";
import type { PeerState } from "../lib/ambush";

export const Entity = schema(
  {
    id: t.string(),
    name: t.string(),
    kind: t.string(),
    owner: t.string(),
    hp: t.int16(),
    maxHp: t.int16(),
    ac: t.uint8(),
    speed: t.uint8(),
    x: t.uint8(),
    y: t.uint8(),
    defeated: t.boolean(),
  },
  "Entity",
);

export const Turn = schema(
  {
    entityId: t.string(),
    round: t.uint16(),
    action: t.boolean(),
    bonus: t.boolean(),
    movement: t.uint8(),
    reaction: t.boolean(),
  },
  "Turn",
);

export const AmbushState = schema(
  {
    version: t.uint32(),
    entities: t.map(Entity),
    order: t.array("string"),
    turn: t.ref(Turn),
    doorOpen: t.boolean(),
    chestOpen: t.boolean(),
  },
  "AmbushState",
);

export function toSchemaState(s: PeerState): InstanceType<typeof AmbushState> {
  const entities = new MapSchema<InstanceType<typeof Entity>>();
  for (const e of Object.values(s.entities)) entities.set(e.id, new Entity(e));
  return new AmbushState({
    version: s.version,
    entities,
    order: new ArraySchema<string>(...s.order),
    turn: new Turn(s.turn),
    doorOpen: s.doorOpen,
    chestOpen: s.chestOpen,
  });
}
