// Small helpers over plain values, written once for every module that reads data from
// files, other devices or the person: own keys, plain objects, text order, times.
// Pure module: no DOM, no storage, runs under `node --test`.

/** Whether `object` has `key` itself (data keys come from files: never trust the chain). */
export const hasOwn = (object, key) => Object.prototype.hasOwnProperty.call(object, key);

/** Set a key even when it is "__proto__": data keys come from files and other devices. */
export function setOwn(object, key, value) {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

/** An object of names and values, as JSON makes them (not an array, a Date or a class). */
export function isPlainObject(value) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Order of two texts by code unit, missing ones as empty: stable, locale-free. */
export function compareText(a, b) {
  const x = a ?? '';
  const y = b ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
}

/** An ISO time, Date or epoch ms as epoch ms; NaN when it is none of those. */
export function toMillis(time) {
  if (time instanceof Date) return time.getTime();
  if (typeof time === 'number') return time;
  if (typeof time === 'string') return Date.parse(time);
  return Number.NaN;
}
