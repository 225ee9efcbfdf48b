# SPDX-License-Identifier: Apache-2.0
"""Readers for the datasets the examples and tests use: IDX (MNIST,
Fashion-MNIST; gzipped or not) and CIFAR-10's binary format. Errors name the
file and what is wrong."""

from __future__ import annotations

import gzip
import os
from pathlib import Path
from typing import Optional, Tuple, Union

import numpy as np

from .errors import DatasetError

__all__ = ["DatasetError", "load_cifar10", "load_fashion_mnist", "load_idx"]

FASHION_MNIST_DIR = "/usr/share/datasets/fashion-mnist"

_IDX_TYPES = {
    0x08: np.uint8,
    0x09: np.int8,
    0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"),
    0x0D: np.dtype(">f4"),
    0x0E: np.dtype(">f8"),
}


def _read(path: Path) -> bytes:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise DatasetError(f"{path}: cannot read: {error.strerror}") from None
    if raw[:2] == b"\x1f\x8b":
        try:
            return gzip.decompress(raw)
        except (OSError, EOFError) as error:
            raise DatasetError(f"{path}: not a valid gzip file: {error}") from None
    return raw


def load_idx(path: Union[str, os.PathLike]) -> np.ndarray:
    """Reads an IDX file (gzipped or not) into an array of its shape."""
    path = Path(path)
    data = _read(path)
    if len(data) < 4 or data[0] != 0 or data[1] != 0:
        raise DatasetError(f"{path}: not an IDX file (bad magic number)")
    kind, rank = data[2], data[3]
    if kind not in _IDX_TYPES:
        raise DatasetError(f"{path}: unknown IDX element type 0x{kind:02x}")
    header = 4 + 4 * rank
    if len(data) < header:
        raise DatasetError(f"{path}: truncated IDX header")
    dims = tuple(int.from_bytes(data[4 + 4 * k : 8 + 4 * k], "big") for k in range(rank))
    dtype = np.dtype(_IDX_TYPES[kind])
    count = int(np.prod(dims, dtype=np.int64))
    if len(data) - header != count * dtype.itemsize:
        raise DatasetError(
            f"{path}: IDX says {dims} x {dtype.itemsize} bytes but holds "
            f"{len(data) - header} bytes of data"
        )
    array = np.frombuffer(data, dtype=dtype, count=count, offset=header)
    return array.reshape(dims).astype(dtype.newbyteorder("="))


def load_fashion_mnist(
    split: str = "train",
    root: Union[str, os.PathLike] = FASHION_MNIST_DIR,
    limit: Optional[int] = None,
) -> Tuple[np.ndarray, np.ndarray]:
    """Fashion-MNIST (Debian's dataset-fashion-mnist by default): images as
    uint8 (N, 28, 28), labels as int64 (N,). split: "train" or "test"."""
    if split not in ("train", "test"):
        raise ValueError(f"split must be 'train' or 'test', not {split!r}")
    stem = "train" if split == "train" else "t10k"
    root = Path(root)
    images = labels = None
    for suffix in (".gz", ""):
        image_path = root / f"{stem}-images-idx3-ubyte{suffix}"
        label_path = root / f"{stem}-labels-idx1-ubyte{suffix}"
        if image_path.exists() and label_path.exists():
            images, labels = load_idx(image_path), load_idx(label_path)
            break
    if images is None:
        raise DatasetError(
            f"{root}: no {stem}-images-idx3-ubyte[.gz] and "
            f"{stem}-labels-idx1-ubyte[.gz] (install Debian's "
            "dataset-fashion-mnist, or pass root=)"
        )
    if images.ndim != 3 or labels.ndim != 1 or len(images) != len(labels):
        raise DatasetError(
            f"{root}: images {images.shape} and labels {labels.shape} do not match"
        )
    if limit is not None:
        images, labels = images[:limit], labels[:limit]
    return images, labels.astype(np.int64)


def load_cifar10(
    path: Union[str, os.PathLike], limit: Optional[int] = None
) -> Tuple[np.ndarray, np.ndarray]:
    """One CIFAR-10 binary batch file (data_batch_k.bin / test_batch.bin:
    records of 1 label byte + 3072 pixel bytes): images uint8
    (N, 3, 32, 32), labels int64 (N,)."""
    path = Path(path)
    data = _read(path)
    record = 1 + 3 * 32 * 32
    if not data or len(data) % record:
        raise DatasetError(
            f"{path}: {len(data)} bytes is not a whole number of CIFAR-10 "
            f"records ({record} bytes each)"
        )
    rows = np.frombuffer(data, dtype=np.uint8).reshape(-1, record)
    labels = rows[:, 0].astype(np.int64)
    if labels.max() > 9:
        raise DatasetError(f"{path}: label {labels.max()} out of range 0..9")
    images = rows[:, 1:].reshape(-1, 3, 32, 32)
    if limit is not None:
        images, labels = images[:limit], labels[:limit]
    return images, labels
