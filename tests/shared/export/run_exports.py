"""Imports exported PyTorch modules and runs one forward each; one JSON line per module on stdout.

argv[1]: a JSON manifest [{"key", "path", "className", "inputs": [[C, H, W], ...], "weights"?: path}]
where weights is a JSON file {"state": [{key, shape, data, pre?, perm?, post?}], "input": {shape, data}}:
TF.js weights in channels-last layout with the reshape/permute that turns each into its torch tensor.
"""
import contextlib
import importlib.util
import io
import json
import sys

import torch

torch.set_num_threads(2)


def to_torch(w):
    t = torch.tensor(w["data"], dtype=torch.float32).reshape(w["shape"])
    if w.get("pre"):
        t = t.reshape(w["pre"])
    if w.get("perm"):
        t = t.permute(w["perm"])
    if w.get("post"):
        t = t.reshape(w["post"])
    return t.contiguous()


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
        carried = json.load(open(entry["weights"]))
        state = {w["key"]: to_torch(w) for w in carried["state"]}
        missing, unexpected = net.load_state_dict(state, strict=False)
        xs = [torch.tensor(carried["input"]["data"], dtype=torch.float32).reshape(carried["input"]["shape"])]
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
