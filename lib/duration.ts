/**
 * Seconds from a duration as a user types it: plain seconds (`3600`) or a number with a unit (`45s`, `90m`, `12h`,
 * `3d`, `2w`).
 * @param value What the user typed.
 * @param flag The flag it came from, named in the error.
 * @returns Seconds.
 * @throws Error naming `flag` when `value` is not a duration.
 */
export function parseDuration(value: string, flag = "duration"): bigint {
  const m = /^(\d+)([smhdw]?)$/.exec(value.trim());
  if (!m) throw new Error(`${flag}: "${value}" is not a duration (e.g. 3600, 90m, 12h, 3d, 2w)`);
  const unit = { "": 1n, s: 1n, m: 60n, h: 3600n, d: 86_400n, w: 604_800n }[m[2] as "" | "s" | "m" | "h" | "d" | "w"];
  return BigInt(m[1]) * unit;
}
