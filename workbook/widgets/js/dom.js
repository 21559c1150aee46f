// What the quiz, flashcards and evidence log views share. Each view's script is sent after this
// one as one module (`CommWidget._esm` lists both), so these are plain functions in its scope.

// An element with attributes (on* are listeners, `text` is its text, `html` its HTML) and
// children.
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
function keepKeys(root) {
  root.addEventListener("keydown", (event) => {
    const notebook = event.ctrlKey || event.altKey || event.metaKey || event.key === "Escape"
      || (event.key === "Enter" && event.shiftKey);
    if (!notebook) event.stopPropagation();
  });
}
