/* Quick exit, after GOV.UK's "Exit this page". The link works without this script; the script
   makes leaving instant (the page is blanked first) and adds the Shift-three-times shortcut. */
(function () {
  "use strict";
  var link = document.querySelector("[data-quick-exit]");
  if (!link) { return; }
  var target = link.href;

  function leave(event) {
    if (event) { event.preventDefault(); }
    document.documentElement.className += " quick-exit-active";
    document.title = "";
    // replace(), not assign(): the page being left does not stay in the Back history.
    window.location.replace(target);
  }
  link.addEventListener("click", leave);

  // Shift pressed on its own three times within 5 seconds. Shift held with another key
  // (typing a capital letter) starts the count again.
  var presses = [];
  var otherKeyWhileShift = false;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Shift") {
      if (event.shiftKey) { otherKeyWhileShift = true; }
      presses = [];
    } else if (!event.repeat) {
      otherKeyWhileShift = false;
    }
  });
  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift") { return; }
    if (otherKeyWhileShift) { otherKeyWhileShift = false; presses = []; return; }
    var now = Date.now();
    presses = presses.filter(function (t) { return now - t < 5000; });
    presses.push(now);
    if (presses.length >= 3) { presses = []; leave(); }
  });

  // Coming back with the Back button from the weather page must not show a cached copy.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && document.documentElement.className.indexOf("quick-exit-active") !== -1) {
      window.location.replace(target);
    }
  });
})();

/* "Back to search" returns to the search the visitor came from; the listing's address never holds it. */
(function () {
  "use strict";
  var link = document.querySelector("[data-back-to-search]");
  if (!link || !document.referrer) { return; }
  try {
    var from = new URL(document.referrer);
    if (from.origin === window.location.origin && /^\/(es\/)?resources\/$/.test(from.pathname)) {
      link.href = from.pathname + from.search;
    }
  } catch (error) { /* an unreadable referrer: keep the plain link */ }
})();
