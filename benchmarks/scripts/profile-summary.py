#!/usr/bin/env python3
"""Summarises async-profiler collapsed stacks of the proxy: the share of CPU samples in each part of the request
path (a sample counts for every part whose frames are on its stack), the kernel's share, and the top frames by
self time. Usage: profile-summary.py profile-6.collapsed [profile-7.collapsed ...]"""
import collections
import re
import sys

PARTS = [
    ('garbage collector', r'G1[A-Z]|PSScavenge|PSPromotion|ScavengeRoots|PSParallelCompact|GCTaskThread|ConcurrentGCThread|WorkerTask'),
    ('JIT compiler', r'CompileBroker|C2Compiler|Compile::'),
    ('access log (request thread + writer)', r'AsyncLogHandler|AccessLog\.'),
    ('deadline timers (body read, client watch, keep-alive)', r'CoarseTimer|ScheduledThreadPoolExecutor|StreamKeepAlive'),
    ('reading the next request from the client', r'ClientWatch\.|Http1Prologue|Http1HeadersParser'),
    ('request body read', r'RequestBodies\.'),
    ('cache-marker rewrite (proxy-core)', r'ChatRequestRewriter'),
    ('upstream call (Helidon Http1Client, until headers)', r'OpenRouterTransport\.send'),
    ('relay: upstream body read + usage scan + client write', r'ResponseRelay\.'),
    ('  of which usage scan (proxy-core)', r'UsageReader'),
    ('metrics', r'ProxyMetrics|GuardMetrics'),
    ('virtual-thread scheduling (park, unpark, freeze, thaw)',
     r'Continuation\.(yield|doYield)|VirtualThread\.(park|unpark|submitRunContinuation)|ForkJoinPool\.(signalWork|awaitWork)|Unsafe\.(park|unpark)'),
]


def main(files):
    total = 0
    parts = collections.Counter()
    self_frames = collections.Counter()
    kernel = 0
    for name in files:
        for line in open(name):
            stack, _, n = line.rstrip().rpartition(' ')
            n = int(n)
            total += n
            frames = stack.split(';')
            self_frames[frames[-1]] += n
            if frames[-1].endswith('_[k]'):
                kernel += n
            for part, rx in PARTS:
                if re.search(rx, stack):
                    parts[part] += n
    if total == 0:
        print('no samples')
        return
    print(f'{total} samples')
    for part, _ in PARTS:
        print(f'{100 * parts[part] / total:6.1f}%  {part}')
    print(f'{100 * kernel / total:6.1f}%  self time in the kernel (socket syscalls, scheduling)')
    print('top frames by self time:')
    for frame, n in self_frames.most_common(15):
        print(f'{100 * n / total:6.1f}%  {frame[:110]}')


if __name__ == '__main__':
    main(sys.argv[1:])
