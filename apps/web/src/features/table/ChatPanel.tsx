import type { ChatChannel, ChatMessage, ViewState } from "@roundtable/live/engine";
import { Send } from "lucide-react";
import { useId, useState } from "react";
import { Button } from "../../components/ui/button";
import { Checkbox } from "../../components/ui/checkbox";
import { Input } from "../../components/ui/input";
import { Label } from "../../components/ui/label";
import { NativeSelect } from "../../components/ui/native-select";
import { NewLinesAnnouncer } from "./Announcer";
import { CommandError } from "./CommandError";
import { members, personName } from "./model";
import { useTable } from "./table-context";
import { useCommand } from "./useCommand";

/** The server's limit on a private message's recipients (the engine's SendChatCommand). */
const MAX_RECIPIENTS = 10;

const channelLabel: Record<ChatChannel, string> = { party: "Party", dm: "To the DM", private: "Private" };

/** Who else a private message went to (its sender is among its recipients). */
const privateTo = (view: ViewState, m: ChatMessage, me: string | null) =>
  m.recipients
    .filter((r) => r !== m.from)
    .map((r) => personName(view, r, me))
    .join(", ");

/** Party, DM and private chat; private messages go to the recipients picked here and the sender. */
export function ChatPanel({ view }: { view: ViewState }) {
  const chat = useTable((s) => s.chat);
  const me = useTable((s) => s.userId);
  const cmd = useCommand();
  const id = useId();
  const [channel, setChannel] = useState<ChatChannel>("party");
  const [to, setTo] = useState<string[]>([]);
  const [text, setText] = useState("");
  const others = members(view).filter((u) => u !== me);
  const missingRecipients = channel === "private" && to.length === 0;

  return (
    <section aria-label="Chat" className="grid gap-2">
      {/* role="log" on its own element: on the <ol> it would hide the list from its <li>s. Not live
          itself: new messages are read out by <ChatAnnouncer>, whichever tab is showing. */}
      <div
        role="log"
        aria-label="Chat messages"
        aria-live="off"
        className="max-h-64 overflow-y-auto rounded-md border p-2 text-sm"
      >
        <ol className="grid gap-1">
          {chat.length === 0 && <li className="text-muted-foreground">No messages yet.</li>}
          {chat.map((m) => (
            <li key={m.id}>
              <span className="font-medium">[{channelLabel[m.channel]}]</span> {personName(view, m.from, me)}
              {m.channel === "private" && ` → ${privateTo(view, m, me)}`}: {m.text}
            </li>
          ))}
        </ol>
      </div>
      <form
        className="grid gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          if (!text.trim() || missingRecipients) return;
          const sent = text;
          void cmd
            .run((api, interactionId) =>
              api.sendChat.mutate({
                interactionId,
                channel,
                text: sent.trim(),
                ...(channel === "private" ? { to } : {}),
              }),
            )
            // what was typed while it was on its way stays
            .then((ok) => ok && setText((now) => (now === sent ? "" : now)));
        }}
      >
        <div className="grid gap-1 sm:grid-cols-[10rem_1fr]">
          <div className="grid gap-1">
            <Label htmlFor={`${id}-channel`}>Channel</Label>
            <NativeSelect
              id={`${id}-channel`}
              value={channel}
              onChange={(e) => setChannel(e.target.value as ChatChannel)}
            >
              <option value="party">Party</option>
              <option value="dm">{me === view.dmUserId ? "DM notes (only you)" : "To the DM"}</option>
              <option value="private">Private</option>
            </NativeSelect>
          </div>
          <div className="grid gap-1">
            <Label htmlFor={`${id}-text`}>Message</Label>
            <Input
              id={`${id}-text`}
              value={text}
              maxLength={1000}
              onChange={(e) => setText(e.target.value)}
              aria-describedby={cmd.error ? `${id}-err` : undefined}
            />
          </div>
        </div>
        {channel === "private" && (
          <fieldset className="grid gap-1">
            <legend className="text-sm font-medium">Recipients</legend>
            {others.length === 0 && (
              <p className="text-sm text-muted-foreground">No one else is at the table.</p>
            )}
            {others.map((u) => (
              <div key={u} className="flex items-center gap-2">
                <Checkbox
                  id={`${id}-to-${u}`}
                  checked={to.includes(u)}
                  disabled={!to.includes(u) && to.length >= MAX_RECIPIENTS}
                  aria-describedby={to.length >= MAX_RECIPIENTS ? `${id}-to-max` : undefined}
                  onCheckedChange={(on) => setTo(on === true ? [...to, u] : to.filter((x) => x !== u))}
                />
                <Label htmlFor={`${id}-to-${u}`} className="font-normal">
                  {personName(view, u, me)}
                </Label>
              </div>
            ))}
            {to.length >= MAX_RECIPIENTS && (
              <p id={`${id}-to-max`} className="text-xs text-muted-foreground">
                At most {MAX_RECIPIENTS} recipients: untick one to pick another.
              </p>
            )}
            {missingRecipients && (
              <p className="text-xs text-muted-foreground">Pick at least one recipient.</p>
            )}
          </fieldset>
        )}
        <Button
          type="submit"
          className="justify-self-start"
          disabled={cmd.disabled || !text.trim() || missingRecipients}
        >
          <Send aria-hidden /> Send message
        </Button>
        <CommandError id={`${id}-err`} error={cmd.error} />
      </form>
    </section>
  );
}

/**
 * New chat messages read out whichever tab shows; not your own. It reads the chat this viewer
 * was sent, which the server already filtered to what they may read.
 */
export function ChatAnnouncer({ view }: { view: ViewState }) {
  const chat = useTable((s) => s.chat);
  const me = useTable((s) => s.userId);
  const lines = chat
    .filter((m) => m.from !== me)
    .map((m) => ({
      seq: m.id,
      text: `${personName(view, m.from, me)}${m.channel === "dm" ? ", to the DM" : ""}${
        m.channel === "private" ? `, privately to ${privateTo(view, m, me)}` : ""
      }: ${m.text}`,
    }));
  return <NewLinesAnnouncer label="New chat messages" lines={lines} />;
}
