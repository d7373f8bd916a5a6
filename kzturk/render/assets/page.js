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

  // Words as `kzturk search` reads them: runs of letters and digits, folded, one space
  // around each, so " anka " is found in " the anka drones " and not in " ankara ".
  function wordsOf(value) {
    return " " + (fold(value).match(/[\p{L}\p{N}]+/gu) || []).join(" ") + " ";
  }

  // The other forms of the page's words ({word: key}) and the entities' names, each name
  // as its words ([["astana", "nur sultan"], ...]): see kzturk/render/html_words.py.
  var island = document.getElementById("kzturk-words");
  var known = island ? JSON.parse(island.textContent) : {forms: {}, names: []};
  var sameKey = {};
  Object.keys(known.forms).forEach(function (word) {
    (sameKey[known.forms[word]] = sameKey[known.forms[word]] || []).push(word);
  });

  // What `kzturk search` reads of each fact, from the page's records: the summary, the
  // parties, the quotes and the notes (a disagreement's records give their versions').
  var said = {};
  var data = document.getElementById("kzturk-data");
  var records = data ? JSON.parse(data.textContent) : [];
  function add(id, parts) {
    said[id] = (said[id] || "") + " | " + parts.filter(Boolean).join(" | ");
  }
  (Array.isArray(records) ? records : [records]).forEach(function (record) {
    if (record && typeof record.id === "string" && typeof record.summary === "string") {
      add(record.id, [record.summary, (record.parties || []).join(" | "),
        (record.sources || []).map(function (ref) { return ref.quote; }).join(" | "),
        record.date_note, record.curator_note]);
    }
    ((record && record.versions) || []).forEach(function (version) {
      add(version.fact, [version.summary, version.quote]);
    });
  });

  // A fact's words as search reads them; any other row's, its text on the page.
  var texts = items.map(function (item) {
    var fact = item.getAttribute("data-fact");
    return wordsOf(fact && said.hasOwnProperty(fact) ? said[fact] : item.textContent);
  });

  // The spellings a typed word may have on the page: as typed, British or American, with
  // or without a plural "s" ('recognize' finds the page's 'recognised' and its forms).
  function spellings(word) {
    var swaps = [[/iz(e|es|ed|ing|ation|ations)$/, "is$1"], [/is(e|es|ed|ing|ation|ations)$/, "iz$1"],
      [/yz(e|ed|es|ing)$/, "ys$1"], [/ys(e|ed|es|ing)$/, "yz$1"], [/or$/, "our"], [/our$/, "or"],
      [/er$/, "re"], [/re$/, "er"], [/ense$/, "ence"], [/ence$/, "ense"], [/s$/, ""], [/$/, "s"]];
    return [word].concat(swaps.map(function (swap) { return word.replace(swap[0], swap[1]); }));
  }

  // Each term as the needles any one of which it matches: its words as a phrase (a prefix
  // when it ends in "*"), the other forms of a one-word term, an entity's other names.
  function needles(term) {
    var prefix = /\*$/.test(term);
    var words = wordsOf(term.replace(/\*$/, "")).trim();
    if (!words) {
      return null;
    }
    var found = [" " + words + (prefix ? "" : " ")];
    if (!prefix && words.indexOf(" ") < 0) {
      var spelt = spellings(words);
      spelt.slice(1, -2).concat([words + "s", words + "es"]).forEach(function (form) {
        found.push(" " + form + " ");  // the other spelling, the plural
      });
      spelt = spelt.filter(function (w) { return known.forms.hasOwnProperty(w); });
      if (spelt.length) {
        sameKey[known.forms[spelt[0]]].forEach(function (form) { found.push(" " + form + " "); });
      }
    }
    known.names.forEach(function (names) {
      if (!prefix && names.indexOf(words) >= 0) {
        names.forEach(function (name) { found.push(" " + name + " "); });
      }
    });
    return found;
  }

  function terms(value) {
    var found = [];
    var pattern = /"([^"]*)"|(\S+)/g;
    var match;
    while ((match = pattern.exec(value)) !== null) {
      var term = needles(match[1] !== undefined ? match[1] : match[2]);
      if (term) {
        found.push(term);
      }
    }
    return found;
  }

  function has(text, term) {
    for (var n = 0; n < term.length; n++) {
      if (text.indexOf(term[n]) >= 0) {
        return true;
      }
    }
    return false;
  }

  var noun = count.getAttribute("data-noun") || "";

  function apply() {
    var wanted = terms(text.value);
    var wantKind = kind ? kind.value : "";
    var wantSector = sector && sector.value ? "|" + sector.value + "|" : "";
    var shown = 0;
    for (var i = 0; i < items.length; i++) {
      var item = items[i];
      var ok = (!wantKind || item.getAttribute("data-kind") === wantKind) &&
        (!wantSector || ("|" + (item.getAttribute("data-sectors") || "") + "|").indexOf(wantSector) >= 0);
      for (var w = 0; ok && w < wanted.length; w++) {
        ok = has(texts[i], wanted[w]);
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
    var unit = noun ? " " + noun : "";
    count.textContent = shown === items.length
      ? "Showing all " + items.length + unit
      : "Showing " + shown + " of " + items.length + unit;
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
