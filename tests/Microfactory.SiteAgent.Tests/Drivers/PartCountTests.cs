using Microfactory.SiteAgent.Drivers;
using Microfactory.SiteAgent.Tests.Support;

namespace Microfactory.SiteAgent.Tests.Drivers;

public sealed class PartCountTests
{
    private readonly SteppedClock _clock = new();

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(60)]
    public async Task Good_plus_scrap_equals_the_quantity_and_every_part_is_reported(int quantity)
    {
        using var cell = TestCells.Create(_clock, s => s.ScrapRate = 0.3);
        var progress = new ProgressLog();

        var result = await _clock.RunUntilDoneAsync(cell.RunJobAsync(TestCells.Job(TestCells.DesignA, quantity), progress, default), $"a {quantity}-part job");

        Assert.Equal(JobOutcome.Completed, result.Outcome);
        Assert.Equal(quantity, result.Good + result.Scrap);
        var parts = progress.Reports.Where(r => r.Stage == JobStage.PartCompleted).ToList();
        Assert.Equal(Enumerable.Range(1, quantity), parts.Select(p => p.Good + p.Scrap));
        Assert.Equal((result.Good, result.Scrap), (parts[^1].Good, parts[^1].Scrap));
        Assert.All(parts, p => Assert.Equal(quantity, p.Quantity));
    }

    [Fact]
    public async Task The_scrap_rate_holds_over_many_parts()
    {
        const int quantity = 10_000;
        using var cell = TestCells.Create(_clock, s =>
        {
            s.ScrapRate = 0.05;
            s.Seed = 42;
        });

        var result = await _clock.RunUntilDoneAsync(cell.RunJobAsync(TestCells.Job(TestCells.DesignA, quantity), null, default), "10,000 parts");

        // Binomial(10,000, 0.05) has a standard deviation of about 22 parts; ±100 is more than 4.5 of them.
        Assert.InRange(result.Scrap, 400, 600);
        Assert.Equal(quantity, result.Good + result.Scrap);
    }

    [Fact]
    public async Task No_scrap_at_a_zero_rate()
    {
        using var cell = TestCells.Create(_clock, s => s.ScrapRate = 0);

        var result = await _clock.RunUntilDoneAsync(cell.RunJobAsync(TestCells.Job(TestCells.DesignA, 200), null, default), "200 parts");

        Assert.Equal((200, 0), (result.Good, result.Scrap));
    }

    [Fact]
    public async Task The_same_seed_scraps_the_same_parts()
    {
        var first = await ScrappedPartsAsync(seed: 11);
        var again = await ScrappedPartsAsync(seed: 11);
        var other = await ScrappedPartsAsync(seed: 12);

        Assert.NotEmpty(first);
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    private async Task<int[]> ScrappedPartsAsync(int seed)
    {
        using var cell = TestCells.Create(_clock, s =>
        {
            s.ScrapRate = 0.2;
            s.Seed = seed;
        });
        var progress = new ProgressLog();
        await _clock.RunUntilDoneAsync(cell.RunJobAsync(TestCells.Job(TestCells.DesignA, 100), progress, default), $"100 parts with seed {seed}");
        return [.. progress.Reports.Where(r => r.Stage == JobStage.PartCompleted && r.Detail == "scrap").Select(r => r.Good + r.Scrap)];
    }
}
