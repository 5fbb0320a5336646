namespace Microfactory.Orchestrator.Demo;

/// <summary>
/// Which delivery cities one tick of demand goes to: the tick's own random city, plus, once the surge has begun, extra
/// orders for the surge city so its demand is <see cref="DemoSurgeOptions.Factor"/> times its share.
/// </summary>
public sealed class SurgeSchedule(DemoSurgeOptions surge, DateTimeOffset startedAt, int cities)
{
    public IEnumerable<string> CitiesThisTick(string drawn, DateTimeOffset now, Random random)
    {
        yield return drawn;
        if (surge.City is not { } city || now - startedAt < surge.At)
        {
            yield break;
        }

        // The city already gets 1/cities of the ticks; (factor - 1)/cities more per tick makes it factor times that.
        var extra = (surge.Factor - 1) / cities;
        var whole = (int)extra;
        var count = whole + (random.NextDouble() < extra - whole ? 1 : 0);
        for (var i = 0; i < count; i++)
        {
            yield return city;
        }
    }
}
