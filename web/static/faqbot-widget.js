/*
 * faqbot chat widget. Plain JavaScript, no build step, one custom element with an open shadow root.
 *
 * Embed on any page with one script tag and one element:
 *
 *   <script src="https://bot.example/static/faqbot-widget.js" defer></script>
 *   <faqbot-chat api="https://bot.example"></faqbot-chat>
 *
 * Attributes
 *   api          base URL of the bot ("" or absent: the page's own origin)
 *   disclaimer   the line under the conversation (default: none)
 *   greeting     the first message when the conversation is empty (default: a neutral "Hi! ...")
 *   heading      the panel's title and the launcher's label (default "Ask a question")
 *   placeholder  the input's placeholder
 *   position     the corner: "right" (bottom-right, the default) or "left" (bottom-left; everything mirrored there)
 *   starters     how many starter questions to offer (default 4; 0 for none)
 *
 * Theming: set custom properties on the element from the page's CSS, e.g.
 *   faqbot-chat { --faqbot-accent: #7a1f5c; --faqbot-font: Georgia, serif; }
 * (full list at the top of faqbot-widget.css).
 *
 * Styles come from faqbot-widget.css next to this script, loaded with <link rel="stylesheet"> inside the
 * shadow root, so the widget needs no inline script or style: a host page's CSP only has to allow the
 * bot's origin in script-src, style-src and connect-src.
 *
 * Under a no-answer the widget offers the closest topics ("Did you mean:"); under an answer, up to
 * RELATED_MAX runners-up with a confidence of at least RELATED_MIN ("Related:"); under "help" and the
 * like, the topics the server suggests ("Topics:").
 *
 * While an answer is on its way, the chips are marked aria-disabled (dimmed) and ignore clicks, Enter sends nothing
 * (typed text stays in the input, and the composer says "Not sent yet: ..." until the answer comes), and Send becomes a Stop button ("Stop waiting for the answer"): it drops the
 * request, and the question gets a reply saying it was stopped, with "Try again" (once the server's reply has begun to
 * come in, Stop leaves it be: the answer shows). Any press on it stops, however soon,
 * but the second click of a double click (or tap) whose first one, on Send, sent the question (the browser counts it:
 * event.detail 2) and a held Enter key's repeats. "Start over" drops the pending request too: its reply never reaches
 * the new conversation. "Start over" can be undone (a tap by mistake, beside "Close chat" on a phone): the greeting of
 * the new conversation ends with "Undo" until a question is asked.
 *
 * A tap (touch or pen) that opens the panel, asks a chip's question, tries again, starts over or undoes it does not move
 * focus to the box, which would raise the on-screen keyboard over what comes next (see _focusAfter); a click or a key
 * does.
 *
 * The open panel fits what shows of the page above a phone's (or a tablet's) on-screen keyboard: the keyboard shrinks the
 * visual viewport only, and the panel, fixed in the layout viewport, had its question box under it (see _fitViewport).
 *
 * On a small screen (or a zoomed one) the open panel covers the page, so Tab and Shift+Tab go round inside it
 * (aria-modal), Escape closes it from anywhere on the page, and the mouse wheel over it scrolls the conversation (or the
 * box) only, never the page hidden behind it (see _wheel).
 *
 * A question that failed (no network, a timeout, the server or a proxy in trouble) gets an error that says so
 * and, while it is the latest reply, a "Try again" button that sends the same question again: on a phone with
 * a bad connection the visitor need not type it twice. The new reply takes the failed one's place (the question stays
 * once in the conversation, however many tries it took); so does the reply to the same question typed (or chosen)
 * again right after it failed, a retry too. Every question carries a random Idempotency-Key and a retry the same one:
 * a question whose first request did reach the server, and only its answer was lost, is counted once in the question
 * log. After a rate limit (429) with a Retry-After, the reply says the wait once, as a countdown ("You can try again in
 * N minutes."): until it has passed, "Try again", Send and the chips are unavailable (aria-disabled: dimmed, still
 * focusable) and nothing is sent; a question sent anyway (Enter, Send, a chip) stays in the box, and the composer says
 * "Not sent: questions from your connection can be sent again in N minutes." (announced once, then counted down in
 * place). The wait outlasts "Start over" (the server counts the address, not the conversation): the new conversation's
 * composer says it at once ("Too many questions were asked from your connection just now: you can ask again in N
 * minutes."). The limit is per address, often shared (a clinic's Wi-Fi, a mobile carrier): no text blames the visitor. Then "You can try again now." is added (to a 429's reply)
 * and sending works again. A vote refused by its own rate limit (/api/feedback's 429) says its Retry-After in the same
 * way, counting down in the answer's feedback status; every answer's thumbs hold votes back until it has passed (across
 * a reload too), then "You can vote again now.". Offline (navigator.onLine false) a
 * question is not sent: it fails at once; the `offline` event ends the wait for an answer on its way at once too (not
 * at the timeout). The `online` event adds "You're back online." beside such an error's "Try again" (no resend
 * without the visitor's tap: the question may no longer be what they want to ask).
 *
 * A reply that comes while the panel is closed (the visitor closed it while waiting) is announced ("The assistant has
 * replied: open the chat to read it."), the launcher shows a dot and is named "... (new reply)" until the panel opens,
 * and the panel opens on that reply's start, as it would have shown had it stayed open.
 *
 * A screen reader hears the conversation one short line at a time, from a live region of its own (the conversation's log
 * is not one): "The assistant is typing…" when a question is sent, then the reply's own text ("Assistant: ..."), not its
 * "Read more", source link, chips and thumbs, which the visitor reaches by reading on; "Read more" says nothing (the
 * log said the whole section as it showed), nor does the visitor's own question. The line is cleared after SAID_MS, so
 * that reading the panel through does not meet it a second time beside the reply.
 *
 * The conversation is kept in sessionStorage: a reload, or another page of the site, goes on with it, with what was typed
 * in the box and not sent (see _saveDraft) and, after "Start over", the conversation its Undo brings back (see
 * _saveCleared); so does a page the
 * browser brings back from its back/forward cache (see _restore), and a copy of the widget (the same bot: see
 * identityOf) in the page's other layout, shown as the window is resized across its breakpoint or by a script (see
 * arrange).
 *
 * The question box is a textarea that grows with the question to a few lines (see _fitBox): Enter sends it, Shift+Enter
 * makes a new line. Widgets in the same corner (two bots on one page) stack there, each panel above them all (see
 * restack).
 *
 * Everything from the server or the visitor goes into the DOM with textContent, never as HTML.
 */
(() => {
  "use strict";
  if (!window.customElements || customElements.get("faqbot-chat")) return;

  const SCRIPT_SRC = document.currentScript && document.currentScript.src;
  // Neutral defaults: the widget can sit on any site; a site passes its own texts as attributes.
  const DEFAULT_HEADING = "Ask a question";
  const DEFAULT_GREETING = "Hi! What would you like to know? Ask me a question.";
  // The panel covers the screen below this width or height (a phone held either way; the same
  // breakpoints as faqbot-widget.css).
  const COVERS_SCREEN = "(max-width: 480px), (max-height: 480px)";
  const HISTORY_SENT = 5; // earlier questions sent with a follow-up, newest last
  const RELATED_MIN = 0.5; // a suggestion under an answer this confident is offered as "Related:"
  const RELATED_MAX = 2;
  const MAX_STORED = 80; // messages kept in sessionStorage
  const TIMEOUT_MS = 15000;
  const MAX_BODY = 16 * 1024; // the largest request body the server takes (web/app.py's MAX_BODY_BYTES)
  const STYLESHEET_RETRY_MS = [2000, 8000]; // the stylesheet asked for again after a failure (see _build)
  const SAID_MS = 7000; // how long the announcer keeps its line (see _say)
  const TYPING = "The assistant is typing…";
  const INTERRUPTED = "This question was interrupted before its answer came: please ask it again.";
  const STOPPED = "You stopped waiting for this answer.";
  const OFFLINE = "You seem to be offline. Check your connection, then try again.";
  const LOST = "Your connection was lost before the answer came. Check it, then try again.";
  const BACK_ONLINE = "You're back online.";
  const EMPTY = "Type your question first.";
  const NOT_YET = "Not sent yet: wait for the answer on its way, then send it.";
  // A rate limit (429) counts the address, often shared (a clinic's Wi-Fi, a mobile carrier): said without blaming the
  // visitor, whose own questions may not be the ones that reached it.
  const RATE_LIMITED = "Too many questions were asked from your connection just now.";
  const VOTE_LIMITED = "Your feedback wasn't sent: too many votes came from your connection just now.";
  const SVG_NS = "http://www.w3.org/2000/svg";
  const ICONS = {
    chat: "M20 2H4c-1.1 0-2 .9-2 2v18l4-4h14c1.1 0 2-.9 2-2V4c0-1.1-.9-2-2-2z",
    close: "M19 6.41 17.59 5 12 10.59 6.41 5 5 6.41 10.59 12 5 17.59 6.41 19 12 13.41 17.59 19 19 17.59 13.41 12z",
    send: "M2.01 21 23 12 2.01 3 2 10l15 2-15 2z",
    stop: "M6 6h12v12H6z",
    restart: "M17.65 6.35A7.96 7.96 0 0 0 12 4a8 8 0 1 0 7.75 10h-2.08A6 6 0 1 1 12 6c1.66 0 3.14.69 4.22 1.78L13 11h7V4l-2.35 2.35z",
    up: "M1 21h4V9H1v12zm22-11c0-1.1-.9-2-2-2h-6.31l.95-4.57.03-.32c0-.41-.17-.79-.44-1.06L14.17 1 7.59 7.59C7.22 7.95 7 8.45 7 9v10c0 1.1.9 2 2 2h9c.83 0 1.54-.5 1.84-1.22l3.02-7.05c.09-.23.14-.47.14-.73v-2z",
    down: "M15 3H6c-.83 0-1.54.5-1.84 1.22l-3.02 7.05c-.09.23-.14.47-.14.73v2c0 1.1.9 2 2 2h6.31l-.95 4.57-.03.32c0 .41.17.79.44 1.06L9.83 23l6.59-6.59c.36-.36.58-.86.58-1.41V5c0-1.1-.9-2-2-2zm4 0v12h4V3h-4z",
  };

  /** The page's language ("" when it names none): the language of the site's, the knowledge base's and the visitor's texts. */
  function pageLang() {
    return document.documentElement.getAttribute("lang") || "";
  }

  /**
   * An element with attributes and children; strings become text nodes (never HTML). One with dir="auto" holds a text of
   * the site, the knowledge base or the visitor: it is in the page's language (lang), where the widget's own words are
   * English (its root's lang="en"), so that a screen reader reads each in its own language's voice.
   */
  function h(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "text") node.textContent = value;
      else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? "" : String(value));
    }
    if (attrs && attrs.dir === "auto" && !("lang" in attrs)) node.setAttribute("lang", pageLang());
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  function icon(name) {
    const svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    svg.setAttribute("class", "icon");
    const path = document.createElementNS(SVG_NS, "path");
    path.setAttribute("d", ICONS[name]);
    svg.append(path);
    return svg;
  }

  /**
   * Text as the server structured it (answer_blocks / full_answer_blocks): paragraphs, lists and
   * tables. Text only (textContent); an answer without blocks shows as one paragraph.
   */
  function renderBlocks(blocks, text) {
    const frag = document.createDocumentFragment();
    if (!Array.isArray(blocks)) {
      if (text) frag.append(h("p", { dir: "auto", text: String(text) }));
      return frag;
    }
    for (const b of blocks) {
      if (b.kind === "ul") {
        // (The list takes its direction from its text, the first item's first letters: an item with its own would hide
        // its text from the list's.)
        frag.append(h("ul", { dir: "auto" }, ...(b.items || []).map((item) => h("li", { text: item }))));
      } else if (b.kind === "table" && Array.isArray(b.rows) && b.rows.length) {
        const head = h("tr", {}, ...b.rows[0].map((cell) => h("th", { scope: "col", dir: "auto", text: cell[0] })));
        const body = b.rows.map((row) => h("tr", {}, ...row.map((cell) => h("td", { dir: "auto", text: cell[1] }))));
        // Words stay whole in a table (a price split as "£25" over "0" misreads): one wider than the bubble
        // scrolls sideways in its own box. The table takes keyboard focus, so arrow keys scroll its box; the box is
        // no landmark (a region named "Table" was heard as "Table region, table", each one a stop among landmarks).
        frag.append(h("div", { class: "table-scroll" },
          h("table", { tabindex: "0" }, h("thead", {}, head), h("tbody", {}, ...body))));
      } else {
        frag.append(h("p", { dir: "auto", text: b.text || "" }));
      }
    }
    return frag;
  }

  /**
   * A random id for one question, sent as its Idempotency-Key: "Try again" sends the same one, so a question whose
   * first answer was lost on the way back is logged once. (getRandomValues: randomUUID needs https.)
   */
  function newKey() {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  /** A widget element's api attribute as a base URL ("" for the page's own origin). */
  function apiBaseOf(el) {
    return (el.getAttribute("api") || "").trim().replace(/\/+$/, "");
  }

  /**
   * A widget element's attributes, sorted, as one string (its api as a base URL: "https://bot.example/" is
   * "https://bot.example"): two widgets alike in it look and behave alike.
   */
  function attributesOf(el) {
    return JSON.stringify([...el.attributes].map((a) => [a.name, a.name === "api" ? apiBaseOf(el) : a.value]).sort());
  }

  /**
   * What makes two widgets of a page one chat (see arrange): the same bot (api, as a base URL) under the same name,
   * saying the same (heading, greeting, disclaimer; empty is the default). The rest may differ between a page's
   * layouts: the corner (position), style and theme, stylesheet, placeholder, starters, maxlength, an id or class, any
   * other attribute. Before, every attribute had to be the same: a phone layout's copy in the other corner, or with
   * an id of its own, was a chat of its own, and the conversation was lost at the breakpoint.
   */
  function identityOf(el) {
    return JSON.stringify(["api", "heading", "greeting", "disclaimer"].map(
      (name) => (name === "api" ? apiBaseOf(el) : (el.getAttribute(name) || "").trim())));
  }

  /** Whether an element is in the page's layout: no display: none on it or above it. */
  function laidOut(el) {
    return el.checkVisibility ? el.checkVisibility() : el.getClientRects().length > 0;
  }

  /** A widget element's corner: its side and its --faqbot-offset (as the page sets it; "" for the default). */
  function cornerOf(el) {
    const side = (el.getAttribute("position") || "").toLowerCase() === "left" ? "left" : "right";
    return `${side} ${getComputedStyle(el).getPropertyValue("--faqbot-offset").trim()}`;
  }

  /** The page's widgets that are built (not a duplicate left out), in the page's order. */
  function builtWidgets() {
    return [...document.querySelectorAll("faqbot-chat")].filter((el) => el._root && !el._duplicateOf);
  }

  /** The widgets showing on the page (built, in the page's layout, not a copy asleep: see arrange), in order. */
  function shownWidgets() {
    return builtWidgets().filter((el) => !el._dormant && laidOut(el));
  }

  // What a copy put to sleep while it was in use leaves to the copy shown in its place, by conversation (storage key):
  // the question whose answer was on its way, what was typed in the box, and whether focus was in the chat.
  const handovers = new Map();

  /**
   * One bot embedded twice (the same bot: see identityOf), for a page's two layouts (a copy in a desktop-only
   * container and one in a phone-only one, each hidden by the page's media queries or by a script) is one chat: the
   * copies keep one conversation (one storage key: see connectedCallback) and one of them in the page's layout is
   * awake, the others asleep (see _sleep and _wake): the one awake while it stays in the layout, else the first.
   * Before, each copy had its own conversation, and a window resized (or a phone turned) across the page's
   * breakpoint showed the other one's, empty. Then the corners' stacks are made again (see restack).
   */
  function arrange() {
    const widgets = builtWidgets();
    const copies = new Map();
    for (const el of widgets) copies.set(el.storageKey, (copies.get(el.storageKey) || 0) + 1);
    const awake = new Set();
    const taken = new Set();
    // (A widget alone with its conversation stays as it is, shown or hidden by the page.)
    for (const el of widgets) if (copies.get(el.storageKey) < 2) awake.add(el);
    // A copy shown by a script beside the one in use (before that one is hidden) does not take the chat from it.
    for (const keepAwake of [true, false]) {
      for (const el of widgets) {
        if (awake.has(el) || taken.has(el.storageKey) || !laidOut(el) || (keepAwake && el._dormant)) continue;
        taken.add(el.storageKey);
        awake.add(el);
      }
    }
    for (const el of widgets) if (!awake.has(el) && !el._dormant) el._sleep();
    for (const el of widgets) if (awake.has(el) && el._dormant) el._wake();
    restack();
  }

  /**
   * Widgets in one corner (two bots, or one bot's two widgets with a heading each, both bottom-right) stack there, the
   * first in the page's order at the bottom: each one's launcher above the one before, and every panel above them all.
   * Before, the launchers lay one over the other and only the top one could be reached. Run again as widgets come, go,
   * or show and hide with the page's layout (see `layout`).
   */
  function restack() {
    const corners = new Map();
    for (const el of shownWidgets()) {
      const corner = cornerOf(el);
      if (!corners.has(corner)) corners.set(corner, []);
      corners.get(corner).push(el);
    }
    for (const widgets of corners.values()) widgets.forEach((el, i) => el._stackAt(i, widgets.length));
  }

  // A widget shown or hidden by the page's layout (display: none on it or a container, as a media query or a script
  // does) changes size, to or from nothing: arranged again. The element itself has no size while its copy is asleep:
  // its presence (see _build), a pixel out of sight, is observed too. Before, a copy a script showed after hiding
  // the one in use stayed asleep (nothing at all shown) until the window's next resize. And at each resize of the
  // window, which crosses the page's breakpoints: a widget's size does not always change there.
  const layout = window.ResizeObserver ? new ResizeObserver(() => arrange()) : null;
  window.addEventListener("resize", () => arrange());

  let uid = 0;

  class FaqbotChat extends HTMLElement {
    static get observedAttributes() {
      return ["disclaimer", "greeting", "heading", "placeholder"];
    }

    constructor() {
      super();
      this.attachShadow({ mode: "open" });
      this._state = { v: 1, open: false, messages: [], waitUntil: 0, voteUntil: 0 };
      this._busy = false;
      this._pending = null; // the AbortController of the question on its way
      this._clicked = false; // Send clicked or tapped itself (see _submit)
      this._sentByClick = false; // a click or tap on Send sent the pending question: its double click's 2nd is no Stop
      this._keyRepeat = false; // the latest key down on Send is a held key's repeat
      this._boxRepeat = false; // the latest key down in the box is a held key's repeat
      this._unseen = null; // the first reply that came while the panel was closed
      this._conversation = 0; // bumped by "Start over": a reply for an older conversation is dropped
      this._cleared = null; // the messages "Start over" cleared, until Undo brings them back or a question is asked
      this._starters = null; // the suggested questions (see _loadStarters): null until loaded (or while they cannot be)
      this._startersTimer = 0; // asks for them again after a failure (see _loadStarters)
      this._startersDelay = 0;
      this._id = `fq${++uid}`;
      this._slot = 0;
      this._onKey = (e) => this._pageKey(e);
      // While the panel covers the screen (see _holdPage): the wheel and a finger's drag, wherever they start.
      this._onScroll = (e) => this._wheel(e);
      this._onTouchStart = (e) => {
        const t = e.touches[0];
        this._touchAt = t ? { x: t.clientX, y: t.clientY } : null;
      };
      this._touchAt = null; // where the latest touch began
      this._holding = false;
      // Back (or forward) to this page from the browser's back/forward cache: see _restore.
      this._onPageShow = (e) => e.persisted && !this._dormant && this._restore();
      this._onOnline = () => {
        this._showOnline();
        if (navigator.onLine !== false && this._state.open) this._loadStarters(); // (if they failed offline)
      };
      this._waitTimer = 0; // ends a rate limit's wait (see _showHeld)
      this._saidTimer = 0; // clears the announcer (see _say)
      this._pointer = ""; // the pointerType of the latest press in the widget (see _tapped)
      this._onViewport = () => this._fitViewport(); // the visual viewport resized or scrolled (see _fitViewport)
    }

    /* ---- configuration ------------------------------------------------------------ */

    get apiBase() {
      return apiBaseOf(this);
    }

    get storageKey() {
      // A second widget of the same bot on the page keeps its own conversation: with one key, each one's save
      // overwrote the other's, and a reload lost the first one's conversation. (A copy of the same chat, see identityOf,
      // for another layout of the page, keeps the same one: see arrange.)
      return `faqbot-chat:${this.apiBase || location.origin}${this._slot ? `#${this._slot + 1}` : ""}`;
    }

    /**
     * The key of what is kept beside the conversation: "draft" (see _saveDraft) or "undo" (see _saveCleared). Not under
     * "faqbot-chat:", the conversation's own prefix, which a script may read its conversations by.
     */
    _storageKeyOf(what) {
      return this.storageKey.replace(/^faqbot-chat:/, `faqbot-chat-${what}:`);
    }

    apiUrl(path) {
      return `${this.apiBase}${path}`;
    }

    /**
     * An absolute http(s) URL for a server-given path like /kb/doc#anchor, on the bot's own site, or null. (The origin is
     * checked, not only "//": the URL parser reads "/\host" and "/<tab>/host" as "//host", another site.)
     */
    pageUrl(path) {
      if (typeof path !== "string" || !path.startsWith("/") || path.startsWith("//")) return null;
      try {
        const url = new URL(this.apiBase + path, location.href);
        const bot = new URL(this.apiBase || "/", location.href);
        return (url.protocol === "http:" || url.protocol === "https:") && url.origin === bot.origin ? url.href : null;
      } catch (e) {
        return null;
      }
    }

    stylesheetUrl() {
      if (this.getAttribute("stylesheet")) return this.getAttribute("stylesheet");
      if (SCRIPT_SRC) return new URL("faqbot-widget.css", SCRIPT_SRC).href;
      return this.apiUrl("/static/faqbot-widget.css");
    }

    /* ---- lifecycle ------------------------------------------------------------------ */

    connectedCallback() {
      // The embed pasted twice (a header's template and a footer's, say): one shown on the page with the same
      // attributes as another (so in the same corner, with the same texts) stays empty, and the console says so. Both
      // showing, one launcher lay over the other, both in the Tab order and said twice, and the one on top kept its
      // conversation under a key of its own, lost on the site's other pages. It takes over if that one goes.
      const twin = this._twin();
      if (twin) {
        if (!this._duplicateOf) {
          console.warn("faqbot-chat: this page has the widget twice, with the same attributes: the second is left out. " +
            "Keep one <faqbot-chat> (two chats of one bot need a different heading each).");
        }
        this._duplicateOf = twin;
        return;
      }
      this._duplicateOf = null;
      this._home = this.getRootNode(); // (where its duplicates are: removed, its own root is itself)
      // On the document, not the panel: focus can be on the page behind the open panel (after a reload,
      // or a tap on the strip of page around it) and Tab must still land inside the panel.
      document.addEventListener("keydown", this._onKey);
      window.addEventListener("online", this._onOnline);
      window.addEventListener("offline", this._onOnline);
      window.addEventListener("pageshow", this._onPageShow);
      if (layout) layout.observe(this);
      if (this._root) {
        if (layout) layout.observe(this._presence);
        arrange();
        return;
      }
      // This widget's place among the page's widgets of the same bot (0 for the first, as on every page that
      // has one): its conversation's key. Read from the attributes: later widgets are not upgraded yet. Widgets of
      // one chat (see identityOf) share one place (a duplicate left out, or a copy for another layout of the page: see
      // arrange): the slots are those of a page with the widget once.
      const same = [...this.getRootNode().querySelectorAll("faqbot-chat")]
        .filter((el) => apiBaseOf(el) === this.apiBase);
      const kinds = [...new Set(same.slice(0, Math.max(0, same.indexOf(this))).map(identityOf))];
      const mine = kinds.indexOf(identityOf(this));
      this._slot = mine >= 0 ? mine : kinds.length;
      this._load();
      this._build();
      this._showDraft();
      if (layout) layout.observe(this._presence);
      for (const message of this._state.messages) this._renderMessage(message, false);
      this._pruneRetry();
      this._showHeld();
      this._renderIntro();
      arrange();
      if (this._state.open && !this._dormant) this.open(false);
    }

    disconnectedCallback() {
      if (this._duplicateOf) return;
      document.removeEventListener("keydown", this._onKey);
      this._holdPage(false);
      this._watchViewport(false);
      window.removeEventListener("online", this._onOnline);
      window.removeEventListener("offline", this._onOnline);
      window.removeEventListener("pageshow", this._onPageShow);
      if (layout) {
        layout.unobserve(this);
        layout.unobserve(this._presence);
      }
      // A duplicate of this one left out (see connectedCallback) shows in its place.
      const heir = [...this._home.querySelectorAll("faqbot-chat")].find((el) => el._duplicateOf === this);
      if (heir && !this.isConnected) heir.connectedCallback(); // (not when it was only moved on the page)
      arrange(); // (a copy of it takes over; the widgets above it in its corner come down)
    }

    /**
     * Put to sleep (see arrange): another copy of this chat is shown in its place. Its own view stays as it was, out of
     * sight, and saves nothing (the copy awake keeps the conversation); an answer on its way is dropped here and asked
     * for again by the copy awake, with the same Idempotency-Key (logged once), which also gets what was typed.
     */
    _sleep() {
      this._dormant = true;
      this._root.classList.add("dormant");
      // (Hidden by the page's layout, it lost focus to the page already: see _build.)
      const focused = !!this.shadowRoot.activeElement || (this._hiddenWithFocus && document.activeElement === document.body);
      const handover = { asked: !!this._pending, typed: this._input.value, focused };
      if (handover.asked || handover.typed.trim() || handover.focused) handovers.set(this.storageKey, handover);
      if (this._pending) {
        this._conversation++; // (its reply, if it still comes, is dropped)
        this._pending.abort();
        this._pending = null;
        this._setBusy(false);
      }
    }

    /** Woken (see arrange): shown in another copy's place, it takes up the conversation as that copy left it. */
    _wake() {
      this._dormant = false;
      this._root.classList.remove("dormant");
      this._restore(); // the conversation as sessionStorage has it now (the question on its way: interrupted)
      const handover = handovers.get(this.storageKey);
      handovers.delete(this.storageKey);
      if (!handover) return;
      if (handover.typed.trim() && !this._input.value.trim()) {
        this._input.value = handover.typed;
        this._fitBox();
        this._showLength();
        this._saveDraft();
      }
      if (handover.focused && this._state.open) this._input.focus({ preventScroll: true });
      const messages = this._state.messages;
      const last = messages[messages.length - 1];
      if (handover.asked && last && last.role === "error" && last.text === INTERRUPTED) {
        this.ask(last.question, last.key, true, !this._state.open); // (closed while it waited: it stays closed)
      }
    }

    /**
     * Its place in its corner's stack (see restack): `below` launchers under its own, of `stacked` in all; and, open, it
     * is drawn over the other widgets (on a phone its panel covers the screen: another's launcher lay over it). Set
     * on :host from a stylesheet of its own (the page's attributes, style included, are left as the page wrote them).
     */
    _stackAt(below = this._below || 0, stacked = this._stacked || 1) {
      this._below = below;
      this._stacked = stacked;
      const rule = `:host { --faqbot-below: ${below}; --faqbot-stacked: ${stacked};${
        this._state.open ? " z-index: calc(var(--faqbot-z, 2147483000) + 1) !important;" : ""} }`;
      if (rule === this._stackRule) return;
      try {
        if (!this._stackSheet) {
          this._stackSheet = new CSSStyleSheet();
          this.shadowRoot.adoptedStyleSheets = [...this.shadowRoot.adoptedStyleSheets, this._stackSheet];
        }
        this._stackSheet.replaceSync(rule);
        this._stackRule = rule;
      } catch (e) {
        /* no constructable stylesheets (an old browser): the widgets of a corner lie one over the other, as before */
      }
    }

    /**
     * Another widget showing on the page with this one's very attributes, both in the page's layout: this one is its
     * duplicate. (One in a layout the page hides, display: none, as a responsive page does with its phone layout on a
     * desktop, is none: left out, the page had no widget where its other layout is shown.)
     */
    _twin() {
      const mine = attributesOf(this);
      return (laidOut(this) && [...this.getRootNode().querySelectorAll("faqbot-chat")].find(
        (el) => el !== this && el._root && !el._duplicateOf && attributesOf(el) === mine && laidOut(el))) || null;
    }

    /**
     * Back to this page from the back/forward cache: the conversation as sessionStorage has it now, as after a reload.
     * The page came back as the visitor left it, and they may have gone on with the chat on another page of the site:
     * shown as it was, it lacked those questions, and the next one saved it over them, gone for good.
     */
    _restore() {
      this._conversation++; // (a reply still on its way for the page as it was is dropped)
      if (this._pending) this._pending.abort();
      this._pending = null;
      this._cleared = null;
      this._unseen = null;
      this._badge.hidden = true;
      this._unseenStatus.textContent = "";
      this._load();
      this._log.replaceChildren();
      for (const message of this._state.messages) this._renderMessage(message, false);
      this._pruneRetry();
      this._holdNote.replaceChildren(); // a rate limit's wait, as the conversation now has it (see _showHeld)
      this._setBusy(false);
      this._showDraft(); // (typed on another page meanwhile, or sent there)
      this._renderIntro();
      if (this._state.open) this.open(false);
      else this.close(false);
    }

    attributeChangedCallback(name) {
      if (!this._root) return;
      if (name === "disclaimer") this._showDisclaimer();
      if (name === "greeting") this._renderIntro();
      if (name === "heading") {
        this._title.textContent = this._launcherLabel.textContent = this._headingText();
        this._showCut();
      }
      if (name === "placeholder") {
        this._input.placeholder = this._placeholderText();
        this._fitBox();
      }
    }

    /**
     * The launcher's label, and the panel's title, have their whole text as a tooltip when the ellipsis cuts them, none
     * when they show whole. On the label, not the button: there it would be the button's description too, said after
     * its name whenever the two differ (with "(new reply)" in the name).
     */
    _showCut() {
      const label = this._launcherLabel;
      const title = this._title;
      for (const [el, cut] of [[label, label.scrollWidth > label.clientWidth],
                               [title, title.scrollHeight > title.clientHeight]]) {
        if (cut) el.title = el.textContent;
        else el.removeAttribute("title");
      }
    }

    _showDisclaimer() {
      // None unless the page gives one (an empty attribute is none too).
      const text = (this.getAttribute("disclaimer") || "").trim();
      this._disclaimer.textContent = text;
      this._disclaimer.hidden = !text;
    }

    _headingText() {
      return (this.getAttribute("heading") || "").trim() || DEFAULT_HEADING;
    }

    _greetingText() {
      return (this.getAttribute("greeting") || "").trim() || DEFAULT_GREETING;
    }

    _placeholderText() {
      return (this.getAttribute("placeholder") || "").trim() || "Type your question…";
    }

    /** The largest request the server takes, in bytes: its own 16 KB, or less once it refused a request (a 413). */
    _bodyMax() {
      return this._serverBody || MAX_BODY;
    }

    _maxLength() {
      // The server's FAQBOT_MAX_QUESTION_LENGTH, when the embedding page passes it on; the server's own limit once a
      // question longer than it was refused (a page can pass a larger one than its server takes).
      const n = Number.parseInt(this.getAttribute("maxlength") ?? "500", 10);
      const page = Number.isFinite(n) && n > 0 ? n : 500;
      return String(this._serverMax ? Math.min(page, this._serverMax) : page);
    }

    _build() {
      const id = this._id;
      // Shown once the stylesheet is in, and not before: its place in the corner (position: fixed) comes from it.
      // Shown anyway when it failed or was slow (after 3 s), the widget sat unstyled in the page's flow, at the end
      // of the page, its icon 300px wide. One that fails is asked for again (a phone's connection may drop it) after
      // STYLESHEET_RETRY_MS; the console says each failure, with the stylesheet's address.
      const reveal = () => {
        if (!this._root.hidden) return;
        this._root.hidden = false;
        // A conversation restored open was scrolled while hidden (no height, no scrolling): scroll to
        // its latest message now that it shows.
        if (this._state.open) this._scrollToEnd(false);
      };
      const href = this.stylesheetUrl();
      const load = (tries) => {
        const sheet = h("link", { rel: "stylesheet", href });
        sheet.addEventListener("load", reveal);
        sheet.addEventListener("error", () => {
          const wait = STYLESHEET_RETRY_MS[tries];
          console.warn(`faqbot-chat: its stylesheet ${href} could not be loaded (an address, network or ${
            ""}Content-Security-Policy style-src problem): ${wait ? `trying again in ${wait / 1000} s` : "the chat stays hidden"}.`);
          if (wait) setTimeout(() => sheet.replaceWith(load(tries + 1)), wait);
        });
        return sheet;
      };
      const link = load(0);

      // The launcher's visible label is the heading, so its accessible name is the heading too. Its direction is its
      // own text's (a Hebrew label cut by the ellipsis at its end, on the left; its question mark there too).
      this._launcherLabel = h("span", { class: "launcher-label", dir: "auto", text: this._headingText() });
      // A reply that came while the panel was closed: a dot on the launcher, in its name too, and said aloud.
      this._badge = h("span", { class: "badge", hidden: true }, h("span", { class: "sr-only", text: "(new reply)" }));
      this._unseenStatus = h("p", { class: "sr-only", role: "status" });
      this._launcher = h(
        "button",
        { type: "button", class: "launcher", "aria-expanded": "false", "aria-controls": `${id}-panel`,
          // A double click's second click (detail 2) would close the panel its first one opened.
          onclick: (e) => e.detail > 1 || (this._state.open ? this.close() : this.open(true, e)) },
        icon("chat"),
        this._launcherLabel,
        this._badge
      );
      // A label (or title) cut with the ellipsis has its whole text as a tooltip (a mouse user had no way to read its
      // end); one shown whole has none. Checked as their boxes change (the window's size, the stylesheet in, the
      // new-reply dot, the panel opened) and as the heading does (see attributeChangedCallback).
      this._title = h("h2", { id: `${id}-title`, class: "title", dir: "auto", text: this._headingText() });
      if (window.ResizeObserver) {
        const cuts = new ResizeObserver(() => this._showCut());
        cuts.observe(this._launcherLabel);
        cuts.observe(this._title);
      }
      // Not a live region (aria-live off, over the log role's implicit polite): it said each reply whole, its link, chips
      // and thumbs in one burst, the visitor's own question, and a whole section again at "Read more". The announcer
      // says one line instead (see _say).
      this._log = h("div", {
        class: "log", role: "log", "aria-live": "off", "aria-label": "Conversation", tabindex: "0",
      });
      this._keepEnd();
      this._announcer = h("p", { class: "sr-only announcer", role: "status" });
      // No maxlength on the box: it cut a pasted question at the limit without a word, and the question itself,
      // often at the end of a long message, was lost. The length note says it is too long instead (see _showLength).
      // A textarea, one line high, that grows with its text to a few lines (see _fitBox): a one-line input scrolled a
      // long question sideways, its start out of sight as the visitor typed. Enter sends; Shift+Enter is a new line.
      this._input = h("textarea", {
        id: `${id}-input`, class: "input", name: "question", rows: 1, autocomplete: "off",
        placeholder: this._placeholderText(), enterkeyhint: "send", "aria-describedby": `${id}-hold ${id}-length`,
        dir: "auto", // (a question in Hebrew or Arabic reads right to left as it is typed)
      });
      this._input.addEventListener("input", () => {
        this._fitBox();
        this._showLength();
        this._saveDraft();
      });
      // Its lines change with its width too (a resized window, a phone turned): fitted again (in the next frame, as its
      // new height would be a resize of its own within this one).
      if (window.ResizeObserver) {
        new ResizeObserver((entries) => {
          const width = entries[entries.length - 1].contentRect.width;
          if (width === this._boxWidth) return;
          this._boxWidth = width;
          requestAnimationFrame(() => this._fitBox());
        }).observe(this._input);
      }
      // Focus landing on the box reads its description, the notes under it: one added in the same task is not said
      // again (see _sayNote). (Cleared after the task.)
      this._input.addEventListener("focus", () => {
        this._boxFocused = true;
        setTimeout(() => { this._boxFocused = false; });
      });
      // A held key's repeats (Enter held on the launcher goes on into the box) are no press of Send (see _submit).
      this._input.addEventListener("keydown", (e) => {
        this._boxRepeat = e.repeat;
        // Enter sends, as in the one-line input it was (a form's implicit submission, which a textarea has not);
        // Shift+Enter makes a new line; Enter that ends an input method's composition (Japanese, Chinese) is its own.
        if (e.key !== "Enter" || e.shiftKey || composing(e)) return;
        e.preventDefault();
        const form = this._input.form;
        if (form.requestSubmit) form.requestSubmit();
        else form.dispatchEvent(new Event("submit", { cancelable: true }));
      });
      this._input.addEventListener("keyup", () => { this._boxRepeat = false; });
      // Why a question was not sent (a rate limit's wait): said once (see _sayNote), then counted down in place, not
      // said every second. Not a live region: focus moved to the box with it (Send pressed, a chip chosen by keyboard,
      // Start over) read it twice, as the box's description and as it appeared.
      this._holdNote = h("p", { class: "hold-note", id: `${id}-hold` });
      // A question too long to send: said once, then counted in place as it is shortened. Send with the box empty:
      // "Type your question first.", gone as the visitor types. (Said by _sayNote too.)
      this._lengthNote = h("p", { class: "length-note", id: `${id}-length` });
      // An icon button's name is its tooltip (title) alone: named by aria-label too, it got the title as its
      // description, and a screen reader said it twice ("Send, button, Send").
      this._send = h("button", { type: "submit", class: "send", title: "Send" }, icon("send"));
      // Enter held down on the button "clicks" it again with each repeat: Send, then Stop half a second later.
      this._send.addEventListener("keydown", (e) => { this._keyRepeat = e.repeat; });
      this._send.addEventListener("keyup", () => { this._keyRepeat = false; });
      this._send.addEventListener("click", (e) => {
        // Its default action comes after the stopped question's reply, when the button is Send (a submit) again: it
        // sent what the visitor had typed meanwhile.
        if (this._busy) {
          e.preventDefault();
          this._stop(e);
        }
        // Clicked or tapped itself (a click count), not "clicked" by Enter in the input (a form's implicit submission)
        // nor pressed by keyboard: a click that may be the first of a double click.
        else this._clicked = e.detail > 0;
      });
      this._disclaimer = h("p", { class: "disclaimer", id: `${id}-disclaimer`, lang: pageLang() });
      this._showDisclaimer();
      this._panel = h(
        "section",
        // The disclaimer ("not medical advice") describes the dialog: said as focus enters it. Under the box, after
        // the last control, a screen reader going by Tab never reached it.
        { id: `${id}-panel`, class: "panel", role: "dialog", "aria-modal": "false",
          "aria-labelledby": `${id}-title`, "aria-describedby": `${id}-disclaimer`, hidden: true },
        h(
          "header",
          { class: "header" },
          this._title,
          h("button", { type: "button", class: "icon-button", title: "Start a new conversation",
                        onclick: (e) => this.reset(e) }, icon("restart")),
          h("button", { type: "button", class: "icon-button", title: "Close chat",
                        onclick: () => this.close() }, icon("close"))
        ),
        this._log,
        this._announcer,
        h(
          "form",
          { class: "composer", onsubmit: (e) => this._submit(e) },
          h("label", { class: "sr-only", for: `${id}-input`, text: "Your question" }),
          this._input,
          this._send
        ),
        this._holdNote,
        this._lengthNote,
        this._disclaimer
      );
      // Its own words are English, left to right on a right-to-left page too (which gave "Source:" its colon on the left,
      // ".Type your question first"); the site's and the visitor's texts each take their own direction (dir="auto").
      // Its own words are English on a page in another language too (lang): a screen reader read "Send", "Read more" and
      // "Assistant:" in the page's language's voice.
      this._root = h("div", { class: "root", dir: "ltr", lang: "en", hidden: true }, this._launcher, this._unseenStatus,
        this._panel);
      // What the latest press was made with (see _tapped): pointerdown says it, where a click's pointerType is newer.
      this._root.addEventListener("pointerdown", (e) => { this._pointer = e.pointerType; }, true);
      // Focus lost to nowhere as the page's layout hid the widget (see _sleep: the copy shown in its place takes it).
      this._root.addEventListener("focusout", (e) => {
        this._hiddenWithFocus = !e.relatedTarget && !e.target.getClientRects().length;
      });
      this._root.addEventListener("focusin", () => { this._hiddenWithFocus = false; });
      // Escape while an input method composes (Japanese, Chinese) closes its candidates, not the chat: it closed the
      // chat, and the text being composed was lost with the focus.
      this._root.addEventListener("keydown", (e) => {
        if (e.key === "Escape" && this._state.open && !composing(e)) {
          e.preventDefault();
          this.close();
        }
      });
      // In the page's layout, this has a size (1px, out of sight) whether the chat shows or is asleep (see `layout`).
      this._presence = h("span", { class: "presence", "aria-hidden": "true" });
      // The layout viewport's box (position: fixed, inset 0), out of sight: what the visual viewport is measured against.
      this._viewport = h("span", { class: "viewport-probe", "aria-hidden": "true" });
      this.shadowRoot.append(link, this._root, this._presence, this._viewport);
      // A resize or a turned phone can cross the breakpoint while the panel is open: it starts or stops
      // covering the page, and aria-modal has to follow.
      if (window.matchMedia) {
        const covers = window.matchMedia(COVERS_SCREEN);
        if (covers.addEventListener) covers.addEventListener("change", () => this._showModal());
      }
    }

    /**
     * The conversation, scrolled to its end, stays at its end as its box shrinks: a phone turned on its side, the
     * question box growing with a long question, the on-screen keyboard coming up (see _fitViewport). It kept its
     * offset from the top, and showed an older reply where the newest had been. One scrolled back to read an earlier
     * reply stays where it is. (Shown by open(), which scrolls it itself: not a resize from nothing.)
     */
    _keepEnd() {
      const log = this._log;
      const sizeOf = () => (log.clientHeight ? `${log.clientWidth}x${log.clientHeight}` : "");
      const atEnd = () => log.scrollTop + log.clientHeight >= log.scrollHeight - 2;
      let size = ""; // as the latest resize left it ("": hidden)
      let top = 0; // the scroll position as the latest scroll or resize seen left it
      this._logAtEnd = true;
      // (Not a scroll in the frame of a resize the observer below has not seen yet: it judges that one.)
      log.addEventListener("scroll", () => {
        if (sizeOf() !== size) return;
        this._logAtEnd = atEnd();
        top = log.scrollTop;
      });
      if (!window.ResizeObserver) return;
      new ResizeObserver(() => {
        const was = size;
        size = sizeOf();
        if (!was || !size) this._logAtEnd = atEnd(); // shown (or hidden): where open() put it
        else if (size !== was) {
          // Its height alone changed (the keyboard, the box growing): the browser moves the position only to hold it
          // within the new end. Moved elsewhere in the resize's frame, it was the visitor scrolling (a fling as the
          // keyboard came up), and is left where they took it: it was taken for the browser's own adjustment, and the
          // conversation jumped back to its end under the visitor's finger. A new width reflows the text, and the
          // browser's scroll anchoring moves the position itself (a phone turned): that one is no visitor's.
          const moved = log.scrollTop !== top && !atEnd() && was.split("x")[0] === size.split("x")[0];
          if (this._logAtEnd && !moved) this._scrollToEnd(false);
          else this._logAtEnd = atEnd();
        }
        top = log.scrollTop;
      }).observe(log);
    }

    /* ---- opening and closing ------------------------------------------------------- */

    /** Open the panel; `focus`: move focus into it (see _focusAfter: `e`, the click that opened it). */
    open(focus = true, e = null) {
      // Another widget's panel open in the same corner would lie over this one's, or under it: it closes.
      const corner = cornerOf(this);
      for (const el of shownWidgets()) {
        if (el !== this && el._state.open && cornerOf(el) === corner) el.close(false);
      }
      this._state.open = true;
      this._save();
      this._stackAt();
      this._panel.hidden = false;
      this._root.classList.add("open");
      this._launcher.setAttribute("aria-expanded", "true");
      this._showModal();
      this._watchViewport(true);
      this._fitBox(); // (hidden, the box had no size to fit)
      this._loadStarters();
      this._scrollToEnd(false);
      if (this._unseen) this._reveal(this._unseen, false);
      this._unseen = null;
      this._badge.hidden = true;
      this._unseenStatus.textContent = "";
      if (focus) this._focusAfter(e, null); // (on a phone the launcher is hidden behind the panel)
    }

    /** Close the panel; `focus`: move focus to the launcher. */
    close(focus = true) {
      this._state.open = false;
      this._save();
      this._stackAt();
      this._panel.hidden = true;
      this._root.classList.remove("open");
      this._launcher.setAttribute("aria-expanded", "false");
      this._holdPage(false);
      this._watchViewport(false);
      // Its line is out of date when the panel opens again ("The assistant is typing…" over a reply that came meanwhile).
      this._say("");
      if (focus) this._launcher.focus();
    }

    reset(e = null) {
      this._conversation++;
      if (this._pending) this._pending.abort();
      this._pending = null;
      this._setBusy(false);
      // Kept for Undo: beside "Close chat" on a phone, "Start over" is easily tapped by mistake. A question whose
      // answer was on its way lost it with the conversation: brought back, it says so, as after a reload.
      const cleared = interrupted(this._state.messages);
      if (cleared.length) this._cleared = cleared;
      this._say(cleared.length ? "The earlier conversation was cleared." : "");
      this._state.messages = [];
      this._save();
      this._saveCleared(); // (after the conversation's own key shrank: the two need not fit at once)
      // A rate limit's wait (kept in _state.waitUntil) outlasts the conversation: the server counts the visitor, not
      // the conversation. Said again, as the reply that said it goes.
      this._holdNote.replaceChildren();
      this._showHeld();
      this._log.replaceChildren();
      this._renderIntro();
      this._loadStarters(); // (if they failed before)
      this._focusAfter(e, e && e.currentTarget);
    }

    _coversScreen() {
      return !!(window.matchMedia && window.matchMedia(COVERS_SCREEN).matches);
    }

    _showModal() {
      this._panel.setAttribute("aria-modal", String(this._coversScreen()));
      this._holdPage(this._state.open && this._coversScreen());
    }

    /**
     * Listen on the document to the wheel and to a finger's drag (see _wheel) while the panel covers the screen, and only
     * then: not passive, they hold up the page's own scrolling until they have run.
     */
    _holdPage(on) {
      if (on === this._holding) return;
      this._holding = on;
      const listen = on ? "addEventListener" : "removeEventListener";
      const options = { capture: true, passive: false };
      document[listen]("wheel", this._onScroll, options);
      document[listen]("touchmove", this._onScroll, options);
      document[listen]("touchstart", this._onTouchStart, { capture: true, passive: true });
    }

    /**
     * While the panel covers the screen, the wheel over it scrolls what under the pointer can scroll that way (the
     * conversation, a long question's box, a wide table), and nothing else: over the header, the composer, or the
     * conversation at its end, it scrolled the page hidden behind the panel (overscroll-behavior on the log does not
     * stop a wheel that starts outside it). So did the wheel over the strip of page round the panel (8px), and a
     * finger dragged on the header, the composer's frame or the disclaimer: a drag that starts in something that
     * scrolls (the conversation, the box, a table) is the browser's, whose overscroll-behavior keeps it there; one
     * with two fingers (a pinch zoom) too, and any while the page is zoomed in: it moves the zoomed-in view over the
     * page (held, a visitor who had zoomed in to read could not move it over the panel to its "Close chat"). The page's
     * own styles are left alone.
     */
    _wheel(e) {
      if (e.ctrlKey || !e.cancelable || this._root.hidden || this._dormant || !this._state.open ||
          !this._coversScreen() || this._zoomedIn()) return; // (Ctrl+wheel zooms: the browser's)
      const touch = e.type === "touchmove";
      if (touch && (e.touches.length !== 1 || !this._touchAt)) return;
      // Where it began, not its target: a touch by the panel's edge is given the nearest element (the conversation)
      // as its target, while the browser scrolls what is under the finger (the page).
      const at = touch ? this._touchAt : { x: e.clientX, y: e.clientY };
      const box = this._panel.getBoundingClientRect();
      const path = e.composedPath();
      if (at.x < box.left || at.x >= box.right || at.y < box.top || at.y >= box.bottom) {
        // The page behind the panel (the strip round it) stays; another widget's own panel is that widget's.
        if (!path.some((el) => el.localName === "faqbot-chat" && el !== this)) e.preventDefault();
        return;
      }
      if (touch) {
        for (let el = this.shadowRoot.elementFromPoint(at.x, at.y); el && el !== this._panel; el = el.parentElement) {
          if (scrolls(el)) return;
        }
      } else {
        for (const el of path) {
          if (el === this._panel) break;
          if (el.nodeType === 1 && canScroll(el, e.deltaX, e.deltaY)) return;
        }
      }
      e.preventDefault();
    }

    /** Whether the page is zoomed in (a pinch): the visual viewport narrower than the layout viewport. */
    _zoomedIn() {
      const vv = window.visualViewport;
      return !!vv && vv.width < this._viewport.getBoundingClientRect().width - 1;
    }

    /** Follow the visual viewport (see _fitViewport) while the panel is open, and only then. */
    _watchViewport(on) {
      const vv = window.visualViewport;
      if (!vv || on === !!this._watching) return;
      this._watching = on;
      const listen = on ? "addEventListener" : "removeEventListener";
      vv[listen]("resize", this._onViewport);
      vv[listen]("scroll", this._onViewport);
      this._fitViewport();
    }

    /**
     * The open panel within what shows of the page: a phone's on-screen keyboard (Chrome on Android, Safari on iOS)
     * shrinks the visual viewport only, the layout viewport, which the fixed panel is laid out in, keeps its height,
     * and the question box the visitor types in lay under the keyboard. The part of the layout viewport out of sight
     * above and below the visual one is given to the stylesheet (--faqbot-vv-top, --faqbot-vv-below). Not while the
     * page is zoomed in (a pinch: the visual viewport narrower too): the visitor pans over the panel as laid out, which
     * squeezed into the zoomed-in view would be zoomed out again.
     */
    _fitViewport() {
      const vv = window.visualViewport;
      const panel = this._panel;
      let top = 0;
      let below = 0;
      if (vv && this._watching && !this._zoomedIn()) {
        // (A pixel or so is rounding between the two viewports, at a fractional device pixel ratio: none.)
        const px = (n) => (n >= 2 ? Math.round(n) : 0);
        top = px(vv.offsetTop);
        below = px(this._viewport.getBoundingClientRect().height - vv.offsetTop - vv.height);
      }
      // What shows is a short window (a phone on its side, its keyboard up: 210 of 390 px): the stylesheet's layout for
      // one (its max-height media queries, which see the layout viewport's height only), while the panel covers it.
      const shown = vv ? vv.height : Infinity;
      const covers = (top || below) && this._coversScreen();
      this._root.classList.toggle("shown-short", !!covers && shown <= 320);
      this._root.classList.toggle("shown-low", !!(top || below) && shown <= 480);
      const fit = { "--faqbot-vv-top": top, "--faqbot-vv-below": below };
      if (Object.entries(fit).every(([name, px]) => panel.style.getPropertyValue(name) === (px ? `${px}px` : ""))) return;
      // (Through the CSSOM, which a page's CSP allows; none at all with the whole layout viewport in sight.)
      for (const [name, px] of Object.entries(fit)) {
        if (px) panel.style.setProperty(name, `${px}px`);
        else panel.style.removeProperty(name);
      }
      if (!panel.getAttribute("style")) panel.removeAttribute("style");
      this._fitBox(); // (the conversation, at its end, stays there: see _keepEnd)
    }

    /**
     * While the panel covers the screen, Escape closes it wherever focus is: it can be on the page behind (after
     * a reload, or a tap beside the panel), where the panel's own Escape never heard it.
     */
    _pageKey(e) {
      // (Its stylesheet not in, or a copy asleep: the page's keys are the page's, or the copy awake's.)
      if (this._root.hidden || this._dormant) return;
      if (e.key === "Escape" && !e.defaultPrevented && this._state.open && this._coversScreen() && !composing(e)) {
        e.preventDefault();
        this.close();
        return;
      }
      this._trapTab(e);
    }

    /**
     * While the panel covers the screen, Tab past its last control comes back to its first (and back),
     * and Tab from the page hidden behind it goes into it.
     */
    _trapTab(e) {
      if (e.key !== "Tab" || e.defaultPrevented || !this._state.open || !this._coversScreen()) return;
      const focusable = [...this._panel.querySelectorAll("button, a[href], input, textarea, [tabindex]")].filter(
        (el) => !el.disabled && el.tabIndex >= 0 && el.getClientRects().length);
      if (!focusable.length) return;
      const first = focusable[0];
      const last = focusable[focusable.length - 1];
      const active = this.shadowRoot.activeElement;
      if (e.shiftKey && (active === first || !this._panel.contains(active))) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && (active === last || !this._panel.contains(active))) {
        e.preventDefault();
        first.focus();
      }
    }

    /* ---- persistence (sessionStorage: this tab only, survives reloads) ------------- */

    _load() {
      try {
        const saved = JSON.parse(sessionStorage.getItem(this.storageKey) || "null");
        if (saved && saved.v === 1 && Array.isArray(saved.messages)) {
          const messages = saved.messages.filter((m) => m && m.role);
          // A question whose answer was on its way when the page went away (a reload) will never get it:
          // it gets an error like a question that failed, kept with it and left out of history.
          const restored = interrupted(messages);
          // voteUntil: when a rate limit on votes (/api/feedback) ends, ms since the epoch. Kept, as waitUntil is: after
          // a reload the thumbs took a vote again at once, and the server refused it.
          this._state = { v: 1, open: !!saved.open, messages: restored, waitUntil: Number(saved.waitUntil) || 0,
                          voteUntil: Number(saved.voteUntil) || 0 };
          if (restored.length !== messages.length) this._save();
        }
      } catch (e) {
        /* storage unavailable or corrupt: start fresh */
      }
      this._cleared = null;
      try {
        // What "Start over" cleared, for its Undo: kept while the new conversation has no question (a reload, another
        // page of the site, lost it for good).
        const cleared = JSON.parse(sessionStorage.getItem(this._storageKeyOf("undo")) || "null");
        if (Array.isArray(cleared) && !this._state.messages.length) {
          const messages = cleared.filter((m) => m && m.role);
          if (messages.length) this._cleared = interrupted(messages);
        }
      } catch (e) {
        /* storage unavailable or corrupt: no Undo */
      }
    }

    _save() {
      if (this._dormant) return; // (the copy awake keeps the conversation: see arrange)
      try {
        const messages = this._state.messages.slice(-MAX_STORED);
        const { open, waitUntil, voteUntil } = this._state;
        sessionStorage.setItem(this.storageKey, JSON.stringify({ v: 1, open, messages, waitUntil, voteUntil }));
      } catch (e) {
        /* storage full or blocked: the conversation just won't survive a reload */
      }
    }

    /**
     * Keep what Undo brings back (see reset) under a key of its own, beside the conversation (at most MAX_STORED
     * messages, as it was saved): removed once a question is asked or Undo is used. Storage full (the page's own data
     * shares it): it is not kept (only an Undo after a reload needs it), and the conversation is unharmed.
     */
    _saveCleared() {
      if (this._dormant) return;
      const key = this._storageKeyOf("undo");
      try {
        if (this._cleared && this._cleared.length) {
          sessionStorage.setItem(key, JSON.stringify(this._cleared.slice(-MAX_STORED)));
        } else sessionStorage.removeItem(key);
      } catch (e) {
        try {
          sessionStorage.removeItem(key);
        } catch (e2) {
          /* storage blocked: Undo lasts until a reload */
        }
      }
    }

    /**
     * Keep what is typed in the box (a half-typed question) under a key of its own, so that a reload or another page of
     * the site gives it back (see _showDraft); at most the longest question the server takes. Removed when sent.
     */
    _saveDraft() {
      if (this._dormant || !this._input) return;
      const key = this._storageKeyOf("draft");
      try {
        const typed = [...this._input.value].slice(0, Number(this._maxLength())).join("");
        if (typed.trim()) sessionStorage.setItem(key, typed);
        else sessionStorage.removeItem(key);
      } catch (e) {
        /* storage full or blocked: the draft just won't survive a reload */
      }
    }

    /** What was typed and not sent (see _saveDraft), back in the box. */
    _showDraft() {
      let typed = null;
      try {
        typed = sessionStorage.getItem(this._storageKeyOf("draft"));
      } catch (e) {
        return;
      }
      if (typed === null && !this._input.value.trim()) return;
      if ((typed || "") === this._input.value) return;
      this._input.value = typed || "";
      this._fitBox();
      this._showLength();
    }

    /* ---- starter questions ---------------------------------------------------------- */

    async _loadStarters() {
      if (this._starters !== null) return;
      this._starters = [];
      const wanted = Number.parseInt(this.getAttribute("starters") ?? "4", 10);
      if (!(wanted > 0)) return;
      try {
        const data = await this._fetchJson(this.apiUrl("/api/sections"), { method: "GET" });
        const titles = new Set((data.documents || []).map((d) => d.title));
        const byDoc = new Map();
        for (const s of data.sections || []) {
          if (typeof s.heading !== "string" || !s.heading.trim().endsWith("?") || titles.has(s.heading)) continue;
          if (!byDoc.has(s.document)) byDoc.set(s.document, []);
          byDoc.get(s.document).push(s.heading);
        }
        // Round-robin over documents so the starters show the breadth of the knowledge base.
        const lists = [...byDoc.values()];
        for (let i = 0; this._starters.length < wanted && lists.some((l) => i < l.length); i++) {
          for (const l of lists) if (i < l.length && this._starters.length < wanted) this._starters.push(l[i]);
        }
      } catch (e) {
        // Offline or the server away: asked for again while the panel is open (after 5 s, then less and less often, up
        // to a minute), at once when a question gets its answer or the connection comes back, or at the next opening.
        // Before, only at the next opening: with the panel left open, the greeting never got them.
        this._starters = null;
        this._startersDelay = Math.min(2 * (this._startersDelay || 2500), 60000);
        clearTimeout(this._startersTimer);
        this._startersTimer = setTimeout(() => this._state.open && this._loadStarters(), this._startersDelay);
        return;
      }
      clearTimeout(this._startersTimer);
      this._startersDelay = 0;
      this._renderIntro();
    }

    _renderIntro() {
      const old = this._log.querySelector(".intro");
      // Drawn again (the suggested questions came late, a new greeting): focus on its Undo or a chip stays there.
      const focused = old && old.contains(this.shadowRoot.activeElement) ? this.shadowRoot.activeElement : null;
      if (old) old.remove();
      if (this._state.messages.length) return;
      // Last in the greeting: the nearest control above the box (Shift+Tab from it).
      const undo = this._cleared && h("p", { class: "undo-line" }, "The earlier conversation was cleared. ",
        h("button", { type: "button", class: "link-button undo", text: "Undo", onclick: (e) => this._undoReset(e) }));
      const held = String(this._waitLeft() > 0);
      const chips = (this._starters || []).map((q) => h("li", {},
        h("button", { type: "button", class: "chip", dir: "auto", "aria-disabled": held,
                      onclick: (e) => this._askFromChip(q, e) }, q)));
      // "Suggested", not "Popular": they are the first headings of each document in turn (see _loadStarters), and
      // nothing counts what visitors ask to choose them. The label is the list's name alone (aria-hidden, still its
      // name through aria-labelledby): read as a paragraph too, a screen reader said it twice ("Suggested questions:",
      // then "list, Suggested questions:, 4 items"), as the feedback's "Helpful?" is its group's name alone.
      const intro = h(
        "div",
        { class: "msg bot intro" },
        h("div", { class: "bubble" },
          h("p", { dir: "auto", text: this._greetingText() }),
          chips.length ? h("p", { class: "chips-label", id: `${this._id}-starters`, "aria-hidden": "true",
                                  text: "Suggested questions:" }) : null,
          chips.length ? h("ul", { class: "chips", "aria-labelledby": `${this._id}-starters` }, chips) : null,
          undo)
      );
      this._log.prepend(intro);
      const same = focused && [...intro.querySelectorAll("button")].find((el) => el.textContent === focused.textContent);
      if (same) same.focus({ preventScroll: true });
      else if (focused) this._log.focus({ preventScroll: true });
    }

    /** Undo for "Start over": the conversation it cleared comes back, as it was, while no question has been asked. */
    _undoReset(e = null) {
      if (!this._cleared || this._state.messages.length) return;
      this._state.messages = this._cleared;
      this._cleared = null;
      this._save();
      this._saveCleared();
      this._log.replaceChildren();
      for (const message of this._state.messages) this._renderMessage(message, false);
      this._pruneRetry();
      this._holdNote.replaceChildren(); // a rate limit's wait is said by its reply again, if it is the latest
      this._showHeld();
      this._focusAfter(e, null); // the button went with the greeting
      this._scrollToEnd(false);
      this._say("The earlier conversation is back.");
    }

    /* ---- asking ------------------------------------------------------------------------ */

    _askFromChip(question, e = null) {
      // An answer on its way: the chip is aria-disabled (see _setBusy) and ignores the press, focus too. It moved focus to
      // the box and sent nothing: a visitor back in the panel (closed and opened again while the reply came) pressed an
      // older answer's chip, and found the box, empty, with no word of why.
      if (this._busy) return;
      // The chip may disappear (starters go once the chat begins): keep keyboard focus in the composer.
      const chip = e && e.currentTarget;
      const tapped = this._tapped(e);
      if (!tapped) this._input.focus();
      this.ask(question);
      if (tapped) this._focusAfter(e, chip);
    }

    /** The composer's question, sent; sent by a click on Send, that double click's second is not Stop (see _stop). */
    _submit(e) {
      e.preventDefault();
      const clicked = this._clicked;
      this._clicked = false;
      if (!this._busy && !this._input.value.trim() && !(this._waitLeft() > 0)) {
        // Nothing to send: said under the box (added again, so said again, at each press: silence reads as broken;
        // not at each repeat of a held Enter).
        if (!this._boxRepeat) {
          this._lengthNote.replaceChildren(EMPTY);
          this._sayNote(EMPTY);
        }
        this._input.focus();
        return;
      }
      if (this._showLength()) {
        this._input.focus(); // too long: the server would refuse it; kept in the box, to be shortened there
        return;
      }
      if (this._busy) {
        // An answer is on its way: the question stays in the box, and the note says it was not sent (silent, it sat
        // there unsent while the visitor waited for its answer). Not at a second Enter that finds the box emptied by the
        // first, nor at a held Enter's repeats. Gone when the answer comes (see _setBusy).
        if (this._input.value.trim() && !this._boxRepeat) {
          this._lengthNote.replaceChildren(NOT_YET);
          this._sayNote(NOT_YET);
        }
        return;
      }
      this.ask(this._input.value);
      if (clicked && this._busy) this._sentByClick = true;
    }

    /**
     * The box as tall as its text (a few lines at most: then it scrolls; the stylesheet's max-height); empty, as tall as
     * its placeholder (one line, unless a site's long one wraps: it was cut after its first line). Set from script
     * (CSSOM, which a page's CSP allows): no inline style.
     */
    _fitBox() {
      const box = this._input;
      box.style.height = "";
      // (Hidden: no size to measure. One line's text or placeholder: its one row.)
      if (!box.getClientRects().length || box.scrollHeight <= box.clientHeight) return;
      box.style.height = `${box.scrollHeight + box.offsetHeight - box.clientHeight}px`;
    }

    /**
     * Whether the composer's question is longer than the server takes (the maxlength attribute, as the server counts
     * it: characters, not UTF-16 units, with the spaces around it dropped; or too large for a request, 16 KB, with long
     * questions allowed), shown: the input is marked aria-invalid and the length note says by how much.
     */
    _showLength() {
      const chars = [...this._input.value.trim()];
      const length = chars.length;
      const fit = fitting(chars, this._bodyMax());
      const max = Math.min(Number(this._maxLength()), fit);
      const long = length > max;
      if (long) this._input.setAttribute("aria-invalid", "true");
      else this._input.removeAttribute("aria-invalid");
      if (!long) {
        this._lengthNote.replaceChildren();
        return false;
      }
      const said = !this._lengthNote.firstChild || this._lengthNote.textContent === EMPTY;
      // (Not "shorten it to N" from a limit the server did not name: N would be a guess.)
      this._lengthNote.replaceChildren(fit === max && this._serverBody && !this._bodyNamed
        ? `Your question is ${length} characters long: too long for the server to take. Shorten it to send it.`
        : `Your question is ${length} characters long: shorten it to ${max} or fewer to send it.`);
      if (said) this._sayNote(this._lengthNote.textContent); // once, as it appears; counted in place, in silence
      return true;
    }

    /**
     * "Try again" under a failed reply (the latest one): the question is sent again and its new reply takes the
     * failed one's place, so however many tries it took, the conversation holds the question once, with its reply.
     */
    _tryAgain(message, e = null) {
      const messages = this._state.messages;
      if (this._busy || messages[messages.length - 1] !== message || message.retryAt > Date.now()) return;
      this._focusAfter(e, null); // the button goes with its reply: keep keyboard focus in the composer
      this.ask(message.question, message.key, true);
    }

    /** `e` (a click) was a tap on a touch screen (or a pen's): not a mouse's click, nor a key's (detail 0). */
    _tapped(e) {
      return !!e && e.detail > 0 && (this._pointer === "touch" || this._pointer === "pen");
    }

    /**
     * Where focus goes after a control changed the conversation (opened it, sent a chip's question, started over): to
     * the box, ready for the next question. But after a tap on a touch screen, focusing the box raises the on-screen
     * keyboard over half the panel and what the visitor is about to read (the greeting's suggested questions, the answer
     * on its way, Start over's Undo): focus stays on the tapped `control`, or goes to the conversation (inside the
     * panel, which a screen reader needs) when the control is gone (a starter chip, Try again) or hidden.
     */
    _focusAfter(e, control) {
      if (!this._tapped(e)) this._input.focus();
      else if (!control || !control.isConnected || !control.getClientRects().length) {
        this._log.focus({ preventScroll: true });
      }
    }

    /**
     * Send a question; the answer (or a friendly error) is appended to the log. When the conversation's last reply is
     * a failure of this same question, this is a retry ("Try again", or the question typed or chosen again): it goes
     * with that failure's Idempotency-Key, and its reply takes the failed one's place, under the question already
     * there. `key`: an Idempotency-Key to send it with. `retrying`: sent by "Try again" (what the visitor was typing
     * stays in the box). `closed`: the panel stays closed (see _wake), its reply shown as one that came while closed.
     */
    async ask(text, key, retrying = false, closed = false) {
      const question = String(text || "").trim();
      if (this._busy) return;
      if (this._waitLeft() > 0) {
        this._sayHeld(); // it could only be refused: held back, and what was typed stays in the box
        return;
      }
      if (!question) return;
      const messages = this._state.messages;
      const last = messages[messages.length - 1];
      const failed = last && last.role === "error" && last.retry && last.question === question ? last : null;
      if (!key && failed) key = failed.key;
      // (A key from sessionStorage is checked: one the server would refuse would fail the question.)
      key = typeof key === "string" && /^[!-+\--~]{1,200}$/.test(key) ? key : newKey(); // (no comma: see the API)
      if (!this._state.open && !closed) this.open();
      // Sent from the composer: it empties. From a chip or "Try again": what the visitor was typing stays.
      if (!retrying && this._input.value.trim() === question) {
        this._input.value = "";
        this._fitBox(); // one line again
        this._saveDraft(); // (sent: no draft to restore)
      }
      this._showLength(); // "Type your question first." goes once a question is asked (by a chip too)
      // The failed reply goes (its node is the log's last); the question above it is this one's, not added again.
      const asked = failed ? messages[messages.length - 2] : null;
      const replaces = !!asked && asked.role === "user" && asked.text === question;
      if (replaces) {
        messages.pop();
        this._log.lastElementChild.remove();
      }
      // Only questions that got a reply: one that failed is not part of what the visitor was told.
      const history = messages.filter((m) => m.role === "bot").map((m) => m.question).slice(-HISTORY_SENT);
      // The oldest go first while the request would be larger than the server takes (its 413): with long questions
      // allowed (FAQBOT_MAX_QUESTION_LENGTH), five earlier ones can be too many. (One too large alone is not sent: see
      // _showLength.)
      while (history.length && requestSize(question, history) > this._bodyMax()) history.shift();
      const sent = requestSize(question, history);
      if (replaces) {
        asked.key = key;
        this._save();
      } else {
        if (this._cleared) {
          this._cleared = null; // a new conversation begun: Start over's Undo goes (with the greeting)
          this._saveCleared();
        }
        this._addMessage({ role: "user", text: question, key });
      }
      if (navigator.onLine === false) {
        // Not sent: it could only fail. Said at once, with "Try again", rather than after a wait for nothing.
        this._addMessage({ role: "error", question, key, text: OFFLINE, retry: true, offline: true });
        return;
      }
      this._setBusy(true);
      const conversation = this._conversation;
      const pending = (this._pending = new AbortController());
      const typing = h("div", { class: "msg bot typing" },
        h("div", { class: "bubble" },
          h("span", { class: "sr-only", text: TYPING }),
          h("span", { class: "dot", "aria-hidden": "true" }),
          h("span", { class: "dot", "aria-hidden": "true" }),
          h("span", { class: "dot", "aria-hidden": "true" })));
      this._log.append(typing);
      this._say(TYPING);
      this._scrollToEnd(true);
      try {
        const data = await this._fetchJson(this.apiUrl("/api/ask"), {
          method: "POST",
          headers: { "Content-Type": "application/json", "Idempotency-Key": key },
          body: JSON.stringify({ question, history, top_k: 3 }),
        }, pending.signal, () => { pending.arrived = true; });
        if (conversation !== this._conversation) return;
        typing.remove();
        this._addMessage({ role: "bot", question, answer: pickAnswer(data), feedback: null });
        this._loadStarters(); // the server is back, if they failed: ready for Start over's greeting
      } catch (err) {
        if (conversation !== this._conversation) return;
        typing.remove();
        if (this._tooLong(err, question, key, sent)) return;
        // Kept with the conversation, so after a reload the question still has its reply.
        if (pending.stopped) {
          // Focus stays where it was (on the button, Send again): moved to the input, a phone's keyboard would
          // come up over the reply's "Try again".
          this._addMessage({ role: "error", question, key, text: STOPPED, retry: true });
        } else if ((err && err.lost) || navigator.onLine === false) {
          this._addMessage({ role: "error", question, key, text: err && err.lost ? LOST : OFFLINE, retry: true,
                             offline: true });
        } else {
          // A rate limit's Retry-After (seconds): Try again waits it out, as tapped sooner it could only be refused.
          const retryAt = err && err.status === 429 && err.retryAfter > 0 ? Date.now() + err.retryAfter * 1000 : null;
          if (retryAt) this._state.waitUntil = retryAt; // (saved with the reply)
          this._addMessage({ role: "error", question, key, text: friendlyError(err), retry: !questionAtFault(err),
                             retryAt });
        }
      } finally {
        if (conversation === this._conversation) {
          this._pending = null;
          this._setBusy(false);
        }
      }
    }

    /**
     * The server refused `question` as longer than it takes (a 400 naming its limit: "'question' is longer than 500
     * characters"), where the page's maxlength allowed it, or its request (of `sent` bytes) as larger than it takes (a
     * 413: "request body too large (limit 16384 bytes)", from a proxy in front of it maybe): the server's limit is
     * kept, and the question goes back to the box (unless the visitor has typed another there meanwhile), said too long
     * as one the widget knew too long is, and leaves the conversation, as unsent. Before, the box emptied and "Sorry, I
     * couldn't read that question" came. A request too large only for the earlier questions it carried as history is
     * sent again (with its Idempotency-Key `key`) with fewer.
     */
    _tooLong(err, question, key, sent) {
      let limit; // the most characters of this question the server takes
      if (err && err.status === 400) {
        const said = /^'question' is longer than (\d+) characters/.exec(err.message || "");
        if (!said || !(Number(said[1]) > 0)) return false;
        limit = this._serverMax = Number(said[1]);
      } else if (err && err.status === 413 && sent > 0) {
        // (Less than this request, whatever it says: a question sent again is always smaller than the one refused.)
        const said = /limit (\d+) bytes/.exec(err.message || "");
        // A limit it does not name (a proxy's own 413 page): only known to be under this request's size.
        this._bodyNamed = !!said && Number(said[1]) < sent;
        this._serverBody = Math.min(said ? Number(said[1]) : Infinity, sent - 1);
        limit = fitting([...question], this._serverBody);
      } else {
        return false;
      }
      const messages = this._state.messages;
      const last = messages[messages.length - 1];
      if (last && last.role === "user" && last.text === question) {
        messages.pop();
        this._save();
        this._log.lastElementChild.remove();
        this._renderIntro(); // (the greeting again, when it was the first question)
      }
      if (limit >= [...question].length) {
        // The history made it too large: sent again (once this request is over) with fewer earlier questions.
        const conversation = this._conversation;
        setTimeout(() => conversation === this._conversation && this.ask(question, key, true));
        return true;
      }
      if (this._input.value.trim() && this._input.value.trim() !== question) {
        // Something else typed meanwhile: kept; the conversation says why this question was not sent.
        this._addMessage({ role: "error", question, text: err.status === 413 && !this._bodyNamed
          ? "Sorry, that question is too long for the server to take: shorten it, then send it again."
          : `Sorry, that question is too long: shorten it to ${limit} characters or fewer, then send it again.` });
        return true;
      }
      this._input.value = question;
      this._fitBox();
      this._saveDraft();
      this._say(""); // ("The assistant is typing…" is over: the note is said alone)
      if (this._state.open && this._panel.contains(this.shadowRoot.activeElement)) this._input.focus();
      this._showLength();
      return true;
    }

    /** Busy: every chip says so (aria-disabled, dimmed) and ignores clicks until the reply is in; Send is Stop. */
    _setBusy(busy) {
      this._busy = busy;
      this._sentByClick = false; // (set again by _submit when a click on Send made this question busy)
      // The same button, so keyboard focus stays on it. Not a submit button while it stops: Enter in the input
      // would "click" it (a form's implicit submission) and stop the question the visitor just sent.
      const label = busy ? "Stop waiting for the answer" : "Send";
      this._send.type = busy ? "button" : "submit";
      this._send.classList.toggle("stop", busy);
      this._send.title = label;
      this._send.replaceChildren(icon(busy ? "stop" : "send"));
      if (!busy && this._lengthNote.textContent === NOT_YET) this._lengthNote.replaceChildren(); // it can be sent now
      this._showHeld();
    }

    /**
     * When the latest rate limit's wait ends (ms since the epoch): kept apart from the conversation, as "Start over"
     * does not end it; the latest reply's retryAt too (a conversation kept by a widget from before waitUntil).
     */
    _waitEnd() {
      const last = this._state.messages[this._state.messages.length - 1];
      return Math.max(this._state.waitUntil || 0, (last && last.role === "error" && last.retryAt) || 0);
    }

    /** How long (ms) a rate limit still holds questions back: 0 when none does. */
    _waitLeft() {
      return Math.max(0, this._waitEnd() - Date.now());
    }

    /** The latest reply is the rate limit's, which says the wait beside its Try again (see _waitToRetry). */
    _waitShown() {
      const last = this._state.messages[this._state.messages.length - 1];
      return !!last && last.role === "error" && last.retryAt > Date.now();
    }

    /**
     * Whether a question can be sent now, shown: while an answer is on its way, or a rate limit's wait runs, the
     * chips are aria-disabled (dimmed, ignore clicks); during the wait Send is too (still focusable, as Try again
     * is). When the wait is over, they are enabled again and the composer's note goes.
     */
    _showHeld() {
      const wait = this._waitLeft();
      for (const el of this.shadowRoot.querySelectorAll(".chip")) {
        el.setAttribute("aria-disabled", String(this._busy || wait > 0));
      }
      if (wait > 0 && !this._busy) this._send.setAttribute("aria-disabled", "true");
      else this._send.removeAttribute("aria-disabled");
      clearTimeout(this._waitTimer);
      if (wait > 0) this._waitTimer = setTimeout(() => this._showHeld(), wait);
      else this._holdNote.replaceChildren();
      // With no reply saying it (a new conversation), the composer says the wait at once.
      if (wait > 0 && !this._waitShown()) this._sayHeld(`${RATE_LIMITED.slice(0, -1)}: you can ask again in`);
    }

    /**
     * A question sent while a rate limit's wait runs is not sent: the composer says so, with the time left ("Not sent:
     * questions from your connection can be sent again in 53 minutes."), once (added to its live region), then counts down in place. `says`: what
     * comes before the time left.
     */
    _sayHeld(says = "Not sent: questions from your connection can be sent again in") {
      if (this._holdNote.firstChild) return; // said already, and counting down: not said again
      const text = document.createTextNode("");
      this._holdNote.append(text);
      countDown(this._waitEnd(), (words) => {
        if (text.parentNode !== this._holdNote) return false; // the wait is over, or the conversation started over
        text.data = `${says} ${words}.`;
        return true;
      }, () => {});
      this._sayNote(text.data);
    }

    /**
     * Say a note under the box as it appears, once: by the announcer, unless focus lands on the box in the same task
     * (before or after the note came), when the box's description says it. Added to the announcer's line, after what
     * the same task said ("The earlier conversation was cleared."), not over it.
     */
    _sayNote(text) {
      queueMicrotask(() => {
        if (!text || this._boxFocused || !this._state.open) return;
        clearTimeout(this._saidTimer);
        for (const said of this._announcer.querySelectorAll(".note")) said.remove(); // said again: not kept twice
        this._announcer.append(h("span", { class: "note", text: this._announcer.textContent ? ` ${text}` : text }));
        this._saidTimer = setTimeout(() => this._announcer.replaceChildren(), SAID_MS);
      });
    }

    /**
     * Stop waiting for the pending question (the Stop button); its answer, if it still comes, is dropped. Once the
     * server's reply has begun to come in, Stop does nothing: the answer shows (before, a tap on Stop as the answer
     * landed threw it away and said "You stopped waiting"). Any click,
     * tap or key press stops it, however soon after Send, but two that are not the visitor's asking to stop: the
     * second click of a double click (or tap) whose first, on Send, sent the question (the browser counts clicks at
     * one spot within the system's double-click time: detail 2), and the repeats of Enter held down on the button.
     * (Before, every click in the first half second after a click on Send was ignored: a tap on Stop too.)
     */
    _stop(e) {
      const pending = this._pending;
      // Its reply has come (it is being read in): shown, not thrown away under the visitor's tap as it landed.
      if (!this._busy || !pending || pending.arrived) return;
      if (e && ((e.detail === 2 && this._sentByClick) || (e.detail === 0 && this._keyRepeat))) return;
      pending.stopped = true;
      pending.abort();
    }

    /** The JSON `url` answers; `signal` drops the request; `arrived()` is called as the server's reply comes in. */
    async _fetchJson(url, options, signal, arrived = null) {
      const controller = new AbortController();
      let timedOut = false;
      let lost = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, TIMEOUT_MS);
      // The connection dropping while the answer is on its way ends the wait now, not at the timeout.
      const drop = () => {
        lost = true;
        controller.abort();
      };
      window.addEventListener("offline", drop);
      if (signal) signal.addEventListener("abort", () => controller.abort());
      try {
        const response = await fetch(url, { ...options, signal: controller.signal, credentials: "omit" });
        if (arrived) arrived();
        let data = null;
        try {
          data = await response.json();
        } catch (e) {
          data = null;
        }
        if (!response.ok || !data || data.ok === false) {
          const err = new Error((data && data.error) || `HTTP ${response.status}`);
          err.status = response.status;
          err.retryAfter = Number.parseInt(response.headers.get("Retry-After") || "", 10); // seconds (a 429)
          throw err;
        }
        return data;
      } catch (e) {
        // Told apart from a network failure: the visitor is told the answer was slow, not that there is none.
        if (timedOut) throw Object.assign(new Error("timed out"), { timedOut: true });
        throw lost ? Object.assign(new Error("connection lost"), { lost: true }) : e;
      } finally {
        clearTimeout(timer);
        window.removeEventListener("offline", drop);
      }
    }

    _addMessage(message) {
      this._state.messages.push(message);
      this._save();
      this._renderIntro();
      this._renderMessage(message, true);
      this._pruneRetry();
    }

    /**
     * The connection back (the `online` event): a question that failed for want of it says so beside its "Try again"
     * (said aloud too: see _say); nothing is sent without the visitor's tap. Gone when it drops.
     */
    _showOnline() {
      for (const note of this._log.querySelectorAll(".online-note")) note.remove();
      const message = this._state.messages[this._state.messages.length - 1];
      const line = this._log.lastElementChild && this._log.lastElementChild.querySelector(".retry-line");
      if (navigator.onLine === false || !line || !message || message.role !== "error" || !message.offline) return;
      line.prepend(h("span", { class: "online-note", text: `${BACK_ONLINE} ` }));
      this._say(BACK_ONLINE);
    }

    /** "Try again" only under the latest reply: under an older one, its answer would come out of place. */
    _pruneRetry() {
      const last = this._log.lastElementChild;
      for (const el of this._log.querySelectorAll(".retry, .wait-note")) if (!last || !last.contains(el)) el.remove();
    }

    /**
     * "Try again" after a rate limit, until its Retry-After has passed (message.retryAt, kept across reloads): marked
     * aria-disabled (dimmed, ignores taps, still focusable and read as unavailable) beside "You can try again in N
     * seconds." (counted down in place, not said every second). Then it is
     * enabled and "You can try again now." is added, and said (see _say).
     */
    _waitToRetry(message, button) {
      const text = document.createTextNode("");
      const note = h("span", { class: "wait-note" }, text);
      button.setAttribute("aria-disabled", "true");
      button.before(note);
      let first = true; // (the reply is not in the log yet)
      // Stopped when the button goes: replaced by a new try, pruned, or the conversation started over.
      countDown(message.retryAt, (words) => {
        if (!first && !button.isConnected) return false;
        first = false;
        text.data = `You can try again in ${words}. `;
        return true;
      }, () => {
        if (!first && !button.isConnected) return;
        button.removeAttribute("aria-disabled");
        note.replaceWith(h("span", { class: "wait-note", text: "You can try again now. " }));
        if (!first && this._state.open) this._say("You can try again now."); // (not over a reply shown again by a reload)
      });
    }

    /**
     * Say `text` to a screen reader (the announcer, a polite live region: its line replaced, so said once); "" says
     * nothing. Cleared after SAID_MS: a screen reader reading the panel through would meet it again.
     */
    _say(text) {
      clearTimeout(this._saidTimer);
      this._announcer.replaceChildren(...(text ? [h("span", {}, text)] : [])); // (text: a string, or strings and nodes)
      if (text) this._saidTimer = setTimeout(() => this._announcer.replaceChildren(), SAID_MS);
    }

    _scrollTo(top, smooth) {
      const reduce = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
      this._log.scrollTo({ top, behavior: smooth && !reduce ? "smooth" : "auto" });
    }

    _scrollToEnd(smooth) {
      this._scrollTo(this._log.scrollHeight, smooth);
    }

    /**
     * Bring a new reply (or newly expanded text) into view from its top: scrolled to the log's bottom it
     * would start above the visible part when it is taller than the log.
     */
    _reveal(node, smooth = true) {
      const log = this._log.getBoundingClientRect();
      const box = node.getBoundingClientRect();
      const margin = 8;
      if (box.height + 2 * margin > log.height || box.top < log.top) {
        this._scrollTo(this._log.scrollTop + box.top - log.top - margin, smooth);
      } else if (box.bottom > log.bottom) {
        this._scrollTo(this._log.scrollTop + box.bottom - log.bottom + margin, smooth);
      }
    }

    /* ---- rendering messages --------------------------------------------------------- */

    _renderMessage(message, scroll) {
      let node;
      if (message.role === "user") {
        node = h("div", { class: "msg user" },
          h("div", { class: "bubble" }, h("span", { class: "sr-only", text: "You: " }),
            h("span", { class: "text", dir: "auto", text: message.text })));
      } else if (message.role === "bot") {
        node = this._renderAnswer(message);
      } else {
        const retry = message.retry && typeof message.question === "string" && message.question
          ? h("button", { type: "button", class: "link-button retry", text: "Try again",
                          onclick: (e) => this._tryAgain(message, e) })
          : null;
        node = h("div", { class: "msg bot error" },
          h("div", { class: "bubble" }, h("span", { class: "sr-only", text: "Assistant: " }),
            h("span", { text: message.text }), retry ? h("div", { class: "retry-line" }, retry) : null));
        if (retry && message.retryAt > 0) this._waitToRetry(message, retry);
      }
      this._log.append(node);
      if (!scroll) return;
      if (message.role === "user") this._scrollToEnd(true);
      else if (this._state.open) {
        this._reveal(node);
        this._say(spoken(message, node));
      } else {
        // Hidden, it has no size to scroll to: open() brings it into view.
        this._unseen = this._unseen || node;
        this._badge.hidden = false;
        this._unseenStatus.textContent = "The assistant has replied: open the chat to read it.";
      }
    }

    _renderAnswer(message) {
      const a = message.answer || {};
      const n = ++uid;
      const bubble = h("div", { class: "bubble" }, h("span", { class: "sr-only", text: "Assistant: " }));
      const concise = h("div", { class: "answer" }, renderBlocks(a.answer_blocks, a.answer));
      bubble.append(concise);

      if (a.kind === "answer" && a.full_answer && a.full_answer.trim() !== String(a.answer || "").trim()) {
        const full = h("div", { class: "full", id: `${this._id}-full-${n}`, hidden: true }, renderBlocks(a.full_answer_blocks, a.full_answer));
        const more = h("button", { type: "button", class: "link-button more", "aria-expanded": "false",
                                   "aria-controls": full.id, text: "Read more" });
        more.addEventListener("click", () => {
          const expand = more.getAttribute("aria-expanded") !== "true";
          more.setAttribute("aria-expanded", String(expand));
          more.textContent = expand ? "Show less" : "Read more";
          full.hidden = !expand;
          concise.hidden = expand;
          this._reveal(expand ? full : concise);
        });
        bubble.append(full, more);
      }

      const href = a.source && this.pageUrl(a.source.url);
      if (a.heading && href) {
        const link = h("a", { href, class: "source-link", dir: "auto", text: a.heading });
        // Leaving for the article: start closed there, so the panel doesn't cover what the visitor came to read.
        link.addEventListener("click", (e) => {
          // Opened in another tab or window (Ctrl, Shift, Cmd): this page stays as it is, the chat open.
          if (e.ctrlKey || e.metaKey || e.shiftKey || e.altKey || e.button !== 0) return;
          const to = new URL(href);
          if (to.origin === location.origin && to.pathname === location.pathname && to.search === location.search) {
            // A section of the article this page is: only the page scrolls, so the panel closes now (it stayed open,
            // and on a phone covered the section, while the chat was saved as closed). Focus is not put on the
            // launcher: Tab goes on from the section.
            this.close(false);
          } else {
            this._state.open = false;
            this._save();
          }
        });
        bubble.append(h("p", { class: "source" }, h("span", { class: "source-label", text: "Source: " }), link));
      }

      // Under a no-answer, the closest topics; under an answer, the confident runners-up (the other
      // question of a two-question message comes first among them); under "help" and the like, a few
      // topics to start with. A chip asks its heading, so one with the answer's own heading (two sections
      // of an article can share one) or a heading already offered would only bring this answer back.
      const seen = new Set([a.heading]);
      const fresh = (s) => s && typeof s.heading === "string" && !seen.has(s.heading) && seen.add(s.heading);
      const offered = !Array.isArray(a.suggestions) ? []
        : a.kind === "answer" ? a.suggestions.filter((s) => Number(s && s.confidence) >= RELATED_MIN && fresh(s))
                                             .slice(0, RELATED_MAX)
        : a.suggestions.filter(fresh);
      if (offered.length) {
        // The list's name alone, not a paragraph too (see _renderIntro): it was said twice.
        const label = h("p", { class: "chips-label", id: `${this._id}-dym-${n}`, "aria-hidden": "true",
                               text: { answer: "Related:", smalltalk: "Topics:" }[a.kind] || "Did you mean:" });
        const chips = offered.map((s) => h("li", {}, h("button", {
          type: "button", class: "chip", dir: "auto", "aria-disabled": String(this._busy),
          onclick: (e) => this._askFromChip(s.heading, e),
        }, s.heading)));
        bubble.append(label, h("ul", { class: "chips", "aria-labelledby": label.id }, chips));
      }

      if (a.kind === "answer") bubble.append(this._renderFeedback(message));
      return h("div", { class: `msg bot kind-${a.kind || "answer"}` }, bubble);
    }

    _renderFeedback(message) {
      // Focusable from script: a vote disables the thumbs, and keyboard focus moves here, not to the page. Additions
      // only are said: a rate limit's wait counts down in place (a text change), not said every second.
      const status = h("span", { class: "feedback-status", role: "status", tabindex: "-1",
                                 "aria-relevant": "additions" });
      const up = h("button", { type: "button", class: "thumb", title: "Helpful" }, icon("up"));
      const down = h("button", { type: "button", class: "thumb", title: "Not helpful" },
        icon("down"));
      const group = h("div", { class: "feedback", role: "group", "aria-label": "Was this answer helpful?" },
        h("span", { class: "feedback-label", "aria-hidden": "true", text: "Helpful?" }), up, down, status);
      const thumbs = (marked) => {
        for (const thumb of [up, down]) {
          if (marked) thumb.setAttribute("aria-disabled", "true");
          else thumb.removeAttribute("aria-disabled");
        }
      };
      const show = () => {
        up.setAttribute("aria-pressed", String(message.feedback === "up"));
        down.setAttribute("aria-pressed", String(message.feedback === "down"));
        up.disabled = down.disabled = !!message.feedback;
        status.textContent = message.feedback ? "Thanks for your feedback!" : "";
      };
      // A rate limit on votes (429: a clinic's shared Wi-Fi counts as one visitor): its Retry-After is said, counting
      // down, the thumbs are marked unavailable (still focusable) and a vote is not sent until it has passed. It holds
      // every answer's thumbs (the server counts the visitor); "You can vote again now." when it is over.
      let waiting = false;
      const waitToVote = () => {
        if (waiting) return;
        waiting = true;
        thumbs(true);
        group.classList.add("waiting");
        const text = document.createTextNode("");
        status.replaceChildren(`${VOTE_LIMITED} `, text);
        let first = true; // (shown again after a reload: the answer is not in the log yet)
        countDown(this._state.voteUntil, (words) => {
          if (!first && !group.isConnected) return false; // gone with its conversation (Start over): stopped
          first = false;
          text.data = `You can vote again in ${words}.`;
          return true;
        }, () => {
          waiting = false;
          thumbs(false);
          group.classList.remove("waiting");
          if (!message.feedback) status.textContent = "You can vote again now.";
        });
      };
      let sending = false;
      const send = async (helpful) => {
        if (message.feedback || sending) return;
        if (this._state.voteUntil > Date.now()) {
          waitToVote(); // the server could only refuse it
          return;
        }
        // Marked, not disabled, while the vote is on its way: a disabled button would drop keyboard focus.
        sending = true;
        thumbs(true);
        try {
          await this._fetchJson(this.apiUrl("/api/feedback"), {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ question: message.question, section_id: message.answer.section_id, helpful }),
          });
          message.feedback = helpful ? "up" : "down";
          this._save();
          const focused = [up, down].includes(this.shadowRoot.activeElement);
          // Focus goes to the thanks (the thumbs are disabled now), which reads it: not said by its live region too.
          if (focused) status.setAttribute("aria-live", "off");
          show();
          if (focused) status.focus();
        } catch (e) {
          // The thumbs stay live: the visitor can vote again once the connection is back (or the wait is over).
          if (e && e.status === 429 && e.retryAfter > 0) {
            this._state.voteUntil = Date.now() + e.retryAfter * 1000;
            message.voteHeld = true; // this answer says the wait, after a reload too
            this._save();
          } else {
            status.textContent = navigator.onLine === false
              ? "You seem to be offline: your feedback wasn't sent. Please try again once you're back online."
              : e && e.status === 429 ? `${VOTE_LIMITED} Please wait a moment and try again.`
              : "Sorry, your feedback couldn't be sent. Please try again in a little while.";
          }
        } finally {
          sending = false;
          thumbs(false);
        }
        // (Not over a vote that went through while another answer's vote was refused.)
        if (!message.feedback && this._state.voteUntil > Date.now()) waitToVote();
      };
      up.addEventListener("click", () => send(true));
      down.addEventListener("click", () => send(false));
      show();
      if (!message.feedback && message.voteHeld && this._state.voteUntil > Date.now()) waitToVote();
      return group;
    }
  }

  /** A key pressed while an input method composes text (Japanese, Chinese): its own (229: some browsers' only sign). */
  function composing(e) {
    return e.isComposing || e.keyCode === 229;
  }

  /** Keep only the Answer fields the widget shows (what sessionStorage holds). */
  function pickAnswer(d) {
    const str = (v) => (typeof v === "string" ? v : null);
    const blocksOf = (v) => (Array.isArray(v) ? v.filter((b) => b && typeof b === "object") : null);
    return {
      kind: str(d.kind) || (d.answered ? "answer" : "no_answer"),
      answered: !!d.answered,
      answer: str(d.answer) || "",
      full_answer: str(d.full_answer),
      answer_blocks: blocksOf(d.answer_blocks),
      full_answer_blocks: blocksOf(d.full_answer_blocks),
      heading: str(d.heading),
      section_id: str(d.section_id),
      source: d.source && typeof d.source === "object" ? { url: str(d.source.url), title: str(d.source.title) } : null,
      suggestions: Array.isArray(d.suggestions)
        ? d.suggestions.map((s) => ({ heading: str(s && s.heading), section_id: str(s && s.section_id),
                                      confidence: typeof (s && s.confidence) === "number" ? s.confidence : 0 }))
        : [],
    };
  }

  /**
   * The messages, where a question whose answer was on its way (a reload, "Start over") will never get it: it gets an
   * error like a question that failed, kept with it and left out of history, with Try again.
   */
  function interrupted(messages) {
    return messages.flatMap((m, i) =>
      m.role === "user" && (i + 1 === messages.length || messages[i + 1].role === "user")
        ? [m, { role: "error", question: m.text, key: m.key, text: INTERRUPTED, retry: true }] : [m]);
  }

  /**
   * What a screen reader is told of a reply (its node in the log): the answer's own text, or the error with its wait;
   * not the controls under it, which the visitor reaches by reading on.
   */
  function spoken(message, node) {
    if (message.role === "error") {
      const wait = node.querySelector(".wait-note");
      return `Assistant: ${message.text}${wait ? ` ${wait.textContent.trim()}` : ""}`;
    }
    const answer = node.querySelector(".answer");
    // The answer in the page's language, "Assistant:" in English (see h).
    return ["Assistant: ", h("span", { lang: pageLang(), text: answer ? (answer.innerText || answer.textContent).trim() : "" })];
  }

  /** A reply to the question itself (empty, too long): sending it again as it is would fail the same way. */
  function questionAtFault(err) {
    return !!err && [400, 413, 422].includes(err.status);
  }

  /** The size in bytes of the request that asks `question` with `history` (as ask sends it). */
  function requestSize(question, history = []) {
    return new TextEncoder().encode(JSON.stringify({ question, history, top_k: 3 })).length;
  }

  /**
   * How many of `chars` (a question's characters) a request of at most `bytes` takes, asked alone: all of them, or the
   * most whose request fits (found by halving: a question's letters can take one to four bytes each, six escaped).
   */
  function fitting(chars, bytes) {
    if (chars.length * 6 + 64 <= bytes || requestSize(chars.join("")) <= bytes) return chars.length;
    let lo = 0;
    let hi = chars.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (requestSize(chars.slice(0, mid).join("")) <= bytes) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** A wait of `seconds` (at least 1) for a countdown: "42 seconds", "1 second", "59 minutes". */
  function inWords(seconds) {
    const [n, unit] = seconds <= 90 ? [seconds, "second"] : [Math.ceil(seconds / 60), "minute"];
    return `${n} ${unit}${n === 1 ? "" : "s"}`;
  }

  /**
   * A countdown to `until` (ms since the epoch): show(words) now and each time the time left changes in words ("59
   * minutes", "42 seconds"), until it returns false (what it showed is gone) or the time is up: then done().
   */
  function countDown(until, show, done) {
    const tick = () => {
      const ms = until - Date.now();
      const left = Math.ceil(ms / 1000);
      if (left <= 0) done();
      else if (show(inWords(left))) setTimeout(tick, ms - (left - 1) * 1000); // when the count next changes
    };
    tick();
  }

  /** Whether `el` is a box the visitor can scroll (overflow auto or scroll), whatever room it has. */
  function scrolls(el) {
    const style = getComputedStyle(el);
    return /auto|scroll/.test(style.overflowX) || /auto|scroll/.test(style.overflowY);
  }

  /** Whether `el` scrolls (overflow auto or scroll) and has room to go by the wheel's (dx, dy). */
  function canScroll(el, dx, dy) {
    const style = getComputedStyle(el);
    const room = (overflow, delta, pos, size, view) => /auto|scroll/.test(overflow) && size > view && delta !== 0 &&
      (delta < 0 ? pos > 0 : Math.ceil(pos + view) < size);
    // A right-to-left box's scrollLeft runs from 0 down to negative values: measured from its start either way.
    const left = style.direction === "rtl" ? -el.scrollLeft : el.scrollLeft;
    const dxStart = style.direction === "rtl" ? -dx : dx;
    return room(style.overflowY, dy, el.scrollTop, el.scrollHeight, el.clientHeight) ||
      room(style.overflowX, dxStart, left, el.scrollWidth, el.clientWidth);
  }

  function friendlyError(err) {
    if (err && err.timedOut) return "Sorry, the answer is taking too long to come. Please try again.";
    // With a Retry-After, the wait is said beside Try again, counting down (see _waitToRetry): not twice.
    if (err && err.status === 429) {
      // The server counts the address, often shared (a clinic's Wi-Fi, a mobile carrier): not the visitor's doing.
      return `${RATE_LIMITED}${err.retryAfter > 0 ? "" : " Please wait a moment and try again."}`;
    }
    if (questionAtFault(err)) return "Sorry, I couldn't read that question. Please rephrase it.";
    // Anything else (a 404 or 405 from a wrong api address or a proxy, a 5xx, an HTML page instead of JSON, no
    // network) is not the question's fault: rephrasing it would not help.
    return "Sorry, I can't reach the answers right now. Please try again in a little while.";
  }

  customElements.define("faqbot-chat", FaqbotChat);
})();
