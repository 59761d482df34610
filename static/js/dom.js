// A tiny element builder: no innerHTML anywhere, so nothing a person types can
// become markup, and nothing needs 'unsafe-inline' in the CSP.

/**
 * h('button', {type: 'button', onclick: fn, class: 'big'}, 'Save')
 * Attributes starting with "on" become listeners; `false`/`null` are skipped.
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else if (name === 'dataset') {
      Object.assign(element.dataset, value);
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(element, ...children);
  return element;
}

// What a view passes as children: nodes, text, arrays of them, and null, undefined or
// false for "nothing here" (`ok ? h(...) : null`). The DOM's own append and
// replaceChildren write null as the text "null", so every view adds children through
// these two, and tests/js/dom.test.mjs checks that none calls the DOM's directly.
const present = (children) => children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false);

/** Add children at the end of `parent`, skipping null, undefined and false. */
export function append(parent, ...children) {
  parent.append(...present(children));
}

/** Replace everything inside `parent`, skipping null, undefined and false. */
export function replaceChildren(parent, ...children) {
  parent.replaceChildren(...present(children));
}

// A field's name across a re-render: its id, or for a radio or checkbox its
// group and value.
const fieldKey = (field) => field.id || (field.name ? `${field.name}=${field.value}` : null);

const isChoice = (field) => field.type === 'radio' || field.type === 'checkbox';

function isEdited(field) {
  if (isChoice(field)) return field.checked !== field.defaultChecked;
  if (field.tagName === 'SELECT') return [...field.options].some((o) => o.selected !== o.defaultSelected);
  return field.type !== 'file' && field.value !== field.defaultValue;
}

/**
 * Call before `container` is drawn again; call what it returns after. Whatever
 * the person had typed or chosen and not yet saved, and where their cursor
 * was, is put back into the new fields of the same name: a change saved
 * meanwhile (this screen's own Save, another tab, a sync) never wipes out
 * typing. The old fields are read only after the new ones are in, so
 * keystrokes during the redraw are kept too.
 */
export function keepEdits(container) {
  const fields = new Set(container.querySelectorAll('input, textarea, select'));
  let focused = fields.has(document.activeElement) ? document.activeElement : null;
  // A button just used (Save) keeps the focus too, found again where it was drawn.
  const button = !focused && document.activeElement?.tagName === 'BUTTON' && container.contains(document.activeElement)
    ? { path: pathTo(container, document.activeElement), text: document.activeElement.textContent }
    : null;
  // The person may move into a field while the screen is drawn again (a tap, then typing,
  // before the redraw lands): that field is the one to focus afterwards.
  const track = (event) => { if (fields.has(event.target)) focused = event.target; };
  container.addEventListener('focusin', track);
  return () => {
    if (!focused && button && !container.contains(document.activeElement)) {
      const again = nodeAt(container, button.path);
      if (again?.tagName === 'BUTTON' && again.textContent === button.text) again.focus({ preventScroll: true });
    }
    container.removeEventListener('focusin', track);
    const fresh = new Map();
    for (const field of container.querySelectorAll('input, textarea, select')) {
      const key = fieldKey(field);
      if (key && !fields.has(field)) fresh.set(key, field);
    }
    for (const old of fields) {
      const now = fresh.get(fieldKey(old));
      if (!now || !isEdited(old)) continue;
      if (isChoice(old)) now.checked = old.checked;
      else now.value = old.value;
    }
    const refocus = focused && fresh.get(fieldKey(focused));
    if (refocus && !container.contains(document.activeElement)) {
      refocus.focus({ preventScroll: true });
      if (typeof focused.selectionStart === 'number') {
        refocus.setSelectionRange(focused.selectionStart, focused.selectionEnd, focused.selectionDirection);
      }
    }
  };
}

/** The child indexes from `container` down to `node`. */
function pathTo(container, node) {
  const path = [];
  for (let at = node; at !== container; at = at.parentElement) path.unshift([...at.parentElement.children].indexOf(at));
  return path;
}

function nodeAt(container, path) {
  let at = container;
  for (const index of path) at = at?.children[index];
  return at ?? null;
}

/**
 * After a save: what the fields hold is now what they were drawn with, so a
 * later redraw (an Undo, a sync) shows the record rather than carrying the
 * typed form of a value (say "80.0" for 80) over it.
 */
export function markSaved(form) {
  for (const field of form.querySelectorAll('input, textarea, select')) {
    if (isChoice(field)) field.defaultChecked = field.checked;
    else if (field.tagName === 'SELECT') for (const option of field.options) option.defaultSelected = option.selected;
    else if (field.type !== 'file') field.defaultValue = field.value;
  }
}
