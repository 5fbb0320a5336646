using System.Globalization;
using Microfactory.LoadTest;

// The agent-link load tool of issue 3: see docs/load-test.md.
LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

string dll;
try
{
    dll = OrchestratorLocator.Find(options.OrchestratorDll);
}
catch (FileNotFoundException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

using var limit = new CancellationTokenSource(options.TimeLimit);
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    limit.Cancel();
};

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"load test: orchestrator {dll}; {Environment.ProcessorCount} cores; time limit {options.TimeLimit}; connect rate {options.ConnectRate}/s"));
var results = new List<ScenarioResult>();
try
{
    if (options.Baseline is { } baseline)
    {
        results.Add(await ScenarioRunner.RunAsync(baseline, 1, options, dll, limit.Token));
    }

    foreach (var silos in options.Silos)
    {
        results.Add(await ScenarioRunner.RunAsync(options.Main, silos, options, dll, limit.Token));
    }
}
catch (OperationCanceledException) when (limit.IsCancellationRequested)
{
    Console.Error.WriteLine($"Stopped: the time limit of {options.TimeLimit} (or Ctrl+C) came first; the orchestrator was killed.");
    return 3;
}

Console.WriteLine("scenario   silos  agents connected  ramp     accepted/s  p50 ms  p99 ms  max ms  not received  KiB/agent  CPU ms/order");
foreach (var r in results)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{r.Scenario.Name,-10} {r.Silos,5}  {r.Scenario.Agents,6} {r.Connected,9}  {r.Ramp.TotalSeconds,5:F1} s  {r.AchievedRate,10:F0}  {r.P50,6:F1}  {r.P99,6:F1}  {r.Max,6:F0}  {r.NotReceived,12}  {r.BytesPerAgent / 1024,9:F1}  {r.CpuMsPerOrder,12:F2}"));
}

return 0;
