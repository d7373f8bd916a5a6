(function () {
  "use strict";
  var controls = document.getElementById("filter");
  if (!controls) {
    return;
  }
  var text = document.getElementById("filter-text");
  var kind = document.getElementById("filter-kind");
  var sector = document.getElementById("filter-sector");
  var count = document.getElementById("filter-count");
  var items = Array.prototype.slice.call(document.querySelectorAll("[data-item]"));
  var groups = Array.prototype.slice.call(document.querySelectorAll("[data-group]"));

  function fold(value) {
    return value.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/\u0131/g, "i");
  }

  // A fact of an occasion is found by the occasion's heading too ("Ankara visit").
  var texts = items.map(function (item) {
    var group = item.parentElement;
    var head = group && group.classList.contains("occasion")
      ? group.querySelector(".occasion-head") : null;
    return fold(item.textContent + (head ? " " + head.textContent : ""));
  });

  function apply() {
    var words = fold(text.value).split(/\s+/).filter(Boolean);
    var wantKind = kind ? kind.value : "";
    var wantSector = sector && sector.value ? "|" + sector.value + "|" : "";
    var shown = 0;
    for (var i = 0; i < items.length; i++) {
      var item = items[i];
      var ok = (!wantKind || item.getAttribute("data-kind") === wantKind) &&
        (!wantSector || ("|" + (item.getAttribute("data-sectors") || "") + "|").indexOf(wantSector) >= 0);
      for (var w = 0; ok && w < words.length; w++) {
        ok = texts[i].indexOf(words[w]) >= 0;
      }
      if (item.hidden === ok) {  // only what changes: each change costs a style update
        item.hidden = !ok;
      }
      if (ok) {
        shown++;
      }
    }
    for (var g = 0; g < groups.length; g++) {
      var empty = groups[g].querySelector("[data-item]:not([hidden])") === null;
      if (groups[g].hidden !== empty) {
        groups[g].hidden = empty;
      }
    }
    count.textContent = shown === items.length
      ? "Showing all " + items.length
      : "Showing " + shown + " of " + items.length;
  }

  function clear() {
    text.value = "";
    if (kind) { kind.value = ""; }
    if (sector) { sector.value = ""; }
    apply();
  }

  // Years and facts off the screen are not laid out (content-visibility), so the page's
  // height is partly estimated: after a jump to an anchor, what comes into view takes its
  // real size and can move the target. Scroll to it again each frame until it stays put.
  function settle(target, frames) {
    var top = target.getBoundingClientRect().top;
    target.scrollIntoView();
    if (frames > 0) {
      requestAnimationFrame(function () {
        if (Math.abs(target.getBoundingClientRect().top - top) > 1 || frames > 18) {
          settle(target, frames - 1);
        }
      });
    }
  }

  function fragment() {
    // A link may carry any fragment (#%E0%A4%A is no valid escape): one that does not
    // decode is taken as written, never a script error.
    var raw = location.hash.slice(1);
    try {
      return decodeURIComponent(raw);
    } catch (error) {
      return raw;
    }
  }

  function reveal() {
    var id = fragment();
    var target = id ? document.getElementById(id) : null;
    if (!target) {
      return;
    }
    if (target.closest("[hidden]")) {
      clear();
    }
    settle(target, 20);
  }

  text.addEventListener("input", apply);
  if (kind) { kind.addEventListener("change", apply); }
  if (sector) { sector.addEventListener("change", apply); }
  window.addEventListener("hashchange", reveal);

  var opened = [];
  window.addEventListener("beforeprint", function () {
    opened = Array.prototype.filter.call(document.querySelectorAll("details:not([open])"),
      function (details) { details.open = true; return true; });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (details) { details.open = false; });
    opened = [];
  });

  controls.hidden = false;
  apply();
  if (location.hash) {
    reveal();
  }
}());
