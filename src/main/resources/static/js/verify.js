// The certificate verifier. EU DCC (HC1:) and SMART Health Cards (shc:/) are checked here, in the
// browser, against the issuer's published keys and revocation lists, which are kept in
// localStorage so that verification goes on without network; a service worker keeps the page
// itself. W3C credentials need JSON-LD canonicalisation, too heavy for this page: the server checks them.
'use strict';
(() => {
  const $ = s => document.querySelector(s);
  const texts = $('#verifier-texts'), T = texts.dataset;
  const STORE = 'openvin-verifier-keys';
  const enc = new TextEncoder();
  const dec = new TextDecoder();
  // Dates in the page's language; a certificate's calendar date (or the date part of a date-time)
  // is shown as that day everywhere, whatever the reader's time zone.
  const lang = document.documentElement.lang || undefined;
  const day = s => {
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(s || '');
    return m ? new Date(Date.UTC(+m[1], m[2] - 1, +m[3])).toLocaleDateString(lang, {timeZone: 'UTC', dateStyle: 'medium'}) : (s || '');
  };

  // --- encodings ----------------------------------------------------------------------------
  const b64 = s => {
    s = s.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
    return Uint8Array.from(atob(s + '==='.slice((s.length + 3) % 4)), c => c.charCodeAt(0));
  };
  const hex = b => Array.from(b, x => x.toString(16).padStart(2, '0')).join('');
  const B45 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
  function base45(s) {
    const out = [];
    for (let i = 0; i < s.length; i += 3) {
      const c = [...s.slice(i, i + 3)].map(ch => {
        const v = B45.indexOf(ch);
        if (v < 0) throw new Error('MALFORMED');
        return v;
      });
      if (c.length === 1) throw new Error('MALFORMED');
      const n = c[0] + c[1] * 45 + (c.length === 3 ? c[2] * 2025 : 0);
      if (c.length === 3) {
        if (n > 0xffff) throw new Error('MALFORMED');
        out.push(n >> 8, n & 255);
      } else {
        if (n > 0xff) throw new Error('MALFORMED');
        out.push(n);
      }
    }
    return new Uint8Array(out);
  }
  async function inflate(bytes, format) {
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream(format));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  }

  // --- CBOR (RFC 8949), the subset certificates use: definite lengths -------------------------
  function cbor(bytes) {
    let p = 0;
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const need = n => { if (p + n > bytes.length) throw new Error('MALFORMED'); };
    function arg(ai) {
      if (ai < 24) return ai;
      const size = {24: 1, 25: 2, 26: 4, 27: 8}[ai];
      if (!size) throw new Error('MALFORMED');
      need(size);
      let v = 0;
      for (let i = 0; i < size; i++) v = v * 256 + bytes[p++];
      return v;
    }
    function item() {
      need(1);
      const b = bytes[p++], mt = b >> 5, ai = b & 31;
      if (mt === 7) {
        if (ai === 20) return false;
        if (ai === 21) return true;
        if (ai === 22 || ai === 23) return null;
        if (ai === 26) { need(4); p += 4; return dv.getFloat32(p - 4); }
        if (ai === 27) { need(8); p += 8; return dv.getFloat64(p - 8); }
        throw new Error('MALFORMED');
      }
      const n = arg(ai);
      switch (mt) {
        case 0: return n;
        case 1: return -1 - n;
        case 2: need(n); p += n; return bytes.slice(p - n, p);
        case 3: need(n); p += n; return dec.decode(bytes.subarray(p - n, p));
        case 4: { const a = []; for (let i = 0; i < n; i++) a.push(item()); return a; }
        case 5: { const m = new Map(); for (let i = 0; i < n; i++) { const k = item(); m.set(k, item()); } return m; }
        default: return {tag: n, value: item()};
      }
    }
    const value = item();
    if (p !== bytes.length) throw new Error('MALFORMED');
    return value;
  }
  const head = (mt, n) => n < 24 ? [mt << 5 | n] : n < 256 ? [mt << 5 | 24, n]
    : n < 65536 ? [mt << 5 | 25, n >> 8, n & 255] : [mt << 5 | 26, n >>> 24, (n >> 16) & 255, (n >> 8) & 255, n & 255];
  const bstr = b => [...head(2, b.length), ...b];
  const plain = v => v instanceof Map ? Object.fromEntries([...v].map(([k, x]) => [String(k), plain(x)]))
    : Array.isArray(v) ? v.map(plain) : v && v.tag !== undefined && v.value !== undefined ? plain(v.value) : v;

  // --- keys ---------------------------------------------------------------------------------
  // An X.509 certificate's SubjectPublicKeyInfo: the 7th element of tbsCertificate when a version is present.
  function spki(cert) {
    const tlv = p => {
      let len = cert[p + 1], q = p + 2;
      if (len & 0x80) { const k = len & 0x7f; len = 0; for (let i = 0; i < k; i++) len = len * 256 + cert[q++]; }
      return {tag: cert[p], start: q, end: q + len};
    };
    const tbs = tlv(tlv(0).start);
    let p = tbs.start;
    if (tlv(p).tag === 0xa0) p = tlv(p).end;
    for (let i = 0; i < 5; i++) p = tlv(p).end; // serial, signature, issuer, validity, subject
    return cert.slice(p, tlv(p).end);
  }
  const ecdsa = {name: 'ECDSA', namedCurve: 'P-256'};
  const verifySig = (key, sig, data) => crypto.subtle.verify({name: 'ECDSA', hash: 'SHA-256'}, key, sig, data);

  let keys = null;
  try { keys = JSON.parse(localStorage.getItem(STORE)); } catch (e) { keys = null; }
  async function loadKeys() {
    const json = async url => { const r = await fetch(url, {cache: 'no-store'}); if (!r.ok) throw new Error(url); return r.json(); };
    try {
      const [jwks, published, revocations] = await Promise.all([json('/.well-known/jwks.json'),
        json('/api/v2/certificate/public/keys'), json('/api/v2/certificate/public/revocations')]);
      const crl = {};
      for (const k of jwks.keys) {
        try { crl[k.kid] = (await json('/.well-known/crl/' + encodeURIComponent(k.kid) + '.json')).rids || []; } catch (e) { crl[k.kid] = []; }
      }
      keys = {at: new Date().toISOString(), jwks: jwks.keys, dsc: published.eu_dcc,
        revoked: revocations.revoked.map(r => r.certificate_id), crl};
      localStorage.setItem(STORE, JSON.stringify(keys));
    } catch (e) {
      // offline: keep the copy from the last visit
    }
    $('#keys-note').textContent = keys ? T.keysFrom.replace('{0}', new Date(keys.at).toLocaleString(lang, {dateStyle: 'medium', timeStyle: 'short'})) : T.keysNone;
  }
  const keysReady = loadKeys();

  // --- EU DCC -------------------------------------------------------------------------------
  async function euDcc(text) {
    let cose;
    try {
      cose = cbor(await inflate(base45(text.slice(4)), 'deflate'));
    } catch (e) { return {reason: 'MALFORMED'}; }
    if (cose && cose.tag === 18) cose = cose.value;
    if (!Array.isArray(cose) || cose.length !== 4 || !(cose[0] instanceof Uint8Array) || !(cose[2] instanceof Uint8Array)
      || !(cose[3] instanceof Uint8Array)) return {reason: 'MALFORMED'};
    const [protectedBytes, unprotected, payload, signature] = cose;
    let claims, header;
    try {
      header = protectedBytes.length ? cbor(protectedBytes) : new Map();
      claims = cbor(payload);
    } catch (e) { return {reason: 'MALFORMED'}; }
    const hcert = claims instanceof Map && claims.get(-260);
    const dcc = hcert instanceof Map && hcert.get(1) ? plain(hcert.get(1)) : null;
    if (!dcc) return {reason: 'MALFORMED'};
    const summary = {name: [dcc.nam && dcc.nam.gn, dcc.nam && dcc.nam.fn].filter(Boolean).join(' '), birth: dcc.dob,
      doses: (dcc.v || []).map(v => ({vaccine: v.mp, dose: v.dn, of: v.sd, date: v.dt}))};
    const kid = header.get(4) || (unprotected instanceof Map ? unprotected.get(4) : null);
    if (!keys) return {reason: 'NO_KEYS', summary};
    const dscs = kid ? keys.dsc.filter(k => hex(b64(k.kid)) === hex(kid)) : [];
    if (!dscs.length) return {reason: 'UNKNOWN_KEY', summary};
    const tbs = new Uint8Array([0x84, ...head(3, 10), ...enc.encode('Signature1'), ...bstr(protectedBytes), 0x40, ...bstr(payload)]);
    let ok = false;
    for (const dsc of dscs) {
      try {
        const key = await crypto.subtle.importKey('spki', spki(b64(dsc.certificate)), ecdsa, false, ['verify']);
        ok = ok || await verifySig(key, signature, tbs);
      } catch (e) { /* not a P-256 key: cannot have made this signature */ }
    }
    if (!ok) return {reason: 'BAD_SIGNATURE', summary};
    const now = Date.now() / 1000;
    if (claims.get(6) && now < claims.get(6)) return {reason: 'NOT_YET_VALID', summary};
    if (claims.get(4) && now > claims.get(4)) return {reason: 'EXPIRED', summary};
    if ((dcc.v || []).some(v => keys.revoked.includes(v.ci))) return {reason: 'REVOKED', summary};
    return {reason: 'VALID', summary};
  }

  // --- SMART Health Cards -------------------------------------------------------------------
  async function shc(text) {
    const digits = text.slice(5);
    if (!/^(\d\d)+$/.test(digits)) return {reason: 'MALFORMED'};
    const jws = digits.match(/\d\d/g).map(d => String.fromCharCode(Number(d) + 45)).join('');
    const parts = jws.split('.');
    let header, payload;
    try {
      if (parts.length !== 3) throw new Error('MALFORMED');
      header = JSON.parse(dec.decode(b64(parts[0])));
      if (header.alg !== 'ES256' || header.zip !== 'DEF') throw new Error('MALFORMED');
      payload = JSON.parse(dec.decode(await inflate(b64(parts[1]), 'deflate-raw')));
    } catch (e) { return {reason: 'MALFORMED'}; }
    const summary = {name: '', birth: '', doses: []};
    for (const entry of (((payload.vc || {}).credentialSubject || {}).fhirBundle || {}).entry || []) {
      const r = entry.resource || {};
      if (r.resourceType === 'Patient') {
        const n = (r.name || [])[0] || {};
        summary.name = [...(n.given || []), n.family].filter(Boolean).join(' ');
        summary.birth = r.birthDate;
      } else if (r.resourceType === 'Immunization') {
        summary.doses.push({vaccine: (((r.vaccineCode || {}).coding || [])[0] || {}).code, dose: summary.doses.length + 1,
          of: 0, date: r.occurrenceDateTime});
      }
    }
    if (!keys) return {reason: 'NO_KEYS', summary};
    const jwk = keys.jwks.find(k => k.kid === header.kid);
    if (!jwk) return {reason: 'UNKNOWN_KEY', summary};
    let ok = false;
    try {
      const key = await crypto.subtle.importKey('jwk', {kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y}, ecdsa, false, ['verify']);
      const sig = b64(parts[2]);
      ok = sig.length === 64 && await verifySig(key, sig, enc.encode(parts[0] + '.' + parts[1]));
    } catch (e) { ok = false; }
    if (!ok) return {reason: 'BAD_SIGNATURE', summary};
    const now = Date.now() / 1000;
    if (payload.nbf && now < payload.nbf) return {reason: 'NOT_YET_VALID', summary};
    if (payload.exp && now > payload.exp) return {reason: 'EXPIRED', summary};
    if (payload.vc && payload.vc.rid && (keys.crl[header.kid] || []).includes(payload.vc.rid)) return {reason: 'REVOKED', summary};
    return {reason: 'VALID', summary};
  }

  // --- W3C: the server checks -----------------------------------------------------------------
  async function online(text) {
    const payload = text.startsWith('PK') ? btoa(text) : text;
    try {
      const r = await fetch('/api/v2/certificate/public/verify', {method: 'POST',
        headers: {'Content-Type': 'application/json'}, body: JSON.stringify({payload})});
      if (!r.ok) return {reason: 'MALFORMED', online: true};
      const v = await r.json();
      return {reason: v.reason, online: true, summary: v.name === null ? null : {name: v.name, birth: v.birth_date,
        doses: v.doses.map(d => ({vaccine: d.vaccine, dose: d.dose, of: d.total_doses, date: d.date}))}};
    } catch (e) { return {reason: 'NEEDS_NETWORK'}; }
  }

  async function verify(raw) {
    const text = raw.trim();
    await keysReady;
    const result = text.startsWith('HC1:') ? await euDcc(text) : text.startsWith('shc:/') ? await shc(text) : await online(text);
    show(result);
  }

  function show(result) {
    const out = $('#result');
    const status = result.reason === 'VALID' ? 'valid' : result.reason === 'REVOKED' ? 'revoked' : 'invalid';
    out.className = 'result ' + status;
    out.replaceChildren();
    const add = (tag, text, parent = out) => { const e = document.createElement(tag); e.textContent = text; parent.append(e); return e; };
    add('h2', T[status]).id = 'verdict';
    add('p', texts.getAttribute('data-reason-' + result.reason.toLowerCase()) || result.reason).id = 'reason';
    const s = result.summary;
    if (s) {
      const dl = document.createElement('dl');
      dl.className = 'facts';
      add('dt', T.name, dl); add('dd', s.name || '', dl).id = 'holder';
      add('dt', T.birth, dl); add('dd', day(s.birth), dl).id = 'birth';
      add('dt', T.doses, dl);
      const dd = add('dd', '', dl);
      const ul = add('ul', '', dd);
      ul.className = 'plain';
      for (const d of s.doses) {
        add('li', T.dose.replace('{0}', d.dose).replace('{1}', d.of || '?').replace('{2}', d.vaccine || '').replace('{3}', day(d.date)), ul);
      }
      out.append(dl);
    }
    add('p', result.online ? T.checkedOnline : T.checkedHere).className = 'muted';
    out.hidden = false;
    out.focus();
  }

  $('#verify-form').addEventListener('submit', e => { e.preventDefault(); verify($('#payload').value); });

  // --- camera and photo: the browser's own QR reader, when it has one ---------------------------
  // Without one, the server reads the photo (only reading: the text is verified here, as a scan is)
  // and the camera button takes a photo instead of filming.
  const note = $('#scan-note');
  const detector = 'BarcodeDetector' in window ? new window.BarcodeDetector({formats: ['qr_code']}) : null;
  if (!detector) note.textContent = T.noCamera;
  const found = text => { note.textContent = ''; $('#payload').value = text; verify(text); };
  async function serverRead(file) {
    let answer;
    try {
      answer = await fetch('/api/v2/certificate/public/qr-text', {method: 'POST', body: file,
        headers: {'Content-Type': file.type || 'application/octet-stream'}});
    } catch (e) { note.textContent = T.photoOffline; return; }
    if (answer.ok) found((await answer.json()).text); else note.textContent = T.noQr;
  }
  async function readPhoto(file) {
    if (!file) return;
    if (!detector) return serverRead(file);
    const codes = await detector.detect(await createImageBitmap(file)).catch(() => []);
    if (codes.length) found(codes[0].rawValue); else note.textContent = T.noQr;
  }
  // cleared after each reading, so choosing the same picture again reads it again
  for (const input of [$('#photo'), $('#camera-photo')]) {
    input.addEventListener('change', e => readPhoto(e.target.files[0]).finally(() => { e.target.value = ''; }));
  }
  $('#camera').addEventListener('click', async () => {
    if (!detector || !navigator.mediaDevices) { $('#camera-photo').click(); return; }
    const video = $('#video');
    const stream = await navigator.mediaDevices.getUserMedia({video: {facingMode: 'environment'}});
    video.srcObject = stream;
    video.hidden = false;
    await video.play();
    const stop = () => { stream.getTracks().forEach(t => t.stop()); video.hidden = true; };
    const scan = async () => {
      const codes = await detector.detect(video).catch(() => []);
      if (codes.length) { stop(); found(codes[0].rawValue); } else if (!video.hidden) setTimeout(scan, 250);
    };
    scan();
  });

  if ('serviceWorker' in navigator) navigator.serviceWorker.register('/verify-sw.js', {scope: '/verify'}).catch(() => {});
})();
