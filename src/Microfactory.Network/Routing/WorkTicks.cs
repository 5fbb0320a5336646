namespace Microfactory.Network.Routing;

/// <summary>
/// Backlog is kept in whole ticks (100 ns) rather than floating hours, so that concurrent reservations and
/// releases add up exactly whatever order they land in.
/// </summary>
internal static class WorkTicks
{
    public static long FromHours(double hours) => (long)Math.Round(hours * TimeSpan.TicksPerHour, MidpointRounding.AwayFromZero);

    public static double ToHours(long ticks) => ticks / (double)TimeSpan.TicksPerHour;
}
