// @ts-check
// The quiz widget's view: one model draws every question of a quiz as plain HTML controls.
//
// What the learner does goes to the kernel as a message ({action, question, seq, answer});
// the kernel saves it and answers through the `state` trait (per question: the answer the
// controls hold, checked, attempts, feedback and status HTML). `seq` counts this view's
// messages per question, so a state that answers an older message never undoes a newer
// choice the learner already made.

let views = 0;

/**
 * A question as the kernel sends it (`questions` trait); which fields it has depends on `type`.
 * @typedef {object} Question
 * @property {string} id
 * @property {string} type  single, truefalse, multiple, matching, ordering or scenario
 * @property {string} [stem]
 * @property {number} [points]
 * @property {number} [number]
 * @property {{id: string, text: string}[]} [options]  choices
 * @property {string[]} [items]  matching: the left-hand items
 * @property {string[]} [choices]  matching: what each item can be matched with
 * @property {string[]} [steps]  ordering
 * @property {string} [scenario]
 * @property {Question[]} [parts]  scenario: each part is a choice question
 */
/**
 * A question's controls: `get` and `set` the answer as the kernel saves it.
 * @typedef {object} Control
 * @property {HTMLElement} node
 * @property {() => any} get
 * @property {(answer: any) => void} set
 * @property {(off: boolean) => void} disable
 * @property {() => void} focus
 */
/**
 * @typedef {(q: Question, uid: string, labelledBy: string, onChange: () => void) => Control}
 *   MakeControl
 */

// Radio buttons (one answer) or check boxes (several), named by the question's heading.
/** @type {MakeControl} */
function choices(q, uid, labelledBy, onChange) {
  const multiple = q.type === "multiple";
  const group = h("fieldset", {class: "wb-choices", "aria-labelledby": labelledBy,
                               role: multiple ? "group" : "radiogroup"},
                  h("legend", {class: "wb-hint", text: multiple ? "Choose all that apply." : "Choose one:"}));
  const inputs = (q.options || []).map((option) => {
    const input = h("input", {type: multiple ? "checkbox" : "radio", name: `${uid}-${q.id}`,
                              value: option.id, onchange: onChange});
    group.append(h("label", {class: "wb-option"}, input, h("span", {text: option.text})));
    return input;
  });
  return {
    node: group,
    get: () => multiple ? inputs.filter((i) => i.checked).map((i) => i.value).sort()
                        : inputs.find((i) => i.checked)?.value ?? null,
    set: (answer) => inputs.forEach((i) => {
      i.checked = multiple ? Array.isArray(answer) && answer.includes(i.value) : i.value === answer;
    }),
    disable: (off) => inputs.forEach((i) => { i.disabled = off; }),
    focus: () => (inputs.find((i) => i.checked) || inputs[0]).focus(),
  };
}

// A labelled drop-down for each left-hand item.
/** @type {MakeControl} */
function matching(q, uid, labelledBy, onChange) {
  const group = h("fieldset", {class: "wb-choices", "aria-labelledby": labelledBy},
                  h("legend", {class: "wb-hint", text: "Pick the match for each item."}));
  const selects = (q.items || []).map((item, i) => {
    const id = `${uid}-${q.id}-${i}`;
    const select = h("select", {id, onchange: onChange},
                     h("option", {value: "", text: "Choose…"}),
                     ...(q.choices || []).map((c) => h("option", {value: c, text: c})));
    group.append(h("div", {class: "wb-match"}, h("label", {for: id, text: item}), select));
    return /** @type {[string, HTMLSelectElement]} */ ([item, select]);
  });
  return {
    node: group,
    get: () => Object.fromEntries(selects.filter(([, s]) => s.value).map(([k, s]) => [k, s.value])),
    set: (answer) => selects.forEach(([item, s]) => { s.value = (answer || {})[item] || ""; }),
    disable: (off) => selects.forEach(([, s]) => { s.disabled = off; }),
    focus: () => selects[0][1].focus(),
  };
}

// Numbered rows with Move up / Move down: rows stay, texts move, focus follows the step.
/** @type {MakeControl} */
function ordering(q, uid, labelledBy, onChange) {
  let order = [...(q.steps || [])];
  let off = false;
  const list = h("ol", {class: "wb-order", "aria-labelledby": labelledBy});
  const rows = order.map((_, i) => {
    const text = h("span", {class: "wb-step"});
    const up = h("button", {type: "button", class: "wb-button", text: "Move up",
                            onclick: () => move(i, -1)});
    const down = h("button", {type: "button", class: "wb-button", text: "Move down",
                              onclick: () => move(i, +1)});
    list.append(h("li", {}, text, up, down));
    return {text, up, down};
  });
  const draw = () => rows.forEach((row, i) => {
    row.text.textContent = `${i + 1}. ${order[i]}`;
    row.up.title = `Move step ${i + 1} (${order[i]}) up`;
    row.down.title = `Move step ${i + 1} (${order[i]}) down`;
    row.up.disabled = off || i === 0;
    row.down.disabled = off || i === order.length - 1;
  });
  /** @param {number} i @param {number} offset */
  function move(i, offset) {
    const target = i + offset;
    if (off || target < 0 || target >= order.length) return;
    [order[i], order[target]] = [order[target], order[i]];
    draw();
    const [same, other] = /** @type {["up" | "down", "up" | "down"]} */ (offset < 0 ? ["up", "down"] : ["down", "up"]);
    (rows[target][same].disabled ? rows[target][other] : rows[target][same]).focus();
    onChange();
  }
  draw();
  return {
    node: h("div", {}, h("p", {class: "wb-hint", text: "Put the steps in order: move each one up or down."}), list),
    get: () => [...order],
    set: (answer) => { if (Array.isArray(answer)) { order = [...answer]; draw(); } },
    disable: (value) => { off = value; draw(); },
    focus: () => rows[0].down.focus(),
  };
}

// The case in a box, then each part's stem and choices; the answer is {part id: answer}.
/** @type {MakeControl} */
function scenario(q, uid, labelledBy, onChange) {
  const node = h("div", {}, h("blockquote", {}, h("b", {text: "Scenario. "}), q.scenario));
  const parts = (q.parts || []).map((part, i) => {
    const stemId = `${uid}-${q.id}-${part.id}-stem`;
    node.append(h("p", {id: stemId}, h("b", {text: `Part ${i + 1}. `}), part.stem));
    const control = choices(part, `${uid}-${q.id}`, stemId, onChange);
    node.append(control.node);
    return /** @type {[string, Control]} */ ([part.id, control]);
  });
  return {
    node,
    get: () => Object.fromEntries(parts.map(([id, c]) => [id, c.get()])
      .filter(([, a]) => a !== null && !(Array.isArray(a) && a.length === 0))),
    set: (answer) => parts.forEach(([id, c]) => c.set((answer || {})[id] ?? null)),
    disable: (off) => parts.forEach(([, c]) => c.disable(off)),
    focus: () => parts[0][1].focus(),
  };
}

/** @type {Record<string, MakeControl>} */
const CONTROLS = {single: choices, truefalse: choices, multiple: choices, matching, ordering, scenario};

/** @param {RenderProps} props */
function render({ model, el }) {
  const uid = `wbq${++views}`;
  /** @type {Record<string, number>} */
  const seq = {};
  /** @param {string} action @param {string} qid @param {object} [extra] */
  const send = (action, qid, extra = {}) => {
    seq[qid] = (seq[qid] || 0) + 1;
    model.send({action, question: qid, seq: seq[qid], ...extra});
  };
  const root = h("div", {class: "workbook-quiz"});
  keepKeys(root);
  if (model.get("heading")) root.append(h("h2", {text: model.get("heading")}));
  const intro = h("p", {text: model.get("intro")});
  const notice = h("div");
  const score = h("p", {role: "status", "aria-live": "polite", class: "wb-score"});
  root.append(intro, notice);
  if (!model.get("assessment") || model.get("questions").length > 1) root.append(score);
  const saveAgain = h("button", {type: "button", class: "wb-button", hidden: true,
                                 text: "Try saving again", onclick: () => model.send({action: "save-again"})});
  root.append(saveAgain);

  /** @type {Question[]} */
  const questions = model.get("questions");
  const items = questions.map((q) => {
    const headId = `${uid}-${q.id}-head`;
    const stemId = `${uid}-${q.id}-stem`;
    const points = q.points !== 1 ? ` (${q.points} points)` : "";
    /** @type {Record<string, boolean>} */
    const focusAfter = {};
    const control = CONTROLS[q.type](q, uid, `${headId} ${stemId}`,
                                     () => send("answer", q.id, {answer: control.get()}));
    /** @param {string} text @param {string} action @param {string} [extra] */
    const button = (text, action, extra) => h("button", {type: "button", class: `wb-button ${extra || ""}`,
                                                         text, onclick: () => { focusAfter[action] = true; send(action, q.id); }});
    const check = button("Check answer", "check", "wb-primary");
    const retry = button("Try again", "retry");
    const reveal = button("Show answer", "reveal");
    check.title = "Check your answer and see feedback";
    retry.title = "Change your answer";
    reveal.title = "Show the correct answer and why";
    const status = h("div", {class: "wb-status"});
    const feedback = h("div", {class: "wb-feedback"});
    const heading = h("h3", {id: headId, text: `Question${q.number ? ` ${q.number}` : ""}${points}`});
    const section = h("section", {class: "workbook-question", "aria-labelledby": headId},
                      heading,
                      h("p", {id: stemId, text: q.stem}), control.node,
                      model.get("assessment") ? null : h("div", {class: "wb-buttons"}, check, retry, reveal),
                      status, feedback);
    root.append(section);
    heading.setAttribute("tabindex", "-1");
    return {q, control, check, retry, reveal, status, feedback, focusAfter, section, heading};
  });

  // A long quiz in short sets: only the current set's questions show, under a progress line
  // that stays in view; Previous and Next (at the top and after the set) change the set.
  /** @type {string[][]} */
  const sets = model.get("sets") || [];
  const bar = h("div", {class: "wb-sets-bar", role: "navigation", "aria-label": "Question sets"});
  const progress = h("span", {class: "wb-progress-text", role: "status", "aria-live": "polite"});
  /** @param {number} n */
  const goTo = (n) => {
    model.set("current_set", n);
    model.save_changes();
    drawSet(n);
    const first = items.find((item) => !item.section.hidden);
    if (first) {
      bar.style.transform = "";
      bar.scrollIntoView({block: "start"});
      first.heading.focus({preventScroll: true});
      pin();
    }
  };
  const navButtons = () => {
    const prev = h("button", {type: "button", class: "wb-button", text: "Previous set",
                              onclick: () => goTo(model.get("current_set") - 1)});
    const next = h("button", {type: "button", class: "wb-button wb-primary", text: "Next set",
                              onclick: () => goTo(model.get("current_set") + 1)});
    return {prev, next};
  };
  const top = navButtons();
  const bottom = navButtons();
  const nav = h("div", {class: "wb-sets-nav"}, bottom.prev, bottom.next);
  /** @param {number} n */
  const drawSet = (n) => {
    if (!sets.length) return;
    const shown = new Set(sets[Math.max(0, Math.min(n, sets.length - 1))]);
    for (const item of items) item.section.hidden = !shown.has(item.q.id);
    for (const buttons of [top, bottom]) {
      buttons.prev.disabled = n <= 0;
      buttons.next.disabled = n >= sets.length - 1;
    }
  };
  const drawProgress = () => { progress.textContent = model.get("progress_text"); };
  // The bar stays at the top of the screen while the quiz scrolls past. `position: sticky`
  // alone fails inside an output area that clips its overflow (JupyterLab's and Voilà's do), and
  // `position: fixed` inside their panels (which contain their layout), so the bar is moved
  // down the quiz by as much as the quiz's top has scrolled out of view.
  /** @type {HTMLElement | null} */
  let scroller = null;
  const findScroller = () => {
    for (let el = root.parentElement; el; el = el.parentElement) {
      const overflow = getComputedStyle(el).overflowY;
      if ((overflow === "auto" || overflow === "scroll") && el.scrollHeight > el.clientHeight) return el;
    }
    return null;
  };
  const pin = () => {
    if (!scroller || !scroller.isConnected) scroller = findScroller();
    const viewTop = scroller ? Math.max(0, scroller.getBoundingClientRect().top) : 0;
    bar.style.transform = "";
    const place = bar.getBoundingClientRect().top;
    const bottom = root.getBoundingClientRect().bottom;
    const shift = Math.min(viewTop - place, bottom - 2 * bar.offsetHeight - place);
    bar.classList.toggle("wb-stuck", shift > 0);
    bar.style.transform = shift > 0 ? `translateY(${shift}px)` : "";
  };
  if (sets.length) {
    bar.append(progress, top.prev, top.next);
    root.insertBefore(bar, items[0].section);
    root.append(nav);
    window.addEventListener("scroll", pin, {capture: true, passive: true});
    window.addEventListener("resize", pin);
  }

  const update = () => {
    const state = model.get("state");
    const readOnly = model.get("read_only");
    for (const item of items) {
      const s = state[item.q.id];
      if (!s) continue;
      const current = (s.seq || 0) >= (seq[item.q.id] || 0);  // answers our latest message
      if (current) item.control.set(s.answer);
      item.control.disable(readOnly || s.checked);
      item.check.disabled = readOnly || s.checked;
      item.retry.disabled = readOnly || !s.checked;
      item.reveal.disabled = readOnly || s.attempts === 0;
      setHtml(item.status, s.status);
      setHtml(item.feedback, s.feedback);
      if (!current) continue;
      // keep keyboard focus near a button that has just been disabled
      if (item.focusAfter.check && s.checked) item.retry.focus();
      if (item.focusAfter.retry && !s.checked) item.control.focus();
      item.focusAfter.check = item.focusAfter.retry = false;
    }
    saveAgain.hidden = !Object.values(state).some((s) => s.unsaved);
  };
  const updateText = () => {
    score.replaceChildren(h("b", {text: model.get("score_text")}));
    setHtml(notice, model.get("notice"));
    intro.hidden = !model.get("intro");
  };
  const setChanged = () => drawSet(model.get("current_set"));
  model.on("change:state", update);
  model.on("change:score_text", updateText);
  model.on("change:notice", updateText);
  model.on("change:progress_text", drawProgress);
  model.on("change:current_set", setChanged);
  update();
  updateText();
  drawProgress();
  setChanged();
  el.append(root);
  return () => {
    model.off("change:state", update);
    model.off("change:score_text", updateText);
    model.off("change:notice", updateText);
    model.off("change:progress_text", drawProgress);
    model.off("change:current_set", setChanged);
    window.removeEventListener("scroll", pin, {capture: true});
    window.removeEventListener("resize", pin);
  };
}

export default { render };
