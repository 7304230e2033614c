// A filter box over long lists of checkboxes (institutions …): typing narrows the list
// to the names that contain the words typed; ticked items always stay shown. Without
// this script the list is whole, ticked items first (dossier/forms.py TickedFirstCheckboxSelectMultiple).
(function () {
  "use strict";
  var MIN_ITEMS = 8;
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  document.querySelectorAll(".checklist").forEach(function (list) {
    var boxes = list.querySelectorAll("input[type=checkbox]");
    if (boxes.length < MIN_ITEMS || !boxes[0].dataset.filter) return;
    var label = document.createElement("label");
    label.className = "checklist-filter";
    label.textContent = boxes[0].dataset.filter + " ";
    var input = document.createElement("input");
    input.type = "search";
    input.autocomplete = "off";
    label.appendChild(input);
    list.parentNode.insertBefore(label, list);
    input.addEventListener("input", function () {
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      boxes.forEach(function (box) {
        var item = box.closest("div") || box.parentNode;
        var text = fold(box.parentNode.textContent);
        var match = words.every(function (w) { return text.indexOf(w) !== -1; });
        item.hidden = !(box.checked || match);
      });
    });
  });
})();
