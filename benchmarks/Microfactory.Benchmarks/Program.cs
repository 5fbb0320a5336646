using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using Microfactory.Benchmarks;

// Pass BenchmarkDotNet's own arguments through, e.g. `--filter '*Routing*' --job short` (see docs/benchmarks.md).
var config = DefaultConfig.Instance.AddColumn(new OrdersPerSecondColumn());
var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
ThroughputReport.Print(summaries, Console.Out);
