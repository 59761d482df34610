// Ask the browser to keep Envelope's data (it may otherwise clear it when space
// runs low, or, in Safari, after 7 days without use of a non-installed app).

/** @returns {Promise<'persisted'|'not-persisted'|'unsupported'>} */
export async function requestPersistence() {
  if (!navigator.storage?.persist) return 'unsupported';
  try {
    if (await navigator.storage.persisted()) return 'persisted';
    return (await navigator.storage.persist()) ? 'persisted' : 'not-persisted';
  } catch {
    return 'unsupported';
  }
}
