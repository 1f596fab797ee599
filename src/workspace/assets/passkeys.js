/*
 * Passkeys in the staff workspace (served as /assets/passkeys.js; the only script of the site).
 * A form marked data-passkey="sign-in" or "register" is hidden until this runs in a browser
 * that has WebAuthn. On submit it asks the server for options (POST data-options with the
 * form's CSRF field), lets the browser create or use a passkey, puts the answer in the form's
 * "response" field as JSON (binary fields base64url) and submits the form the ordinary way.
 * The server made the challenge and checks everything; nothing here is trusted.
 */
/* global window, document, navigator, fetch, URLSearchParams, atob, btoa */
(function () {
  'use strict';
  if (!window.PublicKeyCredential || !navigator.credentials || !window.fetch) return;

  function toBuffer(text) {
    var base64 = text.replace(/-/g, '+').replace(/_/g, '/');
    while (base64.length % 4) base64 += '=';
    var binary = atob(base64);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes.buffer;
  }

  function toText(buffer) {
    if (!buffer) return undefined;
    var bytes = new Uint8Array(buffer);
    var binary = '';
    for (var i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
    return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function descriptors(list) {
    return (list || []).map(function (c) {
      return { type: c.type || 'public-key', id: toBuffer(c.id), transports: c.transports };
    });
  }

  function creationOptions(o) {
    return {
      rp: o.rp,
      user: { id: toBuffer(o.user.id), name: o.user.name, displayName: o.user.displayName },
      challenge: toBuffer(o.challenge),
      pubKeyCredParams: o.pubKeyCredParams,
      timeout: o.timeout,
      excludeCredentials: descriptors(o.excludeCredentials),
      authenticatorSelection: o.authenticatorSelection,
      attestation: o.attestation,
      extensions: o.extensions,
    };
  }

  function requestOptions(o) {
    return {
      challenge: toBuffer(o.challenge),
      timeout: o.timeout,
      rpId: o.rpId,
      allowCredentials: descriptors(o.allowCredentials),
      userVerification: o.userVerification,
      extensions: o.extensions,
    };
  }

  function credentialJson(credential) {
    var r = credential.response;
    var response = { clientDataJSON: toText(r.clientDataJSON) };
    if (r.attestationObject) {
      response.attestationObject = toText(r.attestationObject);
      response.transports = typeof r.getTransports === 'function' ? r.getTransports() : [];
    } else {
      response.authenticatorData = toText(r.authenticatorData);
      response.signature = toText(r.signature);
      response.userHandle = toText(r.userHandle);
    }
    return {
      id: credential.id,
      rawId: toText(credential.rawId),
      type: credential.type,
      response: response,
      authenticatorAttachment: credential.authenticatorAttachment || undefined,
      clientExtensionResults: credential.getClientExtensionResults(),
    };
  }

  function start(form) {
    var kind = form.getAttribute('data-passkey');
    var error = document.getElementById(form.getAttribute('data-error'));
    var busy = false;
    form.hidden = false;
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      if (busy || !form.reportValidity()) return;
      busy = true;
      if (error) error.hidden = true;
      fetch(form.getAttribute('data-options'), {
        method: 'POST',
        credentials: 'same-origin',
        headers: { accept: 'application/json' },
        body: new URLSearchParams({ csrf: form.elements.namedItem('csrf').value }),
      })
        .then(function (res) {
          if (!res.ok) throw new Error('options ' + res.status);
          return res.json();
        })
        .then(function (options) {
          return kind === 'register'
            ? navigator.credentials.create({ publicKey: creationOptions(options) })
            : navigator.credentials.get({ publicKey: requestOptions(options) });
        })
        .then(function (credential) {
          form.elements.namedItem('response').value = JSON.stringify(credentialJson(credential));
          form.submit();
        })
        .catch(function () {
          busy = false;
          if (error) {
            error.hidden = false;
            error.textContent = error.getAttribute('data-text');
          }
        });
    });
  }

  function ready() {
    var forms = document.querySelectorAll('form[data-passkey]');
    for (var i = 0; i < forms.length; i++) start(forms[i]);
    var notes = document.querySelectorAll('[data-passkey-needs-script]');
    for (var j = 0; j < notes.length; j++) notes[j].hidden = true;
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', ready);
  else ready();
})();
