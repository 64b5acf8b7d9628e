// Add rows to a Django formset without a round trip. Without JavaScript the
// page still works: saving the draft always offers an empty row.
(function () {
  "use strict";
  document.querySelectorAll("[data-formset-add]").forEach(function (button) {
    var prefix = button.getAttribute("data-formset-add");
    var template = document.getElementById(prefix + "-template");
    var container = document.getElementById(prefix + "-rows");
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    if (!template || !container || !total) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      container.insertAdjacentHTML(
        "beforeend",
        template.innerHTML.replace(/__prefix__/g, String(index))
      );
      total.value = String(index + 1);
      var first = container.lastElementChild.querySelector("input, textarea, select");
      if (first) {
        first.focus();
      }
    });
  });
})();
