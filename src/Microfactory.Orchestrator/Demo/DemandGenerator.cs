using Microfactory.Network;
using Orleans;
using Microfactory.Network.Orders;
using Microfactory.Network.Routing;
using Microsoft.Extensions.Options;

namespace Microfactory.Orchestrator.Demo;

/// <summary>Synthetic customers: orders for random products, quantities, due dates and delivery cities at a steady rate.</summary>
public sealed partial class DemandGenerator(IGrainFactory grains, IOptions<DemoOptions> options, TimeProvider time, ILogger<DemandGenerator> logger)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var rate = options.Value.OrdersPerSecond;
        if (rate <= 0)
        {
            return;
        }

        var random = new Random(options.Value.Seed ^ (int)time.GetUtcNow().ToUnixTimeSeconds());
        var run = Guid.NewGuid().ToString("N")[..8];
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1 / rate), time);
        var n = 0;
        var surge = new SurgeSchedule(options.Value.Surge, time.GetUtcNow(), DemoCatalog.Cities.Count);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            foreach (var city in surge.CitiesThisTick(DemoCatalog.Cities[random.Next(DemoCatalog.Cities.Count)].Id, time.GetUtcNow(), random))
            {
                await SubmitAsync(city, random, run, ++n, cancellationToken);
            }
        }
    }

    private async Task SubmitAsync(string city, Random random, string run, int n, CancellationToken cancellationToken)
    {
        var (product, version, _) = DemoCatalog.Designs[random.Next(DemoCatalog.Designs.Count)];
        var submission = new OrderSubmission(
            product,
            version,
            random.Next(5, 40),
            time.GetUtcNow().AddHours(random.Next(8, 96)),
            city,
            random.NextDouble() < 0.1 ? OrderPriority.High : OrderPriority.Normal);
        var key = $"demo-{run}-{n}";
        try
        {
            await GrainRetry.OnConflictAsync(() => grains.GetGrain<IOrderGrain>(OrderIds.FromIdempotencyKey(key))
                .SubmitAsync(submission, OrderIds.Fingerprint(submission), null));
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogSubmitFailed(ex, key);
        }
    }

    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "Demo order {Key} could not be submitted")]
    private partial void LogSubmitFailed(Exception exception, string key);
}
