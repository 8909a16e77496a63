// The co-editing page: a Tiptap editor bound to a Yjs document, synced with the server
// through our Socket.IO provider and kept offline in IndexedDB. All labels come from the
// page (translated by the server), so this file holds no user-facing text.
import * as Y from "yjs";
import { IndexeddbPersistence } from "y-indexeddb";
import { Editor } from "@tiptap/core";
import StarterKit from "@tiptap/starter-kit";
import Collaboration from "@tiptap/extension-collaboration";
import CollaborationCaret from "@tiptap/extension-collaboration-caret";
import { TableKit } from "@tiptap/extension-table";
import { SocketIOProvider } from "./provider.js";
import { CommentMark } from "./comment-mark.js";
import { settle } from "./offline-copies.js";

function csrfToken() {
  const root = document.querySelector("[data-draft-editor]");
  return root ? root.dataset.csrf : "";
}

function setupStatus(provider, el) {
  const show = (status) => {
    el.dataset.state = status;
    el.textContent = el.dataset[`label${status[0].toUpperCase()}${status.slice(1)}`] || status;
  };
  provider.on("status", show);
  provider.on("error", (err) => {
    el.dataset.state = "error";
    el.textContent = `${el.dataset.labelError || ""} ${err.message || ""}`.trim();
  });
  show(provider.status);
}

// A refused change was taken back: say so where it cannot be missed, until dismissed.
function setupNotice(provider, el) {
  const text = el.querySelector("[data-notice-text]");
  provider.on("refused", (payload) => {
    if (!payload.message) return;
    text.textContent = payload.message;
    el.hidden = false;
  });
  el.querySelector("[data-notice-dismiss]").addEventListener("click", () => {
    el.hidden = true;
  });
}

function setupPresence(provider, el) {
  const render = () => {
    el.replaceChildren();
    for (const [clientId, state] of provider.awareness.getStates()) {
      if (!state.user) continue;
      const chip = document.createElement("span");
      chip.className = "draft-presence-chip";
      chip.style.borderColor = state.user.color;
      chip.textContent = state.user.name;
      if (clientId === provider.doc.clientID) chip.classList.add("is-self");
      el.appendChild(chip);
    }
  };
  provider.awareness.on("change", render);
  render();
}

const COMMANDS = {
  bold: (c) => c.toggleBold(),
  italic: (c) => c.toggleItalic(),
  underline: (c) => c.toggleUnderline(),
  bulletList: (c) => c.toggleBulletList(),
  orderedList: (c) => c.toggleOrderedList(),
  indent: (c) => c.sinkListItem("listItem"),
  outdent: (c) => c.liftListItem("listItem"),
  table: (c) => c.insertTable({ rows: 3, cols: 3, withHeaderRow: true }),
  addRow: (c) => c.addRowAfter(),
  addColumn: (c) => c.addColumnAfter(),
  deleteRow: (c) => c.deleteRow(),
  deleteColumn: (c) => c.deleteColumn(),
  deleteTable: (c) => c.deleteTable(),
  undo: (c) => c.undo(),
  redo: (c) => c.redo(),
};

const TEXT_STYLES = {
  paragraph: (c) => c.setParagraph(),
  h1: (c) => c.setHeading({ level: 1 }),
  h2: (c) => c.setHeading({ level: 2 }),
  h3: (c) => c.setHeading({ level: 3 }),
};

function currentTextStyle(editor) {
  for (const level of [1, 2, 3]) if (editor.isActive("heading", { level })) return `h${level}`;
  return "paragraph";
}

// Pressed states, the text style shown and the context groups (table tools inside a
// table, indent/outdent inside a list) follow the cursor, as in a word processor.
function refreshToolbar(editor, toolbar) {
  for (const button of toolbar.querySelectorAll("[data-mark]")) {
    button.setAttribute("aria-pressed", editor.isActive(button.dataset.mark) ? "true" : "false");
  }
  const select = toolbar.querySelector("[data-style-select]");
  if (select && document.activeElement !== select) select.value = currentTextStyle(editor);
  const inside = {
    table: editor.isActive("table"),
    list: editor.isActive("bulletList") || editor.isActive("orderedList"),
  };
  for (const group of toolbar.querySelectorAll("[data-only-in]")) {
    group.hidden = !inside[group.dataset.onlyIn];
  }
  for (const element of toolbar.querySelectorAll("[data-only-outside]")) {
    element.hidden = inside[element.dataset.onlyOutside];
  }
}

// WAI-ARIA toolbar: one tab stop, arrow keys move between the visible controls.
function setupToolbarKeys(toolbar) {
  const all = () => [...toolbar.querySelectorAll("button, select")];
  const controls = () => all().filter((el) => el.offsetParent !== null);
  const settle = (current) => {
    for (const el of all()) el.tabIndex = el === current ? 0 : -1;
  };
  settle(controls()[0]);
  toolbar.addEventListener("focusin", (event) => settle(event.target));
  toolbar.addEventListener("keydown", (event) => {
    if (!["ArrowLeft", "ArrowRight", "Home", "End"].includes(event.key)) return;
    // In the text-style list, Home/End (and up/down) keep choosing a style.
    if (event.target.tagName === "SELECT" && ["Home", "End"].includes(event.key)) return;
    const list = controls();
    const index = list.indexOf(event.target);
    if (index < 0) return;
    const next =
      event.key === "Home" ? 0 : event.key === "End" ? list.length - 1
        : (index + (event.key === "ArrowRight" ? 1 : -1) + list.length) % list.length;
    event.preventDefault();
    list[next].focus();
  });
}

function setupToolbar(editor, toolbar) {
  toolbar.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-cmd]");
    if (!button) return;
    event.preventDefault();
    const cmd = button.dataset.cmd;
    if (cmd === "link") {
      const href = window.prompt(button.dataset.prompt || "URL", editor.getAttributes("link").href || "https://");
      if (href === null) return;
      const chain = editor.chain().focus().extendMarkRange("link");
      (href ? chain.setLink({ href }) : chain.unsetLink()).run();
      return;
    }
    if (cmd === "comment") {
      addComment(editor, button);
      return;
    }
    const command = COMMANDS[cmd];
    if (command) command(editor.chain().focus()).run();
  });
  const select = toolbar.querySelector("[data-style-select]");
  if (select) {
    select.addEventListener("change", () => {
      const style = TEXT_STYLES[select.value];
      if (style) style(editor.chain().focus()).run();
    });
  }
  const refresh = () => refreshToolbar(editor, toolbar);
  editor.on("selectionUpdate", refresh);
  editor.on("transaction", refresh);
  editor.on("focus", refresh);
  refresh();
  setupToolbarKeys(toolbar);
}

async function addComment(editor, button) {
  const { from, to, empty } = editor.state.selection;
  if (empty) {
    window.alert(button.dataset.needSelection || "");
    return;
  }
  const body = window.prompt(button.dataset.prompt || "");
  if (!body) return;
  const quote = editor.state.doc.textBetween(from, to, " ");
  const response = await fetch(button.dataset.url, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
    body: JSON.stringify({ body, quote }),
  });
  if (!response.ok) {
    window.alert(button.dataset.failed || "");
    return;
  }
  const { id } = await response.json();
  editor.chain().focus().setTextSelection({ from, to }).setMark("comment", { commentId: String(id) }).run();
  document.body.dispatchEvent(new CustomEvent("draft-comments-changed"));
}

function setupCommentLinks(root) {
  document.addEventListener("click", (event) => {
    const link = event.target.closest("[data-show-comment]");
    if (!link) return;
    const span = root.querySelector(`span[data-comment-id="${link.dataset.showComment}"]`);
    if (!span) return;
    span.scrollIntoView({ block: "center", behavior: "smooth" });
    span.classList.add("is-focused");
    setTimeout(() => span.classList.remove("is-focused"), 1500);
  });
}

// Resolved threads keep their anchor but lose the highlight. ProseMirror redraws the
// spans at will, so the rule goes into a style sheet rather than onto the elements.
function setupResolvedStyle() {
  const style = document.createElement("style");
  document.head.appendChild(style);
  const refresh = () => {
    const ids = [...document.querySelectorAll("#draft-comments [data-resolved-id]")].map(
      (el) => el.dataset.resolvedId.replace(/[^0-9]/g, ""),
    );
    style.textContent = ids
      .map((id) => `.draft-comment[data-comment-id="${id}"]{background:none;border-bottom:1px dotted #adb5bd}`)
      .join("\n");
  };
  document.body.addEventListener("htmx:afterSwap", refresh);
  refresh();
}

export function mountDraftEditor(root) {
  const data = root.dataset;
  const readonly = data.readonly === "true";
  const doc = new Y.Doc();
  // The key names this very draft (ids alone repeat after a database is rebuilt), so an
  // old local copy never merges into a different draft.
  const offline = new IndexeddbPersistence(data.storeKey, doc);
  const provider = new SocketIOProvider(window.location.origin, doc, {
    auth: { process_id: Number(data.processId), draft_id: Number(data.draftId) },
  });
  provider.tooLargeMessage = data.tooLarge || "";
  const user = { name: data.userName, color: data.userColor };
  const editor = new Editor({
    element: root.querySelector(".draft-editor-body"),
    editable: !readonly,
    // The typing area is named for screen readers (axe: aria-input-field-name).
    editorProps: {
      attributes: {
        role: "textbox",
        "aria-multiline": "true",
        "aria-label": data.editorLabel || "",
        ...(readonly ? { "aria-readonly": "true" } : {}),
      },
    },
    extensions: [
      StarterKit.configure({ undoRedo: false, link: { openOnClick: false, autolink: true } }),
      TableKit.configure({ table: { resizable: false } }),
      CommentMark,
      Collaboration.configure({ document: doc, field: "default" }),
      CollaborationCaret.configure({ provider, user }),
    ],
  });
  const status = document.getElementById("draft-status");
  if (status) setupStatus(provider, status);
  const notice = document.getElementById("draft-notice");
  if (notice) setupNotice(provider, notice);
  const presence = document.getElementById("draft-presence");
  if (presence) setupPresence(provider, presence);
  const toolbar = root.querySelector(".draft-toolbar");
  if (toolbar && !readonly) setupToolbar(editor, toolbar);
  setupCommentLinks(root);
  setupResolvedStyle();
  const handle = { editor, doc, provider, offline };
  window.draftEditor = handle;
  return handle;
}

// page.js loads this bundle at sign-out when offline copies are kept here.
window.policycycleOfflineCopies = { settle };

function mountAll() {
  for (const root of document.querySelectorAll("[data-draft-editor]")) mountDraftEditor(root);
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mountAll);
else mountAll();
