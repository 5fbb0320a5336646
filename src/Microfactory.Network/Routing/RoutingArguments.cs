namespace Microfactory.Network.Routing;

/// <summary>Shared checks so that every hours value is refused the same way, with its name.</summary>
internal static class RoutingArguments
{
    /// <summary>About 1,100 years: far beyond any real backlog, and small enough that ticks never overflow.</summary>
    public const double MaxHours = 10_000_000;

    public static void EnsureHours(double hours, string name, bool allowZero)
    {
        if (!double.IsFinite(hours) || hours < 0 || hours > MaxHours || (!allowZero && hours == 0))
        {
            var lower = allowZero ? ">= 0" : "> 0";
            throw new ArgumentOutOfRangeException(name, hours, $"{name} must be a number of hours {lower} and <= {MaxHours:0}.");
        }
    }

    public static void EnsureId(string? id, string name)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            throw new ArgumentException($"{name} is required.", name);
        }
    }
}
