#!/usr/bin/python3
"""The warm-heavy serverless benchmark (bench/scenarios/serverless-warm.yaml) in SimFaaS.

SimFaaS (pacslab/simfaas, Python) simulates one function at a time, so the workload is its
100 functions run one after the other: each Poisson at 50/s for 300 s, warm service time
exponential with mean 17.3 ms (5 ms of CPU at 512 MB's 0.29 vCPU), cold 100 ms longer, a
600 s keep-alive: 1.5 million invocations in all. Prints one JSON line like bench/run.

Usage: bench/peers/simfaas_warm.py SIMFAAS_CHECKOUT   (the folder holding simfaas/)
"""
import json
import sys
import time
import types

sys.path.insert(0, sys.argv[1])
try:
    import tqdm  # noqa: F401  (SimFaaS imports it for progress bars only)
except ImportError:
    shim = types.ModuleType("tqdm")
    shim.tqdm = lambda iterable=None, *args, **kwargs: iterable
    sys.modules["tqdm"] = shim

import numpy as np  # noqa: E402
from simfaas.ServerlessSimulator import ServerlessSimulator  # noqa: E402

np.random.seed(1)
invocations = cold = 0
start = time.perf_counter()
for _ in range(100):
    sim = ServerlessSimulator(arrival_rate=50, warm_service_rate=1 / 0.0173, cold_service_rate=1 / 0.1173,
                              expiration_threshold=600, max_time=300)
    sim.generate_trace(debug_print=False, progress=False)
    invocations += sim.total_req_count
    cold += sim.total_cold_count
wall = time.perf_counter() - start
print(json.dumps({"figure": "simfaas_serverless_warm", "invocations": invocations, "cold_starts": cold,
                  "wall_s": round(wall, 3), "invocations_per_s": round(invocations / wall)}))
