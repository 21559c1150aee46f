// @ts-check
// The evidence log's view: one model draws the saved evidence, its Edit and Remove buttons and
// the coverage map from the kernel's traits (HTML made in Python). The buttons go to the kernel
// as messages ({action: "new" | "edit" | "remove", item}). The form (an ipywidgets box of
// check boxes and texts) exists only once the learner asks for it: the kernel then sets
// `form_model` to its model, and this view draws it in place as a child view.

// The form's view, drawn into `slot` (as JupyterLab draws a widget: attached, then told so,
// which is when its controls may take focus).
/**
 * @param {WidgetModel} model
 * @param {HTMLElement} slot
 * @returns {Promise<{remove: () => void} | null>} the form's (ipywidgets) view
 */
async function drawForm(model, slot) {
  const ref = model.get("form_model");
  if (!ref) return null;
  const manager = model.widget_manager;
  const view = await manager.create_view(await manager.get_model(ref.replace(/^IPY_MODEL_/, "")));
  slot.replaceChildren(view.el);
  const widget = view.luminoWidget || view.pWidget;
  if (widget) widget.processMessage({type: "after-attach"});
  await Promise.all(view.children_views ? view.children_views.views : []);
  return view;
}

/** @param {RenderProps} props */
function render({ model, el }) {
  const root = h("div", {class: "workbook-evidence"});
  keepKeys(root);  // in the log, its buttons and the form's texts
  const notice = h("div");
  const warnings = h("div");
  /** @type {{remove: () => void} | null} */
  let form = null;
  // the button that opened the form hides: keyboard focus goes on to the form's title
  let focusForm = false;
  /** @param {string} action @param {string} [item] */
  const ask = (action, item) => {
    focusForm = action !== "remove" && !form;
    model.send({action, item});
  };
  const open = h("button", {type: "button", class: "wb-button", text: "Log new evidence",
                            title: "Open the form for a new evidence item",
                            onclick: () => ask("new")});
  const slot = h("div", {class: "wb-form"});
  const message = h("div");
  const listing = h("div", {class: "wb-listing"});
  const coverage = h("div");
  root.append(notice, warnings, open, slot, message, listing, coverage);

  /**
   * @param {{id: string}} row @param {string} action @param {string} text @param {string} title
   * @param {string} [extra]
   */
  const button = (row, action, text, title, extra) => h("button", {
    type: "button", class: `wb-button ${extra || ""}`, text, title, "data-key": `${action}:${row.id}`,
    disabled: model.get("read_only"), onclick: () => ask(action, row.id)});
  const drawRows = () => {
    // a redrawn row keeps keyboard focus on its button ("Remove e1" becomes "Confirm remove e1")
    const active = /** @type {HTMLElement | null} */ (document.activeElement);
    const focused = active && root.contains(active) ? active.dataset.key : null;
    const heading = h("h3", {text: model.get("heading"), tabindex: "-1"});
    /** @type {{id: string, title: string, html: string, edit: string, remove: string, confirm: boolean}[]} */
    const shown = model.get("rows");
    const rows = shown.map((row) => h("div", {class: "wb-row"},
      h("span", {class: "wb-row-text", html: row.html}),
      button(row, "edit", row.edit, `Edit ${row.title}`),
      button(row, "remove", row.remove, `Remove ${row.title}`, row.confirm ? "wb-danger" : "")));
    listing.replaceChildren(heading, ...rows);
    if (focused && focused.includes(":")) {
      const again = /** @type {HTMLElement | null} */ (
        listing.querySelector(`[data-key="${CSS.escape(focused)}"]`));
      (again || heading).focus();
    }
  };
  const draw = () => {
    setHtml(notice, model.get("notice"));
    setHtml(warnings, model.get("warnings"));
    setHtml(message, model.get("message"));
    setHtml(coverage, model.get("coverage"));
    open.hidden = Boolean(model.get("form_model"));
    open.disabled = model.get("read_only");
  };
  const showForm = async () => {
    if (form) form.remove();
    form = await drawForm(model, slot);
    draw();
    const title = /** @type {HTMLInputElement | null} */ (slot.querySelector(".widget-text input"));
    if (focusForm && title) title.focus();
    focusForm = false;
  };
  const events = {"change:notice change:warnings change:message change:coverage": draw,
                  "change:heading change:rows": drawRows, "change:form_model": showForm,
                  "change:read_only": () => { draw(); drawRows(); }};
  Object.entries(events).forEach(([names, handler]) => model.on(names, handler));
  draw();
  drawRows();
  showForm();
  el.append(root);
  return () => {
    Object.entries(events).forEach(([names, handler]) => model.off(names, handler));
    if (form) form.remove();
  };
}

export default { render };
