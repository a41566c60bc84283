// Resolution form: only the fields of the chosen matter are shown and sent (an amount for
// property and borrowing, the partner for an admission or expulsion, the project for a
// project's matters, the ratios, an amendment's new values). Without this file every field
// shows and the service refuses what does not belong to the matter.
(function () {
  "use strict";

  function init() {
    var select = document.querySelector("form select[name=matter]");
    if (!select) return;
    var parts = document.querySelectorAll("[data-for-matters]");

    function update() {
      Array.prototype.forEach.call(parts, function (part) {
        var on = part.getAttribute("data-for-matters").split(" ").indexOf(select.value) >= 0;
        part.hidden = !on;
        Array.prototype.forEach.call(
          part.querySelectorAll("input, select, textarea"),
          function (input) { input.disabled = !on; }
        );
      });
    }

    select.addEventListener("change", update);
    update();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
