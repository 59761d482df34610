// Settings: what the device keeps and how. The diary issue adds the settings record.

import { h, replaceChildren } from '../dom.js';
import { t } from '../messages.js';

const STORAGE_MESSAGES = {
  persisted: 'settings.storage.persisted',
  'not-persisted': 'settings.storage.notPersisted',
  unsupported: 'settings.storage.unsupported',
};

export async function renderSettings(container, { store, persistence, version }) {
  const unsynced = await store.outboxCount();
  replaceChildren(
    container,
    h('h1', {}, t('settings.heading')),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'storage-heading' },
      h('h2', { id: 'storage-heading' }, t('settings.storage')),
      h('p', { id: 'storage-state', dataset: { state: persistence } }, t(STORAGE_MESSAGES[persistence])),
      h('p', {}, t('settings.unsynced', { count: unsynced })),
    ),
    h(
      'section',
      { class: 'card quiet' },
      h('p', {}, t('settings.version', { version })),
      h('p', {}, t('settings.device', { node: store.nodeId })),
    ),
  );
}
