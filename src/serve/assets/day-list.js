// The day's list: reads the chosen file's header row in the browser and proposes what each
// column holds, as the server would read it (the spellings and the clinic's remembered choices
// come from the page), for the desk to correct before the file is sent. Without script, the
// server reads the header itself and offers the same choices after the upload.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var data = document.getElementById("mapping-data");
  var form = document.getElementById("day-form");
  var input = form && form.querySelector("input[type=file][name=csv]");
  if (!data || !input || !window.FileReader) {
    return;
  }
  var labels = JSON.parse(data.dataset.labels);
  var spellings = JSON.parse(data.dataset.spellings);
  var remembered = JSON.parse(data.dataset.remembered || "[]");

  // As the server's key: letters and digits only, lower case.
  function key(header) {
    return header.toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");
  }

  function propose(header) {
    var wanted = header.trim().toLowerCase();
    for (var i = 0; i < remembered.length; i++) {
      if (remembered[i][0].trim().toLowerCase() === wanted) {
        return remembered[i][1];
      }
    }
    var k = key(header);
    for (var j = 0; j < spellings.length; j++) {
      if (spellings[j][0] === k) {
        return spellings[j][1];
      }
    }
    return "";
  }

  // The delimiter the first record uses most outside quotes (commas, or a European Excel's
  // semicolons, or tabs), as the server finds it.
  function delimiterOf(text) {
    var counts = { ",": 0, ";": 0, "\t": 0 };
    var quoted = false;
    for (var i = 0; i < text.length; i++) {
      var c = text[i];
      if (c === '"') {
        quoted = !quoted;
      } else if (!quoted && (c === "\n" || c === "\r")) {
        break;
      } else if (!quoted && c in counts) {
        counts[c]++;
      }
    }
    var best = ",";
    [";", "\t"].forEach(function (d) {
      if (counts[d] > counts[best]) {
        best = d;
      }
    });
    return best;
  }

  // The first record of a CSV text: quoted fields may hold delimiters, quotes and line breaks.
  function headerRow(text) {
    var fields = [];
    var field = "";
    var quoted = false;
    text = text.replace(/^\uFEFF/, "");
    var delimiter = delimiterOf(text);
    for (var i = 0; i < text.length; i++) {
      var c = text[i];
      if (quoted) {
        if (c === '"' && text[i + 1] === '"') {
          field += '"';
          i++;
        } else if (c === '"') {
          quoted = false;
        } else {
          field += c;
        }
      } else if (c === '"') {
        quoted = true;
      } else if (c === delimiter) {
        fields.push(field.trim());
        field = "";
      } else if (c === "\n" || c === "\r") {
        break;
      } else {
        field += c;
      }
    }
    fields.push(field.trim());
    return fields;
  }

  function option(value, label, selected) {
    var o = document.createElement("option");
    o.value = value;
    o.textContent = label;
    o.selected = selected;
    return o;
  }

  function show(header) {
    var old = document.getElementById("mapping");
    var set = document.createElement("fieldset");
    set.className = "mapping";
    set.id = "mapping";
    var legend = document.createElement("legend");
    legend.textContent = "What each column holds";
    set.appendChild(legend);
    header.forEach(function (name) {
      var label = document.createElement("label");
      label.appendChild(document.createTextNode(name + " "));
      var select = document.createElement("select");
      select.name = "map";
      var proposed = propose(name);
      select.appendChild(option("=" + name, "Not read", proposed === ""));
      labels.forEach(function (l) {
        select.appendChild(option(l[0] + "=" + name, l[1], l[0] === proposed));
      });
      label.appendChild(select);
      set.appendChild(label);
    });
    if (old) {
      old.replaceWith(set);
    } else {
      form.querySelector("button[type=submit]").before(set);
    }
  }

  input.addEventListener("change", function () {
    var file = input.files[0];
    if (!file) {
      return;
    }
    var reader = new FileReader();
    reader.onload = function () {
      show(headerRow(String(reader.result)));
    };
    reader.readAsText(file.slice(0, 64 * 1024));
  });
});
