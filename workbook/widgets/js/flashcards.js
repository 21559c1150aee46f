// @ts-check
// The flashcards widget's view: one card at a time, turned and moved in the browser (the
// `position` and `back_shown` traits follow); "I know this" / "Not yet" go to the kernel as a
// message, which saves the mark and answers with the `known` trait and a `status`.

/** @param {RenderProps} props */
function render({ model, el }) {
  /** @type {{id: string, front: string, back: string}[]} */
  const cards = model.get("cards");
  const root = h("div", {class: "workbook-flashcards"});
  keepKeys(root);
  const notice = h("div");
  const progress = h("p", {role: "status"});
  const side = h("p", {class: "wb-card-side"});
  const text = h("p", {class: "wb-card-text"});
  const face = h("div", {class: "wb-card", role: "region"}, side, text);
  const status = h("div", {class: "wb-status"});
  /** @param {number} offset */
  const goTo = (offset) => {
    model.set("position", (model.get("position") + offset + cards.length) % cards.length);
    model.set("back_shown", false);
    model.save_changes();
  };
  /** @param {boolean} known */
  const mark = (known) => model.send({action: "mark", known, position: model.get("position")});
  /** @param {string} label @param {string} title @param {() => void} onclick */
  const button = (label, title, onclick) => h("button", {type: "button", class: "wb-button", title, text: label, onclick});
  const markButtons = [button("✔ I know this", "Mark as known", () => mark(true)),
                       button("↻ Not yet", "Mark as not known yet", () => mark(false))];
  const buttons = h("div", {class: "wb-buttons"},
                    button("◀ Previous card", "Previous card", () => goTo(-1)),
                    button("Turn card", "Show the other side", () => {
                      model.set("back_shown", !model.get("back_shown"));
                      model.save_changes();
                    }),
                    ...markButtons,
                    button("Next card ▶", "Next card", () => goTo(+1)));
  root.append(h("h2", {text: model.get("heading")}), notice, progress, face, buttons, status);

  const draw = () => {
    notice.innerHTML = model.get("notice");
    status.innerHTML = model.get("status");
    if (!cards.length) {
      face.replaceChildren(h("p", {text: "This unit has no flashcards yet."}));
      buttons.hidden = true;
      return;
    }
    /** @type {Record<string, boolean>} */
    const known = model.get("known");
    const card = cards[model.get("position")];
    const back = model.get("back_shown");
    const marks = /** @type {Record<string, string>} */ ({true: "✔ known", false: "↻ not yet"});
    const state = marks[String(known[card.id])] || "not marked";
    face.setAttribute("aria-label", `Flashcard ${back ? "back" : "front"}`);
    side.replaceChildren(h("i", {text: back ? "Back" : "Front"}), ` · ${state}`);
    text.textContent = back ? card.back : card.front;
    const done = cards.filter((c) => known[c.id]).length;
    progress.textContent = `Card ${model.get("position") + 1} of ${cards.length} · ${done} known`;
    markButtons.forEach((b) => { b.disabled = model.get("read_only"); });
  };
  const events = ["change:position", "change:back_shown", "change:known", "change:status", "change:notice"];
  events.forEach((e) => model.on(e, draw));
  draw();
  el.append(root);
  return () => events.forEach((e) => model.off(e, draw));
}

export default { render };
