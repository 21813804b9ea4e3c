import { isMember, members, requireEntity, requireFlow } from "../access";
import type { PresenceCommand, SendChatCommand, SetAttitudeCommand } from "../commands";
import { reject } from "../errors";
import { inPlay, type ChatMessage, type Entity, type GameSnapshot } from "../state";
import { log, peekRoot, plain, snapshot, type Tx } from "../tx";

/** party: everyone at the table; dm: the sender and the DM; private: the listed users and the sender. */
export function sendChat(tx: Tx, c: SendChatCommand): void {
  // chat changes nothing in the game: read the state before the command (iterating the draft's
  // entities would draft every one of them)
  const s = tx.before;
  const from = tx.ctx.actor.userId;
  if (!isMember(s, from) && !(tx.ctx.actor.role === "admin" && s.isTest))
    reject("FORBIDDEN", "Only people at this table can chat here.");
  if (c.channel !== "private" && c.to)
    reject("INVALID_COMMAND", "Only private messages take a recipient list.");
  let recipients: string[];
  if (c.channel === "party") recipients = members(s);
  else if (c.channel === "dm") recipients = [...new Set([from, s.dmUserId])];
  else {
    if (!c.to) return reject("INVALID_COMMAND", "Say who the private message is for.");
    // the id came from the sender, not from anyone at this table: it is not read back to them
    for (const u of c.to)
      if (!isMember(s, u))
        reject(
          "INVALID_TARGET",
          "A recipient is not at this table: private messages go only to its DM and players.",
        );
    recipients = [...new Set([from, ...c.to])];
  }
  const message: ChatMessage = {
    id: ++tx.srv.seq.chat,
    at: tx.ctx.now,
    from,
    channel: c.channel,
    text: c.text,
    recipients,
  };
  tx.srv.chat.push(message);
  tx.events.push({ type: "chat", message, recipients });
}

/**
 * The live server reports connects and disconnects. A DM leaving puts the table in
 * awaiting_dm; a returning player gets every turn they missed as a make-up turn right after
 * the current one.
 */
export function presence(tx: Tx, c: PresenceCommand): void {
  const s = tx.s;
  const a = tx.ctx.actor;
  if (a.userId !== c.userId && !(a.role === "admin" && s.isTest))
    reject("FORBIDDEN", "Presence is reported for yourself only.");
  // owners are read from the state before the command (iterating the draft drafts every entity)
  const ents = tx.before.entities;
  if (!isMember(tx.before, c.userId) && !(a.role === "admin" && s.isTest))
    reject("FORBIDDEN", "Only people at this table can join it.");
  const was = s.presence[c.userId]?.online;
  if (was === c.online) return;
  s.presence[c.userId] = { online: c.online, at: tx.ctx.now };
  tx.events.push({ type: "presence", userId: c.userId, online: c.online });
  const isDm = c.userId === s.dmUserId;
  if (!c.online) {
    // the lobby's too: initiative, gear and queued turns set before the fight are kept
    if (inPlay(s) || s.status === "lobby") snapshot(tx, "disconnect");
    if (isDm && s.status === "active") {
      s.status = "awaiting_dm";
      log(tx, "The DM is away; players may keep taking their turns.");
    }
    return;
  }
  if (isDm && s.status === "awaiting_dm") {
    s.status = "active";
    log(tx, "The DM is back.");
  }
  if (!isDm) offerMakeUps(tx, c.userId, ents);
}

/**
 * Schedules the turns `userId`'s characters missed as make-up turns right after the current
 * one, and tells them. Offered when they reconnect, or when a rollback or redo brings back
 * turns they missed while they are here. `ents`: plain entities (reading the draft drafts them).
 */
export function offerMakeUps(tx: Tx, userId: string, ents: Readonly<Record<string, Entity>>): void {
  const s = tx.s;
  const status = peekRoot(tx, "status");
  if ((status !== "active" && status !== "awaiting_dm") || !peekRoot(tx, "turn")) return;
  const missed = plain(peekRoot(tx, "missed"));
  const mine = missed.filter((m) => ents[m.entityId]?.ownerUserId === userId);
  if (mine.length === 0) return;
  s.missed = missed.filter((m) => ents[m.entityId]?.ownerUserId !== userId);
  // assigned, not pushed: after a rollback `makeUps` is a frozen snapshot array, not a draft
  s.makeUps = [...plain(peekRoot(tx, "makeUps")), ...mine];
  tx.events.push({
    type: "notice",
    userIds: [userId],
    message: `You missed ${mine.length} turn(s); each comes back as a make-up turn right after the current one.`,
  });
  log(tx, `${mine.map((m) => ents[m.entityId]?.name).join(", ")} will take ${mine.length} make-up turn(s).`);
}

/**
 * Make-up turns are offered when their player reconnects; a game that comes back (a resume, a
 * rollback or redo) may hold turns missed by players who are here by now, so offer them then
 * too, or they would wait for the next reconnect.
 */
export function offerMakeUpsToThoseHere(tx: Tx, game: Pick<GameSnapshot, "missed" | "entities">): void {
  if (game.missed.length === 0) return;
  const presence = peekRoot(tx, "presence");
  const owners = new Set<string>();
  for (const m of game.missed) {
    const owner = game.entities[m.entityId]?.ownerUserId;
    if (owner && presence[owner]?.online) owners.add(owner);
  }
  for (const owner of owners) offerMakeUps(tx, owner, game.entities);
}

/** An attitude as the log writes it: "+2", "-1", "0". */
const signed = (n: number): string => (n > 0 ? `+${n}` : String(n));

/**
 * Sets a parley NPC's attitude (clamped to -3..3) and says when it is won over (+3) or turns
 * hostile (-3): the attitudes the parley's outcome is decided on (`winner`, outcome.ts, when the
 * interaction ends). A check moves it by one (actions.ts), the DM's `setAttitude` sets it.
 * `t` is the NPC as it was (the line is DM-only while it is hidden from the players).
 */
export function changeAttitude(tx: Tx, t: Pick<Entity, "id" | "name" | "hidden">, to: number): void {
  const npc = tx.s.entities[t.id]!;
  npc.attitude = Math.max(-3, Math.min(3, to));
  if (npc.attitude === 3) log(tx, `${t.name} is won over.`, t.hidden);
  if (npc.attitude === -3) log(tx, `${t.name} turns hostile.`, t.hidden);
}

/**
 * The DM sets a parley NPC's attitude by judgement (good roleplay, an insult), in the lobby (a
 * starting mood) or in play, no turn needed. Only creatures that have an attitude (neutral NPCs
 * of a social scene, create.ts) take one; setting the value it already has is refused, so every
 * accepted command changes something and says so. Like a check, it does not end the parley: the
 * DM does (`end`), and `winner` counts every NPC then.
 */
export function setAttitude(tx: Tx, c: SetAttitudeCommand): void {
  requireFlow(tx.s, tx.ctx.actor, "change a creature's attitude");
  // read from the state before the command: nothing has changed yet, and no draft is made
  const e = requireEntity(tx.before, c.entityId);
  if (e.attitude === undefined)
    return reject(
      "INVALID_TARGET",
      `${e.name} has no attitude to change: only neutral NPCs in a parley have one.`,
    );
  if (e.attitude === c.attitude)
    return reject("BAD_STATE", `${e.name}'s attitude is already ${signed(c.attitude)}.`);
  const how = c.attitude > e.attitude ? "friendlier" : "less friendly";
  log(tx, `The DM makes ${e.name} ${how} (${signed(c.attitude)}).`, e.hidden);
  changeAttitude(tx, e, c.attitude);
}
