// The records last read from the store, kept until the store's revision changes: a
// change of range on Insights, going from Insights to the appointment report, or each
// word typed into History's search reads nothing again (ten thousand records take a
// third of a second to read). A read still under way is shared, not started twice: the
// search starts one when its field is focused, and the first word must not start another.

let lastRead = { store: null, revision: -1, records: null };

/** Every record of `store`, read again only when something changed since the last read. */
export function everyRecord(store) {
  if (lastRead.store !== store || lastRead.revision !== store.revision) {
    const read = { store, revision: store.revision, records: store.all() };
    // A failed read is not kept: the next call tries again.
    read.records.catch(() => {
      if (lastRead === read) lastRead = { store: null, revision: -1, records: null };
    });
    lastRead = read;
  }
  return lastRead.records;
}
