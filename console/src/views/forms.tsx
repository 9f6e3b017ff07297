import { useState } from "react";
import { parseUnits } from "viem";

/** NYN typed by hand (commas allowed) in NYN-wei; undefined when it is not a number. */
export function nynWei(text: string): bigint | undefined {
  try {
    return parseUnits(text.replace(/,/g, "").trim(), 18);
  } catch {
    return undefined;
  }
}

/** A whole number typed by hand (commas allowed); undefined when it is not one. */
export function whole(text: string): bigint | undefined {
  const clean = text.replace(/,/g, "").trim();
  return /^\d+$/.test(clean) ? BigInt(clean) : undefined;
}

/**
 * One value an owner sets: a text input, its parser and a button. `label(text, value)` words the action (for the
 * transaction log and a refusal); a text the parser rejects is refused with "give <expected>" and nothing is sent.
 * Test ids: `testid` on the input, `button.testid` on the button.
 */
export function ValueForm({
  initial,
  parse,
  name,
  unit,
  expected,
  size,
  testid,
  button,
  label,
  onSubmit,
  refuse,
}: {
  initial: string;
  parse: (text: string) => bigint | undefined;
  name: string;
  unit: string;
  expected: string;
  size: number;
  testid: string;
  button: { text: string; testid: string };
  label: (text: string, value: bigint | undefined) => string;
  onSubmit: (label: string, value: bigint) => Promise<boolean>;
  refuse: (label: string, reason: string) => unknown;
}) {
  const [text, setText] = useState(initial);
  return (
    <form
      className="inline"
      onSubmit={(e) => {
        e.preventDefault();
        const value = parse(text);
        const words = label(text, value);
        if (value === undefined) void refuse(words, `give ${expected}`);
        else void onSubmit(words, value);
      }}
    >
      <label>
        {name} <input value={text} onChange={(e) => setText(e.target.value)} size={size} data-testid={testid} /> {unit}
      </label>{" "}
      <button type="submit" data-testid={button.testid}>
        {button.text}
      </button>
    </form>
  );
}

/** One on/off rule of the owner's: a checkbox and its button (`testid` on the box, `set-<testid>` on the button). */
export function SwitchForm({
  initial,
  label,
  button,
  testid,
  onSubmit,
}: {
  initial: boolean;
  label: string;
  button: string;
  testid: string;
  onSubmit: (on: boolean) => Promise<boolean>;
}) {
  const [on, setOn] = useState(initial);
  return (
    <form
      className="inline"
      onSubmit={(e) => {
        e.preventDefault();
        void onSubmit(on);
      }}
    >
      <label>
        <input type="checkbox" checked={on} onChange={(e) => setOn(e.target.checked)} data-testid={testid} /> {label}
      </label>{" "}
      <button type="submit" data-testid={`set-${testid}`}>
        {button}
      </button>
    </form>
  );
}
