// Saves a draft screening as the practitioner works: on every change and every 20 seconds.
// The server stores whatever is there without checking it is complete, so nothing typed is
// lost if the session times out. The page works without this script: the buttons save too.
//
// A button pressed while a save is on its way waits for that save (it changes the version the
// form must send), but never for long and never for a save that fails: the press always ends
// in the form being sent. The status element carries data-autosave-state ("saving", "saved",
// "failed", "stopped") beside the text a person reads.
(function () {
  "use strict";

  var INTERVAL_MS = 20000;
  // An automatic save that has not answered by then is abandoned (it is tried again later).
  var SAVE_TIMEOUT_MS = 15000;
  // The longest a button press waits for a save on its way before the form is sent anyway.
  var SUBMIT_WAIT_MS = 4000;

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
  var waiting = null; // { submitter, timer } while a button press waits for a save
  var releasing = false;
  var failed = false; // the last save did not arrive: try again at the next change or interval

  function show(text, state) {
    if (status) {
      status.textContent = text;
      status.setAttribute("data-autosave-state", state);
    }
  }

  function handle(response) {
    if (response.type === "opaqueredirect" || response.status === 0 || response.status === 302) {
      stopped = true;
      show("You have been signed out. Sign in again to carry on: your draft was saved up to the last automatic save.", "stopped");
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
      if (version && result.body.version !== undefined) {
        version.value = result.body.version;
      }
      if (!changed) {
        show("Draft saved automatically at " + result.body.saved_at + ".", "saved");
      }
    } else if (result.status === 409) {
      stopped = true;
      show((result.body.error || "This screening was changed elsewhere.") + " Automatic saving has stopped: save with the button to see what changed.", "stopped");
    } else {
      changed = true;
      failed = true;
      show("Your draft could not be saved automatically. Use the save button.", "failed");
    }
  }

  function addSubmitterField(submitter) {
    if (submitter && submitter.name) {
      var field = document.createElement("input");
      field.type = "hidden";
      field.name = submitter.name;
      field.value = submitter.value;
      form.appendChild(field);
    }
  }

  // Sends the form for the button press that was waiting. Runs at most once per press.
  function release() {
    if (!waiting) {
      return;
    }
    var submitter = waiting.submitter;
    window.clearTimeout(waiting.timer);
    waiting = null;
    releasing = true;
    try {
      if (submitter && submitter.isConnected && form.requestSubmit) {
        form.requestSubmit(submitter);
      } else {
        addSubmitterField(submitter);
        form.submit();
      }
    } catch (error) {
      addSubmitterField(submitter);
      form.submit();
    } finally {
      releasing = false;
    }
  }

  function finished() {
    saving = false;
    if (waiting) {
      release();
      return;
    }
    if (changed && !stopped && !failed) {
      // Something changed while this save was on its way: save that too, now.
      window.setTimeout(save, 0);
    }
  }

  function save() {
    if (!changed || saving || stopped) {
      return;
    }
    saving = true;
    changed = false;
    failed = false;
    show("Saving your draft\u2026", "saving");
    var controller = window.AbortController ? new window.AbortController() : null;
    var abandon = controller
      ? window.setTimeout(function () {
          controller.abort();
        }, SAVE_TIMEOUT_MS)
      : null;
    fetch(url, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      redirect: "manual",
      headers: { "X-Requested-With": "XMLHttpRequest" },
      signal: controller ? controller.signal : undefined
    })
      .then(handle)
      .then(saved)
      .catch(function () {
        changed = true;
        failed = true;
        show("Your draft could not be saved automatically just now. It will be tried again.", "failed");
      })
      .then(function () {
        window.clearTimeout(abandon);
        finished();
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
    if (releasing || !saving || event.defaultPrevented) {
      return;
    }
    // Let the save on its way finish first (it changes the version this form must send), but
    // send the form after SUBMIT_WAIT_MS whatever happens to that save.
    event.preventDefault();
    if (waiting) {
      waiting.submitter = event.submitter || waiting.submitter;
      return;
    }
    waiting = {
      submitter: event.submitter || null,
      timer: window.setTimeout(release, SUBMIT_WAIT_MS)
    };
    show("Saving your draft before continuing\u2026", "saving");
  });
  // Coming back to this page from the browser's cache: nothing is waiting any more.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && waiting) {
      window.clearTimeout(waiting.timer);
      waiting = null;
    }
  });
  window.setInterval(save, INTERVAL_MS);
})();
