#!/usr/bin/env python3
"""The share of the first reads after readiness answered within 1 ms of server time.

Usage: python3 benchmarks/latency/first_reads.py PORT [N]

Against a `./rapport up` with the sample that has just turned ready (and has served no reads yet),
sends N (1,000) reads one after the other: also-bought of whole milk's neighbours with and without a
customer, recommendations and profiles of customers c-0 … c-499 (unknown to the sample: fallbacks and
404s), then reads rapport_http_server_requests_seconds off /metrics and prints the reads counted and
those within its 1 ms bucket. Measured with it: README, "HTTP API", readiness's `warming_up`.
"""
import http.client
import json
import sys
import urllib.parse


def main():
    port = int(sys.argv[1])
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    conn = http.client.HTTPConnection("127.0.0.1", port)

    def get(path):
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()

    _, body = get("/v1/items/whole%20milk/also-bought?limit=100")
    items = [i["itemId"] for i in json.loads(body)["items"]] + ["whole milk"]
    for k in range(n):
        item = urllib.parse.quote(items[k % len(items)], safe="")  # rolls/buns is one path segment
        get([f"/v1/items/{item}/also-bought?limit=10",
             f"/v1/customers/c-{k % 500}/recommendations?limit=10",
             f"/v1/items/{item}/also-bought?limit=10&customerId=c-{k % 300}",
             f"/v1/customers/c-{k % 500}/profile"][k % 4])
    _, body = get("/metrics")
    total = within = 0.0
    for line in body.decode().splitlines():
        if not line.startswith("rapport_http_server_requests_seconds") or 'method="GET"' not in line:
            continue
        if "/v1/items" not in line and "/v1/customers" not in line:
            continue
        value = float(line.rsplit(" ", 1)[1])
        if line.startswith("rapport_http_server_requests_seconds_count"):
            total += value
        elif 'le="0.001"' in line:
            within += value
    print(f"reads {total:.0f}, within 1 ms {within:.0f} ({within / total:.1%})" if total else "no reads counted")


if __name__ == "__main__":
    main()
