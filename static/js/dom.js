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
  element.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return element;
}

/** Replace everything inside `parent`. */
export function replaceChildren(parent, ...children) {
  parent.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined));
}
