// The appropriate-language check as the user types (DESIGN.md §6.8).
// Every <textarea data-language-check> has a live region (id "<textarea id>-language") after it;
// a pause in typing posts the text to the region's data-language-check-url and shows the HTML
// fragment it returns. Advice only: nothing here stops the form being submitted.
(function () {
  "use strict";

  var DELAY_MS = 600;
  var timers = new WeakMap();
  var latest = new WeakMap();

  function csrfToken(textarea) {
    var form = textarea.form;
    var input = form && form.querySelector("input[name='csrfmiddlewaretoken']");
    if (input) {
      return input.value;
    }
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function regionFor(textarea) {
    return textarea.id ? document.getElementById(textarea.id + "-language") : null;
  }

  function check(textarea) {
    var region = regionFor(textarea);
    var url = region && region.getAttribute("data-language-check-url");
    if (!url) {
      return;
    }
    var text = textarea.value;
    if (latest.get(textarea) === text) {
      return;
    }
    latest.set(textarea, text);
    var body = new URLSearchParams();
    body.set("text", text);
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(textarea), "X-Requested-With": "fetch" },
      body: body,
    })
      .then(function (response) {
        // A redirect means the session ended (sign-in page): leave the region as it is.
        if (response.redirected || !(response.ok || response.status === 400)) {
          latest.delete(textarea);
          return null;
        }
        return response.text();
      })
      .then(function (html) {
        // Only the answer for the text as it is now; an older, slower answer is dropped.
        if (html === null || latest.get(textarea) !== text) {
          return;
        }
        var fresh = html.trim();
        if (region.innerHTML.trim() !== fresh) {
          region.innerHTML = fresh;
        }
      })
      .catch(function () {
        latest.delete(textarea);
      });
  }

  function schedule(textarea) {
    clearTimeout(timers.get(textarea));
    timers.set(
      textarea,
      setTimeout(function () {
        check(textarea);
      }, DELAY_MS)
    );
  }

  function isChecked(target) {
    return target instanceof HTMLTextAreaElement && target.hasAttribute("data-language-check");
  }

  document.addEventListener("input", function (event) {
    if (isChecked(event.target)) {
      schedule(event.target);
    }
  });

  // Text pasted or restored by the browser is checked when the box loses focus, without waiting.
  document.addEventListener(
    "blur",
    function (event) {
      if (isChecked(event.target)) {
        clearTimeout(timers.get(event.target));
        check(event.target);
      }
    },
    true
  );

  // The server already filled regions for the text it rendered; only text the browser restored
  // (for example after going back) needs checking now.
  function remember() {
    document.querySelectorAll("textarea[data-language-check]").forEach(function (textarea) {
      latest.set(textarea, textarea.defaultValue);
      if (textarea.value !== textarea.defaultValue) {
        check(textarea);
      }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", remember);
  } else {
    remember();
  }
})();
