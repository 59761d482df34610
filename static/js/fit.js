// Data tables that do not fit their space (a phone, 200 % text, a 320 px screen) are shown
// stacked: a row at a time, each value after its column's name (app.css `table.stacked`),
// never cut off or scrolled sideways. Whether a table fits is known only once it is laid
// out, so it is measured: when a table appears, a <details> opens, or the window resizes.
// On a wide screen, and on paper, a table stays a table.

const TABLES = 'table.figures, table.ladder';

/**
 * Name each data cell after its column (data-label, shown before its value when stacked),
 * and give the parts their table roles, which a display other than table can take away
 * from a screen reader.
 */
function labelCells(table) {
  if (table.dataset.labelled) return;
  table.dataset.labelled = 'true';
  table.setAttribute('role', 'table');
  for (const group of table.querySelectorAll(':scope > thead, :scope > tbody, :scope > tfoot')) {
    group.setAttribute('role', 'rowgroup');
  }
  const columns = [...(table.tHead?.rows[0]?.cells ?? [])].flatMap((th) =>
    Array(th.colSpan).fill(th.textContent.trim()),
  );
  for (const row of table.rows) {
    row.setAttribute('role', 'row');
    let column = 0;
    for (const cell of row.cells) {
      const header = cell.tagName === 'TH';
      const scope = cell.getAttribute('scope');
      cell.setAttribute('role', header ? (scope === 'row' ? 'rowheader' : 'columnheader') : 'cell');
      if (!header && cell.colSpan === 1 && columns[column] && !cell.dataset.label) {
        cell.dataset.label = columns[column];
      }
      column += cell.colSpan;
    }
  }
}

/** The width of the content box of the table's parent: the room it has. */
function roomFor(table) {
  const parent = table.parentElement;
  const style = getComputedStyle(parent);
  return parent.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
}

// The room each table was last measured in: laying a long table out again costs, so it
// is measured only when new, newly shown, or given another width.
const measuredIn = new WeakMap();

/** Stack the tables under `root` that do not fit, and unstack those that now do. */
export function fitTables(root = document) {
  for (const table of root.querySelectorAll(TABLES)) {
    labelCells(table);
    if (!table.offsetParent) continue; // not shown (a closed <details>): measured on opening
    const room = roomFor(table);
    if (measuredIn.get(table) === room) continue;
    measuredIn.set(table, room);
    table.classList.remove('stacked');
    table.classList.toggle('stacked', table.offsetWidth > room + 1);
  }
}

/** Keep every table in `root` fitted from now on. */
export function watchTableFit(root = document.body) {
  let queued = false;
  const soon = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      fitTables(root);
    });
  };
  new MutationObserver((changes) => {
    if (changes.some((change) => [...change.addedNodes].some((node) => node.nodeType === 1))) soon();
  }).observe(root, { childList: true, subtree: true });
  root.addEventListener('toggle', soon, true); // toggle does not bubble: caught on its way down
  window.addEventListener('resize', soon);
  fitTables(root);
}
