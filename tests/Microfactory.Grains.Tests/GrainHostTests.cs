using System.Diagnostics;
using Microfactory.Storage;
using Microfactory.Testing;

namespace Microfactory.Grains.Tests;

public sealed class GrainHostTests
{
    [Fact]
    public async Task A_thousand_concurrent_calls_on_one_grain_take_turns_and_count_exactly()
    {
        var (host, services) = GrainHostFactory.Create(new InMemoryBlobStore());
        await using var _ = services;
        var counter = host.GetGrain<ICounterGrain>("c1");

        var results = await Task.WhenAll(Enumerable.Range(0, 1000).Select(_ => Task.Run(counter.IncrementAsync)))
            .Within("1,000 concurrent increments");

        Assert.Equal(1000, await counter.GetAsync());
        Assert.Equal(Enumerable.Range(1, 1000), results.Order());
        Assert.Equal(1, await counter.MaxConcurrencySeenAsync());
        Assert.Equal(1, host.ActivationCount);
    }

    [Fact]
    public async Task Different_keys_are_different_grains()
    {
        var (host, services) = GrainHostFactory.Create(new InMemoryBlobStore());
        await using var _ = services;

        await host.GetGrain<ICounterGrain>("a").IncrementAsync();
        await host.GetGrain<ICounterGrain>("a").IncrementAsync();
        await host.GetGrain<ICounterGrain>("b").IncrementAsync();

        Assert.Equal(2, await host.GetGrain<ICounterGrain>("a").GetAsync());
        Assert.Equal(1, await host.GetGrain<ICounterGrain>("b").GetAsync());
    }

    [Fact]
    public async Task An_idle_grain_is_deactivated_and_comes_back_with_its_state()
    {
        var clock = new ManualTimeProvider();
        var store = new InMemoryBlobStore();
        var (host, services) = GrainHostFactory.Create(store, clock, o =>
        {
            o.IdleTimeout = TimeSpan.FromMinutes(5);
            o.CollectionInterval = TimeSpan.FromMinutes(1);
        });
        await using var _ = services;
        var counter = host.GetGrain<ICounterGrain>("idle");
        await counter.IncrementAsync();
        await counter.IncrementAsync();
        var id = new GrainId("counter", "idle");

        clock.Advance(TimeSpan.FromMinutes(4));
        Assert.True(host.IsActive(id), "a grain used 4 minutes ago must still be active with a 5 minute idle timeout");

        clock.Advance(TimeSpan.FromMinutes(2));
        await Await.Until(() => Task.FromResult(!host.IsActive(id)), "the idle collector to deactivate the grain");

        Assert.Equal(2, await counter.GetAsync());
        Assert.Equal(3, await counter.IncrementAsync());
        Assert.True(host.IsActive(id));
    }

    [Fact]
    public async Task Two_hosts_on_one_store_never_lose_an_update()
    {
        var store = new InMemoryBlobStore();
        var (hostA, servicesA) = GrainHostFactory.Create(store);
        var (hostB, servicesB) = GrainHostFactory.Create(store);
        await using var a = servicesA;
        await using var b = servicesB;
        var conflicts = 0;

        async Task IncrementWithRetry(GrainHost host) =>
            await GrainRetry.OnConflictAsync(async () =>
            {
                try
                {
                    return await host.GetGrain<ICounterGrain>("shared").IncrementAsync();
                }
                catch (GrainConflictException)
                {
                    Interlocked.Increment(ref conflicts);
                    throw;
                }
            }, maxAttempts: 50);

        // Both hosts activate the grain before any write, so both hold the same (absent) version: at least one
        // of their first writes must lose, whatever the scheduling.
        Assert.Equal(0, await hostA.GetGrain<ICounterGrain>("shared").GetAsync());
        Assert.Equal(0, await hostB.GetGrain<ICounterGrain>("shared").GetAsync());

        var calls = Enumerable.Range(0, 200).Select(i => Task.Run(() => IncrementWithRetry(i % 2 == 0 ? hostA : hostB)));
        await Task.WhenAll(calls).Within("200 increments split over two hosts");

        var stored = await GrainRetry.OnConflictAsync(() => hostA.GetGrain<ICounterGrain>("shared").IncrementAsync(), 50);
        Assert.Equal(201, stored);
        Assert.True(conflicts > 0, "two hosts interleaving writes on one grain must meet at least one ETag conflict");
    }

    [Fact]
    public async Task A_stale_activation_gets_a_conflict_and_the_retry_sees_the_winner()
    {
        var store = new InMemoryBlobStore();
        var (hostA, servicesA) = GrainHostFactory.Create(store);
        var (hostB, servicesB) = GrainHostFactory.Create(store);
        await using var a = servicesA;
        await using var b = servicesB;

        await hostA.GetGrain<ICounterGrain>("race").IncrementAsync(); // A holds count 1
        await hostB.GetGrain<ICounterGrain>("race").IncrementAsync(); // B reads 1, writes 2

        var conflict = await Assert.ThrowsAsync<GrainConflictException>(() => hostA.GetGrain<ICounterGrain>("race").IncrementAsync());
        Assert.Equal(new GrainId("counter", "race"), conflict.Grain);
        Assert.False(hostA.IsActive(conflict.Grain), "the activation that lost must be dropped");
        Assert.Equal(3, await hostA.GetGrain<ICounterGrain>("race").IncrementAsync());
    }

    [Fact]
    public async Task Cleared_state_starts_over()
    {
        var store = new InMemoryBlobStore();
        var (host, services) = GrainHostFactory.Create(store);
        await using var _ = services;
        var counter = host.GetGrain<ICounterGrain>("clear");
        await counter.IncrementAsync();

        await counter.ForgetAsync();

        Assert.Null(await store.GetAsync("grains/counter/clear.json"));
        Assert.Equal(1, await counter.IncrementAsync());
    }

    [Fact]
    public async Task A_call_cycle_fails_with_a_message_instead_of_hanging()
    {
        var (host, services) = GrainHostFactory.Create(new InMemoryBlobStore(), configure: o => o.TurnTimeout = TimeSpan.FromMilliseconds(200));
        await using var _ = services;

        var error = await Assert.ThrowsAsync<TimeoutException>(() => host.GetGrain<IPingGrain>("a").PingAsync("b").Within("the cycle to time out"));

        Assert.Contains("ping/a", error.Message, StringComparison.Ordinal);
        Assert.Contains("deadlock", error.Message, StringComparison.Ordinal);
        Assert.Equal("b", await host.GetGrain<IPingGrain>("b").PingAsync("")); // both turns were released
    }

    [Fact]
    public async Task A_grain_call_inside_a_trace_is_a_child_span_and_one_outside_any_trace_starts_none()
    {
        var (host, services) = GrainHostFactory.Create(new InMemoryBlobStore());
        await using var _ = services;
        using var requests = new ActivitySource("Grains.Tests.Requests");
        var seen = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == GrainDiagnostics.Name || s.Name == requests.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { lock (seen) { seen.Add(a); } },
        };
        ActivitySource.AddActivityListener(listener);

        await host.GetGrain<ICounterGrain>("untraced").IncrementAsync();
        using (var request = requests.StartActivity("request"))
        {
            await host.GetGrain<ICounterGrain>("traced").IncrementAsync();
        }

        lock (seen)
        {
            var request = Assert.Single(seen, a => a.Source.Name == requests.Name);
            var span = Assert.Single(seen, a => a.GetTagItem("mf.grain.key") as string == "traced");
            Assert.Equal("ICounterGrain/IncrementAsync", span.DisplayName);
            Assert.Equal("counter", span.GetTagItem("mf.grain.type"));
            Assert.Equal(request.SpanId, span.ParentSpanId);
            Assert.DoesNotContain(seen, a => a.GetTagItem("mf.grain.key") as string == "untraced");
        }
    }

    [Fact]
    public void Registering_a_method_that_does_not_return_a_task_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new GrainRegistry().Add<INotATaskGrain, NotATaskGrain>());
        Assert.Contains("INotATaskGrain.Count", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Grain_keys_that_cannot_be_stored_are_refused_when_referenced()
    {
        var (host, services) = GrainHostFactory.Create(new InMemoryBlobStore());
        await using var _ = services;

        Assert.Throws<ArgumentException>(() => host.GetGrain<ICounterGrain>("../escape"));
        Assert.Throws<ArgumentException>(() => host.GetGrain<ICounterGrain>("white space"));
    }
}
