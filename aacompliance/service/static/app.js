// aacompliance pages: add and remove order-form rows without a round trip.
// Without JavaScript the same buttons submit the form and the server edits the rows.
(function () {
  "use strict";

  function renumber(tbody, prefix) {
    Array.prototype.forEach.call(tbody.rows, function (row, index) {
      row.querySelectorAll("[id], [for], [name], button[value]").forEach(function (el) {
        ["id", "for", "name"].forEach(function (attr) {
          var value = el.getAttribute(attr);
          if (value && value.indexOf(prefix + "-") === 0) {
            el.setAttribute(attr, value.replace(/^(sub|sup)-\d+-/, prefix + "-" + index + "-"));
          }
        });
        if (el.tagName === "BUTTON" && /^remove-(sub|sup)-\d+$/.test(el.value)) {
          el.value = "remove-" + prefix + "-" + index;
        }
        if (el.tagName === "LABEL" || (el.classList && el.classList.contains("vh"))) {
          el.textContent = el.textContent.replace(/ \d+ /, " " + (index + 1) + " ");
        }
      });
    });
  }

  function tableFor(prefix) {
    return document.querySelector(prefix === "sub" ? "#subscriptions tbody" : "#support tbody");
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-add], button[data-remove]");
    if (!button) { return; }
    event.preventDefault();
    if (button.dataset.add) {
      var tbody = tableFor(button.dataset.add);
      var last = tbody.rows[tbody.rows.length - 1];
      var row = last.cloneNode(true);
      row.querySelectorAll("input").forEach(function (input) {
        if (input.type === "checkbox") { input.checked = false; } else { input.value = ""; }
        input.removeAttribute("aria-invalid");
      });
      tbody.appendChild(row);
      renumber(tbody, button.dataset.add);
      row.querySelector("input").focus();
    } else {
      var prefix = button.dataset.remove;
      var body = tableFor(prefix);
      if (body.rows.length <= 1) { return; }
      var current = button.closest("tr");
      var next = current.nextElementSibling || current.previousElementSibling;
      current.remove();
      renumber(body, prefix);
      next.querySelector("input").focus();
    }
  });
})();
