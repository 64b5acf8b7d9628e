// RCM Tracker: progressive enhancements only; every page works without JavaScript.
(function () {
  "use strict";
  // Ask before destructive or irreversible actions marked with data-confirm.
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });
})();
