// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Tell the server the browser's time zone so times can be shown in it (ADR 0303). A page the
  // server rendered without knowing any zone (a first visit: no cookie, no profile zone; it is
  // marked with meta ssehub-rendered-zone) is reloaded once, so the first page a person sees is in
  // their zone. Any other page keeps its zone; the cookie updated here applies from the next page.
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone && document.cookie.indexOf("ssehub_tz=" + zone) === -1) {
      document.cookie = "ssehub_tz=" + zone + "; path=/; max-age=31536000; SameSite=Lax";
    }
    var marker = document.querySelector('meta[name="ssehub-rendered-zone"]');
    var rendered = marker && marker.getAttribute("content");
    var guard = "ssehub_tz_reloaded";
    if (zone && rendered && rendered !== zone && document.cookie.indexOf("ssehub_tz=" + zone) !== -1 &&
        window.sessionStorage && window.sessionStorage.getItem(guard) !== zone) {
      // Once per zone and tab: a server that cannot use the zone must not cause a reload loop.
      window.sessionStorage.setItem(guard, zone);
      window.location.reload();
    }
  } catch (error) {
    // Old browsers without Intl time zones (or without storage) keep the zone the server chose.
  }

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches && target.matches("[data-autosubmit]") && target.form) {
      target.form.requestSubmit ? target.form.requestSubmit() : target.form.submit();
    }
    // A search box with a datalist adds the chosen e-mail to a list the form sends (which also
    // works typed by hand, without this script).
    if (target.matches && target.matches("[data-append-to]") && target.value) {
      var list = document.getElementById(target.getAttribute("data-append-to"));
      var lines = list ? list.value.split(/[\s,;]+/).filter(Boolean) : [];
      if (list && lines.indexOf(target.value) === -1) {
        lines.push(target.value);
        list.value = lines.join("\n");
      }
      target.value = "";
    }
  });

  // A long <select> marked data-searchable (the zone pickers) gets a box that narrows its options
  // by every typed word (city, zone name, offset); without this script it is a plain select.
  Array.prototype.forEach.call(document.querySelectorAll("select[data-searchable]"), function (select) {
    var box = document.createElement("input");
    box.type = "search";
    box.className = "select-search";
    box.setAttribute("aria-label", select.getAttribute("data-searchable"));
    box.setAttribute("aria-controls", select.id);
    box.placeholder = select.getAttribute("data-searchable");
    select.parentNode.insertBefore(box, select);
    box.addEventListener("input", function () {
      var words = box.value.toLowerCase().split(/\s+/).filter(Boolean);
      var first = null;
      Array.prototype.forEach.call(select.options, function (option) {
        var text = (option.text + " " + option.value.replace(/_/g, " ")).toLowerCase();
        var match = words.every(function (word) { return text.indexOf(word) !== -1; });
        option.hidden = option.value !== "" && !match;
        if (match && option.value && !first) { first = option; }
      });
      if (first && words.length) { select.value = first.value; }
    });
  });

  document.addEventListener("htmx:configRequest", function (event) {
    // Anonymous pages carry no token (they are cached whole, ADR 0010); a form on the page may.
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    var token = document.body.getAttribute("data-csrf-token") || (field && field.value);
    if (token) {
      event.detail.headers["X-CSRFToken"] = token;
    }
  });
})();
