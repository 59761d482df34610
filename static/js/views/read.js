// The records last read from the store, kept until the store's revision changes: a
// change of range on Insights, or going from Insights to the appointment report, reads
// nothing again (ten thousand records take a third of a second to read).

let lastRead = { store: null, revision: -1, records: null };

/** Every record of `store`, read again only when something changed since the last read. */
export async function everyRecord(store) {
  if (lastRead.store !== store || lastRead.revision !== store.revision) {
    const revision = store.revision;
    lastRead = { store, revision, records: await store.all() };
  }
  return lastRead.records;
}
