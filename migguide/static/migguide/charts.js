// Interactive charts on request. Every chart is already drawn as an SVG by the server;
// the script that makes them interactive (Vega, 900 KB, 300 KB gzipped) is fetched only
// when the reader asks for it, so that phones on slow links do not pay for it.
(function () {
  "use strict";
  var buttons = document.querySelectorAll("button[data-charts-bundle]");
  buttons.forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      if (!document.getElementById("charts-bundle")) {
        var script = document.createElement("script");
        script.id = "charts-bundle";
        script.src = button.dataset.chartsBundle;
        document.head.appendChild(script);
      }
      buttons.forEach(function (b) { b.hidden = true; });
    });
  });
})();
