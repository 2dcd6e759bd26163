// Order Desk: progressive enhancement only. Every page works without this file (forms post,
// links navigate, confirmations come back as a page); with it, a few things get quicker.
// Loaded with `defer` from the app itself (the CSP allows no inline script). Text is only ever
// set with textContent, never as HTML.
(function () {
  'use strict';

  // Confirmation: <form data-confirm="..."> asks in a dialog before it posts, and then posts
  // `confirmed=1`; without this script the server answers with a confirmation page instead.
  // The button pressed may ask its own question (a bar of actions in one form); `{n}` in it is
  // the number of chosen items: distinct `data-group` values of the ticked boxes the button's
  // `data-count` names, or the `data-total` of a ticked "every matching line" box.
  function attr(form, submitter, name) {
    var own = submitter && submitter.getAttribute(name);
    return own !== null && own !== undefined && own !== '' ? own : form.getAttribute(name);
  }
  function chosenCount(form, submitter) {
    var field = submitter && submitter.getAttribute('data-count');
    if (!field) return null;
    var all = form.querySelector('input[name="scope"][value="all"]:checked');
    if (all) return Number(all.getAttribute('data-total') || 0);
    var groups = {};
    var n = 0;
    form.querySelectorAll('input[type="checkbox"][name="' + field + '"]:checked').forEach(function (box) {
      var key = box.getAttribute('data-group') || box.value;
      if (!groups[key]) {
        groups[key] = true;
        n++;
      }
    });
    return n;
  }
  function questionFor(form, submitter) {
    var n = chosenCount(form, submitter);
    // Nothing chosen: no question; the server says what is missing.
    if (n === 0) return null;
    var all = form.querySelector('input[name="scope"][value="all"]:checked');
    var message = attr(form, submitter, 'data-confirm') || (all && submitter && submitter.getAttribute('data-confirm-all'));
    if (!message) return null;
    return n === null ? message : message.split('{n}').join(String(n));
  }

  function confirmDialog(form, submitter, question) {
    var dialog = document.createElement('dialog');
    dialog.className = 'confirm';
    dialog.setAttribute('aria-labelledby', 'confirm-dialog-title');
    var title = document.createElement('h2');
    title.id = 'confirm-dialog-title';
    title.textContent = attr(form, submitter, 'data-confirm-title') || 'ยืนยันการทำรายการ';
    var message = document.createElement('p');
    message.textContent = question;
    var actions = document.createElement('div');
    actions.className = 'actions';
    var cancel = document.createElement('button');
    cancel.type = 'button';
    cancel.className = 'secondary';
    cancel.textContent = form.getAttribute('data-confirm-cancel') || 'ยกเลิก';
    var ok = document.createElement('button');
    ok.type = 'button';
    ok.className = form.getAttribute('data-confirm-danger') !== null || (submitter && submitter.getAttribute('data-confirm-danger') !== null) ? 'danger' : '';
    ok.textContent = attr(form, submitter, 'data-confirm-ok') || 'ยืนยัน';
    actions.append(cancel, ok);
    dialog.append(title, message, actions);
    document.body.append(dialog);
    cancel.addEventListener('click', function () { dialog.close(); });
    dialog.addEventListener('close', function () { dialog.remove(); });
    ok.addEventListener('click', function () {
      var flag = form.querySelector('input[name="confirmed"]');
      if (!flag) {
        flag = document.createElement('input');
        flag.type = 'hidden';
        flag.name = 'confirmed';
        form.append(flag);
      }
      flag.value = '1';
      form.dataset.confirmedByDialog = '1';
      dialog.close();
      if (submitter && form.requestSubmit) form.requestSubmit(submitter);
      else if (form.requestSubmit) form.requestSubmit();
      else form.submit();
    });
    dialog.showModal();
    cancel.focus();
  }

  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    // A button that needs a field filled (the cancel reason, the round) says so before asking.
    var needs = event.submitter && event.submitter.getAttribute('data-requires');
    var field = needs && form.elements.namedItem(needs);
    if (field && field instanceof HTMLInputElement && field.value.trim() === '') {
      event.preventDefault();
      field.setCustomValidity(event.submitter.getAttribute('data-requires-message') || 'กรุณากรอกข้อมูลนี้');
      field.addEventListener('input', function clear() {
        field.setCustomValidity('');
        field.removeEventListener('input', clear);
      });
      field.focus();
      field.reportValidity();
      return;
    }
    var question = form.dataset.confirmedByDialog ? null : questionFor(form, event.submitter);
    if (question && typeof HTMLDialogElement === 'function') {
      event.preventDefault();
      confirmDialog(form, event.submitter, question);
      return;
    }
    delete form.dataset.confirmedByDialog;
    // A long upload: show the indicator the form carries, and keep a second click from posting twice.
    if (form.hasAttribute('data-progress')) {
      var note = form.querySelector('[data-progress-note]');
      if (note) note.hidden = false;
      form.setAttribute('aria-busy', 'true');
      setTimeout(function () {
        form.querySelectorAll('button[type="submit"], button:not([type])').forEach(function (b) { b.disabled = true; });
      }, 0);
    }
  });

  // A post that rendered the page it came from (an order action's result) puts that page's
  // address back in the bar: a reload shows the page instead of posting again.
  document.querySelectorAll('[data-replace-url]').forEach(function (el) {
    var url = el.getAttribute('data-replace-url');
    if (url && url.charAt(0) === '/' && url.charAt(1) !== '/' && window.history && history.replaceState) history.replaceState(null, '', url);
  });

  // File drop zones: dropping a file on the zone puts it in the file field it wraps.
  function showFileName(zone, input) {
    var name = zone.querySelector('.dropzone-name');
    if (name) name.textContent = input.files && input.files.length ? input.files[0].name : '';
  }
  document.querySelectorAll('.dropzone').forEach(function (zone) {
    var input = zone.querySelector('input[type="file"]');
    if (!input) return;
    ['dragenter', 'dragover'].forEach(function (type) {
      zone.addEventListener(type, function (event) {
        event.preventDefault();
        zone.classList.add('is-dragover');
      });
    });
    ['dragleave', 'dragend'].forEach(function (type) {
      zone.addEventListener(type, function () { zone.classList.remove('is-dragover'); });
    });
    zone.addEventListener('drop', function (event) {
      event.preventDefault();
      zone.classList.remove('is-dragover');
      if (event.dataTransfer && event.dataTransfer.files.length) {
        input.files = event.dataTransfer.files;
        input.dispatchEvent(new Event('change', { bubbles: true }));
      }
    });
    input.addEventListener('change', function () { showFileName(zone, input); });
  });

  // "Select all" checkboxes: <input type="checkbox" data-select-all="ids"> ticks every box named
  // `ids` in the same form.
  document.addEventListener('change', function (event) {
    var box = event.target;
    if (!(box instanceof HTMLInputElement) || !box.hasAttribute('data-select-all')) return;
    var scope = box.form || document;
    scope.querySelectorAll('input[type="checkbox"][name="' + box.getAttribute('data-select-all') + '"]').forEach(function (b) {
      b.checked = box.checked;
    });
  });

  // Scanner fields: a USB scanner presses keys; with the Thai layout active they arrive as Thai
  // characters. <input data-scanner> types the key that was pressed (KeyboardEvent.code) instead.
  // The server maps Thai-typed text back as well (src/domain/scan-keys.ts), for pages without this.
  var CODE_KEYS = {
    Backquote: ['`', '~'], Minus: ['-', '_'], Equal: ['=', '+'], BracketLeft: ['[', '{'], BracketRight: [']', '}'],
    Backslash: ['\\', '|'], Semicolon: [';', ':'], Quote: ["'", '"'], Comma: [',', '<'], Period: ['.', '>'], Slash: ['/', '?'],
    Digit1: ['1', '!'], Digit2: ['2', '@'], Digit3: ['3', '#'], Digit4: ['4', '$'], Digit5: ['5', '%'],
    Digit6: ['6', '^'], Digit7: ['7', '&'], Digit8: ['8', '*'], Digit9: ['9', '('], Digit0: ['0', ')'],
  };
  function keyFor(event) {
    var letter = /^Key([A-Z])$/.exec(event.code || '');
    if (letter) return event.shiftKey ? letter[1] : letter[1].toLowerCase();
    var pair = CODE_KEYS[event.code];
    return pair ? pair[event.shiftKey ? 1 : 0] : null;
  }
  document.addEventListener('keydown', function (event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.hasAttribute('data-scanner')) return;
    if (event.ctrlKey || event.metaKey || event.altKey || !event.key || event.key.length !== 1) return;
    // Another layout made another character of the same key (Kedmanee types `/` for the 2 key):
    // the scanner meant the key.
    // Letters differing only in case are Caps Lock, not another layout.
    var typed = keyFor(event);
    if (!typed || typed.toLowerCase() === event.key.toLowerCase()) return;
    event.preventDefault();
    var start = input.selectionStart == null ? input.value.length : input.selectionStart;
    var end = input.selectionEnd == null ? input.value.length : input.selectionEnd;
    input.setRangeText(typed, start, end, 'end');
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });

  // The scan station: a short tone for ok, two low ones for a problem (WebAudio, made here: no
  // sound file, nothing inline). `data-last-sound` on <html> says which one played.
  var audio = null;
  function sound(tone) {
    document.documentElement.setAttribute('data-last-sound', tone);
    var Ctx = window.AudioContext || window.webkitAudioContext;
    if (!Ctx) return;
    try {
      audio = audio || new Ctx();
      if (audio.state === 'suspended' && audio.resume) audio.resume().catch(function () {});
      var notes = tone === 'ok' ? [[1046, 0, 0.12]] : [[220, 0, 0.16], [196, 0.22, 0.22]];
      notes.forEach(function (n) {
        var osc = audio.createOscillator();
        var gain = audio.createGain();
        osc.type = tone === 'ok' ? 'sine' : 'square';
        osc.frequency.value = n[0];
        gain.gain.value = 0.12;
        osc.connect(gain);
        gain.connect(audio.destination);
        var at = audio.currentTime + n[1];
        osc.start(at);
        osc.stop(at + n[2]);
      });
    } catch (e) {
      // No sound is no reason to stop: the colour and the text say the same.
    }
  }

  // With the script a scan stays on the page: the form posts in the background, the result
  // replaces the old one, the field is emptied and keeps the focus for the next scan. The
  // answer is the server's own page, parsed as a document (nothing is set as HTML text).
  var scanForm = document.getElementById('scan-form');
  var busy = false;
  if (scanForm && window.fetch && window.DOMParser) {
    scanForm.addEventListener('submit', function (event) {
      event.preventDefault();
      if (busy) return;
      busy = true;
      var field = scanForm.querySelector('[data-scanner]');
      var body = new URLSearchParams(new FormData(scanForm));
      scanForm.setAttribute('aria-busy', 'true');
      fetch(scanForm.action, { method: 'POST', body: body, credentials: 'same-origin', headers: { Accept: 'text/html' } })
        .then(function (res) {
          if (res.redirected || !res.ok && res.status !== 400) throw new Error('scan ' + res.status);
          return res.text();
        })
        .then(function (html) {
          var doc = new DOMParser().parseFromString(html, 'text/html');
          var fresh = doc.getElementById('scan-result');
          var old = document.getElementById('scan-result');
          if (!fresh || !old) throw new Error('no result');
          old.replaceWith(document.adoptNode(fresh));
          var freshField = doc.querySelector('#scan-form [data-scanner]');
          var error = doc.querySelector('#scan-form .field-error');
          var oldError = scanForm.querySelector('.field-error');
          if (oldError) oldError.remove();
          field.removeAttribute('aria-invalid');
          if (error && freshField) {
            field.setAttribute('aria-invalid', 'true');
            field.parentNode.appendChild(document.adoptNode(error));
          } else {
            field.value = '';
          }
          var tone = fresh.getAttribute('data-scan-tone');
          if (tone) sound(tone);
        })
        .catch(function () {
          // Whatever went wrong, the plain form post still works.
          busy = false;
          scanForm.submit();
        })
        .finally(function () {
          busy = false;
          scanForm.removeAttribute('aria-busy');
          field.focus();
        });
    });
  }
  // A result rendered by a plain post (no fetch): the tone, if the browser lets it play.
  var shown = document.querySelector('#scan-result[data-scan-tone]');
  if (shown) sound(shown.getAttribute('data-scan-tone'));

  // The print view's "พิมพ์" button: the browser's own print dialog (Ctrl+P works without it).
  document.querySelectorAll('[data-print-page]').forEach(function (button) {
    button.hidden = false;
    button.addEventListener('click', function () { window.print(); });
  });
})();
