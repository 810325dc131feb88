/**
 * The training half of the PyTorch export: data loading (ImageFolder-style folders, MNIST/Fashion-MNIST as
 * idx or npy files, or synthetic data), cuda → mps → cpu, the optimiser/schedule/seed of the run, a
 * torchrun-ready DistributedDataParallel path and JSON-lines metrics. All of it inside functions, run only
 * under `if __name__ == "__main__":`.
 * The PyTorch engine (main/engine-pytorch) imports the generated file and calls make_optimizer, lr_at and
 * head_loss and reads HEAD_SOFTMAX: keep those names and signatures (its tests break otherwise).
 */
import { optimizerSchema, scheduleSchema } from '../contract/training';
import type { ExportTraining } from './types';

export interface HeadInfo {
  name: string;
  /** Output shape in torch layout, without batch. */
  shape: number[];
  /** The head already ends in a softmax (the loss then takes log-probabilities). */
  softmax: boolean;
}

export interface TrainingScriptInput {
  className: string;
  /** Input shapes in torch layout, without batch. */
  inputs: number[][];
  heads: HeadInfo[];
  training: ExportTraining;
}

const pyBool = (b: boolean) => (b ? 'True' : 'False');
const pyNum = (n: number) => String(n);

export function trainingScript(t: TrainingScriptInput): string {
  const opt = optimizerSchema.parse(t.training.optimizer ?? {});
  const sched = scheduleSchema.parse(t.training.schedule ?? {});
  const epochs = t.training.epochs ?? 5;
  const batch = t.training.batchSize ?? 64;
  const seed = t.training.seed ?? 42;
  const data = t.training.dataset ?? '';
  const single = t.inputs.length === 1;
  const config = [
    ...(single ? [] : ['# This model has several inputs: load_data feeds the first one only; adapt it (and the loop) to your data.']),
    `INPUT_SHAPES = [${t.inputs.map((s) => `(${s.join(', ')},)`).join(', ')}]  # per sample, torch layout (C, H, W for images)`,
    `HEAD_SOFTMAX = [${t.heads.map((h) => pyBool(h.softmax)).join(', ')}]  # heads that already end in softmax`,
    `NUM_CLASSES = ${t.heads[0]?.shape[t.heads[0].shape.length - 1] ?? 0}`,
    `DEFAULTS = dict(data=${JSON.stringify(data)}, epochs=${epochs}, batch_size=${batch}, lr=${pyNum(opt.learningRate)}, seed=${seed})`,
    `OPTIMIZER = dict(type=${JSON.stringify(opt.type)}, momentum=${pyNum(opt.momentum)}, nesterov=${pyBool(opt.nesterov)}, weight_decay=${pyNum(opt.weightDecay)})`,
    `SCHEDULE = dict(type=${JSON.stringify(sched.type)}, step_size=${sched.stepSize}, gamma=${pyNum(sched.gamma)}, warmup_epochs=${pyNum(sched.warmupEpochs)})`,
  ].join('\n');
  return `# ---------------------------------------------------------------------------------------------------
# Training (runs only as a script).

${config}


def emit(event, **fields):
    """One JSON line of metrics on stdout (only rank 0 prints under torchrun)."""
    if int(os.environ.get("RANK", "0")) == 0:
        print(json.dumps({"event": event, **fields}), flush=True)


def pick_device(local_rank):
    if torch.cuda.is_available():
        return torch.device("cuda", local_rank)
    if getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available():
        return torch.device("mps")
    return torch.device("cpu")


def _read_idx(path):
    import gzip
    import numpy as np

    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape).copy()


def _find(folder, names):
    for name in names:
        for candidate in (name, name + ".gz"):
            p = os.path.join(folder, candidate)
            if os.path.exists(p):
                return p
    return None


def _array_split(folder, split):
    """MNIST-style arrays: x_{split}.npy / y_{split}.npy, or the idx files of MNIST and Fashion-MNIST."""
    import numpy as np

    x_npy, y_npy = _find(folder, ["x_" + split + ".npy"]), _find(folder, ["y_" + split + ".npy"])
    if x_npy and y_npy:
        return np.array(np.load(x_npy)), np.array(np.load(y_npy))
    prefix = "train" if split == "train" else "t10k"
    x_idx = _find(folder, [prefix + "-images-idx3-ubyte", prefix + "-images.idx3-ubyte"])
    y_idx = _find(folder, [prefix + "-labels-idx1-ubyte", prefix + "-labels.idx1-ubyte"])
    if x_idx and y_idx:
        return _read_idx(x_idx), _read_idx(y_idx)
    return None


def _tensor_dataset(x, y):
    x = torch.as_tensor(x)
    x = x.float() / 255.0 if x.dtype == torch.uint8 else x.float()
    if x.dim() == 4 and len(INPUT_SHAPES[0]) == 3 and x.shape[-1] == INPUT_SHAPES[0][0] and x.shape[1] != INPUT_SHAPES[0][0]:
        x = x.permute(0, 3, 1, 2)  # NHWC arrays → NCHW
    x = x.reshape((x.shape[0],) + INPUT_SHAPES[0])
    return torch.utils.data.TensorDataset(x, torch.as_tensor(y).long())


def load_data(args):
    """(train, test) datasets from --synthetic, an MNIST-style array folder, or an ImageFolder-style folder."""
    if args.synthetic:
        g = torch.Generator().manual_seed(args.seed)
        x = torch.rand((args.synthetic,) + INPUT_SHAPES[0], generator=g)
        y = torch.randint(0, max(NUM_CLASSES, 1), (args.synthetic,), generator=g)
        n = max(1, args.synthetic // 10)
        return torch.utils.data.TensorDataset(x[n:], y[n:]), torch.utils.data.TensorDataset(x[:n], y[:n])
    folder = args.data
    if not folder or not os.path.isdir(folder):
        raise SystemExit("--data must be a folder (class sub-folders of images, or MNIST-style idx/npy files); got %r" % folder)
    train = _array_split(folder, "train")
    if train is not None:
        test = _array_split(folder, "test")
        if test is None:
            raise SystemExit("found training arrays in %s but no test arrays (x_test.npy / t10k-images-idx3-ubyte)" % folder)
        return _tensor_dataset(*train), _tensor_dataset(*test)
    from torchvision import datasets, transforms

    c, h, w = INPUT_SHAPES[0]
    steps = [transforms.Resize((h, w))] + ([transforms.Grayscale(1)] if c == 1 else [transforms.Lambda(lambda im: im.convert("RGB"))])
    tf = transforms.Compose(steps + [transforms.ToTensor()])
    if os.path.isdir(os.path.join(folder, "train")):
        test_dir = next((os.path.join(folder, d) for d in ("test", "val", "validation") if os.path.isdir(os.path.join(folder, d))), None)
        train = datasets.ImageFolder(os.path.join(folder, "train"), transform=tf)
        if test_dir:
            return train, datasets.ImageFolder(test_dir, transform=tf)
        folder_ds = train
    else:
        folder_ds = datasets.ImageFolder(folder, transform=tf)
    n_test = max(1, len(folder_ds) // 10)
    g = torch.Generator().manual_seed(args.seed)
    return torch.utils.data.random_split(folder_ds, [len(folder_ds) - n_test, n_test], generator=g)


def make_optimizer(model, lr):
    # Weight decay on kernels only (as the built-in engine: added to the kernels' gradients).
    decay = [p for p in model.parameters() if p.requires_grad and p.dim() > 1]
    rest = [p for p in model.parameters() if p.requires_grad and p.dim() <= 1]
    groups = [dict(params=decay, weight_decay=OPTIMIZER["weight_decay"]), dict(params=rest, weight_decay=0.0)]
    kind = OPTIMIZER["type"]
    if kind == "sgd":
        return torch.optim.SGD(groups, lr=lr, momentum=OPTIMIZER["momentum"], nesterov=OPTIMIZER["nesterov"] and OPTIMIZER["momentum"] > 0)
    if kind == "rmsprop":
        return torch.optim.RMSprop(groups, lr=lr, alpha=0.9, eps=1e-7, momentum=OPTIMIZER["momentum"])
    return torch.optim.Adam(groups, lr=lr, eps=1e-7)  # TF.js' epsilon


def lr_at(base, progress, epochs):
    """Learning rate at a fractional epoch: warm-up, then constant / step / cosine (as the built-in engine)."""
    s = SCHEDULE
    if s["warmup_epochs"] > 0 and progress < s["warmup_epochs"]:
        return base * (progress + 1e-3) / s["warmup_epochs"]
    if s["type"] == "step":
        return base * s["gamma"] ** (int(progress) // s["step_size"])
    if s["type"] == "cosine":
        t = min(1.0, max(0.0, (progress - s["warmup_epochs"]) / max(1e-9, epochs - s["warmup_epochs"])))
        return 0.5 * base * (1 + math.cos(math.pi * t))
    return base


def head_loss(outputs, y):
    outputs = outputs if isinstance(outputs, tuple) else (outputs,)
    loss = 0.0
    for out, softmax in zip(outputs, HEAD_SOFTMAX):
        out = out.reshape(out.shape[0], -1)
        loss = loss + (F.nll_loss(torch.log(out.clamp_min(1e-7)), y) if softmax else F.cross_entropy(out, y))
    return loss, outputs[0].reshape(outputs[0].shape[0], -1)


def evaluate(model, loader, device):
    model.eval()
    total, correct, loss_sum = 0, 0, 0.0
    with torch.no_grad():
        for x, y in loader:
            x, y = x.to(device), y.to(device)
            loss, out = head_loss(model(x), y)
            loss_sum += float(loss) * y.shape[0]
            correct += int((out.argmax(1) == y).sum())
            total += y.shape[0]
    model.train()
    return loss_sum / max(total, 1), correct / max(total, 1)


def main(argv=None):
    parser = argparse.ArgumentParser(description="Train ${t.className} (generated by Netwright).")
    parser.add_argument("--data", default=DEFAULTS["data"], help="image folder (class sub-folders) or MNIST-style idx/npy folder")
    parser.add_argument("--synthetic", type=int, default=0, help="use N random samples instead of --data (smoke tests, benchmarks)")
    parser.add_argument("--epochs", type=int, default=DEFAULTS["epochs"])
    parser.add_argument("--batch-size", type=int, default=DEFAULTS["batch_size"])
    parser.add_argument("--lr", type=float, default=DEFAULTS["lr"])
    parser.add_argument("--seed", type=int, default=DEFAULTS["seed"])
    parser.add_argument("--workers", type=int, default=2, help="DataLoader worker processes")
    parser.add_argument("--log-every", type=int, default=50, help="emit a batch event every N batches")
    parser.add_argument("--save", default="", help="write the trained state_dict to this path")
    args = parser.parse_args(argv)

    random.seed(args.seed)
    torch.manual_seed(args.seed)
    world = int(os.environ.get("WORLD_SIZE", "1"))
    local_rank = int(os.environ.get("LOCAL_RANK", "0"))
    device = pick_device(local_rank)
    if world > 1:
        import torch.distributed as dist

        dist.init_process_group("nccl" if device.type == "cuda" else "gloo")
        if device.type == "cuda":
            torch.cuda.set_device(device)

    train_set, test_set = load_data(args)
    sampler = torch.utils.data.distributed.DistributedSampler(train_set, seed=args.seed) if world > 1 else None
    pin = device.type == "cuda"
    train_loader = torch.utils.data.DataLoader(train_set, batch_size=args.batch_size, shuffle=sampler is None, sampler=sampler,
                                               num_workers=args.workers, pin_memory=pin, drop_last=False,
                                               generator=torch.Generator().manual_seed(args.seed))
    test_loader = torch.utils.data.DataLoader(test_set, batch_size=args.batch_size, num_workers=args.workers, pin_memory=pin)

    model = ${t.className}().to(device)
    net = model
    if world > 1:
        net = torch.nn.parallel.DistributedDataParallel(model, device_ids=[local_rank] if device.type == "cuda" else None)
    optimizer = make_optimizer(model, args.lr)
    emit("start", device=str(device), worldSize=world, trainSamples=len(train_set), testSamples=len(test_set),
         trainableParams=sum(p.numel() for p in model.parameters() if p.requires_grad))

    batches = len(train_loader)
    started = time.time()
    for epoch in range(1, args.epochs + 1):
        if sampler is not None:
            sampler.set_epoch(epoch)
        t0, seen, loss_sum, correct = time.time(), 0, 0.0, 0
        for i, (x, y) in enumerate(train_loader, 1):
            x, y = x.to(device, non_blocking=True), y.to(device, non_blocking=True)
            lr = lr_at(args.lr, epoch - 1 + (i - 1) / batches, args.epochs)
            for group in optimizer.param_groups:
                group["lr"] = lr
            loss, out = head_loss(net(x), y)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            seen += y.shape[0]
            loss_sum += float(loss) * y.shape[0]
            correct += int((out.argmax(1) == y).sum())
            if i % args.log_every == 0 or i == batches:
                elapsed = max(time.time() - t0, 1e-9)
                emit("batch", epoch=epoch, batch=i, batches=batches, loss=float(loss), accuracy=correct / seen,
                     lr=lr, samplesPerSec=seen * world / elapsed)
        test_loss, test_acc = evaluate(model, test_loader, device)
        emit("epoch", epoch=epoch, loss=loss_sum / max(seen, 1), accuracy=correct / max(seen, 1), valLoss=test_loss,
             valAccuracy=test_acc, seconds=time.time() - t0, samplesPerSec=seen * world / max(time.time() - t0, 1e-9))
    test_loss, test_acc = evaluate(model, test_loader, device)
    if args.save and int(os.environ.get("RANK", "0")) == 0:
        torch.save(model.state_dict(), args.save)
    emit("done", epochs=args.epochs, testLoss=test_loss, testAccuracy=test_acc, seconds=time.time() - started)
    if world > 1:
        torch.distributed.destroy_process_group()


if __name__ == "__main__":
    main()`;
}
