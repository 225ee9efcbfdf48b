# SPDX-License-Identifier: Apache-2.0
"""The dataset readers: Fashion-MNIST from Debian's package, IDX and
CIFAR-10 files, and clear errors for missing or malformed ones."""

import gzip
from pathlib import Path

import numpy as np
import pytest

import mcunet

FASHION = Path(mcunet.datasets.FASHION_MNIST_DIR)


@pytest.mark.skipif(not FASHION.is_dir(), reason="dataset-fashion-mnist is not installed")
def test_fashion_mnist():
    x, y = mcunet.load_fashion_mnist("test")
    assert x.shape == (10000, 28, 28) and x.dtype == np.uint8
    assert y.shape == (10000,) and set(np.unique(y)) == set(range(10))
    x, y = mcunet.load_fashion_mnist("train", limit=100)
    assert x.shape == (100, 28, 28) and y.shape == (100,)


def test_idx_round_trip(tmp_path):
    data = np.arange(24, dtype=np.uint8).reshape(2, 3, 4)
    raw = bytes([0, 0, 0x08, 3]) + b"".join(d.to_bytes(4, "big") for d in data.shape) + data.tobytes()
    (tmp_path / "a.idx").write_bytes(raw)
    (tmp_path / "a.idx.gz").write_bytes(gzip.compress(raw))
    np.testing.assert_array_equal(mcunet.load_idx(tmp_path / "a.idx"), data)
    np.testing.assert_array_equal(mcunet.load_idx(tmp_path / "a.idx.gz"), data)


@pytest.mark.parametrize(
    "raw, message",
    [
        (b"\x01\x02\x08\x01", "bad magic number"),
        (bytes([0, 0, 0x42, 1]) + (1).to_bytes(4, "big") + b"x", "unknown IDX element type 0x42"),
        (bytes([0, 0, 0x08, 2]) + (1).to_bytes(4, "big"), "truncated IDX header"),
        (bytes([0, 0, 0x08, 1]) + (5).to_bytes(4, "big") + b"abc", r"holds 3 bytes"),
    ],
)
def test_bad_idx(tmp_path, raw, message):
    path = tmp_path / "bad.idx"
    path.write_bytes(raw)
    with pytest.raises(mcunet.DatasetError, match=message) as error:
        mcunet.load_idx(path)
    assert str(path) in str(error.value)


def test_bad_gzip(tmp_path):
    path = tmp_path / "bad.gz"
    path.write_bytes(b"\x1f\x8b" + b"not gzip at all")
    with pytest.raises(mcunet.DatasetError, match="not a valid gzip file"):
        mcunet.load_idx(path)


def test_missing_dataset(tmp_path):
    with pytest.raises(mcunet.DatasetError, match="dataset-fashion-mnist"):
        mcunet.load_fashion_mnist("train", root=tmp_path)
    with pytest.raises(mcunet.DatasetError, match="cannot read"):
        mcunet.load_idx(tmp_path / "nothing.idx")


def test_cifar10(tmp_path):
    rng = np.random.default_rng(0)
    labels = rng.integers(0, 10, size=5, dtype=np.uint8)
    pixels = rng.integers(0, 256, size=(5, 3072), dtype=np.uint8)
    (tmp_path / "b.bin").write_bytes(np.concatenate([labels[:, None], pixels], axis=1).tobytes())
    x, y = mcunet.load_cifar10(tmp_path / "b.bin")
    assert x.shape == (5, 3, 32, 32)
    np.testing.assert_array_equal(y, labels)
    np.testing.assert_array_equal(x.reshape(5, -1), pixels)
    (tmp_path / "c.bin").write_bytes(b"\x00" * 3000)
    with pytest.raises(mcunet.DatasetError, match="not a whole number of CIFAR-10 records"):
        mcunet.load_cifar10(tmp_path / "c.bin")
    bad = np.concatenate([[[12]], pixels[:1]], axis=1).astype(np.uint8)
    (tmp_path / "d.bin").write_bytes(bad.tobytes())
    with pytest.raises(mcunet.DatasetError, match="label 12 out of range"):
        mcunet.load_cifar10(tmp_path / "d.bin")
