// Progressive enhancement: a "Copy" button beside read-only citation fields.
(function () {
  "use strict";
  function addCopyButtons() {
    document.querySelectorAll("textarea[data-copyable]").forEach(function (field) {
      if (!navigator.clipboard || field.dataset.copyReady) { return; }
      field.dataset.copyReady = "1";
      var button = document.createElement("button");
      button.type = "button";
      button.className = "copy-button secondary";
      button.textContent = field.dataset.copyLabel || "Copy";
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(field.value).then(function () { button.textContent = "✓"; });
      });
      field.insertAdjacentElement("afterend", button);
    });
  }
  document.addEventListener("DOMContentLoaded", addCopyButtons);
})();
