// The offline vaccinator console. The prepared session (queue, lots, rules, texts) and every record
// made on the device live in IndexedDB, so they survive a reload, a closed browser and a restarted
// tablet. Each record gets its idempotency key here, when it is made; the server records a key
// once however often the queue is sent, so a lost answer is simply sent again.
'use strict';
(() => {
  const DB = 'openvin-vaccinator';
  const main = document.getElementById('main');
  const $ = id => document.getElementById(id);
  const texts = {};
  document.querySelectorAll('#texts [data-key]').forEach(s => { texts[s.dataset.key] = s.textContent; });
  const t = (key, ...args) => (texts[key] || key).replace(/\{(\d)\}/g, (m, i) => args[i] ?? '');

  // --- IndexedDB through the plain API: 'pack' holds the prepared session, 'records' the queue to sync.
  const open = () => new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => {
      request.result.createObjectStore('pack');
      request.result.createObjectStore('records', {keyPath: 'client_key'});
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const store = async (name, mode, work) => {
    const db = await open();
    return new Promise((resolve, reject) => {
      const tx = db.transaction(name, mode);
      const result = work(tx.objectStore(name));
      tx.oncomplete = () => resolve(result && 'result' in result ? result.result : undefined);
      tx.onerror = () => reject(tx.error);
    });
  };
  const getPack = () => store('pack', 'readonly', s => s.get('current'));
  const putPack = pack => store('pack', 'readwrite', s => s.put(pack, 'current'));
  const allRecords = async () => ((await store('records', 'readonly', s => s.getAll())) || []).sort((a, b) => a.seq - b.seq);
  const putRecord = record => store('records', 'readwrite', s => s.put(record));
  const deleteRecord = key => store('records', 'readwrite', s => s.delete(key));

  let pack = null;
  let records = [];

  const show = (text, isError) => {
    const m = $('message');
    m.textContent = text;
    m.hidden = !text;
    m.className = isError ? 'error' : 'notice';
  };
  const expired = () => !pack || Date.now() > Date.parse(pack.expires_at);
  const today = () => new Date().toISOString().slice(0, 10);

  // --- what the device knows: the queue plus walk-ins made here, the lots counted down by doses made here
  const madeSincePrepared = r => pack && r.made_at >= pack.prepared_at && r.status !== 'REFUSED';
  const dosesMade = () => records.filter(r => r.type === 'DOSE' && madeSincePrepared(r));
  const people = () => {
    const list = (pack ? pack.queue : []).map(q => ({id: q.beneficiary_reference_id, ref: q.beneficiary_reference_id,
      name: q.name, received: q.doses_received, vaccine: q.vaccine, last: q.last_dose_date, session_id: q.session_id}));
    records.filter(r => r.type === 'WALK_IN' && r.status !== 'REFUSED').forEach(w =>
      list.push({id: 'walk-in:' + w.client_key, walkIn: w.client_key, name: w.name, received: 0, vaccine: '', last: ''}));
    list.forEach(p => {
      const mine = dosesMade().filter(d => (p.walkIn ? d.walk_in_key === p.walkIn : d.beneficiary_reference_id === p.ref));
      if (mine.length) {
        p.received = Math.max(p.received, ...mine.map(d => d.dose));
        p.vaccine = mine[mine.length - 1].vaccine;
        p.last = mine[mine.length - 1].made_at.slice(0, 10);
      }
    });
    return list;
  };
  const remaining = lot => lot.remaining_doses - dosesMade()
    .filter(d => d.vaccine_batch === lot.lot_number && d.vaccine === lot.vaccine).length;

  const option = (value, label) => {
    const o = document.createElement('option');
    o.value = value;
    o.textContent = label;
    return o;
  };

  const render = () => {
    $('network').textContent = navigator.onLine ? t('offline.online') : t('offline.offline');
    $('pack-status').textContent = !pack ? t('offline.notPrepared') : expired() ? t('offline.expired')
      : t('offline.prepared', pack.date, pack.queue.length, pack.lots.length, new Date(pack.expires_at).toLocaleString());
    const pending = records.filter(r => r.status === 'PENDING').length;
    const synced = records.filter(r => r.status === 'SYNCED').length;
    const refused = records.filter(r => r.status === 'REFUSED');
    $('counts').textContent = t('offline.counts', pending, synced, refused.length);
    $('counts').dataset.pending = pending;
    $('counts').dataset.synced = synced;
    $('counts').dataset.refused = refused.length;

    const ul = $('refused');
    ul.replaceChildren(...refused.map(r => {
      const li = document.createElement('li');
      li.textContent = (r.name || r.beneficiary_reference_id || r.walk_in_key || '') + ' — ' + r.error_code + ': ' + r.error + ' ';
      if (main.dataset.admin === 'true') {
        const b = document.createElement('button');
        b.type = 'button';
        b.textContent = t('offline.discard');
        b.addEventListener('click', () => discard(r));
        li.append(b);
      }
      return li;
    }));

    const filter = $('filter').value.trim().toLowerCase();
    const everyone = people();
    $('queue').replaceChildren(...everyone
      .filter(p => !filter || p.name.toLowerCase().includes(filter) || (p.ref || '').includes(filter))
      .map(p => {
        const li = document.createElement('li');
        li.textContent = p.name + (p.ref ? ' · ' + p.ref : '') + ' · ' + p.received + ' ';
        const b = document.createElement('button');
        b.type = 'button';
        b.textContent = t('offline.recordDose');
        b.addEventListener('click', () => {
          $('dose-person').value = p.id;
          $('dose-number').value = p.received + 1;
          $('dose-lot').focus();
        });
        li.append(b);
        return li;
      }));
    const chosen = $('dose-person').value;
    $('dose-person').replaceChildren(...everyone.map(p => option(p.id, p.name + (p.ref ? ' · ' + p.ref : ''))));
    if (chosen) $('dose-person').value = chosen;
    const lot = $('dose-lot').value;
    $('dose-lot').replaceChildren(...(pack ? pack.lots : []).map(l =>
      option(l.vaccine + '|' + l.lot_number, l.vaccine + ' · ' + l.lot_number + ' · ' + remaining(l))));
    if (lot) $('dose-lot').value = lot;
    if (pack && !$('w-gender').options.length) {
      $('w-gender').replaceChildren(...pack.genders.map(g => option(g.id, g.name)));
      $('w-idtype').replaceChildren(...pack.id_types.map(i => option(i.id, i.name)));
    }
    ['save-dose', 'save-walkin'].forEach(id => { $(id).disabled = expired(); });
  };

  const refresh = async () => {
    pack = await getPack() || null;
    if (pack && pack.messages) Object.assign(texts, pack.messages);
    records = await allRecords();
    render();
  };

  // --- the session's sign-in: a redirect to the login means it ended
  const signedIn = response => response.type !== 'opaqueredirect' && response.status !== 401 && response.status !== 403;
  const needSignIn = () => {
    $('sign-in').hidden = false;
    show(t('offline.signIn'), true);
  };
  const csrf = async () => {
    const response = await fetch('/vaccinator/offline/token', {credentials: 'same-origin', redirect: 'manual'});
    if (!signedIn(response) || !response.ok) return null;
    return response.json();
  };

  const prepare = async event => {
    event.preventDefault();
    const date = $('pack-date').value;
    try {
      const response = await fetch('/vaccinator/offline/pack' + (date ? '?date=' + encodeURIComponent(date) : ''),
        {credentials: 'same-origin', redirect: 'manual'});
      if (!signedIn(response)) return needSignIn();
      if (!response.ok) return show(response.status + ' ' + response.statusText, true);
      await putPack(await response.json());
      $('sign-in').hidden = true;
      show('');
      await refresh();
    } catch (e) {
      show(t('offline.offline'), true);
    }
  };

  const newRecord = fields => Object.assign({
    client_key: crypto.randomUUID(), seq: Date.now() * 1000 + Math.floor(Math.random() * 1000),
    made_at: new Date().toISOString(), status: 'PENDING'}, fields);

  // --- the rules the device can check; the server checks them all again at sync
  const saveDose = async event => {
    event.preventDefault();
    if (expired()) return show(t('offline.expired'), true);
    const person = people().find(p => p.id === $('dose-person').value);
    const [vaccine, lotNumber] = $('dose-lot').value.split('|');
    const lot = pack.lots.find(l => l.vaccine === vaccine && l.lot_number === lotNumber);
    const dose = parseInt($('dose-number').value, 10);
    if (!person || !lot || !dose) return show(t('offline.ruleMissing'), true);
    if (lot.expires_on < today() || remaining(lot) <= 0) return show(t('offline.ruleLot'), true);
    if (dose !== person.received + 1) return show(t('offline.ruleDose', person.received + 1), true);
    const rules = pack.vaccines.find(v => v.name === vaccine);
    if (rules && person.last && person.received > 0) {
      const gap = dose > rules.doses ? rules.booster_min_days : rules.min_interval_days;
      const due = new Date(Date.parse(person.last) + (gap || 0) * 86400000).toISOString().slice(0, 10);
      if (today() < due) return show(t('offline.ruleEarly', due), true);
    }
    await putRecord(newRecord({type: 'DOSE', name: person.name, beneficiary_reference_id: person.ref || null,
      walk_in_key: person.walkIn || null, session_id: person.session_id || null, vaccine, vaccine_batch: lotNumber, dose,
      administered_at: new Date().toISOString()}));
    show(t('offline.saved'));
    await refresh();
    if (navigator.onLine) sync();
  };

  const saveWalkIn = async event => {
    event.preventDefault();
    if (expired()) return show(t('offline.expired'), true);
    const form = new FormData($('walkin-form'));
    const record = newRecord({type: 'WALK_IN', name: form.get('name').trim(), birth_year: form.get('birth_year').trim(),
      gender_id: parseInt(form.get('gender_id'), 10), photo_id_type: parseInt(form.get('photo_id_type'), 10),
      photo_id_number: form.get('photo_id_number').trim(), mobile_number: form.get('mobile_number').trim(),
      comorbidity_ind: 'N'});
    if (!record.name || !/^\d{4}$/.test(record.birth_year) || !record.photo_id_number) return show(t('offline.ruleMissing'), true);
    await putRecord(record);
    $('walkin-form').reset();
    show(t('offline.saved'));
    await refresh();
    $('dose-person').value = 'walk-in:' + record.client_key;
    $('dose-number').value = 1;
  };

  // --- sync: pending records in the order they were made, one result back for each
  let syncing = false;
  const sync = async () => {
    if (syncing) return;
    syncing = true;
    try {
      const pending = (await allRecords()).filter(r => r.status === 'PENDING');
      if (!pending.length) return;
      const token = await csrf();
      if (!token) return needSignIn();
      for (let i = 0; i < pending.length; i += 200) {
        const chunk = pending.slice(i, i + 200);
        const response = await fetch('/vaccinator/offline/sync', {method: 'POST', credentials: 'same-origin', redirect: 'manual',
          headers: {'Content-Type': 'application/json', [token.header]: token.token},
          body: JSON.stringify({device_id: 'browser', sent_at: new Date().toISOString(), records: chunk.map(r => ({
            type: r.type, client_key: r.client_key, administered_at: r.administered_at, mobile_number: r.mobile_number,
            name: r.name, birth_year: r.birth_year, gender_id: r.gender_id, photo_id_type: r.photo_id_type,
            photo_id_number: r.photo_id_number, comorbidity_ind: r.comorbidity_ind,
            beneficiary_reference_id: r.type === 'DOSE' ? r.beneficiary_reference_id : null, walk_in_key: r.walk_in_key,
            session_id: r.session_id, vaccine: r.vaccine, vaccine_batch: r.vaccine_batch, dose: r.dose}))})});
        if (!signedIn(response)) return needSignIn();
        if (!response.ok) return show(response.status + ' ' + response.statusText, true);
        const answer = await response.json();
        for (const result of answer.results) {
          const record = chunk.find(r => r.client_key === result.client_key);
          if (!record) continue;
          if (result.status === 'REFUSED') {
            Object.assign(record, {status: 'REFUSED', error_code: result.errorCode, error: result.error});
          } else {
            Object.assign(record, {status: 'SYNCED', synced_as: result.status, certificate_id: result.certificate_id,
              vaccination_id: result.vaccination_id, beneficiary_reference_id: result.beneficiary_reference_id,
              clock_flagged: result.clock_flagged});
          }
          // the photo ID number is needed no more once the walk-in is on the server
          if (record.type === 'WALK_IN' && record.status === 'SYNCED') delete record.photo_id_number;
          await putRecord(record);
        }
      }
      $('sign-in').hidden = true;
      show('');
    } catch (e) {
      show(t('offline.offline'), true);
    } finally {
      syncing = false;
      await refresh();
    }
  };

  const discard = async record => {
    const reason = window.prompt(t('offline.discardReason'));
    if (!reason) return;
    const token = await csrf();
    if (!token) return needSignIn();
    const response = await fetch('/vaccinator/offline/discarded', {method: 'POST', credentials: 'same-origin', redirect: 'manual',
      headers: {'Content-Type': 'application/json', [token.header]: token.token},
      body: JSON.stringify({client_key: record.client_key, error_code: record.error_code, reason})});
    if (response.status !== 204) return show(response.status + ' ' + response.statusText, true);
    await deleteRecord(record.client_key);
    await refresh();
  };

  $('prepare-form').addEventListener('submit', prepare);
  $('dose-form').addEventListener('submit', saveDose);
  $('walkin-form').addEventListener('submit', saveWalkIn);
  $('sync').addEventListener('click', sync);
  $('filter').addEventListener('input', render);
  window.addEventListener('online', () => { render(); sync(); });
  window.addEventListener('offline', render);
  if ('serviceWorker' in navigator) navigator.serviceWorker.register('/vaccinator-sw.js', {scope: '/vaccinator'}).catch(() => {});
  refresh().then(() => { if (navigator.onLine) sync(); });
})();
