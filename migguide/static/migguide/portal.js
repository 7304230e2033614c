// The public portal's small enhancements. Every page works without them: the map is
// links, the source table is complete, the search is a form the server answers.
(function () {
  "use strict";

  function formatNumber(value, unit) {
    var lang = document.documentElement.lang || "en";
    var text = new Intl.NumberFormat(lang, {maximumFractionDigits: unit === "percent" ? 1 : 0}).format(value);
    return unit === "percent" ? text + " %" : text;
  }

  // -- the map: name and status on hover and focus; colouring by an indicator --------
  var map = document.querySelector(".map-svg");
  if (map) {
    var info = document.getElementById("map-info");
    var layers = JSON.parse(document.getElementById("map-layers").textContent || "[]");
    var legend = document.getElementById("map-legend");
    var statusLegend = legend.innerHTML;
    var current = null;
    var show = function (event) {
      var link = event.target.closest("a.country");
      if (!link) return;
      var text = link.getAttribute("aria-label");
      if (current && current.values[link.dataset.iso3]) {
        var v = current.values[link.dataset.iso3];
        text += " · " + current.name + ": " + formatNumber(v.value, current.unit) + " (" + v.year + ")";
      }
      info.textContent = text;
    };
    map.addEventListener("mouseover", show);
    map.addEventListener("focusin", show);
    var controls = document.querySelector(".map-controls");
    if (layers.length) controls.hidden = false;
    var select = document.getElementById("map-layer");
    var shades = 5;
    select.addEventListener("change", function () {
      current = layers.find(function (l) { return l.code === select.value; }) || null;
      var links = map.querySelectorAll("a.country");
      if (!current) {
        links.forEach(function (a) { a.removeAttribute("data-shade"); });
        map.classList.remove("by-indicator");
        legend.innerHTML = statusLegend;
        return;
      }
      var values = Object.values(current.values).map(function (v) { return v.value; }).sort(function (a, b) { return a - b; });
      var breaks = [];
      for (var i = 1; i < shades; i++) breaks.push(values[Math.floor(i * values.length / shades)]);
      map.classList.add("by-indicator");
      links.forEach(function (a) {
        var v = current.values[a.dataset.iso3];
        if (!v) { a.setAttribute("data-shade", "none"); return; }
        var shade = breaks.filter(function (b) { return v.value >= b; }).length;
        a.setAttribute("data-shade", String(shade));
      });
      var bounds = [values[0]].concat(breaks, [values[values.length - 1]]);
      var items = [];
      for (var s = 0; s < shades; s++) {
        items.push('<li><span class="swatch shade-' + s + '"></span> ' +
          formatNumber(bounds[s], current.unit) + " – " + formatNumber(bounds[s + 1], current.unit) + "</li>");
      }
      items.push('<li><span class="swatch shade-none"></span> —</li>');
      legend.innerHTML = items.join("");
    });
  }

  // -- the source catalogue of a country: filter by area -----------------------------
  var filter = document.getElementById("area-filter");
  if (filter) {
    filter.closest(".source-filter").hidden = false;
    filter.addEventListener("change", function () {
      document.querySelectorAll("#sources tbody tr").forEach(function (row) {
        var areas = (row.dataset.areas || "").split(" ");
        row.hidden = filter.value !== "" && areas.indexOf(filter.value) < 0;
      });
    });
  }

  // -- search in the static export, where no server answers --------------------------
  var form = document.querySelector(".search-form");
  if (form && document.body.dataset.static) {
    var input = form.querySelector("input[name=q]");
    var results = document.getElementById("results");
    var fold = function (text) {
      return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
    };
    var run = function () {
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      var index = window.MIGGUIDE_INDEX || [];
      results.textContent = "";
      if (!words.length) return;
      var list = document.createElement("ol");
      list.className = "results";
      index.filter(function (item) {
        var hay = fold(item.title + " " + item.text);
        return words.every(function (w) { return hay.indexOf(w) >= 0; });
      }).slice(0, 100).forEach(function (item) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = "../countries/" + item.iso3.toLowerCase() + "/index.html";
        a.textContent = item.title;
        li.appendChild(a);
        list.appendChild(li);
      });
      if (!list.children.length) {
        results.textContent = document.body.dataset.noResults;
      } else {
        results.appendChild(list);
      }
    };
    form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
    var q = new URLSearchParams(location.search).get("q");
    if (q) { input.value = q; run(); }
  }
})();
