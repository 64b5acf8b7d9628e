// Action-item pages: progressive enhancements only; every page works without JavaScript.
(function () {
  "use strict";
  // A "select all on this page" box for the bulk status form, shown only with JavaScript.
  document.querySelectorAll("[data-select-all]").forEach(function (box) {
    var name = box.getAttribute("data-select-all");
    var form = box.form || box.closest("form");
    var boxes = form ? form.querySelectorAll('input[type="checkbox"][name="' + name + '"]') : [];
    box.classList.remove("d-none");
    box.addEventListener("change", function () {
      boxes.forEach(function (other) {
        other.checked = box.checked;
      });
    });
  });
})();
