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
    // No aria-controls: GOV.UK's radios script would take the box over and hide it whenever
    // "yes" is not checked, although "possible" reveals it too.
    radios.forEach(function (radio) {
      if (radio.checked && REVEALING.indexOf(radio.value) !== -1) {
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
