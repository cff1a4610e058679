#!/usr/bin/python3
"""Golden fixtures for the keypoint codec (vexpress-media, io.vexpress.media.kps).

Rerun from the repository root with Debian's torch 1.13 (not the pyenv python3 on PATH):

    /usr/bin/python3 tools/goldens/kps_codec.py generate   # writes the fixtures read by KpsCodecGoldenTest
    /usr/bin/python3 tools/goldens/kps_codec.py verify     # loads the files our Java writer produced

`generate` writes vexpress-media/src/test/resources/golden/kps_codec/:
  - *.pth / *.npy / *.json made with torch.save, numpy.save and json.dump in the layouts V-Express and
    users produce (list of numpy arrays as V-Express saves it, other dtypes and byte orders, Fortran order,
    one [N,3,2] tensor, lists of tensors, strided views, float16), plus expected.json with their values
    as float32 (what the Java reader must return);
  - vexpress_tys_kps.pth: a copy of one real V-Express file (if /work/shared/samples/tys/kps.pth exists);
  - forbidden_global.pth: a real torch.save of an object whose pickle names a global that is not allowed.
`verify` loads java_written/* (committed copies of what KpsCodecGoldenTest writes; that test also checks
that our writer still produces exactly these bytes) with torch.load, also with weights_only=True,
numpy.load and json.load, and compares them with java_written/expected.json.
"""
import collections
import json
import os
import sys

import numpy as np
import torch

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'vexpress-media', 'src', 'test', 'resources',
                   'golden', 'kps_codec')


def sequence(frames, seed):
    rng = np.random.default_rng(seed)
    return (rng.random((frames, 3, 2)) * 512).astype(np.float32)


def flat(a):
    return [float(v) for v in np.asarray(a, dtype=np.float32).reshape(-1)]


def generate():
    os.makedirs(OUT, exist_ok=True)
    expected = {}

    def save(name, obj, values):
        torch.save(obj, os.path.join(OUT, name))
        expected[name] = flat(values)

    s = sequence(5, 1)
    # V-Express's own layout: a list of [3, 2] float32 numpy arrays.
    save('numpy_list_f4.pth', [s[i].copy() for i in range(len(s))], s)
    s = sequence(4, 2).astype(np.float64)
    save('numpy_list_f8_big_endian.pth', [s[i].astype('>f8') for i in range(len(s))], s)
    s = sequence(3, 3)
    save('numpy_list_fortran.pth', [np.asfortranarray(s[i]) for i in range(len(s))], s)
    s = sequence(6, 4)
    save('numpy_array.pth', s, s)
    save('tensor.pth', torch.from_numpy(s.copy()), s)
    s = sequence(3, 5).astype(np.float64)
    save('tensor_list_f8.pth', [torch.from_numpy(s[i].copy()) for i in range(len(s))], s)
    base = torch.from_numpy(sequence(4, 6))            # [4, 3, 2]
    view = base.permute(2, 1, 0).contiguous().permute(2, 1, 0)  # same values, strides (1, 4, 12)
    assert not view.is_contiguous()
    save('tensor_strided.pth', view, base.numpy())
    sliced = torch.from_numpy(sequence(8, 7))[2:7]     # storage offset 12, shared 8-frame storage
    save('tensor_sliced.pth', sliced, sliced.numpy())
    half = torch.from_numpy(sequence(3, 8)).half()
    save('tensor_f16.pth', half, half.float().numpy())
    s = sequence(3, 13)
    save('nested_python_lists.pth', s.astype(np.float64).tolist(), s.astype(np.float64))
    save('tuple_of_tensors.pth', tuple(torch.from_numpy(sequence(2, 9))), sequence(2, 9))

    s = sequence(7, 10)
    np.save(os.path.join(OUT, 'seq_f4.npy'), s)
    expected['seq_f4.npy'] = flat(s)
    s = sequence(3, 11).astype('>f8')
    np.save(os.path.join(OUT, 'seq_f8_big_endian_fortran.npy'), np.asfortranarray(s))
    expected['seq_f8_big_endian_fortran.npy'] = flat(s)
    s = sequence(4, 12)
    with open(os.path.join(OUT, 'seq_bare.json'), 'w') as f:
        json.dump(s.tolist(), f)
    expected['seq_bare.json'] = flat(s)

    # A real V-Express file (10 KB), so that a fresh clone still tests the real format.
    sample = '/work/shared/samples/tys/kps.pth'
    if os.path.exists(sample):
        with open(sample, 'rb') as f, open(os.path.join(OUT, 'vexpress_tys_kps.pth'), 'wb') as g:
            g.write(f.read())
    if os.path.exists(os.path.join(OUT, 'vexpress_tys_kps.pth')):
        expected['vexpress_tys_kps.pth'] = flat(np.stack(torch.load(os.path.join(OUT, 'vexpress_tys_kps.pth'))))

    # Hostile: a genuine torch.save whose pickle names collections.Counter (not on the allow-list).
    torch.save({'kps': collections.Counter(a=1)}, os.path.join(OUT, 'forbidden_global.pth'))

    with open(os.path.join(OUT, 'expected.json'), 'w') as f:
        json.dump(expected, f, indent=1)
    print('wrote', len(expected), 'fixtures to', os.path.normpath(OUT))


def verify():
    folder = os.path.join(OUT, 'java_written')
    with open(os.path.join(folder, 'expected.json')) as f:
        expected = json.load(f)
    for name, values in expected.items():
        want = np.asarray(values, dtype=np.float32).reshape(-1, 3, 2)
        path = os.path.join(folder, name)
        if name.endswith('_vexpress_layout.pth'):
            # V-Express's own layout: a list of float32 numpy arrays of shape [3, 2].
            got = torch.load(path)
            assert isinstance(got, list) and all(isinstance(a, np.ndarray) and a.dtype == np.float32 for a in got), name
            assert np.array_equal(np.stack(got), want), name
            assert np.array_equal(torch.tensor(torch.load(path)).numpy(), want), name
            try:
                torch.load(path, weights_only=True)
                print('  (this torch also loads it with weights_only=True)')
            except Exception as e:  # torch 1.x refuses numpy globals there, as documented
                print('  weights_only=True refuses it, as expected:', str(e).splitlines()[0][:100])
        elif name.endswith('.pth'):
            got = torch.load(path)
            safe = torch.load(path, weights_only=True)
            # What V-Express does with the file (inference.py): torch.tensor(torch.load(kps_path)).
            vexpress = torch.tensor(torch.load(path))
            assert isinstance(got, torch.Tensor) and got.dtype == torch.float32, (name, type(got))
            for t in (got, safe, vexpress):
                assert tuple(t.shape) == want.shape, (name, t.shape)
                assert np.array_equal(t.numpy(), want), name
        elif name.endswith('.npy'):
            got = np.load(path, allow_pickle=False)
            assert got.dtype == np.float32 and np.array_equal(got, want), name
        else:
            with open(path) as f:
                doc = json.load(f)
            assert doc['format'] == 'vexpress-kps' and doc['version'] == 1, name
            assert np.array_equal(np.asarray(doc['frames'], dtype=np.float32), want), name
        print('ok', name, want.shape)
    print('torch', torch.__version__, 'numpy', np.__version__, ': all Java-written files read back exactly')


if __name__ == '__main__':
    {'generate': generate, 'verify': verify}[sys.argv[1] if len(sys.argv) > 1 else 'generate']()
