# SPDX-License-Identifier: Apache-2.0
"""mcunet.export_qdq: a float PyTorch CNN trained on Fashion-MNIST, quantized
to int8, compiled, and run through the generated C, keeps its accuracy; the
exported model has the structure the compiler expects; other architectures
(residual adds, concat, ReLU6, pooling) quantize and compile too."""

from pathlib import Path

import numpy as np
import onnx
import pytest

torch = pytest.importorskip("torch")
nn = torch.nn

import mcunet
from mcunet.quantize import QuantizationError

FASHION = Path(mcunet.datasets.FASHION_MNIST_DIR)


class SmallCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(1, 8, 3, stride=2, padding=1)
        self.b1 = nn.BatchNorm2d(8)
        self.c2 = nn.Conv2d(8, 16, 3, stride=2, padding=1)
        self.b2 = nn.BatchNorm2d(16)
        self.dw = nn.Conv2d(16, 16, 3, padding=1, groups=16)
        self.pw = nn.Conv2d(16, 16, 1)
        self.fc = nn.Linear(16 * 7 * 7, 10)

    def forward(self, x):
        x = torch.relu(self.b1(self.c1(x)))
        x = torch.relu(self.b2(self.c2(x)))
        x = x + torch.relu(self.pw(torch.relu(self.dw(x))))
        return self.fc(torch.flatten(x, 1))


def _images(x):
    return torch.from_numpy(x).float().div(255.0).unsqueeze(1)


@pytest.fixture(scope="module")
def trained():
    if not FASHION.is_dir():
        pytest.skip("dataset-fashion-mnist is not installed")
    torch.manual_seed(0)
    torch.set_num_threads(2)
    x, y = mcunet.load_fashion_mnist("train", limit=12000)
    images, labels = _images(x), torch.from_numpy(y)
    model = SmallCNN()
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    for _ in range(3):
        order = torch.randperm(len(images))
        for i in range(0, len(images), 64):
            idx = order[i : i + 64]
            opt.zero_grad()
            nn.functional.cross_entropy(model(images[idx]), labels[idx]).backward()
            opt.step()
    return model.eval(), images[:1000]


def test_int8_accuracy_within_one_point(trained, tmp_path):
    model, calibration = trained
    x_test, y_test = mcunet.load_fashion_mnist("test", limit=1000)
    images = _images(x_test)
    with torch.no_grad():
        float_accuracy = (model(images).argmax(1).numpy() == y_test).mean()
    path = mcunet.export_qdq(model, torch.zeros(1, 1, 28, 28),
                             [calibration[i : i + 100] for i in range(0, 1000, 100)],
                             tmp_path / "cnn.onnx")
    compiled = mcunet.compile(path, target="cortex-m7")
    logits = compiled.run(images.numpy())  # float in, quantized by run()
    assert logits.shape == (1000, 10) and logits.dtype == np.int8
    int8_accuracy = (logits.argmax(1) == y_test).mean()
    print(f"float {float_accuracy:.3f}, int8 {int8_accuracy:.3f}, "
          f"peak SRAM {compiled.report.peak_sram_bytes} B")
    assert float_accuracy > 0.75  # It learned something.
    assert abs(int8_accuracy - float_accuracy) <= 0.01


def test_exported_structure(trained, tmp_path):
    model, calibration = trained
    path = mcunet.export_qdq(model, torch.zeros(1, 1, 28, 28), calibration, tmp_path / "m.onnx")
    proto = onnx.load(str(path))
    onnx.checker.check_model(proto)
    graph = proto.graph
    assert graph.input[0].type.tensor_type.elem_type == onnx.TensorProto.INT8
    assert graph.output[0].type.tensor_type.elem_type == onnx.TensorProto.INT8
    inits = {t.name: onnx.numpy_helper.to_array(t) for t in graph.initializer}
    producer = {o: n for n in graph.node for o in n.output}
    ops = [n.op_type for n in graph.node]
    assert "BatchNormalization" not in ops  # Folded into the convs.
    convs = [n for n in graph.node if n.op_type in ("Conv", "Gemm")]
    assert len(convs) == 5
    for node in convs:
        w = producer[node.input[1]]
        assert w.op_type == "DequantizeLinear"
        q, scale, zp = (inits[name] for name in w.input)
        assert q.dtype == np.int8 and np.abs(q).max() == 127  # Symmetric, full range.
        assert scale.shape == (q.shape[0],) and not zp.any()  # Per output channel.
        b = producer[node.input[2]]
        bq, bscale, bzp = (inits[name] for name in b.input)
        assert bq.dtype == np.int32 and not bzp.any()
        x_dq = producer[node.input[0]]
        while x_dq.op_type != "DequantizeLinear":  # Through Flatten.
            x_dq = producer[x_dq.input[0]]
        s_in = float(inits[x_dq.input[1]])
        np.testing.assert_allclose(bscale, s_in * scale, rtol=1e-6)
    # No float weights left behind.
    assert all(a.dtype != np.float32 or a.size <= 1 or name.endswith("scale")
               for name, a in inits.items())


class Branchy(nn.Module):
    """Concat of two branches, ReLU6, average and max pooling, a residual
    add and a linear layer without bias."""

    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(3, 8, 3, padding=1)
        self.a = nn.Conv2d(8, 8, 1)
        self.b = nn.Conv2d(8, 8, 3, padding=1)
        self.mix = nn.Conv2d(16, 8, 1)
        self.pool = nn.MaxPool2d(2)
        self.gap = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(8, 5, bias=False)
        self.act = nn.ReLU6()

    def forward(self, x):
        s = self.act(self.stem(x))
        y = torch.cat([torch.relu(self.a(s)), torch.relu(self.b(s))], dim=1)
        y = self.mix(y) + s
        y = self.gap(self.pool(y))
        return self.fc(torch.flatten(y, 1))


def test_other_architecture_tracks_float(tmp_path):
    torch.manual_seed(1)
    model = Branchy().eval()
    data = torch.rand(64, 3, 16, 16)
    path = mcunet.export_qdq(model, torch.zeros(1, 3, 16, 16), data, tmp_path / "b.onnx",
                             int8_io=False)
    compiled = mcunet.compile(path, target="host")
    assert compiled.report.inputs[0]["dtype"] == "float32"
    assert compiled.report.outputs[0]["dtype"] == "float32"
    got = compiled.run(data.numpy())
    with torch.no_grad():
        want = model(data).numpy()
    span = want.max() - want.min()
    assert np.abs(got - want).max() < 0.1 * span
    assert np.corrcoef(got.ravel(), want.ravel())[0, 1] > 0.95


def test_untraceable_model(tmp_path):
    class Dynamic(nn.Module):
        def forward(self, x):
            if x.sum() > 0:  # Data-dependent control flow: fx cannot trace it.
                return x
            return -x

    with pytest.raises(QuantizationError, match="torch.fx cannot trace Dynamic"):
        mcunet.export_qdq(Dynamic(), torch.zeros(1, 4), torch.zeros(2, 4), tmp_path / "d.onnx")


def test_no_calibration_data(tmp_path):
    with pytest.raises(QuantizationError, match="no calibration batches"):
        mcunet.export_qdq(nn.Sequential(nn.Linear(4, 2)), torch.zeros(1, 4), [], tmp_path / "e.onnx")
    assert not (tmp_path / "e.onnx").exists()
