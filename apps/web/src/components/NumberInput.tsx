import { useState, type ComponentProps } from "react";
import { Input } from "./ui/input";

type Props = Omit<ComponentProps<"input">, "value" | "onChange" | "type"> & {
  /** NaN or undefined show as an empty box. */
  value: number | undefined;
  /** undefined when the box is empty, NaN when the text is not a number. */
  onValueChange: (value: number | undefined) => void;
};

function parse(text: string): number | undefined {
  return text.trim() === "" ? undefined : Number(text);
}

function same(a: number | undefined, b: number | undefined): boolean {
  const blank = (v: number | undefined) => v === undefined || Number.isNaN(v);
  return blank(a) && blank(b) ? true : Object.is(a, b);
}

/**
 * A number input that lets people type freely ("", "-", "1") and reports what they typed, so
 * validation can complain beside the field instead of silently replacing it.
 */
export function NumberInput({ value, onValueChange, ...props }: Props) {
  const [text, setText] = useState(value === undefined || Number.isNaN(value) ? "" : String(value));
  // Follow outside changes (a reset, a loaded record) without fighting the user's typing.
  const shown = same(parse(text), value) || value === undefined || Number.isNaN(value) ? text : String(value);
  return (
    <Input
      {...props}
      type="text"
      inputMode="numeric"
      autoComplete="off"
      value={shown}
      onChange={(e) => {
        setText(e.target.value);
        onValueChange(parse(e.target.value));
      }}
    />
  );
}

/** For required numbers: an empty box is NaN, which the schema reports as "Enter a number". */
export function required(value: number | undefined): number {
  return value ?? Number.NaN;
}
