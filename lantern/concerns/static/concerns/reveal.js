// Conditional reveal for radios (the GOV.UK pattern) without aria-expanded on the radio inputs,
// which WCAG checkers reject. A radio with data-reveal="<id>" shows that element while it is
// checked; every other radio in its group hides it. Without JavaScript the content stays shown.
(function () {
  "use strict";

  function sync(group) {
    group.forEach(function (radio) {
      var targetId = radio.getAttribute("data-reveal");
      var target = targetId && document.getElementById(targetId);
      if (target) {
        target.classList.toggle("govuk-radios__conditional--hidden", !radio.checked);
      }
    });
  }

  document.querySelectorAll("input[type=radio][data-reveal]").forEach(function (radio) {
    var group = Array.prototype.slice.call(
      document.querySelectorAll("input[type=radio][name='" + radio.name + "']")
    );
    group.forEach(function (member) {
      member.addEventListener("change", function () {
        sync(group);
      });
    });
    sync(group);
  });
})();
