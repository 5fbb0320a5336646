using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using Microfactory.Benchmarks;
using Microfactory.Benchmarks.Routing;

// `--cpu-probe` runs the placement workload once and prints placements per CPU-second (see CpuTimeProbe).
// Anything else goes to BenchmarkDotNet, e.g. `--filter '*RoutingBenchmarks*' --job short` (docs/benchmarks.md).
if (args is ["--cpu-probe"])
{
    CpuTimeProbe.Run(Console.Out);
    return;
}

var config = DefaultConfig.Instance.AddColumn(new OrdersPerSecondColumn());
var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
ThroughputReport.Print(summaries, Console.Out);
