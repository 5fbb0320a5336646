using Orleans.Runtime;
using Orleans.Storage;

namespace Microfactory.Network;

/// <summary>
/// Retries a whole grain call that lost a write race (<see cref="InconsistentStateException"/>: Orleans drops the
/// activation that saw it, so the next attempt reads what won) or that Orleans could not deliver because the silo or
/// activation it was sent to went away (a silo dying, an activation dropped after a lost race). Every call made from
/// an edge is idempotent, so trying it again is safe. Used at the edges (API handlers, agent streams, background
/// work) only; grains let the exception travel to the edge.
/// </summary>
public static class GrainRetry
{
    public const int DefaultAttempts = 6;

    public static async Task<T> OnConflictAsync<T>(Func<Task<T>> call, int maxAttempts = DefaultAttempts, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (Exception e) when (attempt < maxAttempts && IsTransient(e))
            {
                // Jittered backoff so two activations racing on one state do not collide again in lock step.
                var ceiling = Math.Min(200, 5 << attempt);
                await Task.Delay(Random.Shared.Next(1, ceiling), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Whether a grain call that failed this way may succeed if made again.</summary>
    public static bool IsTransient(Exception exception) =>
        exception is InconsistentStateException or SiloUnavailableException or OrleansMessageRejectionException;

    public static Task OnConflictAsync(Func<Task> call, int maxAttempts = DefaultAttempts, CancellationToken cancellationToken = default) =>
        OnConflictAsync(async () =>
        {
            await call().ConfigureAwait(false);
            return true;
        }, maxAttempts, cancellationToken);
}
