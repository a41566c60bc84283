// Upload page: drag and drop, one XMLHttpRequest per file with its own progress bar.
// Without this file the form posts normally (several files in one request).
(function () {
  "use strict";

  function init() {
    var form = document.getElementById("upload-form");
    if (!form || !window.FormData || !window.XMLHttpRequest) return;
    var input = form.querySelector("input[type=file]");
    var zone = document.getElementById("dropzone");
    var list = document.getElementById("upload-list");
    var chosen = [];

    function show(files) {
      chosen = Array.prototype.slice.call(files);
      list.textContent = "";
      chosen.forEach(function (file) {
        var li = document.createElement("li");
        li.className = "upload-item";
        var name = document.createElement("span");
        name.className = "upload-name";
        name.textContent = file.name;
        var bar = document.createElement("progress");
        bar.max = 100;
        bar.value = 0;
        var status = document.createElement("span");
        status.className = "upload-status";
        li.appendChild(name);
        li.appendChild(bar);
        li.appendChild(status);
        list.appendChild(li);
        file._item = { li: li, bar: bar, status: status };
      });
    }

    // Details read from the first chosen file, offered beside the form (never applied by
    // themselves): each has a "Use" button that fills its field.
    var box = document.getElementById("upload-suggestions");
    function suggestFrom(file) {
      if (!box || !form.dataset.suggestUrl || !file) return;
      var data = new FormData();
      var token = form.querySelector("input[name=csrf_token]");
      if (token) data.append("csrf_token", token.value);
      data.append("file", file, file.name);
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.dataset.suggestUrl);
      xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
      xhr.setRequestHeader("Accept", "application/json");
      xhr.addEventListener("load", function () {
        var body = {};
        try { body = JSON.parse(xhr.responseText); } catch (err) { return; }
        var s = body.suggestions || {};
        box.textContent = "";
        var fields = [
          ["transaction_date", "transaction_date", s.transaction_date],
          ["amount", "amount", s.amount],
          ["counterparty_name", "counterparty_id", s.counterparty_id],
          ["invoice_number", null, s.invoice_number]
        ];
        var any = false;
        var p = document.createElement("p");
        p.textContent = form.dataset.suggested;
        box.appendChild(p);
        var dl = document.createElement("dl");
        fields.forEach(function (f) {
          if (s[f[0]] === null || s[f[0]] === undefined) return;
          any = true;
          var dt = document.createElement("dt");
          dt.textContent = form.getAttribute("data-label-" + f[0]);
          var dd = document.createElement("dd");
          dd.textContent = String(s[f[0]]) + " ";
          dd.setAttribute("data-suggested", f[0]);
          var target = f[1] && form.elements[f[1]];
          if (target) {
            var use = document.createElement("button");
            use.type = "button";
            use.textContent = form.dataset.use;
            use.addEventListener("click", function () { target.value = String(f[2]); });
            dd.appendChild(use);
          }
          dl.appendChild(dt);
          dl.appendChild(dd);
        });
        box.appendChild(dl);
        box.hidden = !any;
      });
      xhr.send(data);
    }

    input.addEventListener("change", function () {
      show(input.files);
      suggestFrom(input.files[0]);
    });

    ["dragenter", "dragover"].forEach(function (type) {
      zone.addEventListener(type, function (e) {
        e.preventDefault();
        zone.classList.add("dragging");
      });
    });
    ["dragleave", "drop"].forEach(function (type) {
      zone.addEventListener(type, function () { zone.classList.remove("dragging"); });
    });
    zone.addEventListener("drop", function (e) {
      e.preventDefault();
      if (e.dataTransfer && e.dataTransfer.files && e.dataTransfer.files.length) {
        show(e.dataTransfer.files);
        suggestFrom(e.dataTransfer.files[0]);
      }
    });

    function send(file) {
      return new Promise(function (resolve) {
        var data = new FormData(form);
        data.delete(input.name);
        data.append(input.name, file, file.name);
        var xhr = new XMLHttpRequest();
        xhr.open("POST", form.action || window.location.href);
        xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
        xhr.setRequestHeader("Accept", "application/json");
        var item = file._item;
        item.status.textContent = form.dataset.uploading;
        xhr.upload.addEventListener("progress", function (e) {
          if (e.lengthComputable) item.bar.value = Math.round((e.loaded / e.total) * 100);
        });
        xhr.addEventListener("load", function () {
          var body = {};
          try { body = JSON.parse(xhr.responseText); } catch (err) { body = {}; }
          if (xhr.status === 201) {
            item.bar.value = 100;
            item.li.classList.add("done");
            item.status.textContent = form.dataset.done + " ";
            var a = document.createElement("a");
            a.href = body.url;
            a.textContent = file.name;
            item.status.appendChild(a);
          } else {
            item.bar.value = 100; // a full red bar: finished, and failed (documents.css)
            item.li.classList.add("failed");
            // Each field's message once: a rule that names three fields (a contract's date,
            // amount and counterparty) gives the same sentence for each.
            var error = body.error || {};
            var seen = [];
            Object.keys(error.fields || {}).forEach(function (key) {
              [].concat(error.fields[key]).forEach(function (text) {
                if (seen.indexOf(text) < 0) seen.push(text);
              });
            });
            var message = seen.length ? seen.join(" ") : error.message || xhr.statusText;
            item.status.textContent = form.dataset.failed + ": " + message;
            item.status.setAttribute("role", "alert");
          }
          resolve();
        });
        xhr.addEventListener("error", function () {
          item.bar.value = 100;
          item.li.classList.add("failed");
          item.status.textContent = form.dataset.failed;
          resolve();
        });
        xhr.send(data);
      });
    }

    form.addEventListener("submit", function (e) {
      if (!chosen.length) return; // let the server say what is missing
      e.preventDefault();
      var chain = Promise.resolve();
      chosen.forEach(function (file) {
        chain = chain.then(function () { return send(file); });
      });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
