#!/usr/bin/python3
"""Pure Gloo all-reduce cost over loopback (bench/distributed.md): 2 processes, fp32 buffers of the
gradient sizes of ResNet-20 and DenseNet-BC-100, as the trainer's buckets send them (one flat
buffer each, under 25 MB). Same LibTorch and Gloo as the resdense build (Debian python3-torch).
Usage: /usr/bin/python3 bench/distributed_allreduce.py [repeats]"""
import os, sys, time
import torch, torch.distributed as dist, torch.multiprocessing as mp

SIZES = {"resnet20 (269,722 params)": 269722, "densenet-bc-100 k=12 (769,162 params)": 769162}

def worker(rank, world, port, repeats, out):
    os.environ.update(MASTER_ADDR="127.0.0.1", MASTER_PORT=str(port))
    torch.set_num_threads(1)
    dist.init_process_group("gloo", rank=rank, world_size=world)
    for name, n in SIZES.items():
        t = torch.ones(n)
        for _ in range(5):
            dist.all_reduce(t)
        dist.barrier()
        start = time.perf_counter()
        for _ in range(repeats):
            dist.all_reduce(t)
        ms = (time.perf_counter() - start) * 1000 / repeats
        if rank == 0:
            out.put((name, n * 4, ms))
    dist.destroy_process_group()

if __name__ == "__main__":
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    import socket
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
    q = mp.get_context("spawn").SimpleQueue()
    mp.spawn(worker, args=(2, port, repeats, q), nprocs=2)
    while not q.empty():
        name, nbytes, ms = q.get()
        print(f"{name}: {nbytes / 1e6:.2f} MB all-reduce, 2 processes on loopback: {ms:.3f} ms "
              f"(mean of {repeats})")
