namespace Microfactory.SiteAgent.Link;

/// <summary>
/// The wait before each reconnect, exactly as docs/agent-protocol.md ("Reconnecting") gives it: 1 s growing
/// ×1.6 up to 120 s, reset after a stream that lived more than a minute, floored by LinkNotice.retry_after,
/// times uniform(0.8, 1.2) so thousands of agents do not return in the same second.
/// </summary>
public sealed class ReconnectBackoff(Random random)
{
    public static readonly TimeSpan Initial = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan Maximum = TimeSpan.FromSeconds(120);
    public static readonly TimeSpan ResetAfter = TimeSpan.FromMinutes(1);
    public const double Multiplier = 1.6;
    public const double JitterLow = 0.8;
    public const double JitterHigh = 1.2;

    private readonly Lock _gate = new();
    private TimeSpan _backoff = Initial;

    /// <param name="streamLived">How long the ended stream was open after Welcome (zero when it never got one).</param>
    /// <param name="retryAfter">LinkNotice.retry_after, a floor for this wait.</param>
    /// <param name="atMaximum">Wait the maximum backoff (an UNAUTHENTICATED answer: retrying sooner cannot help).</param>
    public TimeSpan NextWait(TimeSpan streamLived, TimeSpan? retryAfter, bool atMaximum = false)
    {
        lock (_gate)
        {
            if (streamLived > ResetAfter)
            {
                _backoff = Initial;
            }

            var wait = atMaximum ? Maximum : _backoff;
            if (retryAfter is { } floor && floor > wait)
            {
                wait = floor;
            }

            _backoff = TimeSpan.FromTicks(Math.Min((long)(_backoff.Ticks * Multiplier), Maximum.Ticks));
            return wait * (JitterLow + ((JitterHigh - JitterLow) * random.NextDouble()));
        }
    }
}
