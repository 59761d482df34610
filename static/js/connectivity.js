// The online/offline indicator: quiet when online, a plain note when not.

import { t } from './messages.js';

export function watchConnectivity(indicator) {
  const show = () => {
    const online = navigator.onLine;
    indicator.dataset.state = online ? 'online' : 'offline';
    indicator.textContent = online ? t('status.online') : t('status.offline');
  };
  window.addEventListener('online', show);
  window.addEventListener('offline', show);
  show();
}
