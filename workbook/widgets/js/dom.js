// @ts-check
// What the quiz, flashcards and evidence log views share. Each view's script is sent after this
// one as one module (`CommWidget._esm` lists both), so these are plain functions in its scope.

// The part of anywidget's front end the views use (`make lint` checks them against it): the
// model holds the kernel's traits, `send` sends a custom message, and `widget_manager` (the
// page's ipywidgets manager) draws another model's view, as the evidence log draws its form.
/**
 * @typedef {object} WidgetModel
 * @property {(name: string) => any} get
 * @property {(name: string, value: unknown) => void} set
 * @property {() => void} save_changes
 * @property {(content: object) => void} send
 * @property {(names: string, handler: () => void) => void} on
 * @property {(names: string, handler: () => void) => void} off
 * @property {WidgetManager} widget_manager
 */
/**
 * @typedef {object} WidgetManager
 * @property {(modelId: string) => Promise<unknown>} get_model
 * @property {(model: unknown) => Promise<any>} create_view
 */
/**
 * What anywidget's `render` is given: the model and the element to draw into. It may return a
 * function that undoes what it did (called when the view goes).
 * @typedef {{model: WidgetModel, el: HTMLElement}} RenderProps
 */

// An element with attributes (on* are listeners, `text` is its text, `html` its HTML) and
// children.
/**
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, any>} [attrs]
 * @param {...(Node | string | null | undefined | false)} children
 * @returns {HTMLElementTagNameMap[K]}
 */
function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "text") node.textContent = value;
    else if (key === "html") node.innerHTML = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (value === true) node.setAttribute(key, "");
    else if (value !== false && value != null) node.setAttribute(key, value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

// Replace an element's HTML only when it changed: fewer DOM changes, and screen readers do
// not announce the same feedback twice.
/** @param {HTMLElement} node @param {string} text */
function setHtml(node, text) {
  if (node.dataset.shown !== text) {
    node.innerHTML = text;
    node.dataset.shown = text;
  }
}

// JupyterLab reads keys as they bubble up to the document and, in command mode, acts on the
// notebook: arrows move between cells, Enter starts editing, "d d" deletes a cell. Keys pressed
// inside a view are for its controls, so they stop at `root`; with Ctrl, Alt or Meta,
// Shift+Enter (run) and Escape they go on to the notebook.
/** @param {HTMLElement} root */
function keepKeys(root) {
  root.addEventListener("keydown", (event) => {
    const notebook = event.ctrlKey || event.altKey || event.metaKey || event.key === "Escape"
      || (event.key === "Enter" && event.shiftKey);
    if (!notebook) event.stopPropagation();
  });
}
