"""When you outgrow nn_pure: carry an Iris model on to PyTorch, to two processes, and back.

    pip install torch onnx                 # tools on your side: nn_pure never needs them
    python examples/outgrow/continue_in_pytorch.py [--folder DIR] [--epochs 20]

1. nn_pure trains an MLP on examples/data/iris.csv and saves iris.json.
2. `python -m nn_pure.export iris.json --format torch` writes iris_torch.py, a
   float64 torch module with the same numbers.
3. PyTorch continues training it with torch.optim.SGD, in this process.
4. Then with DistributedDataParallel across two local processes (the gloo
   backend on 127.0.0.1, started by torch.multiprocessing): each process
   trains on half of the rows, and DDP averages their gradients.
5. torch.onnx.export writes the result as iris_ddp.onnx, and
   `python -m nn_pure.convert` turns that back into an nn_pure model file,
   iris_ddp.json, ready for `python -m nn_pure.export` and a board.
6. The converted model's probabilities are compared with PyTorch's on every
   row: they agree to 1e-6 or the script exits with status 1.

Without torch it says so and exits with status 1.  See docs/outgrow.md.
"""
import argparse
import os
import socket
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, ROOT)

from nn_pure.cli.csvfile import choose_task, read_table  # noqa: E402
from nn_pure.cli.modelfile import load_model, save_model  # noqa: E402
from nn_pure.convert import main as convert  # noqa: E402
from nn_pure.export import main as export  # noqa: E402
from nn_pure.fitting import fit_pipeline  # noqa: E402

IRIS = os.path.join(ROOT, "examples", "data", "iris.csv")
LEARN_RATE = 0.05


def load_module(folder, name):
    sys.path.insert(0, folder)
    try:
        return __import__(name)
    finally:
        sys.path.remove(folder)


def data(pipeline, table, targets):
    import torch
    rows = torch.tensor(table.rows, dtype=torch.float64)
    labels = torch.tensor([pipeline.class_names.index(t) for t in targets])
    return rows, labels


def train(model, rows, labels, epochs):
    import torch
    optimizer = torch.optim.SGD(model.parameters(), lr=LEARN_RATE)
    for _ in range(epochs):
        optimizer.zero_grad()
        loss = model.loss(rows, labels)
        loss.backward()
        optimizer.step()
    return loss.item()


def ddp_worker(rank, world_size, port, folder, epochs):
    """One of the two processes: its half of the rows, DDP averaging the gradients."""
    import torch.distributed as dist
    dist.init_process_group("gloo", init_method="tcp://127.0.0.1:%d" % port, rank=rank,
                            world_size=world_size)
    try:
        ddp_train(rank, world_size, folder, epochs)
        # Both ranks reach here before either tears gloo down.  Without the barrier the
        # rank that finished first could exit while the other still had a reduction in
        # flight, and gloo aborts the process (SIGABRT) when its peer vanishes mid-call.
        dist.barrier()
    finally:
        dist.destroy_process_group()


def ddp_train(rank, world_size, folder, epochs):
    """The training itself, in its own function so that the DDP wrapper (and the gloo
    work it holds) is freed on return, while the process group is still alive."""
    import torch
    from torch.nn.parallel import DistributedDataParallel
    module = load_module(folder, "iris_torch")
    model = module.build()
    model.load_state_dict(torch.load(os.path.join(folder, "continued.pt")))
    pipeline = load_model(os.path.join(folder, "iris.json"))
    table = read_table(IRIS, "species")
    rows, labels = data(pipeline, table, choose_task(table)[1])
    rows, labels = rows[rank::world_size], labels[rank::world_size]   # this rank's half
    ddp = DistributedDataParallel(model)
    optimizer = torch.optim.SGD(ddp.parameters(), lr=LEARN_RATE)
    for _ in range(epochs):
        optimizer.zero_grad()
        # DDP averages gradients only for what goes through its own forward(), so the
        # loss is taken from ddp(rows), the probabilities: the same cross-entropy.
        loss = torch.nn.functional.nll_loss(torch.log(ddp(rows).clamp_min(1e-300)), labels)
        loss.backward()
        optimizer.step()
    if rank == 0:
        torch.save(model.state_dict(), os.path.join(folder, "ddp.pt"))
        print("4. DDP, 2 processes (gloo, 127.0.0.1): %d epochs, rank 0's last loss %.4f"
              % (epochs, loss.item()))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--folder", help="where to write the files (default: a temporary one)")
    parser.add_argument("--epochs", type=int, default=20, help="epochs in each PyTorch stage")
    args = parser.parse_args(argv)
    try:
        import torch
        import torch.multiprocessing
    except ImportError:
        print("this example continues training in PyTorch, which is not installed here; "
              "install it with `pip install torch onnx` (nn_pure itself never needs it)",
              file=sys.stderr)
        return 1
    if args.folder is None:
        with tempfile.TemporaryDirectory() as folder:
            return run(folder, args.epochs)
    return run(args.folder, args.epochs)


def run(folder, epochs):
    import torch
    import torch.multiprocessing
    path = lambda name: os.path.join(folder, name)      # noqa: E731
    table = read_table(IRIS, "species")
    task, targets = choose_task(table)
    pipeline = fit_pipeline(table.rows, targets, feature_names=table.feature_names,
                            target_name="species", task=task, hidden=(8,), epochs=30, seed=0)[0]
    save_model(pipeline, path("iris.json"))
    print("1. nn_pure: trained %s, saved iris.json" % "-".join(map(str, pipeline.sizes)))

    assert export([path("iris.json"), "--format", "torch", "--output", path("iris_torch.py")]) == 0
    model = load_module(folder, "iris_torch").build()
    rows, labels = data(pipeline, table, targets)
    same = (model(rows).detach() - torch.tensor(pipeline.predict_proba(table.rows), dtype=torch.float64)).abs().max()
    print("2. exported iris_torch.py; PyTorch and nn_pure differ by at most %.1e" % same)

    loss = train(model, rows, labels, epochs)
    torch.save(model.state_dict(), path("continued.pt"))
    print("3. PyTorch, one process: %d epochs of SGD, loss %.4f" % (epochs, loss))

    torch.multiprocessing.spawn(ddp_worker, args=(2, free_port(), folder, epochs), nprocs=2,
                                join=True)
    model.load_state_dict(torch.load(path("ddp.pt")))
    model.eval()

    torch.onnx.export(model, (rows[:2],), path("iris_ddp.onnx"), input_names=["features"],
                      output_names=["probabilities"], dynamic_axes={"features": {0: "N"}},
                      dynamo=False)
    status = convert([path("iris_ddp.onnx"), "--output", path("iris_ddp.json"),
                      "--features", ",".join(table.feature_names),
                      "--classes", ",".join(pipeline.class_names)])
    if status != 0:
        return status
    back = load_model(path("iris_ddp.json"))
    with torch.no_grad():
        expected = model(rows).numpy()
    worst = 0.0
    for got_row, want_row in zip(back.predict_proba(table.rows), expected):
        for got, want in zip(got_row, want_row):
            worst = max(worst, abs(got - float(want)))
    print("5. wrote iris_ddp.onnx and converted it to iris_ddp.json: on all %d rows its "
          "probabilities differ from PyTorch's by at most %.1e" % (len(table.rows), worst))
    print("   a flower [5.9, 3.0, 5.1, 1.8] is %s" % back.predict([[5.9, 3.0, 5.1, 1.8]])[0])
    return 0 if worst <= 1e-6 else 1


if __name__ == "__main__":
    raise SystemExit(main())
