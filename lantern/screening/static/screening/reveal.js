// Shows each indicator's evidence box when it is answered yes or possible (or already has
// evidence), in the style of the GOV.UK conditional reveal. Without this script every box shows.
(function () {
  "use strict";

  var REVEALING = ["yes", "possible"];
  var HIDDEN = "govuk-radios__conditional--hidden";

  function radiosFor(container) {
    var name = container.getAttribute("data-screening-evidence");
    return container.closest("form").querySelectorAll("input[type='radio'][name='" + name + "']");
  }

  function sync(container) {
    var radios = radiosFor(container);
    var textarea = container.querySelector("textarea");
    var reveal = textarea && textarea.value.trim() !== "";
    radios.forEach(function (radio) {
      var controls = REVEALING.indexOf(radio.value) !== -1;
      if (controls) {
        radio.setAttribute("aria-controls", container.id);
      }
      if (radio.checked && controls) {
        reveal = true;
      }
    });
    container.classList.toggle(HIDDEN, !reveal);
  }

  document.querySelectorAll("[data-screening-evidence]").forEach(function (container) {
    sync(container);
    radiosFor(container).forEach(function (radio) {
      radio.addEventListener("change", function () {
        sync(container);
      });
    });
  });
})();
