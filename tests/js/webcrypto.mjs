// Node 18 (Debian 12's nodejs) has the Web Crypto API only as a module, not as
// the global the app's modules use, as browsers and Node 20+ provide it.
import { webcrypto } from 'node:crypto';

globalThis.crypto ??= webcrypto;
