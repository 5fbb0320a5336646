using Microfactory.SiteAgent.Link;

namespace Microfactory.SiteAgent.Tests.Link;

/// <summary>The reconnect waits of docs/agent-protocol.md: 1 s ×1.6 up to 120 s, reset after a minute-long stream, retry_after as a floor, ×uniform(0.8, 1.2).</summary>
public sealed class ReconnectBackoffTests
{
    [Fact]
    public void Waits_grow_by_1_6_from_one_second_and_stop_at_two_minutes()
    {
        var backoff = new ReconnectBackoff(new FixedRandom(0.5));
        var waits = Enumerable.Range(0, 14).Select(_ => backoff.NextWait(TimeSpan.Zero, null).TotalSeconds).ToList();

        var expected = Enumerable.Range(0, 14).Select(i => Math.Min(Math.Pow(1.6, i), 120)).ToList();
        Assert.Equal(expected, waits, (a, b) => Math.Abs(a - b) < 1e-3);
        Assert.Equal(120, waits[^1], 3);
    }

    [Theory]
    [InlineData(0.0, 0.8)]
    [InlineData(0.999999, 1.2)]
    public void Jitter_spans_0_8_to_1_2_of_the_backoff(double draw, double factor)
    {
        var backoff = new ReconnectBackoff(new FixedRandom(draw));
        backoff.NextWait(TimeSpan.Zero, null);

        Assert.Equal(1.6 * factor, backoff.NextWait(TimeSpan.Zero, null).TotalSeconds, 3);
    }

    [Fact]
    public void Jittered_waits_of_many_agents_spread_within_bounds()
    {
        var waits = Enumerable.Range(0, 200).Select(seed => new ReconnectBackoff(new Random(seed)).NextWait(TimeSpan.Zero, null).TotalSeconds).ToList();

        Assert.All(waits, w => Assert.InRange(w, 0.8, 1.2));
        Assert.True(waits.Max() - waits.Min() > 0.3, $"200 agents' first waits span only {waits.Min():0.###}..{waits.Max():0.###} s: no jitter.");
    }

    [Fact]
    public void A_stream_that_lived_over_a_minute_resets_the_backoff_and_a_shorter_one_does_not()
    {
        var backoff = new ReconnectBackoff(new FixedRandom(0.5));
        for (var i = 0; i < 5; i++)
        {
            backoff.NextWait(TimeSpan.Zero, null);
        }

        Assert.Equal(Math.Pow(1.6, 5), backoff.NextWait(TimeSpan.FromSeconds(59), null).TotalSeconds, 3);
        Assert.Equal(1, backoff.NextWait(TimeSpan.FromSeconds(61), null).TotalSeconds, 3);
    }

    [Fact]
    public void Retry_after_is_a_floor_and_unauthenticated_waits_the_maximum()
    {
        var backoff = new ReconnectBackoff(new FixedRandom(0.5));

        Assert.Equal(30, backoff.NextWait(TimeSpan.Zero, TimeSpan.FromSeconds(30)).TotalSeconds, 3);
        Assert.Equal(120, backoff.NextWait(TimeSpan.Zero, null, atMaximum: true).TotalSeconds, 3);
        Assert.Equal(2.56, backoff.NextWait(TimeSpan.Zero, TimeSpan.FromSeconds(1)).TotalSeconds, 3);
    }

    private sealed class FixedRandom(double draw) : Random
    {
        public override double NextDouble() => draw;
    }
}
