// Keys pressed inside the box that holds this (invisible) view stay there: in command mode
// JupyterLab would take them as notebook shortcuts ("d d" deletes a cell). With Ctrl, Alt or
// Meta, Shift+Enter (run) and Escape they go on to the notebook.
function keep(event) {
  const notebook = event.ctrlKey || event.altKey || event.metaKey || event.key === "Escape"
    || (event.key === "Enter" && event.shiftKey);
  if (!notebook) event.stopPropagation();
}

function render({ model, el }) {
  el.style.display = "none";
  let box = null;
  let frame = 0;
  // the view is drawn before its box puts it on the page: wait until it is there
  const attach = () => {
    box = el.closest(`.${model.get("scope")}`);
    if (box) box.addEventListener("keydown", keep);
    else if (!el.isConnected) frame = requestAnimationFrame(attach);
  };
  attach();
  return () => {
    cancelAnimationFrame(frame);
    if (box) box.removeEventListener("keydown", keep);
  };
}

export default { render };
