using System.Diagnostics;
using System.Globalization;

namespace Microfactory.LoadTest;

/// <summary>The one-line result of a scenario, for the closing comparison.</summary>
public sealed record ScenarioResult(Scenario Scenario, int Silos, int Connected, TimeSpan Ramp, double AchievedRate, double P50, double P99, double Max, int NotReceived, double BytesPerAgent, double CpuMsPerOrder);

/// <summary>
/// One scenario on fresh orchestrator processes (one, or the silos of one cluster): seed the network, ramp up the
/// agents, measure memory, submit orders at a fixed rate, match each 201 with its assignment's arrival, and print the
/// figures. With several silos, memory and CPU are the sum over the silos.
/// </summary>
public static class ScenarioRunner
{
    public static async Task<ScenarioResult> RunAsync(Scenario scenario, int silos, LoadOptions options, string dll, CancellationToken cancellationToken)
    {
        Print($"== {scenario.Name}: {scenario.Agents} agents, {scenario.OrdersPerSecond} orders/s for {scenario.Duration.TotalSeconds:F0} s on {silos} silo{(silos == 1 ? "" : "s")} ==");
        var network = new SimulatedNetwork(scenario.Agents);
        await using var cluster = await OrchestratorCluster.StartAsync(dll, network.Credentials, silos, cancellationToken);
        foreach (var node in cluster.Nodes)
        {
            Print($"orchestrator pid {node.Pid}, API {node.Api}, AgentLink {node.AgentLink}, silo port {node.SiloPort}, log {node.LogPath}");
        }

        var rssStarted = cluster.ResidentBytes();

        var seeding = await NetworkSeeder.SeedAsync(cluster.First, network, cancellationToken);
        var heard = await cluster.AwaitSitesEverywhereAsync(network.Sites.Count, cancellationToken);
        var rssSeeded = cluster.ResidentBytes();
        Print($"seeded {SimulatedNetwork.Cities.Count} cities, 1 design, {network.Sites.Count} sites in {seeding.TotalSeconds:F1} s through the first node; " +
              $"every node listed them {heard.TotalSeconds:F1} s later");

        var counters = new LinkCounters();
        await using var fleet = new AgentFleet(network, cluster.Nodes.Select(n => n.AgentLink).ToList(), counters);
        var cpuBeforeRamp = cluster.CpuTime();
        var (ramp, connected) = await fleet.RampAsync(options.ConnectRate, cancellationToken);
        var rampCpu = cluster.CpuTime() - cpuBeforeRamp;
        var rssConnected = cluster.ResidentBytes();
        var perAgent = connected == 0 ? double.NaN : (double)(rssConnected - rssSeeded) / connected;
        Print($"ramp: {connected}/{network.Sites.Count} connected in {ramp.TotalSeconds:F1} s at <= {options.ConnectRate}/s " +
              $"(orchestrator CPU {rampCpu.TotalSeconds:F1} s during the ramp)");
        Print($"memory: orchestrator RSS {Mb(rssStarted)} at start, {Mb(rssSeeded)} after seeding, {Mb(rssConnected)} with the agents connected: " +
              $"{perAgent / 1024:F1} KiB per connected agent (RSS growth / connected)");

        var warmUp = new OrderLoad(cluster.Nodes, options.MaxInFlight, "warmup");
        await warmUp.RunAsync(scenario.OrdersPerSecond, options.WarmUp, cancellationToken);
        Print($"warm-up: {warmUp.Accepted.Count} orders accepted in {options.WarmUp.TotalSeconds:F0} s (not counted below)");

        var loadBefore = ProcessStats.LoadAverage();
        var orchestratorCpu = cluster.CpuTime();
        var ownCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var reportsBefore = counters.CapacityReports + counters.Heartbeats;
        var window = Stopwatch.StartNew();
        var load = new OrderLoad(cluster.Nodes, options.MaxInFlight, "measured");
        var (sent, sendTook) = await load.RunAsync(scenario.OrdersPerSecond, scenario.Duration, cancellationToken);
        var windowTook = window.Elapsed;
        var orchestratorUsed = cluster.CpuTime() - orchestratorCpu;
        var ownUsed = Process.GetCurrentProcess().TotalProcessorTime - ownCpu;
        var linkMessages = counters.CapacityReports + counters.Heartbeats - reportsBefore;

        await WaitForAssignmentsAsync(load.Accepted, counters, options.ReceiveTimeout, cancellationToken);
        var rssAfter = cluster.ResidentBytes();

        var accepted = load.Accepted.ToList();
        var received = accepted.Where(o => counters.AssignmentReceivedAt.ContainsKey(o.OrderId)).ToList();
        var fromAccepted = new Latency(received.Select(o => Math.Max(0, Latency.Milliseconds(o.AcceptedAt, counters.AssignmentReceivedAt[o.OrderId]))));
        var fromSent = new Latency(received.Select(o => Latency.Milliseconds(o.SentAt, counters.AssignmentReceivedAt[o.OrderId])));
        var http = new Latency(accepted.Select(o => Latency.Milliseconds(o.SentAt, o.AcceptedAt)));
        var beforeCreated = received.Count(o => counters.AssignmentReceivedAt[o.OrderId] < o.AcceptedAt);
        var late = received.Count(o => Latency.Milliseconds(o.AcceptedAt, counters.AssignmentReceivedAt[o.OrderId]) > options.ReceiveTimeout.TotalMilliseconds);
        var notReceived = accepted.Count - received.Count + late;
        var achieved = accepted.Count / windowTook.TotalSeconds;

        Print($"orders: {sent} sent in {sendTook.TotalSeconds:F1} s, {accepted.Count} got 201, {load.Skipped} skipped (more than {options.MaxInFlight} in flight); " +
              $"achieved {achieved:F0} accepted/s over the {windowTook.TotalSeconds:F1} s window");
        Print($"errors: {Describe(load.Errors)}; agent side: {Describe(counters.Errors)}");
        Print($"201 -> assignment at the agent: {fromAccepted.Summary()}; {beforeCreated} arrived before their 201 (counted as 0)");
        Print($"POST sent -> assignment at the agent: {fromSent.Summary()}");
        Print($"POST sent -> 201: {http.Summary()}");
        Print($"not received within {options.ReceiveTimeout.TotalSeconds:F0} s of the 201: {notReceived}; duplicate assignments {counters.DuplicateAssignments}; " +
              $"ACCEPTED updates acknowledged {counters.UpdatesAcknowledged}");
        Print($"link: {linkMessages / windowTook.TotalSeconds:F0} capacity reports + heartbeats/s during the window; {counters.Connected} agents connected at the end; " +
              $"{counters.Reconnects} reconnect attempts (after a refused connect or a closed stream)");
        var cpuPerOrder = accepted.Count == 0 ? double.NaN : orchestratorUsed.TotalMilliseconds / accepted.Count;
        Print($"CPU over the window: orchestrator{(silos == 1 ? "" : $"s (all {silos} silos)")} {orchestratorUsed.TotalSeconds:F1} s ({100 * orchestratorUsed / windowTook:F0}% of one core, " +
              $"{cpuPerOrder:F2} ms per accepted order), " +
              $"load tool {ownUsed.TotalSeconds:F1} s ({100 * ownUsed / windowTook:F0}%); machine load average {loadBefore} -> {ProcessStats.LoadAverage()} " +
              $"on {Environment.ProcessorCount} cores; orchestrator RSS afterwards {Mb(rssAfter)}");
        Print("");
        return new ScenarioResult(scenario, silos, connected, ramp, achieved, fromAccepted.Percentile(50), fromAccepted.Percentile(99), fromAccepted.Max, notReceived, perAgent, cpuPerOrder);
    }

    /// <summary>Until every accepted order's assignment has arrived, or the receive timeout has passed since the last 201.</summary>
    private static async Task WaitForAssignmentsAsync(IReadOnlyCollection<SubmittedOrder> accepted, LinkCounters counters, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (accepted.Count == 0)
        {
            return;
        }

        var deadline = Stopwatch.GetElapsedTime(accepted.Max(o => o.AcceptedAt)) is var since && since < timeout ? timeout - since : TimeSpan.Zero;
        var clock = Stopwatch.StartNew();
        while (accepted.Any(o => !counters.AssignmentReceivedAt.ContainsKey(o.OrderId)) && clock.Elapsed < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken); // polls another process's deliveries up to a deadline
        }
    }

    private static string Describe(IReadOnlyDictionary<string, int> errors) =>
        errors.Count == 0 ? "none" : string.Join(", ", errors.OrderByDescending(e => e.Value).Select(e => $"{e.Key} x{e.Value}"));

    private static string Describe(System.Collections.Concurrent.ConcurrentDictionary<string, int> errors) =>
        Describe((IReadOnlyDictionary<string, int>)errors);

    private static string Mb(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:F0} MiB");

    public static void Print(string line) => Console.WriteLine(line);
}
