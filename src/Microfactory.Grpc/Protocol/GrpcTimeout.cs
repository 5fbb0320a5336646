using System.Globalization;

namespace Microfactory.Grpc.Protocol;

/// <summary>
/// The <c>grpc-timeout</c> header: at most 8 ASCII digits and one unit
/// (H hours, M minutes, S seconds, m milliseconds, u microseconds, n nanoseconds).
/// </summary>
internal static class GrpcTimeout
{
    private const int MaxDigits = 8;
    private const long MaxValue = 99_999_999;

    /// <summary>Parses a header value; false for anything the spec does not allow (the call then has no deadline).</summary>
    public static bool TryParse(string? value, out TimeSpan timeout)
    {
        timeout = default;
        if (string.IsNullOrEmpty(value) || value.Length < 2 || value.Length > MaxDigits + 1)
        {
            return false;
        }

        var digits = value.AsSpan(0, value.Length - 1);
        foreach (var c in digits)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        var amount = long.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        long? ticks = value[^1] switch
        {
            'H' => SafeMultiply(amount, TimeSpan.TicksPerHour),
            'M' => SafeMultiply(amount, TimeSpan.TicksPerMinute),
            'S' => SafeMultiply(amount, TimeSpan.TicksPerSecond),
            'm' => amount * TimeSpan.TicksPerMillisecond,
            'u' => amount * TimeSpan.TicksPerMicrosecond,
            // A tick is 100 ns: round up so a tiny positive timeout never becomes "no time at all" by truncation.
            'n' => (amount + 99) / 100,
            _ => null,
        };
        if (ticks is null)
        {
            return false;
        }

        timeout = TimeSpan.FromTicks(ticks.Value);
        return true;
    }

    /// <summary>
    /// Formats a timeout in the finest unit whose value fits in 8 digits, rounding up so the peer never sees
    /// a shorter deadline than ours. Negative timeouts are sent as <c>1n</c> (already expired).
    /// </summary>
    public static string Format(TimeSpan timeout)
    {
        if (timeout <= TimeSpan.Zero)
        {
            return "1n";
        }

        var ticks = timeout.Ticks;
        if (ticks <= MaxValue / 100)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{ticks * 100}n");
        }

        (long per, char unit)[] units =
        [
            (TimeSpan.TicksPerMicrosecond, 'u'),
            (TimeSpan.TicksPerMillisecond, 'm'),
            (TimeSpan.TicksPerSecond, 'S'),
            (TimeSpan.TicksPerMinute, 'M'),
            (TimeSpan.TicksPerHour, 'H'),
        ];
        foreach (var (per, unit) in units)
        {
            var amount = (ticks + per - 1) / per;
            if (amount <= MaxValue)
            {
                return string.Create(CultureInfo.InvariantCulture, $"{amount}{unit}");
            }
        }

        return string.Create(CultureInfo.InvariantCulture, $"{MaxValue}H");
    }

    private static long? SafeMultiply(long amount, long factor) =>
        amount > TimeSpan.MaxValue.Ticks / factor ? TimeSpan.MaxValue.Ticks : amount * factor;
}
