// @ts-check
// The course home (home.py): the kernel sends the whole home as HTML and this view shows it.
// Drawn here rather than as an HTML output, whose links the page would open in new tabs: a
// learner moves between pages in one tab, and Back brings them home.
/** @param {RenderProps} props */
function render({ model, el }) {
  const root = h("div", { class: "workbook-home" });
  const draw = () => setHtml(root, model.get("html"));
  model.on("change:html", draw);
  draw();
  el.append(root);
  return () => model.off("change:html", draw);
}

export default { render };
