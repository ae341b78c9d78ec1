// The workspace's live part (docs/decisions/0401). htmx asks for it every 10 s; the browser
// revalidates with If-None-Match and, on a 304, may hand htmx its cached copy as a 200. A reply
// whose ETag is the one already on the page is therefore not swapped in, so typing, focus and an
// open menu stay as they are until something really changed.
document.addEventListener("htmx:beforeSwap", (event) => {
  const target = event.detail.target;
  if (!target || target.id !== "live") {
    return;
  }
  const xhr = event.detail.xhr;
  const etag = xhr.getResponseHeader("ETag");
  if (xhr.status === 304 || (etag && etag === target.dataset.etag)) {
    event.detail.shouldSwap = false;
    return;
  }
  if (etag) {
    target.dataset.etag = etag;
  }
});
