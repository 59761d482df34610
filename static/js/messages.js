// Every string the app shows, in one catalogue (English now; other locales
// later add a catalogue of the same keys). Pure module.

export const en = {
  'nav.label': 'Sections',
  'nav.today': 'Today',
  'nav.settings': 'Settings',
  'status.online': 'Online',
  'status.offline': 'Offline - saved on this device',
  'update.ready': 'A new version is ready',
  'update.reload': 'Reload',
  'today.heading': 'Today',
  'today.checkin': 'Check in',
  'today.energy': 'Energy',
  'today.energyHint': '0 is none at all, 10 is your best',
  'today.energyRequired': 'Choose a number from 0 to 10.',
  'today.save': 'Save',
  'today.cancel': 'Cancel',
  'today.saved': 'Saved.',
  'today.noCheckin': 'No check-in yet today.',
  'today.energyToday': 'Energy today: {energy} of 10',
  'settings.heading': 'Settings',
  'settings.storage': 'Storage on this device',
  'settings.storage.persisted': 'Kept: the browser will not clear Envelope’s data to free space.',
  'settings.storage.notPersisted':
    'Not guaranteed: the browser may clear Envelope’s data when space runs low. Installing the app to the home screen usually helps.',
  'settings.storage.unsupported': 'This browser does not say whether it keeps Envelope’s data.',
  'settings.unsynced': 'Entries not yet synced: {count}',
  'settings.device': 'Device id: {node}',
  'settings.version': 'App version: {version}',
  'error.storage': 'Envelope could not open its storage on this device. Private browsing can cause this.',
  'error.save': 'That could not be saved. Nothing was changed.',
};

let catalogue = en;

export function useCatalogue(messages) {
  catalogue = messages;
}

/** The message for `key`, with {name} placeholders filled from `params`. */
export function t(key, params = {}) {
  const template = catalogue[key] ?? en[key];
  if (template === undefined) throw new Error(`no message ${key}`);
  return template.replace(/\{(\w+)\}/g, (_, name) =>
    name in params ? String(params[name]) : `{${name}}`,
  );
}
