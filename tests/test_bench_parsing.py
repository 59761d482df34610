"""The benchmarks read wrk's own report: a figure of a second or more must not break them."""

from bench.sync_wrk import milliseconds, parse

# wrk 4.1's --latency report, as it prints one that badly misses the target: values of a
# second or more are padded with a trailing space.
WRK_OUTPUT = """Running 10s test @ http://127.0.0.1:8123/api/v1/sync/push
  1 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   512.31ms  201.77ms   1.31s    71.20%
    Req/Sec    31.40     10.12    60.00     70.00%
  Latency Distribution
     50%  480.12ms
     75%  610.40ms
     90%  790.03ms
     99%    1.04s{PAD}
  314 requests in 10.01s, 97.31KB read
  Non-2xx or 3xx responses: 2
Requests/sec:     31.37
Transfer/sec:      9.72KB
""".replace("{PAD}", " ")  # written so: an editor would strip a literal trailing space


def test_a_percentile_past_one_second_is_read_in_milliseconds():
    figures = parse(WRK_OUTPUT)
    assert figures["percentiles"] == {50: 480.12, 75: 610.40, 90: 790.03, 99: 1040.0}
    assert figures["rps"] == 31.37
    assert figures["requests"] == 314
    assert figures["non_2xx"] == 2


def test_units():
    assert milliseconds("850.00us") == 0.85
    assert milliseconds("1.5m") == 90_000.0
