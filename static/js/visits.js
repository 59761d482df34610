// Where the person was on each screen they visited. A screen opened anew (a tab, a link)
// opens at its top, as a page does; Back and Forward return to where they were on it.
// The browser's own restoring is off: it runs before the screen is drawn (a screen is
// drawn after `hashchange`, from storage), so it would land on the wrong place.

const scrolled = new Map(); // visit -> window.scrollY when the person left it
let visit = null;
let count = 0;

/** Take over scroll restoring, and name the visit on view now. */
export function startVisits() {
  if ('scrollRestoration' in history) history.scrollRestoration = 'manual';
  visit = history.state?.visit ?? name();
}

function name() {
  const id = `${Date.now().toString(36)}-${(count += 1)}`;
  history.replaceState({ ...history.state, visit: id }, '');
  return id;
}

/**
 * Call on `hashchange`, before the new screen is drawn: remembers where the person was on
 * the screen they left. Returns what to call once the new one is drawn, which scrolls to
 * its top, or, for a visit the person comes back to, to where they were.
 */
export function changeVisit() {
  if (visit) scrolled.set(visit, window.scrollY);
  const known = history.state?.visit;
  visit = known ?? name();
  const y = (known && scrolled.get(known)) ?? 0;
  return () => window.scrollTo(0, y);
}
