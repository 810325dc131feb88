"""Imports exported PyTorch modules and runs one forward each; one JSON line per module on stdout.

argv[1]: a JSON manifest [{"key", "path", "className", "inputs": [[C, H, W], ...], "weights"?: path,
"input"?: path}] where weights/input are .npz files written by the test (weights carried from TF.js).
"""
import contextlib
import importlib.util
import io
import json
import sys

import torch

torch.set_num_threads(2)


def run(entry):
    buf = io.StringIO()
    spec = importlib.util.spec_from_file_location("exported_" + entry["key"].replace("-", "_"), entry["path"])
    module = importlib.util.module_from_spec(spec)
    with contextlib.redirect_stdout(buf):
        spec.loader.exec_module(module)  # importing must run nothing
    net = getattr(module, entry["className"])()
    net.eval()
    torch.manual_seed(0)
    xs = [torch.randn((2,) + tuple(s)) for s in entry["inputs"]]
    if entry.get("weights"):
        import numpy as np

        w = np.load(entry["weights"])
        state = {k: torch.from_numpy(w[k]) for k in w.files}
        missing, unexpected = net.load_state_dict(state, strict=False)
        xs = [torch.from_numpy(np.load(entry["input"])["x"])]
    with torch.no_grad():
        y = net(*xs)
    out = {
        "key": entry["key"],
        "shape": list(y.shape),
        "trainable": sum(p.numel() for p in net.parameters() if p.requires_grad),
        "importOutput": buf.getvalue(),
    }
    if entry.get("weights"):
        out["missing"] = [k for k in missing if not k.endswith("num_batches_tracked")]
        out["unexpected"] = list(unexpected)
        out["output"] = y.reshape(-1).tolist()
    return out


for entry in json.load(open(sys.argv[1])):
    try:
        print(json.dumps(run(entry)), flush=True)
    except Exception as e:  # report and go on: one broken export must not hide the others
        print(json.dumps({"key": entry["key"], "error": "%s: %s" % (type(e).__name__, e)}), flush=True)
