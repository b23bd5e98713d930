// The import page, enhanced: a file can be dragged onto the file field's box, and the file is sent
// with XMLHttpRequest so a <progress> bar shows how much has been uploaded (large documents take a
// while). Without this file the form posts as usual with the browser's own file field.
import { initAll } from "../vendor/govuk/govuk-frontend.min.js";

function showPage(html, form) {
  // A refused upload comes back as the upload page with its error summary: show it in place.
  const doc = new DOMParser().parseFromString(html, "text/html");
  const fresh = doc.querySelector("main");
  const current = document.querySelector("main");
  if (!fresh || !current || !fresh.querySelector("form[data-upload-form]")) {
    HTMLFormElement.prototype.submit.call(form); // not the page we expected: post without help
    return;
  }
  document.title = doc.title;
  current.replaceWith(fresh);
  initAll({ scope: fresh }); // the error summary moves focus to itself
  enhance(fresh);
}

function hasFiles(event) {
  return Array.from((event.dataTransfer && event.dataTransfer.types) || []).includes("Files");
}

function enableDrop(form) {
  const zone = form.querySelector("[data-drop-zone]");
  const input = zone && zone.querySelector('input[type="file"]');
  const status = zone && zone.querySelector("[data-drop-status]");
  if (!input || !status || !window.DataTransfer) return;
  const hint = zone.querySelector("[data-drop-hint]");
  if (hint) hint.hidden = false;
  const active = (on) => zone.classList.toggle("govuk-inset-text", on); // a visible "drop here" edge
  zone.addEventListener("dragenter", (event) => { if (hasFiles(event)) { event.preventDefault(); active(true); } });
  zone.addEventListener("dragover", (event) => { if (hasFiles(event)) { event.preventDefault(); active(true); } });
  zone.addEventListener("dragleave", (event) => { if (!zone.contains(event.relatedTarget)) active(false); });
  zone.addEventListener("drop", (event) => {
    active(false);
    if (!hasFiles(event)) return;
    event.preventDefault();
    const file = event.dataTransfer.files[0];
    if (!file) return;
    const chosen = new DataTransfer();
    chosen.items.add(file); // one file: the form takes one
    input.files = chosen.files;
    status.textContent = `${file.name} chosen.`;
    input.focus();
  });
  input.addEventListener("change", () => {
    status.textContent = input.files && input.files.length ? `${input.files[0].name} chosen.` : "";
  });
}

function enhance(root) {
  const form = root.querySelector("form[data-upload-form]");
  if (!form || !window.FormData || !window.XMLHttpRequest || !window.DOMParser) return;
  const box = form.querySelector("[data-upload-progress]");
  const bar = box && box.querySelector("progress");
  const status = box && box.querySelector("[data-upload-status]");
  if (!bar || !status) return;
  enableDrop(form);

  form.addEventListener("submit", (event) => {
    const input = form.querySelector('input[type="file"]');
    if (!input || !input.files || input.files.length === 0) return; // pasted text: post as usual
    event.preventDefault();
    const buttons = form.querySelectorAll("button");
    buttons.forEach((button) => { button.disabled = true; });
    box.hidden = false;
    bar.value = 0;
    status.textContent = "Uploading…";

    const xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    let announced = 0;
    xhr.upload.addEventListener("progress", (e) => {
      if (!e.lengthComputable) return;
      const percent = Math.round((e.loaded / e.total) * 100);
      bar.value = percent;
      if (percent - announced >= 25 || percent === 100) { // a screen reader hears every quarter
        announced = percent;
        status.textContent = `Uploaded ${percent}%`;
      }
    });
    xhr.upload.addEventListener("load", () => {
      bar.value = 100;
      status.textContent = "Uploaded. Reading the document…";
    });
    xhr.addEventListener("load", () => {
      const landed = xhr.responseURL ? new URL(xhr.responseURL) : null;
      if (xhr.status < 400 && landed && landed.pathname !== new URL(form.action).pathname) {
        window.location.assign(landed.href); // the preview
        return;
      }
      showPage(xhr.responseText, form);
    });
    xhr.addEventListener("error", () => {
      buttons.forEach((button) => { button.disabled = false; });
      status.textContent = "The upload failed: check your connection and try again.";
    });
    xhr.send(new FormData(form));
  });
}

enhance(document);
