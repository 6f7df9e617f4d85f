"""The asyncio baseline for loop_sleep.ts: N coroutines that each `await asyncio.sleep(1)`.

    python3 bench/loop_asyncio.py COUNT
"""
import asyncio
import json
import sys
import time


async def main(count: int) -> None:
    await asyncio.gather(*(asyncio.sleep(1) for _ in range(count)))


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    started = time.perf_counter()
    asyncio.run(main(count))
    elapsed_ms = round((time.perf_counter() - started) * 1000)
    print(json.dumps({"runner": "asyncio", "count": count, "elapsedMs": elapsed_ms}))
