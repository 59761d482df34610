// What makes a screen unusable at large text or on a narrow screen (test_layout.py).
// Evaluated in the page, it returns the problems found, each saying where.
() => {
  const problems = [];
  const width = document.documentElement.clientWidth;
  const scrolled = document.documentElement.scrollWidth;
  if (scrolled > width + 1) problems.push(`the document is ${scrolled} px wide on a ${width} px screen`);

  const describe = (el) => {
    const classes = typeof el.className === 'string' && el.className.trim()
      ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
    const text = (el.innerText ?? el.value ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
    return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${classes} "${text}"`;
  };
  // Visually hidden (for screen readers only): clipped to 1 px on purpose.
  const clippedAway = (el) => {
    for (let at = el; at; at = at.parentElement) {
      if (getComputedStyle(at).clipPath === 'inset(50%)') return true;
    }
    return false;
  };
  const shown = (el) => el.getClientRects().length > 0
    && getComputedStyle(el).visibility !== 'hidden' && !clippedAway(el);
  // Their content scrolls inside them (a long value in a text field), or is drawn.
  const replaced = 'input, select, textarea, canvas, img, svg, video, iframe, option';

  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest('svg') && el.tagName.toLowerCase() !== 'svg') continue;
    if (!shown(el)) continue;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    // Fixed elements (the tabs, a toast) never widen the document: check them here.
    if (style.position === 'fixed' && (box.left < -1 || box.right > width + 1)) {
      problems.push(`${describe(el)} is outside the screen `
        + `(${Math.round(box.left)} to ${Math.round(box.right)} px)`);
    }
    if (el.matches(replaced) || style.display === 'inline') continue;
    // Content wider than the element: a child sticking out of it (a table wider than
    // its card, an input wider than its field), or text that does not wrap.
    if (el.scrollWidth > el.clientWidth + 1) {
      const inner = box.right - parseFloat(style.borderRightWidth);
      const out = [...el.children].filter((c) => shown(c) && c.getBoundingClientRect().right > inner + 1);
      const what = out.length ? out.map(describe).join(', ') : 'its text';
      const clips = style.overflowX !== 'visible';
      problems.push(`${what} ${clips ? 'is cut off by' : 'sticks out of'} ${describe(el)} `
        + `(${el.scrollWidth} px in ${el.clientWidth} px)`);
    }
    if (['hidden', 'clip'].includes(style.overflowY) && el.scrollHeight > el.clientHeight + 1) {
      problems.push(`the content of ${describe(el)} is cut off at its bottom `
        + `(${el.scrollHeight} px in ${el.clientHeight} px)`);
    }
  }

  // The tabs: each label whole inside its own tab, and apart from the others.
  const labels = [...document.querySelectorAll('.tabs .nav-link')].filter(shown).map((link) => {
    const range = document.createRange();
    range.selectNodeContents(link);
    return { link, tab: link.getBoundingClientRect(), text: range.getBoundingClientRect() };
  });
  for (const [i, { link, tab, text }] of labels.entries()) {
    if (text.left < tab.left - 1 || text.right > tab.right + 1
        || text.top < tab.top - 1 || text.bottom > tab.bottom + 1) {
      problems.push(`the tab label ${describe(link)} is cut off`);
    }
    // Apart: half a letter's height side by side, a quarter between two rows.
    const em = parseFloat(getComputedStyle(link).fontSize);
    for (const other of labels.slice(i + 1)) {
      const across = Math.max(other.text.left - text.right, text.left - other.text.right);
      const down = Math.max(other.text.top - text.bottom, text.top - other.text.bottom);
      if (across < em / 2 && down < em / 4) {
        problems.push(`the tab labels ${describe(link)} and ${describe(other.link)} run together`);
      }
    }
  }
  return [...new Set(problems)];
}
