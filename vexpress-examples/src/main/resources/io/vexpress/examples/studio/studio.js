// vexpress studio page: plain JavaScript, no build step. The API is described in docs/studio.md.
'use strict';
const token = new URLSearchParams(location.search).get('token') || '';
const uploads = { portrait: null, audio: null, motion: null };
let currentJob = null;
let source = null;
let previewTimer = null;
let previewSeq = 0;

const $ = (id) => document.getElementById(id);
const api = (path) => path + (path.includes('?') ? '&' : '?') + 'token=' + encodeURIComponent(token);

async function call(method, path, body, headers) {
  const r = await fetch(api(path), { method, body, headers: Object.assign({ 'X-Studio-Token': token }, headers || {}) });
  let data = {};
  try { data = await r.json(); } catch (e) { /* no JSON body */ }
  if (!r.ok) throw new Error(data.error || ('HTTP ' + r.status));
  return data;
}

function showMessage(text, note) {
  const m = $('message');
  m.textContent = text || '';
  m.hidden = !text;
  m.classList.toggle('note', !!note);
}

function settings() {
  const s = {
    portrait: uploads.portrait && uploads.portrait.id,
    audio: uploads.audio && uploads.audio.id,
    kps: uploads.motion && uploads.motion.id,
    strategy: $('strategy').value,
    steps: $('steps').value,
    reference_attention_weight: $('reference_attention_weight').value,
    audio_attention_weight: $('audio_attention_weight').value,
    image_fit: $('image_fit').value,
    paste_back: $('paste_back').checked,
    kps_timing: $('kps_timing').value,
    kps_fps: $('kps_fps').value,
    seed: $('seed').value,
    size: $('size').value,
  };
  return s;
}

async function upload(slot, file) {
  const drop = $('drop-' + slot);
  const status = $('status-' + slot);
  let kind = slot;
  if (slot === 'motion') {
    kind = /\.(pth|npy|json)$/i.test(file.name) ? 'kps' : 'video';
  }
  drop.classList.remove('ok', 'bad');
  status.textContent = kind === 'video' ? 'extracting keypoints from ' + file.name + '…' : 'checking ' + file.name + '…';
  try {
    const meta = await call('POST', '/api/uploads?kind=' + kind + '&name=' + encodeURIComponent(file.name), file,
      { 'Content-Type': 'application/octet-stream' });
    uploads[slot] = meta;
    drop.classList.add('ok');
    status.textContent = describe(meta);
    if (slot === 'portrait') {
      const img = $('portrait-thumb');
      img.src = URL.createObjectURL(file);
      img.hidden = false;
    }
    if (slot === 'motion' && $('strategy').value === 'fix_face') {
      $('strategy').value = 'offset_retarget';
    }
    showMessage('');
    if (uploads.portrait && uploads.audio) schedulePreview();
  } catch (e) {
    uploads[slot] = null;
    drop.classList.add('bad');
    status.textContent = 'refused';
    showMessage(e.message);
  }
  refresh();
}

function describe(meta) {
  switch (meta.kind) {
    case 'portrait': return meta.name + ' — ' + meta.width + ' x ' + meta.height;
    case 'audio': return meta.name + ' — ' + meta.seconds.toFixed(2) + ' s';
    case 'kps': return meta.name + ' — ' + meta.frames + ' frames';
    case 'video': return meta.name + ' — ' + meta.frames + ' frames at ' + meta.fps.toFixed(2) + ' fps'
      + (meta.filled_frames ? ' (' + meta.filled_frames + ' without a face, filled in)' : '');
    default: return meta.name;
  }
}

function refresh() {
  const ready = !!(uploads.portrait && uploads.audio);
  $('start').disabled = !ready || (currentJob && !currentJob.finished);
}

function schedulePreview() {
  clearTimeout(previewTimer);
  previewTimer = setTimeout(preview, 250);
}

async function preview() {
  const seq = ++previewSeq;
  const status = $('preview-status');
  status.textContent = 'rendering the keypoint preview…';
  try {
    const r = await call('POST', '/api/preview', JSON.stringify(settings()), { 'Content-Type': 'application/json' });
    if (seq !== previewSeq) return;
    const v = $('preview');
    v.src = api('/api/' + r.video);
    v.hidden = false;
    v.play().catch(() => {});
    status.textContent = r.frames + ' frames at ' + r.fps.toFixed(3) + ' fps (' + r.audio_seconds.toFixed(2)
      + ' s): exactly what Start generates';
  } catch (e) {
    if (seq !== previewSeq) return;
    status.textContent = 'no preview: ' + e.message;
  }
}

async function start() {
  showMessage('');
  $('result').hidden = true;
  try {
    const job = await call('POST', '/api/jobs', JSON.stringify(settings()), { 'Content-Type': 'application/json' });
    follow(job.id);
  } catch (e) {
    showMessage(e.message);
  }
}

function follow(id) {
  currentJob = { id, finished: false };
  $('start').disabled = true;
  $('cancel').disabled = false;
  $('progress').hidden = false;
  $('bar-fill').style.width = '0%';
  $('progress-text').textContent = 'queued';
  if (source) source.close();
  source = new EventSource(api('/api/jobs/' + id + '/events'));
  let stage = '';
  source.onmessage = (m) => {
    const e = JSON.parse(m.data);
    switch (e.type) {
      case 'queued': $('progress-text').textContent = 'queued'; break;
      case 'running': $('progress-text').textContent = 'starting'; break;
      case 'stage': stage = e.label; $('progress-text').textContent = stage + '…'; break;
      case 'progress': {
        $('bar-fill').style.width = (100 * e.fraction).toFixed(1) + '%';
        let t = stage;
        if (e.step) t += ' — step ' + e.step + '/' + e.steps + ', window ' + e.window + '/' + e.windows;
        if (e.frames) t += ' — frame ' + e.frames + '/' + e.total_frames;
        if (e.eta_seconds > 0.5) t += ' — about ' + clock(e.eta_seconds) + ' left';
        $('progress-text').textContent = t;
        break;
      }
      case 'warning': showMessage('Note: ' + e.message, true); break;
      case 'done': finish(); $('bar-fill').style.width = '100%';
        $('progress-text').textContent = 'done: ' + e.frames + ' frames in ' + e.seconds.toFixed(1) + ' s';
        showResult(e.video, id); break;
      case 'failed': finish(); $('progress-text').textContent = 'failed'; showMessage(e.message); break;
      case 'cancelled': finish(); $('progress-text').textContent = 'cancelled'; break;
      case 'interrupted': finish(); $('progress-text').textContent = 'interrupted'; break;
    }
  };
  source.onerror = () => { if (currentJob && currentJob.finished && source) source.close(); };
}

function finish() {
  currentJob.finished = true;
  if (source) { source.close(); source = null; }
  $('cancel').disabled = true;
  refresh();
  loadJobs();
}

function showResult(video, id) {
  $('result').hidden = false;
  $('result-video').src = api('/api/' + video);
  $('download').href = api('/api/' + video + '?download=1');
  $('download').setAttribute('download', 'vexpress-' + id + '.mp4');
}

function clock(seconds) {
  const s = Math.round(seconds);
  return Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0');
}

async function cancel() {
  if (!currentJob) return;
  try { await call('POST', '/api/jobs/' + currentJob.id + '/cancel'); } catch (e) { showMessage(e.message); }
}

async function loadJobs() {
  try {
    const r = await call('GET', '/api/jobs');
    const list = $('jobs');
    list.innerHTML = '';
    if (!r.jobs.length) { list.innerHTML = '<li class="hint">No results yet.</li>'; return; }
    for (const j of r.jobs) {
      const li = document.createElement('li');
      const state = document.createElement('span');
      state.className = 'state ' + j.status;
      state.textContent = j.status;
      const when = document.createElement('span');
      when.textContent = new Date(j.created).toLocaleString();
      const what = document.createElement('span');
      what.className = 'hint';
      what.textContent = j.summary + (j.message ? ' — ' + j.message : '');
      li.append(state, when, what);
      if (j.video) {
        const play = document.createElement('a');
        play.href = '#';
        play.textContent = 'play';
        play.onclick = (ev) => { ev.preventDefault(); showResult(j.video, j.id); };
        const dl = document.createElement('a');
        dl.href = api('/api/' + j.video + '?download=1');
        dl.textContent = 'download';
        li.append(play, dl);
      }
      list.append(li);
    }
  } catch (e) {
    showMessage(e.message);
  }
}

for (const slot of ['portrait', 'audio', 'motion']) {
  const drop = $('drop-' + slot);
  const input = $('file-' + slot);
  input.addEventListener('change', () => { if (input.files[0]) upload(slot, input.files[0]); });
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    if (e.dataTransfer.files[0]) upload(slot, e.dataTransfer.files[0]);
  });
}
for (const id of ['strategy', 'image_fit', 'paste_back', 'kps_timing', 'kps_fps', 'size']) {
  $(id).addEventListener('change', () => { if (uploads.portrait && uploads.audio) schedulePreview(); });
}
$('start').addEventListener('click', start);
$('cancel').addEventListener('click', cancel);
loadJobs();
