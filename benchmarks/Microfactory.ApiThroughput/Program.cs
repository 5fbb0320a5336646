using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microfactory.ApiThroughput;
using Microfactory.LoadTest;

// Closed-loop order submission through the planner REST API against one real orchestrator (docs/api-throughput.md).
// dotnet run -c Release --project benchmarks/Microfactory.ApiThroughput -- [--orchestrator <dll>] [--clients 32]
//   [--duration 20] [--warmup 5] [--sites 100] [--label name]
var options = args.Select((a, i) => (a, i)).Where(x => x.a.StartsWith("--", StringComparison.Ordinal) && x.i + 1 < args.Length)
    .ToDictionary(x => x.a[2..], x => args[x.i + 1], StringComparer.Ordinal);
var unknown = options.Keys.Except(["orchestrator", "clients", "duration", "warmup", "sites", "label"]).ToList();
if (unknown.Count > 0 || args.Length % 2 != 0)
{
    Console.Error.WriteLine("usage: Microfactory.ApiThroughput [--orchestrator <dll>] [--clients 32] [--duration 20] [--warmup 5] [--sites 100] [--label name]");
    return 2;
}

int Int(string name, int fallback) => options.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
var clients = Int("clients", 32);
var duration = TimeSpan.FromSeconds(Int("duration", 20));
var warmup = TimeSpan.FromSeconds(Int("warmup", 5));
var label = options.GetValueOrDefault("label", "run");
string dll;
try
{
    dll = OrchestratorLocator.Find(options.GetValueOrDefault("orchestrator"));
}
catch (FileNotFoundException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

// The orchestrator inherits these: its silo and gateway on free ports, so it never meets another silo on 11111.
Environment.SetEnvironmentVariable("Orleans__Endpoints__SiloPort", FreePort().ToString(CultureInfo.InvariantCulture));
Environment.SetEnvironmentVariable("Orleans__Endpoints__GatewayPort", FreePort().ToString(CultureInfo.InvariantCulture));

using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(10));
var network = new SimulatedNetwork(Int("sites", 100));
await using var orchestrator = await OrchestratorProcess.StartAsync(dll, network.Credentials, limit.Token);
await NetworkSeeder.SeedAsync(orchestrator, network, limit.Token);
var counters = new LinkCounters();
await using var fleet = new AgentFleet(network, [orchestrator.AgentLink], counters);
var (_, connected) = await fleet.RampAsync(500, limit.Token);

var loop = new ClosedLoop(orchestrator.Api, orchestrator.AdminKey, clients);
await loop.RunAsync("warmup", warmup, limit.Token);
var loadBefore = ProcessStats.LoadAverage();
var cpuBefore = ProcessStats.CpuTime(orchestrator.Pid);
var result = await loop.RunAsync("measured", duration, limit.Token);
var cpu = ProcessStats.CpuTime(orchestrator.Pid) - cpuBefore;

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{label}: {dll}\n  {clients} clients, {connected}/{network.Sites.Count} agents, {result.Took.TotalSeconds:F1} s: " +
    $"{result.Accepted / result.Took.TotalSeconds:F0} accepted orders/s, POST->201 p50 {result.Latency.Percentile(50):F1} ms, " +
    $"p99 {result.Latency.Percentile(99):F1} ms, max {result.Latency.Max:F1} ms; errors {(result.Errors.Count == 0 ? "none" : string.Join(", ", result.Errors.Select(e => $"{e.Key} x{e.Value}")))}\n" +
    $"  orchestrator CPU {cpu.TotalSeconds:F1} s ({100 * cpu / result.Took:F0}% of one core); load average {loadBefore} -> {ProcessStats.LoadAverage()} on {Environment.ProcessorCount} cores; " +
    $"orchestrator log {orchestrator.LogPath}"));
return result.Errors.Count == 0 ? 0 : 1;

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}
