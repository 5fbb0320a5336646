using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microfactory.Cluster.Tests.Support;
using Microfactory.EndToEnd.Tests.Support;
using Xunit.Abstractions;

namespace Microfactory.Cluster.Tests;

/// <summary>One of three silos killed -9 under steady load, as a machine losing power.</summary>
public sealed class SiloCrashTests(ITestOutputHelper output)
{
    private const int Quantity = 2;
    private const int Killed = 2;

    /// <summary>How soon after the kill the survivors must take every order again (tuned membership declares the dead silo in about a second).</summary>
    private static readonly TimeSpan AcceptsAgainWithin = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_silo_killed_under_load_loses_no_accepted_order_runs_no_job_twice_and_its_agents_move_to_the_survivors()
    {
        await using var cluster = await ClusterNetwork.StartAsync(output, silos: 3, sites: 6, cycleTime: TimeSpan.FromMilliseconds(20));
        var accepted = new ConcurrentDictionary<string, string>();
        var failures = new ConcurrentBag<(int Silo, HttpStatusCode Status, TimeSpan At)>();
        var clock = Stopwatch.StartNew();
        TimeSpan? killedAt = null;
        var killedUtc = DateTimeOffset.MinValue;

        // About 20 orders/s for 12 s, each first sent to silo n mod 3; a client that gets an error (or no answer) sends the
        // same Idempotency-Key to the next silo, as one behind a load balancer would.
        async Task ClientAsync(int n)
        {
            var key = $"load-{n:000}";
            for (var attempt = 0; ; attempt++)
            {
                var silo = (n + attempt) % 3;
                var (status, order) = await cluster.TrySubmitAsync(silo, key, Quantity);
                if (order is not null)
                {
                    Assert.True(accepted.GetOrAdd(key, order.Id) == order.Id, $"{key} was accepted twice as different orders");
                    return;
                }

                failures.Add((silo, status, clock.Elapsed));
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"{key} still not accepted after {attempt + 1} attempts (last: {(int)status} from silo {silo})");
                await Task.Delay(TimeSpan.FromMilliseconds(100)); // a client's pause before it tries again
            }
        }

        var clients = new List<Task>();
        var n = 0;
        using (var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(50)))
        {
            while (clock.Elapsed < TimeSpan.FromSeconds(12) && await pace.WaitForNextTickAsync())
            {
                clients.Add(ClientAsync(n++));
                if (killedAt is null && clock.Elapsed >= TimeSpan.FromSeconds(4))
                {
                    killedUtc = DateTimeOffset.UtcNow;
                    await cluster.Silos[Killed].CrashAsync();
                    killedAt = clock.Elapsed;
                }
            }
        }

        await Task.WhenAll(clients).Within("every client to get its order accepted", TimeSpan.FromSeconds(90));
        Assert.Equal(n, accepted.Count);
        Assert.Equal(n, accepted.Values.Distinct().Count());

        // The survivors' errors after the kill: the window in which the cluster did not take orders.
        var survivorErrors = failures.Where(f => f.Silo != Killed).ToList();
        Assert.True(survivorErrors.All(f => f.At >= killedAt), $"errors before the kill: {string.Join(", ", survivorErrors.Where(f => f.At < killedAt).Select(f => $"{(int)f.Status} from silo {f.Silo} at {f.At}"))}");
        var window = survivorErrors.Count == 0 ? TimeSpan.Zero : survivorErrors.Max(f => f.At) - killedAt!.Value;
        output.WriteLine($"{n} orders over 12 s, silo {Killed} killed at {killedAt!.Value.TotalSeconds:0.0} s; survivors refused {survivorErrors.Count} submissions, "
            + $"the last {window.TotalMilliseconds:0} ms after the kill; {failures.Count(f => f.Silo == Killed)} attempts found silo {Killed} gone; "
            + $"{failures.Count} failed attempts in all, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        Assert.True(window <= AcceptsAgainWithin, $"the survivors refused orders until {window.TotalMilliseconds:0} ms after the kill (bound: {AcceptsAgainWithin})");

        // The killed silo's agents reconnect to a survivor by themselves (each one's own log says so), and then every
        // site is online and connected to both survivors.
        var orphans = cluster.Agents.Where((_, i) => cluster.HomeSilo(i) == Killed).ToList();
        await Await.Until(() => Task.FromResult(orphans.All(a => a.LogLines(" connected to ").Count >= 2)),
            $"the killed silo's agents ({string.Join(", ", orphans.Select(a => a.SiteId))}) to connect again by themselves", TimeSpan.FromSeconds(60));
        output.WriteLine("the killed silo's agents connected again after the kill: " + string.Join(", ", orphans.Select(a =>
            $"{a.SiteId} {(AgentNode.LoggedAt(a.LogLines(" connected to ")[1]) - killedUtc).TotalSeconds:0.0} s")));
        await cluster.AllSitesOnlineAsync("the killed silo's agents to reconnect to a survivor", [0, 1]);

        var orders = await cluster.AllCompletedAsync(0, accepted.Values.ToList(), TimeSpan.FromSeconds(180));
        cluster.AssertEachMadeOnce(orders, Quantity);

        Assert.Equal(orders.Count, cluster.Agents.Sum(a => a.LogLines("ended job ").Count));
    }
}
