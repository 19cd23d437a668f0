// aftercare's one script. The pages work without it: it only preselects the browser's time
// zone on the form and copies the calendar link to the clipboard.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var tz = document.getElementById("tz");
  if (tz && tz.dataset.auto) {
    try {
      var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      var found = false;
      for (var i = 0; i < tz.options.length; i++) {
        if (tz.options[i].value === zone) {
          tz.selectedIndex = i;
          found = true;
          break;
        }
      }
      // A browser that still says an old name (Asia/Calcutta): the server reads it too.
      if (!found && zone) {
        tz.insertBefore(new Option(zone, zone, true, true), tz.firstChild);
      }
    } catch (e) {
      // An old browser: the select stays as it is.
    }
  }
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      var field = document.getElementById(button.dataset.copy);
      field.select();
      // The page's own word for it (the page is in the patient's language).
      var done = function () { button.textContent = button.dataset.copied || "✓"; };
      if (navigator.clipboard) {
        navigator.clipboard.writeText(field.value).then(done, function () {});
      } else if (document.execCommand("copy")) {
        done();
      }
    });
  });
});
