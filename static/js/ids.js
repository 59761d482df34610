// Client-generated ids, so a retried create can never make a second record.
// Pure module: uses only the Web Crypto API, present in browsers and Node 20.

/** Ids the app accepts wherever it reads one (server, import): 1-64 of A-Za-z0-9_- */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export function isRecordId(id) {
  return typeof id === 'string' && ID_PATTERN.test(id);
}

function hex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A UUIDv7 (RFC 9562): 48-bit ms timestamp, version 7, variant 10, random rest. */
export function uuidv7(millis = Date.now(), random = (n) => crypto.getRandomValues(new Uint8Array(n))) {
  const bytes = random(16);
  let time = Math.floor(millis);
  for (let i = 5; i >= 0; i -= 1) {
    bytes[i] = time % 256;
    time = Math.floor(time / 256);
  }
  bytes[6] = 0x70 | (bytes[6] & 0x0f);
  bytes[8] = 0x80 | (bytes[8] & 0x3f);
  const h = hex(bytes);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** A device's node id for its HLC stamps: 16 random lower-case hex digits, made once. */
export function newNodeId(random = (n) => crypto.getRandomValues(new Uint8Array(n))) {
  return hex(random(8));
}
