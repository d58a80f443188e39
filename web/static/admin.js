// The editor's dashboard: plain forms that work without this script. It only helps keyboard and
// screen-reader users (focus moves to what a change did) and stops a form from being sent twice.
(function () {
  "use strict";
  function ready() {
    const params = new URLSearchParams(window.location.search);
    const error = document.getElementById("error");
    const status = document.getElementById("status");
    // A change refused answers its POST with the page and the error: the address bar then shows the dashboard's
    // address (data-page), so that a reload shows the dashboard instead of sending the form again.
    if (error && error.dataset.page && window.history.replaceState) {
      window.history.replaceState(null, "", error.dataset.page);
    }
    // After a change the page is loaded anew; focus the line that says what happened (an alert first).
    if (error && error.textContent.trim()) {
      error.focus();
    } else if (status && status.textContent.trim() && (params.has("done") || params.has("undone") || params.has("rebuilt"))) {
      status.focus();
    }
    // On a narrow screen the chart scrolls sideways: show the latest days first.
    document.querySelectorAll(".chart-box").forEach(function (box) { box.scrollLeft = box.scrollWidth; });
    document.querySelectorAll("form[method='post']").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (form.dataset.sent === "1") {
          event.preventDefault();
          return;
        }
        form.dataset.sent = "1";
        form.setAttribute("aria-busy", "true");
        const button = event.submitter || form.querySelector("button[type='submit']");
        if (button) button.setAttribute("aria-disabled", "true");
      });
    });
  }
  // Back to a page from the history cache: its forms may be sent again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    document.querySelectorAll("form[data-sent]").forEach(function (form) {
      delete form.dataset.sent;
      form.removeAttribute("aria-busy");
      form.querySelectorAll("[aria-disabled]").forEach(function (b) { b.removeAttribute("aria-disabled"); });
    });
  });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
