// Order Desk: progressive enhancement only. Every page works without this file (forms post,
// links navigate, confirmations come back as a page); with it, a few things get quicker.
// Loaded with `defer` from the app itself (the CSP allows no inline script). Text is only ever
// set with textContent, never as HTML.
(function () {
  'use strict';

  // Confirmation: <form data-confirm="..."> asks in a dialog before it posts, and then posts
  // `confirmed=1`; without this script the server answers with a confirmation page instead.
  function confirmDialog(form, submitter) {
    var dialog = document.createElement('dialog');
    dialog.className = 'confirm';
    dialog.setAttribute('aria-labelledby', 'confirm-dialog-title');
    var title = document.createElement('h2');
    title.id = 'confirm-dialog-title';
    title.textContent = form.getAttribute('data-confirm-title') || 'ยืนยันการทำรายการ';
    var message = document.createElement('p');
    message.textContent = form.getAttribute('data-confirm');
    var actions = document.createElement('div');
    actions.className = 'actions';
    var cancel = document.createElement('button');
    cancel.type = 'button';
    cancel.className = 'secondary';
    cancel.textContent = form.getAttribute('data-confirm-cancel') || 'ยกเลิก';
    var ok = document.createElement('button');
    ok.type = 'button';
    ok.className = form.getAttribute('data-confirm-danger') !== null ? 'danger' : '';
    ok.textContent = form.getAttribute('data-confirm-ok') || 'ยืนยัน';
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
    if (form.hasAttribute('data-confirm') && !form.dataset.confirmedByDialog && typeof HTMLDialogElement === 'function') {
      event.preventDefault();
      confirmDialog(form, event.submitter);
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
})();
