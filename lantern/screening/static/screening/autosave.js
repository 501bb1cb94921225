// Saves a draft screening as the practitioner works: on every change and every 20 seconds.
// The server stores whatever is there without checking it is complete, so nothing typed is
// lost if the session times out. The page works without this script: the buttons save too.
(function () {
  "use strict";

  var INTERVAL_MS = 20000;
  var form = document.querySelector("form[data-autosave-url]");
  if (!form || !window.fetch || !window.FormData) {
    return;
  }
  var url = form.getAttribute("data-autosave-url");
  var status = form.parentNode.querySelector("[data-autosave-status]") || document.querySelector("[data-autosave-status]");
  var version = form.querySelector("input[name='version']");
  var changed = false;
  var saving = false;
  var stopped = false;
  var waitingSubmitter;

  function show(text) {
    if (status) {
      status.textContent = text;
    }
  }

  function handle(response) {
    if (response.type === "opaqueredirect" || response.status === 0 || response.status === 302) {
      stopped = true;
      show("You have been signed out. Sign in again to carry on: your draft was saved up to the last automatic save.");
      return null;
    }
    return response.json().then(function (body) {
      return { status: response.status, body: body };
    });
  }

  function saved(result) {
    if (!result) {
      return;
    }
    if (result.status === 200) {
      version.value = result.body.version;
      show("Draft saved automatically at " + result.body.saved_at + ".");
    } else if (result.status === 409) {
      stopped = true;
      show((result.body.error || "This screening was changed elsewhere.") + " Automatic saving has stopped: save with the button to see what changed.");
    } else {
      changed = true;
      show("Your draft could not be saved automatically. Use the save button.");
    }
  }

  function save() {
    if (!changed || saving || stopped) {
      return;
    }
    saving = true;
    changed = false;
    fetch(url, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      redirect: "manual",
      headers: { "X-Requested-With": "XMLHttpRequest" }
    })
      .then(handle)
      .then(saved)
      .catch(function () {
        changed = true;
        show("Your draft could not be saved automatically just now. It will be tried again.");
      })
      .then(function () {
        saving = false;
        if (waitingSubmitter !== undefined) {
          var submitter = waitingSubmitter;
          waitingSubmitter = undefined;
          if (submitter && form.requestSubmit) {
            form.requestSubmit(submitter);
          } else {
            if (submitter && submitter.name) {
              var field = document.createElement("input");
              field.type = "hidden";
              field.name = submitter.name;
              field.value = submitter.value;
              form.appendChild(field);
            }
            form.submit();
          }
          return;
        }
        if (changed && !stopped) {
          // Something changed while this save was on its way: save that too, now.
          window.setTimeout(save, 0);
        }
      });
  }

  form.addEventListener("change", function () {
    changed = true;
    save();
  });
  form.addEventListener("input", function () {
    changed = true;
  });
  form.addEventListener("submit", function (event) {
    stopped = true;
    if (saving) {
      // Let the save on its way finish first: it changes the version this form must send.
      event.preventDefault();
      waitingSubmitter = event.submitter || null;
    }
  });
  window.setInterval(save, INTERVAL_MS);
})();
