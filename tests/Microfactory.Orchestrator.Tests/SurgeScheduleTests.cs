using Microfactory.Orchestrator.Demo;

namespace Microfactory.Orchestrator.Tests;

/// <summary>The demo's surge multiplies the demand delivered to one city, from its start time on.</summary>
public sealed class SurgeScheduleTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void After_the_surge_begins_the_city_gets_factor_times_the_orders_of_any_other_city()
    {
        var cities = new[] { "osaka", "kyoto", "kobe", "nara" };
        var schedule = new SurgeSchedule(new DemoSurgeOptions { City = "osaka", Factor = 5, At = TimeSpan.FromMinutes(1) }, Start, cities.Length);
        var random = new Random(7);
        var counts = cities.ToDictionary(c => c, _ => 0);

        for (var tick = 0; tick < 40_000; tick++)
        {
            foreach (var city in schedule.CitiesThisTick(cities[random.Next(cities.Length)], Start.AddMinutes(2), random))
            {
                counts[city]++;
            }
        }

        var others = cities.Skip(1).Average(c => counts[c]);
        Assert.InRange(counts["osaka"] / others, 4.7, 5.3);
    }

    [Fact]
    public void Before_the_surge_begins_demand_is_unchanged()
    {
        var schedule = new SurgeSchedule(new DemoSurgeOptions { City = "osaka", Factor = 5, At = TimeSpan.FromMinutes(1) }, Start, 4);
        Assert.Equal(["kyoto"], schedule.CitiesThisTick("kyoto", Start.AddSeconds(59), new Random(1)));
    }
}
