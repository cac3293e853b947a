using BenchmarkDotNet.Running;

// Run from the repository root, e.g. the ledger fold figures in docs/PERFORMANCE.md:
//   dotnet run -c Release --project bench/Tally.Benchmarks -- --filter '*LedgerFold*' --job short
// --job short (3 warm-ups, 3 iterations, one launch) is enough for a smoke run; drop it for a full run.
// The durable ingest figures fix their own job (see IngestBenchmarks), so pass no --job:
//   TALLY_TEST_POSTGRES=postgres://tally:tally@127.0.0.1:55432/tally_test dotnet run -c Release --project bench/Tally.Benchmarks -- --filter '*IngestBenchmarks*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
